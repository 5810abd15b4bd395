"""The one permission layer: "may this actor do this to this object?"

Each app keeps its rules in `<app>/permissions.py` as `can_<verb>(actor, obj) -> bool` functions
that list the cases they allow and end with `return False` (default deny). Services call
`ensure_can`, which raises NotPermitted; views fetch objects through actor-scoped selectors so that
a foreign object is a 404 rather than a 403.
"""

from collections.abc import Callable

from django.utils.translation import gettext as _

from .exceptions import NotPermitted


def ensure_can(check: Callable[..., bool], actor, obj) -> None:
    """Raise NotPermitted unless `check(actor, obj)` allows it."""
    if not check(actor, obj):
        raise NotPermitted(_("You are not allowed to do this."))

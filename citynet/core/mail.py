"""What every app's emails share: absolute links to the site.

An email is read away from the site, so its links carry the site's base address (the one staff set for
the admin, `WAGTAILADMIN_BASE_URL`) and the path in the active language (the recipient's, when the mail
is rendered inside their `translation.override`).
"""

from django.conf import settings
from django.urls import reverse


def absolute(path: str) -> str:
    """`path` on the site's own address."""
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path


def site_url(name: str, *args) -> str:
    """An absolute link to the named URL (the path in the active language)."""
    return absolute(reverse(name, args=args))

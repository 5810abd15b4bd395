"""Who finds what: an entry is found by those who may read its record.

Each provider indexes only what someone outside its staff may read (nothing in draft, no personal data:
people only through their public positions), and sets the entry's access with the library's levels:
public, members (the people of member cities) or staff. Who holds which level is the library's rule
(`citynet.library.permissions.readable_levels`), read here, never restated. An embargoed entry is
found by staff only until its date, as the library's resources are read.
"""

from django.db.models import Q, QuerySet
from django.utils import timezone

from citynet.library import permissions as library

from .models import Entry


def audience(actor) -> str:
    """The name of what `actor` may find (results are kept per audience): staff, members or public."""
    if library.is_staff(actor):
        return "staff"
    if library.is_member(actor):
        return "members"
    return "public"


def findable_levels(actor) -> set[str]:
    """The access levels of the entries `actor` may find (out of embargo, or staff)."""
    return set(library.readable_levels(actor))


def can_find(actor, entry: Entry) -> bool:
    """`actor` may find `entry`."""
    if entry.access not in library.readable_levels(actor):
        return False
    if entry.available_on is None or entry.available_on <= timezone.localdate():
        return True
    if library.is_staff(actor):
        return True
    return False


def scope_findable(queryset: QuerySet[Entry], actor) -> QuerySet[Entry]:
    """`can_find` as a queryset."""
    queryset = queryset.filter(access__in=findable_levels(actor))
    if library.is_staff(actor):
        return queryset
    return queryset.filter(Q(available_on__isnull=True) | Q(available_on__lte=timezone.localdate()))

"""Who may do what to the registry. Each check lists what it allows and ends in `return False`."""

from citynet.accounts.models import Role
from citynet.accounts.selectors import roles_of

from .models import Municipality, Person, Region


def can_manage_region(actor, region: Region | None) -> bool:
    """Create and change registry records of a region (memberships, people, partnerships)."""
    roles = roles_of(actor)
    if roles.is_secretariat:
        return True
    if region is not None and region.pk in roles.region_ids():
        return True
    return False


def can_edit_municipality_profile(actor, municipality: Municipality) -> bool:
    """Edit a city's public profile: its own focal point, its region's coordinators, the secretariat."""
    roles = roles_of(actor)
    if roles.is_secretariat:
        return True
    if municipality.pk in roles.municipality_ids(Role.FOCAL_POINT):
        return True
    if municipality.country.region_id in roles.region_ids():
        return True
    return False


def can_see_contact_details(actor, person: Person) -> bool:
    """Private contact details: staff of the regions the person works in, never the public."""
    roles = roles_of(actor)
    if roles.is_secretariat:
        return True
    region_ids = roles.region_ids()
    if region_ids and any(
        p.municipality is not None and p.municipality.country.region_id in region_ids
        for p in person.positions.select_related("municipality__country")
    ):
        return True
    return False

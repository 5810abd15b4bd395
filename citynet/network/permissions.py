"""Who may do what to the registry: each rule once, as a check on one record and as a queryset.

The region scope is the registry's one rule of place: the secretariat manages every region, a
regional coordinator the regions of their roles, everyone else none. `can_<verb>(actor, obj)` checks
list what they allow and end in `return False` (default deny); `scope_<things>(queryset, actor)` are
the same rules as querysets. The admin's policy, the admin forms' choices, the selectors, the
services and the API all call these functions; nothing else decides.
"""

from django.db.models import Q, QuerySet

from citynet.accounts.models import Role
from citynet.accounts.selectors import roles_of

from .models import (
    Country,
    Membership,
    Municipality,
    Organisation,
    Partnership,
    Person,
    Position,
    Region,
    ReportedFigure,
)

EVERY_REGION = None

# How each record reaches its region (a lookup from the record). People belong to the regions
# they serve in, through their positions: a to-many lookup, so querysets need distinct().
REGION_OF = {
    Region: "pk",
    Country: "region",
    Municipality: "country__region",
    Membership: "municipality__country__region",
    Position: "municipality__country__region",
    Partnership: "region",
    ReportedFigure: "region",
    Person: "positions__municipality__country__region",
}
TO_MANY = {Person}

# What a regional coordinator may do with each kind of record, in their own regions. Regions and
# organisations are network-wide: the secretariat's alone. Deleting a person or a city likewise.
COORDINATOR_ACTIONS = {
    Country: {"view", "change"},
    Municipality: {"view", "add", "change"},
    Membership: {"view", "add", "change", "delete"},
    Partnership: {"view", "add", "change", "delete"},
    Person: {"view", "add", "change"},
    Position: {"view", "add", "change", "delete"},
    ReportedFigure: {"view", "add", "change", "delete"},
}


def managed_region_ids(actor) -> set[int] | None:
    """The regions whose records `actor` manages: None means every region; an empty set, none."""
    if not getattr(actor, "is_active", False):
        return set()
    roles = roles_of(actor)
    if roles.is_secretariat:
        return EVERY_REGION
    return roles.region_ids()


def manages_every_region(actor) -> bool:
    """The secretariat's reach: every region's records, and people who serve nowhere yet."""
    return managed_region_ids(actor) is EVERY_REGION


def _region_ids_of(instance) -> set[int]:
    """The regions `instance` belongs to, read from the record itself (its unsaved values included)."""
    model = type(instance)
    if model is Region:
        return {instance.pk} if instance.pk else set()
    if model in TO_MANY:
        if not instance.pk:
            return set()
        return set(
            model._default_manager.filter(pk=instance.pk)
            .exclude(**{REGION_OF[model]: None})
            .values_list(REGION_OF[model], flat=True)
        )
    target = instance
    for attribute in REGION_OF[model].split("__")[:-1]:
        target = getattr(target, attribute, None)
        if target is None:
            return set()
    region_id = getattr(target, "region_id", None)
    return {region_id} if region_id else set()


def focal_point_city_ids(actor) -> set[int]:
    """The municipalities `actor` is the focal point of (none for an anonymous or inactive actor)."""
    if not (getattr(actor, "is_authenticated", False) and getattr(actor, "is_active", False)):
        return set()
    return set(roles_of(actor).municipality_ids(Role.FOCAL_POINT))


def can_manage_region(actor, region: Region | None) -> bool:
    """Create and change registry records of a region (memberships, people, partnerships)."""
    region_ids = managed_region_ids(actor)
    if region_ids is EVERY_REGION:
        return True
    if region is not None and region.pk in region_ids:
        return True
    return False


def can_manage_records(actor, model, action: str) -> bool:
    """Take `action` ("view", "add", "change", "delete") on some records of `model` at all."""
    region_ids = managed_region_ids(actor)
    if region_ids is EVERY_REGION:
        return True
    if region_ids and action in COORDINATOR_ACTIONS.get(model, ()):
        return True
    return False


def can_manage_record(actor, instance, action: str = "change") -> bool:
    """Take `action` on this record: the secretariat always; a coordinator in their regions, as allowed."""
    if not can_manage_records(actor, type(instance), action):
        return False
    region_ids = managed_region_ids(actor)
    if region_ids is EVERY_REGION:
        return True
    if _region_ids_of(instance) & region_ids:
        return True
    return False


def scope_managed(queryset: QuerySet, actor) -> QuerySet:
    """The records of `queryset` in the regions `actor` manages (every record for the secretariat)."""
    region_ids = managed_region_ids(actor)
    if region_ids is EVERY_REGION:
        return queryset
    lookup = REGION_OF.get(queryset.model)
    if lookup is None or not region_ids:
        return queryset.none()
    queryset = queryset.filter(**{f"{lookup}__in": region_ids})
    return queryset.distinct() if queryset.model in TO_MANY else queryset


def scope_choices(queryset: QuerySet, actor) -> QuerySet:
    """What `actor` may pick in a form's list of records: organisations are public, the rest is scoped."""
    if queryset.model is Organisation:
        return queryset
    return scope_managed(queryset, actor)


def can_edit_municipality_profile(actor, municipality: Municipality) -> bool:
    """Edit a city's public profile: its own focal point, its region's coordinators, the secretariat."""
    if municipality.pk in roles_of(actor).municipality_ids(Role.FOCAL_POINT):
        return True
    if can_manage_region(actor, municipality.country.region):
        return True
    return False


def scope_editable_municipalities(queryset: QuerySet[Municipality], actor) -> QuerySet[Municipality]:
    """The same rule as a queryset: the cities whose profile `actor` may edit."""
    region_ids = managed_region_ids(actor)
    if region_ids is EVERY_REGION:
        return queryset
    return queryset.filter(
        Q(pk__in=roles_of(actor).municipality_ids(Role.FOCAL_POINT)) | Q(country__region_id__in=region_ids)
    )


def can_add_person(actor, serves_at: Municipality | None) -> bool:
    """Add a person: the secretariat anywhere; a coordinator only with a first position in their region."""
    if manages_every_region(actor):
        return True
    if (
        serves_at is not None
        and can_manage_records(actor, Person, "add")
        and can_manage_region(actor, serves_at.country.region)
    ):
        return True
    return False


def can_see_contact_details(actor, person: Person) -> bool:
    """Private contact details: staff of the regions the person serves in, never the public."""
    return can_manage_record(actor, person, "view")

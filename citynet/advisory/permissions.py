"""Who may do what with advisory work: each rule once, as a check on one record and as a queryset.

- Advisory work is run by the staff of its region: the secretariat and the region's coordinators
  (`citynet.network.permissions.can_manage_region`).
- Confidential: meeting notes are for those staff only. Assessments, stakeholder maps and plans are
  for those staff and for the focal point of the city concerned (their own city only); never another
  city's focal point, never the public.
- A focal point fills their city's assessment with staff while it is a draft, and reports progress on
  their city's plan; staff finalise assessments, adopt plans and review progress.
- The public sees a visit (a consultation) only once staff published it: its dates, places, who was
  met by kind, and the approved public summaries; and a plan's public summary and progress only where
  the city agreed to share it and the plan is adopted.

`can_<verb>(actor, obj)` list what they allow and end in `return False`; `scope_<things>(qs, actor)`
are the same rules as querysets. Views, the admin, the API, exports and services call these.
"""

from django.db.models import Q, QuerySet

from citynet.network import permissions as network
from citynet.network.permissions import focal_point_city_ids

from .models import (
    Action,
    Assessment,
    AssessmentStatus,
    Engagement,
    Meeting,
    Plan,
    PlanStatus,
    ProgressUpdate,
    Project,
    Visit,
)

# How each record reaches its region, and its city (None: it has no one city): the querysets' lookups,
# and the same paths followed on one record (_region_id, _city_id).
REGION_OF = {
    Engagement: "region_id",
    Visit: "engagement__region_id",
    Meeting: "visit__engagement__region_id",
    Project: "country__region_id",
    Assessment: "municipality__country__region_id",
    Plan: "municipality__country__region_id",
    Action: "plan__municipality__country__region_id",
    ProgressUpdate: "action__plan__municipality__country__region_id",
}
CITY_OF = {
    Project: "municipality_id",
    Assessment: "municipality_id",
    Plan: "municipality_id",
    Action: "plan__municipality_id",
    ProgressUpdate: "action__plan__municipality_id",
}


def _follow(record, lookup: str):
    """The value at the end of a queryset lookup ("visit__engagement__region_id"), read on `record`."""
    for name in lookup.split("__"):
        record = getattr(record, name)
    return record


def _region_id(record) -> int | None:
    """The region of `record`, along the same path as its queryset rule (REGION_OF)."""
    lookup = REGION_OF.get(type(record))
    return _follow(record, lookup) if lookup else None


def _city_id(record) -> int | None:
    lookup = CITY_OF.get(type(record))
    return _follow(record, lookup) if lookup else None


# --- Staff -----------------------------------------------------------------------------------------------


def can_run_advisory(actor) -> bool:
    """Run some advisory work at all: the secretariat and every regional coordinator."""
    region_ids = network.managed_region_ids(actor)
    if region_ids is network.EVERY_REGION:
        return True
    if region_ids:
        return True
    return False


def is_region_staff(actor, record) -> bool:
    """`actor` runs the region of `record`: the secretariat, or a coordinator of that region."""
    region_ids = network.managed_region_ids(actor)
    if region_ids is network.EVERY_REGION:
        return True
    if region_ids and _region_id(record) in region_ids:
        return True
    return False


def scope_staff(queryset: QuerySet, actor) -> QuerySet:
    """The records of `queryset` in the regions `actor` runs (all of them for the secretariat)."""
    region_ids = network.managed_region_ids(actor)
    if region_ids is network.EVERY_REGION:
        return queryset
    if not region_ids:
        return queryset.none()
    return queryset.filter(**{f"{REGION_OF[queryset.model]}__in": region_ids})


def can_manage(actor, record) -> bool:
    """Create and change engagements, visits, meetings, projects, assessments and plans of a region."""
    if is_region_staff(actor, record):
        return True
    return False


def can_see_notes(actor, meeting: Meeting) -> bool:
    """A meeting's confidential notes: the region's staff, nobody else (not the city's focal point)."""
    if is_region_staff(actor, meeting):
        return True
    return False


# --- The city's focal point ----------------------------------------------------------------------------


def is_city_focal_point(actor, record) -> bool:
    city_id = _city_id(record)
    if city_id is not None and city_id in focal_point_city_ids(actor):
        return True
    return False


def can_view(actor, record) -> bool:
    """An assessment, a project of the map, a plan and its actions and updates: the region's staff and
    the city's own focal point."""
    if is_region_staff(actor, record):
        return True
    if is_city_focal_point(actor, record):
        return True
    return False


def scope_visible(queryset: QuerySet, actor) -> QuerySet:
    """The same rule as a queryset (for models with a city; the others are the staff's only)."""
    region_ids = network.managed_region_ids(actor)
    if region_ids is network.EVERY_REGION:
        return queryset
    allowed = Q(**{f"{REGION_OF[queryset.model]}__in": region_ids or []})
    city = CITY_OF.get(queryset.model)
    cities = focal_point_city_ids(actor)
    if city and cities:
        allowed |= Q(**{f"{city}__in": cities})
    if not region_ids and not (city and cities):
        return queryset.none()
    return queryset.filter(allowed)


def can_score(actor, assessment: Assessment) -> bool:
    """Fill in scores, evidence and comments: the region's staff; the city's focal point while a draft."""
    if is_region_staff(actor, assessment):
        return True
    if assessment.status == AssessmentStatus.DRAFT and is_city_focal_point(actor, assessment):
        return True
    return False


def can_finalise(actor, assessment: Assessment) -> bool:
    if is_region_staff(actor, assessment):
        return True
    return False


def can_report_progress(actor, action: Action) -> bool:
    """Report progress on an action: the city's focal point and the region's staff, on an adopted plan."""
    if action.plan.status != PlanStatus.ADOPTED:
        return False
    if is_city_focal_point(actor, action):
        return True
    if is_region_staff(actor, action):
        return True
    return False


def can_review_progress(actor, update: ProgressUpdate) -> bool:
    if is_region_staff(actor, update):
        return True
    return False


# --- The public --------------------------------------------------------------------------------------


def can_manage_frameworks(actor, framework=None) -> bool:
    """Frameworks are network-wide, like regions and organisations: the secretariat's alone."""
    return network.manages_every_region(actor)


def can_see_published_visit(actor, visit: Visit) -> bool:
    """A consultation on the hub: once staff published it; before that, its staff only."""
    if visit.is_published:
        return True
    if is_region_staff(actor, visit):
        return True
    return False


def scope_published_visits(queryset: QuerySet[Visit]) -> QuerySet[Visit]:
    return queryset.filter(is_published=True)


def scope_public_meetings(queryset: QuerySet[Meeting]) -> QuerySet[Meeting]:
    """The meetings shown with a published visit: those staff marked public (their notes never)."""
    return queryset.filter(visit__is_published=True, is_public=True)


def is_plan_public(plan: Plan) -> bool:
    """A plan's public summary and progress: adopted (or closed) and the city agreed to share it."""
    return plan.share_publicly and plan.status in (PlanStatus.ADOPTED, PlanStatus.CLOSED)


def scope_public_plans(queryset: QuerySet[Plan]) -> QuerySet[Plan]:
    return queryset.filter(share_publicly=True, status__in=[PlanStatus.ADOPTED, PlanStatus.CLOSED])

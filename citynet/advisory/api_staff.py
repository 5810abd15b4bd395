"""The advisory API for those who run it: engagements, visits with their meetings, assessments with their
scores, plans with their goals, actions and indicators.

Signed in only (the site's session; 401 otherwise); staff need their second factor in that session (403
otherwise), as on every staff page. Each answer is the caller's own slice, from the same rules as the
pages (`citynet.advisory.permissions`):
- engagements and visits: the region's staff (`scope_staff`); anyone else who runs no advisory work at all
  gets a 403 on the lists, and everyone gets a 404 for a record of a region they do not run;
- assessments and plans: the region's staff and the city's own focal point (`scope_visible`); everyone
  else an empty list and a 404;
- a meeting's confidential notes only for those who may read them (`can_see_notes`), null otherwise.
Read-only (writes answer 405), a fixed number of queries per answer whatever the number of records.
"""

from typing import Annotated

from django.db.models import Prefetch
from django.utils.translation import gettext as _
from ninja import Query, Router
from ninja.pagination import paginate

from citynet.core.api import WRITE_METHODS, BoundedPagination, RegionFilter, known_region, refuse_collection, refused
from citynet.core.exceptions import NotFound, NotPermitted
from citynet.grants.api_staff import SignedIn

from . import permissions
from .models import Assessment, Score
from .schemas import (
    AssessmentDetailOut,
    AssessmentOut,
    EngagementOut,
    ErrorOut,
    PlanDetailOut,
    PlanOut,
    VisitDetailOut,
    VisitListOut,
)
from .selectors import plans as plan_selectors
from .selectors import visits as selectors

router = Router(tags=["advisory: staff"])

AUTH = SignedIn()
DENIED = {401: ErrorOut, 403: ErrorOut, 422: ErrorOut}

StatusFilter = Annotated[str | None, Query(max_length=30, pattern=r"^[a-z_]+$", description="Only this status.")]


def _region_id(slug: str | None) -> int | None:
    from citynet.network.models import Region

    if slug := known_region(slug):
        return Region.objects.filter(slug=slug).values_list("pk", flat=True).first()
    return None


def _runs_advisory(user) -> None:
    if not permissions.can_run_advisory(user):
        raise NotPermitted(_("Only the network's staff see advisory engagements and visits."))


# --- Engagements and visits -----------------------------------------------------------------------------


@router.get(
    "/staff/advisory/engagements",
    response={200: list[EngagementOut], **DENIED},
    auth=AUTH,
    url_name="advisory-engagement-list",
)
@paginate(BoundedPagination)
def list_engagements(request, region: RegionFilter = None, status: StatusFilter = None):
    """The engagements of the regions the caller runs, the latest first."""
    _runs_advisory(request.user)
    return selectors.engagements_for(request.user, region_id=_region_id(region), status=status)


@router.get(
    "/staff/advisory/visits", response={200: list[VisitListOut], **DENIED}, auth=AUTH, url_name="advisory-visit-list"
)
@paginate(BoundedPagination)
def list_visits(request, region: RegionFilter = None, status: StatusFilter = None, engagement: int | None = None):
    """The visits of the regions the caller runs, the latest first, published or not, with their meetings counted."""
    _runs_advisory(request.user)
    return selectors.visits_for(request.user, engagement_id=engagement, region_id=_region_id(region), status=status)


@router.get(
    "/staff/advisory/visits/{visit_id}",
    response={200: VisitDetailOut, 404: ErrorOut, **DENIED},
    auth=AUTH,
    url_name="advisory-visit-detail",
)
def get_visit(request, visit_id: int):
    """One visit whole, with its meetings (their notes for those who may read them)."""
    visit = selectors.visit_for_staff(request.user, visit_id)
    if visit is None:
        raise NotFound()
    for meeting in visit.meetings.all():
        meeting.notes_visible = permissions.can_see_notes(request.user, meeting)
    return visit


# --- Assessments ----------------------------------------------------------------------------------------


def _assessments(user):
    return permissions.scope_visible(Assessment.objects.all(), user).select_related("municipality", "framework")


@router.get(
    "/staff/advisory/assessments",
    response={200: list[AssessmentOut], **DENIED},
    auth=AUTH,
    url_name="advisory-assessment-list",
)
@paginate(BoundedPagination)
def list_assessments(request, region: RegionFilter = None, status: StatusFilter = None):
    """The assessments the caller may see (their regions', or their own city's for a focal point), latest first."""
    assessments = _assessments(request.user)
    if region_id := _region_id(region):
        assessments = assessments.filter(municipality__country__region_id=region_id)
    if status:
        assessments = assessments.filter(status=status)
    return assessments.order_by("-conducted_on", "-pk")


@router.get(
    "/staff/advisory/assessments/{assessment_id}",
    response={200: AssessmentDetailOut, 404: ErrorOut, **DENIED},
    auth=AUTH,
    url_name="advisory-assessment-detail",
)
def get_assessment(request, assessment_id: int):
    """One assessment with its scores, evidence and comments, in the framework's order of areas."""
    scores = Score.objects.select_related("area").order_by("area__sort_order", "area__pk")
    assessment = (
        _assessments(request.user)
        .prefetch_related(Prefetch("scores", queryset=scores))
        .filter(pk=assessment_id)
        .first()
    )
    if assessment is None:
        raise NotFound()
    return assessment


# --- Plans ----------------------------------------------------------------------------------------------


@router.get("/staff/advisory/plans", response={200: list[PlanOut], **DENIED}, auth=AUTH, url_name="advisory-plan-list")
@paginate(BoundedPagination)
def list_plans(request, status: StatusFilter = None):
    """The plans the caller may see, drafts included, with their actions counted (done, overdue)."""
    return plan_selectors.plans_for(request.user, status=status)


@router.get(
    "/staff/advisory/plans/{plan_id}",
    response={200: PlanDetailOut, 404: ErrorOut, **DENIED},
    auth=AUTH,
    url_name="advisory-plan-detail",
)
def get_plan(request, plan_id: int):
    """One plan whole: its goals, and its actions with their owners, dates, status and indicators."""
    plan = plan_selectors.plan_for(request.user, plan_id)
    if plan is None:
        raise NotFound()
    return plan


def refuse_visit(request, visit_id: int):
    return refused()


def refuse_assessment(request, assessment_id: int):
    return refused()


def refuse_plan(request, plan_id: int):
    return refused()


for _path, _refuse in [
    ("/staff/advisory/engagements", refuse_collection),
    ("/staff/advisory/visits", refuse_collection),
    ("/staff/advisory/visits/{visit_id}", refuse_visit),
    ("/staff/advisory/assessments", refuse_collection),
    ("/staff/advisory/assessments/{assessment_id}", refuse_assessment),
    ("/staff/advisory/plans", refuse_collection),
    ("/staff/advisory/plans/{plan_id}", refuse_plan),
]:
    router.api_operation(WRITE_METHODS, _path, include_in_schema=False)(_refuse)

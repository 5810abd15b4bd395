"""The public advisory API: the published consultations and, where the city agreed, its action plan's
public part. Read-only, for everyone; writes answer 405.

Only what staff published (`permissions.scope_published_visits`, `scope_public_meetings`,
`scope_public_plans`), read through the selectors, which never read a meeting's notes, an assessment or a
draft plan. Lists take `limit` and `offset` and answer `{"items": [...], "count": N}`; errors are
`{"detail": ...}`. A fixed number of queries per answer, whatever the number of visits and meetings.
The records themselves are in `api_staff.py`, for those allowed to see them.
"""

from django.utils.translation import gettext as _
from ninja import Router
from ninja.pagination import paginate

from citynet.core.api import (
    WRITE_METHODS,
    BoundedPagination,
    RegionFilter,
    known_region,
    refuse_collection,
    refuse_slug,
)
from citynet.core.exceptions import NotFound
from citynet.network.models import Municipality, Region

from .schemas import ConsultationDetailOut, ConsultationOut, ErrorOut, PublicPlanOut
from .selectors import plans as plan_selectors
from .selectors import visits as selectors

router = Router(tags=["advisory"], by_alias=True)


class _Consultations:
    """The published consultations as ninja's pagination reads them: a count, and a page (four queries)."""

    def __init__(self, region_id: int | None):
        self.region_id = region_id

    def count(self) -> int:
        return selectors.published_consultation_count(self.region_id)

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, page: slice):
        start = page.start or 0
        return selectors.published_consultations(self.region_id, limit=page.stop - start, offset=start)


@router.get("/consultations", response={200: list[ConsultationOut], 422: ErrorOut}, url_name="consultation-list")
@paginate(BoundedPagination)
def list_consultations(request, region: RegionFilter = None):
    """Published consultations (advisory visits to member cities), newest first: when, where, the cities
    visited, who was met counted by kind, the approved public summary."""
    region_id = None
    if slug := known_region(region):
        region_id = Region.objects.filter(slug=slug).values_list("pk", flat=True).first()
    return _Consultations(region_id)


@router.get(
    "/consultations/{slug}", response={200: ConsultationDetailOut, 404: ErrorOut}, url_name="consultation-detail"
)
def get_consultation(request, slug: str):
    """One published consultation with its published meetings: kind, counterpart, day, city, public summary."""
    consultation = selectors.published_consultation(slug)
    if consultation is None:
        raise NotFound(_("There is no published consultation with the slug “%(slug)s”.") % {"slug": slug})
    return consultation


@router.get(
    "/municipalities/{slug}/action-plan",
    response={200: PublicPlanOut, 404: ErrorOut},
    url_name="municipality-action-plan",
)
def get_action_plan(request, slug: str):
    """A city's local action plan as published: its public summary and its actions' status and progress;
    only where the plan is adopted (or closed) and the city agreed to share it, else 404."""
    municipality_id = Municipality.objects.filter(slug=slug).values_list("pk", flat=True).first()
    plan = plan_selectors.public_plan(municipality_id) if municipality_id else None
    if plan is None:
        raise NotFound(_("This city has no published action plan."))
    return {
        "municipality": slug,
        "title": plan.title,
        "public_summary": plan.public_summary,
        "actions": plan.actions,
    }


for _path, _refuse in [
    ("/consultations", refuse_collection),
    ("/consultations/{slug}", refuse_slug),
    ("/municipalities/{slug}/action-plan", refuse_slug),
]:
    router.api_operation(WRITE_METHODS, _path, include_in_schema=False)(_refuse)

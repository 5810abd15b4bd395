"""The public grants API: published calls and published awards. Read-only, for everyone.

Lists take `limit` and `offset` and answer `{"items": [...], "count": N}` like the registry's
(citynet/network/api.py); errors are `{"detail": ...}`; writes answer 405. Every list runs a fixed
number of queries (a count, a page with its joins), whatever the number of calls or awards. A call's
`status` is its phase at the request (open, closed, ...), so the calls are not cached as responses.
Staff endpoints for applications and reviews belong to another router.
"""

from typing import Annotated

from django.db.models import Prefetch, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Query, Router
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
from citynet.network.schemas import LANGUAGE_CODES

from .schemas import AwardOut, CallDetailOut, CallOut, ErrorOut, PhaseName
from .selectors import public as selectors

router = Router(tags=["grants"], by_alias=True)

StatusFilter = Annotated[PhaseName | None, Query(description="The call's phase now.")]
SearchQuery = Annotated[str | None, Query(max_length=200, description="Words of the title or summary, any language.")]


def _matching(q: str | None) -> Q:
    """Every word of `q` in the title or summary, in any language's column."""
    condition = Q()
    for word in (q or "").split()[:10]:
        either = Q()
        for field in ("title", "summary"):
            for code in LANGUAGE_CODES:
                either |= Q(**{f"{field}_{code.replace('-', '_')}__icontains": word})
        condition &= either
    return condition


# --- Calls ---------------------------------------------------------------------------------------------


@router.get("/calls", response={200: list[CallOut], 422: ErrorOut}, url_name="call-list")
@paginate(BoundedPagination)
def list_calls(request, region: RegionFilter = None, status: StatusFilter = None, q: SearchQuery = None):
    """Published calls, the soonest deadline first among open ones, then by deadline, latest first."""
    calls = selectors.public_calls()
    if region := known_region(region):
        calls = calls.filter(region__slug=region)
    if status:
        calls = calls.filter(selectors.phase_filter(status, timezone.now()))
    if q and q.strip():
        calls = calls.filter(_matching(q))
    return calls.order_by("-closes_at", "pk")


@router.get("/calls/{slug}", response={200: CallDetailOut, 404: ErrorOut}, url_name="call-detail")
def get_call(request, slug: str):
    call = (
        selectors.public_calls()
        .filter(slug=slug)
        .prefetch_related(
            Prefetch(
                "awards",
                queryset=selectors.public_awards().order_by("recipient_name", "pk"),
                to_attr="public_awards",
            )
        )
        .first()
    )
    if call is None:
        raise NotFound(_("There is no published call with the slug “%(slug)s”.") % {"slug": slug})
    return call


# --- Awards --------------------------------------------------------------------------------------------


@router.get("/awards", response={200: list[AwardOut], 422: ErrorOut}, url_name="award-list")
@paginate(BoundedPagination)
def list_awards(request, region: RegionFilter = None):
    """Awards of calls whose results are published, latest first."""
    awards = selectors.public_awards()
    if region := known_region(region):
        awards = awards.filter(call__region__slug=region)
    return awards.order_by("-announced_year", "recipient_name", "pk")


@router.get("/awards/{slug}", response={200: AwardOut, 404: ErrorOut}, url_name="award-detail")
def get_award(request, slug: str):
    award = selectors.public_awards().filter(slug=slug).first()
    if award is None:
        raise NotFound(_("There is no published award with the slug “%(slug)s”.") % {"slug": slug})
    return award


for _path, _refuse in [
    ("/calls", refuse_collection),
    ("/calls/{slug}", refuse_slug),
    ("/awards", refuse_collection),
    ("/awards/{slug}", refuse_slug),
]:
    router.api_operation(WRITE_METHODS, _path, include_in_schema=False)(_refuse)

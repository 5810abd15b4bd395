"""What the public sees of grants: published calls (open, upcoming, the archive) and published awards.

Reads go through `permissions.scope_public_calls`: a draft call never leaves the staff's screens. Each
function runs a fixed number of queries, whatever the number of calls or awards, and keeps its rows in
the cache under the registry version (saving a call or an award bumps it: apps.py), the way the hub's
selectors do. What depends on the clock (is a call open *now*?) is decided at each request from the
cached rows, never cached itself: a call opens and closes at its own second without any write.
"""

import datetime
import hashlib

from django.core.cache import cache
from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from citynet.core.cache import FRAGMENT_SECONDS, registry_version

from .. import permissions
from ..models import Award, Call, CallStatus


class Phase:
    """Where a public call stands at a moment (the API's `status`, the list's sections)."""

    UPCOMING = "upcoming"
    OPEN = "open"
    CLOSED = "closed"
    RESULTS_PUBLISHED = "results_published"

    ALL = (UPCOMING, OPEN, CLOSED, RESULTS_PUBLISHED)


def phase_of(call: Call, at: datetime.datetime | None = None) -> str:
    """The phase of a published call at `at` (now)."""
    at = at or timezone.now()
    if call.status == CallStatus.RESULTS_PUBLISHED:
        return Phase.RESULTS_PUBLISHED
    if at < call.opens_at:
        return Phase.UPCOMING
    if at < call.closes_at:
        return Phase.OPEN
    return Phase.CLOSED


def phase_filter(phase: str, at: datetime.datetime) -> Q:
    """`phase_of` as a queryset filter (for the API, which pages in the database)."""
    results = Q(status=CallStatus.RESULTS_PUBLISHED)
    return {
        Phase.RESULTS_PUBLISHED: results,
        Phase.UPCOMING: ~results & Q(opens_at__gt=at),
        Phase.OPEN: ~results & Q(opens_at__lte=at, closes_at__gt=at),
        Phase.CLOSED: ~results & Q(closes_at__lte=at),
    }[phase]


def public_calls() -> QuerySet[Call]:
    """Every published call, with its region joined."""
    return permissions.scope_public_calls(Call.objects.all()).select_related("region")


def public_awards() -> QuerySet[Award]:
    """Awards of calls whose results are published (the 2018 call's recorded award among them)."""
    return (
        Award.objects.filter(call__in=permissions.scope_public_calls(Call.objects.all()))
        .filter(call__status=CallStatus.RESULTS_PUBLISHED)
        .select_related("call", "call__region", "recipient", "partner_municipality")
    )


def _cached(key: str, compute):
    return cache.get_or_set(f"citynet:grants:{registry_version()}:{key}", compute, FRAGMENT_SECONDS)


def list_calls(*, region: str | None = None) -> list[Call]:
    """Every published call (of one region's slug, or all), latest deadline first: one query, cached."""

    def compute():
        calls = public_calls()
        if region:
            calls = calls.filter(region__slug=region)
        return list(calls.order_by("-closes_at", "pk"))

    return _cached(f"calls:{region or ''}", compute)


def calls_overview(*, region: str | None = None, at: datetime.datetime | None = None) -> dict:
    """The public list's sections at `at` (now): open calls (soonest deadline first), upcoming calls
    (soonest opening first), and the archive of closed calls and calls with results (latest first)."""
    at = at or timezone.now()
    sections = {phase: [] for phase in Phase.ALL}
    for call in list_calls(region=region):
        call.phase = phase_of(call, at)
        sections[call.phase].append(call)
    return {
        "open": sorted(sections[Phase.OPEN], key=lambda c: (c.closes_at, c.pk)),
        "upcoming": sorted(sections[Phase.UPCOMING], key=lambda c: (c.opens_at, c.pk)),
        "archive": sections[Phase.CLOSED] + sections[Phase.RESULTS_PUBLISHED],
    }


def list_open_calls(*, region: str | None = None, at: datetime.datetime | None = None) -> list[Call]:
    """The calls open for applications at `at` (now), soonest deadline first (the feeds)."""
    return calls_overview(region=region, at=at)["open"]


def _digest(slug: str) -> str:
    return hashlib.sha256(slug.encode()).hexdigest()


def get_call(slug: str) -> dict | None:
    """A published call for its public page, with its questions' count and its published awards, or None.

    One query (two once its results are published), cached for every language at once; a slug that is
    no published call is not cached (anyone can ask for any).
    """
    key = f"citynet:grants:{registry_version()}:call:{_digest(slug)}"
    found = cache.get(key)
    if found is None:
        call = (
            public_calls()
            .filter(slug=slug)
            .annotate(question_count=Count("questions"))
            .defer("search_text", "created_at", "updated_at")
            .first()
        )
        if call is None:
            return None
        awards = []
        if call.status == CallStatus.RESULTS_PUBLISHED:
            # The call is known: its awards need not join it again.
            awards = list(Award.objects.filter(call=call).select_related("recipient", "partner_municipality"))
            awards.sort(key=lambda award: (award.recipient_name, award.pk))
            for award in awards:
                award.call = call
        found = {"call": call, "awards": awards, "questions": call.question_count}
        cache.set(key, found, FRAGMENT_SECONDS)
    return found


def list_awards(*, region: str | None = None) -> list[Award]:
    """Published awards (of one region's slug, or all), latest first: one query, cached."""

    def compute():
        awards = public_awards()
        if region:
            awards = awards.filter(call__region__slug=region)
        return list(awards.order_by("-announced_year", "recipient_name", "pk"))

    return _cached(f"awards:{region or ''}", compute)


def get_award(slug: str) -> Award | None:
    """A published award with its call, region, recipient and partner municipality: one query, cached."""
    key = f"citynet:grants:{registry_version()}:award:{_digest(slug)}"
    award = cache.get(key)
    if award is None:
        award = public_awards().filter(slug=slug).first()
        if award is None:
            return None
        cache.set(key, award, FRAGMENT_SECONDS)
    return award


HUB_CALLS = 5
HUB_AWARDS = 5


def region_grants(region_id: int, *, at: datetime.datetime | None = None) -> dict:
    """The region hub's grants section: the region's open calls (soonest deadline first) and its latest
    awards, a few of each (the call list has them all).

    Two queries when the registry changed, none otherwise; which calls are open is decided now. The
    candidates are the calls that close soonest (a few more than shown, in case some have not opened).
    """
    at = at or timezone.now()

    def compute():
        calls = public_calls().filter(region_id=region_id, closes_at__gt=timezone.now())
        awards = public_awards().filter(call__region_id=region_id)
        return {
            "calls": list(calls.order_by("closes_at", "pk")[: HUB_CALLS * 5]),
            "awards": list(awards.order_by("-announced_year", "recipient_name", "pk")[:HUB_AWARDS]),
        }

    data = _cached(f"region:{region_id}", compute)
    open_calls = [c for c in data["calls"] if phase_of(c, at) == Phase.OPEN][:HUB_CALLS]
    for call in open_calls:
        call.phase = Phase.OPEN
    return {"open_calls": open_calls, "awards": data["awards"]}

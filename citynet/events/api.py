"""The public events API: published (and cancelled) events, their programme and figures, the topics, and
the region's aggregate report. Read-only, for everyone.

Lists take `limit` and `offset` and answer `{"items": [...], "count": N}` like the registry's
(citynet/network/api.py); errors are `{"detail": ...}`; writes answer 405. Every list runs a fixed
number of queries (a count, a page with its joins, the topics of the page, the figures of the page),
whatever the number of events or participants. Nothing here names a participant: the figures are counts
(selectors/figures.py, selectors/reports.py), and a speaker is named only where they agreed to be listed.
Participants' records are in `api_staff.py`, for the people allowed to see them.
"""

import datetime
from typing import Annotated, Literal

from django.db.models import Prefetch, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Query, Router
from ninja.pagination import paginate

from citynet.core.api import (
    SLUG,
    WRITE_METHODS,
    BoundedPagination,
    RegionFilter,
    known_region,
    refuse_collection,
    refuse_slug,
    refused,
)
from citynet.core.exceptions import NotFound
from citynet.network.models import DatePrecision, Municipality, Organisation, Topic

from . import permissions
from .models import Event, Participation, Speaker
from .schemas import ErrorOut, EventDetailOut, EventOut, KindName, ReportOut, TopicOut
from .selectors import reports
from .selectors.figures import figures_for

router = Router(tags=["events"], by_alias=True)

KindFilter = Annotated[KindName | None, Query(description="training, workshop, summit, online_session, study_visit.")]
TopicFilter = Annotated[str | None, Query(max_length=80, pattern=SLUG, description="A topic's slug (see /topics).")]
YearFilter = Annotated[int | None, Query(ge=1900, le=2200, description="Events starting in this year.")]
WhenFilter = Annotated[
    Literal["upcoming", "past"] | None,
    Query(description="upcoming: not over yet (on the event's own calendar); past: over."),
]


def public_events():
    """Published and cancelled events with what their list items read (no query per item)."""
    return permissions.scope_public_events(
        Event.objects.select_related("region", "host_municipality__country")
    ).prefetch_related(Prefetch("topics", queryset=Topic.objects.order_by("sort_order", "slug")))


def not_over(today: datetime.date) -> Q:
    """Events that have not ended by `today`: a date known to the month or year ends with its month or year."""
    return (
        Q(date_precision=DatePrecision.DAY, ends_on__gte=today)
        | Q(date_precision=DatePrecision.MONTH, ends_on__gte=today.replace(day=1))
        | Q(date_precision=DatePrecision.YEAR, ends_on__year__gte=today.year)
    )


def in_region(slug: str) -> Q:
    """A region's events, and the network-wide ones (its members take part in them too)."""
    return Q(region__slug=slug) | Q(region__isnull=True)


class _WithFigures:
    """A queryset whose page gets its public figures after slicing (one query for the whole page)."""

    def __init__(self, queryset):
        self.queryset = queryset

    def count(self):
        return self.queryset.count()

    def __getitem__(self, page):
        events = list(self.queryset[page])
        figures = figures_for(events)
        for event in events:
            event.public_figures = figures[event.pk]
        return events

    def __len__(self):
        return self.count()


# --- Events --------------------------------------------------------------------------------------------


@router.get("/events", response={200: list[EventOut], 422: ErrorOut}, url_name="event-list")
@paginate(BoundedPagination)
def list_events(
    request,
    region: RegionFilter = None,
    kind: KindFilter = None,
    topic: TopicFilter = None,
    year: YearFilter = None,
    when: WhenFilter = None,
):
    """Public events: upcoming ones the soonest first; otherwise the latest first."""
    events = public_events()
    if region := known_region(region):
        events = events.filter(in_region(region))
    if kind:
        events = events.filter(kind=kind)
    if topic:
        events = events.filter(topics__slug=topic)
    if year:
        events = events.filter(starts_on__year=year)
    today = timezone.localdate()
    if when == "upcoming":
        return _WithFigures(events.filter(not_over(today)).order_by("starts_on", "pk"))
    if when == "past":
        events = events.exclude(not_over(today))
    return _WithFigures(events.order_by("-starts_on", "pk"))


# Before "/events/{slug}": "report" is not an event.
@router.get("/events/report", response={200: ReportOut, 422: ErrorOut}, url_name="event-report")
def get_report(request, region: RegionFilter = None):
    """Who the public events reached, as counts only: participants by country, municipality, role and
    gender; how many cities each topic reached. A fixed number of queries whatever the data's size."""
    events = permissions.scope_public_events(Event.objects.all())
    if region := known_region(region):
        events = events.filter(in_region(region))
    breakdown = reports.participant_breakdown(Participation.objects.filter(event__in=events))
    slugs = dict(
        Municipality.objects.filter(
            pk__in=[row["key"] for row in breakdown["by_municipality"] if row["key"]]
        ).values_list("pk", "slug")
    )
    for row in breakdown["by_municipality"]:
        row["key"] = slugs.get(row["key"], "")
    return {
        "region": region,
        "events": events.count(),
        "participants": breakdown["total"],
        "attended": breakdown["attended"],
        "by_country": breakdown["by_country"],
        "by_municipality": breakdown["by_municipality"],
        "by_role": breakdown["by_role"],
        "by_gender": breakdown["by_gender"],
        "cities_per_topic": reports.cities_per_topic(events),
        "knowledge": reports.knowledge_change(events),
        "satisfaction": reports.satisfaction(events),
    }


@router.get("/events/{slug}", response={200: EventDetailOut, 404: ErrorOut}, url_name="event-detail")
def get_event(request, slug: str):
    """One public event with its programme, listed speakers, organisers, partners and figures."""
    listed = Speaker.objects.filter(listed_publicly=True).select_related("person").order_by("sort_order", "pk")
    organisations = Organisation.objects.order_by("name", "pk")
    event = (
        public_events()
        .filter(slug=slug)
        .prefetch_related(
            Prefetch("sessions__speakers", queryset=listed, to_attr="listed_speakers"),
            Prefetch("speakers", queryset=listed, to_attr="listed_speakers"),
            Prefetch("organisers", queryset=organisations),
            Prefetch("partners", queryset=organisations),
        )
        .first()
    )
    if event is None:
        raise NotFound(_("There is no published event with the slug “%(slug)s”.") % {"slug": slug})
    event.public_figures = figures_for([event])[event.pk]
    return event


# --- Topics --------------------------------------------------------------------------------------------


@router.get("/topics", response={200: list[TopicOut], 422: ErrorOut}, url_name="topic-list")
@paginate(BoundedPagination)
def list_topics(request):
    """The network's taxonomy of topics, in its order."""
    return Topic.objects.order_by("sort_order", "slug", "pk")


def refuse_report(request):
    return refused()


for _path, _refuse in [
    ("/events", refuse_collection),
    ("/events/report", refuse_report),
    ("/events/{slug}", refuse_slug),
    ("/topics", refuse_collection),
]:
    router.api_operation(WRITE_METHODS, _path, include_in_schema=False)(_refuse)

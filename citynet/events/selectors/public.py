"""What the public sees of events: published and cancelled events (never drafts), their public facts,
the region hub's section, a municipality's events, and the rows of the iCalendar files.

Reads go through `permissions.scope_public_events`. Each function runs a fixed number of queries,
whatever the number of events, sessions or participants. What only an event's own save changes (its
page's facts, programme, speakers, documents: all edited with the event, so saving it bumps the registry
version, apps.py) is cached under the registry version and the day; what participants change (figures,
seats) is read at each request. Never a participant's name: figures are counts (selectors/figures.py).
"""

import datetime
import hashlib
from dataclasses import dataclass

from django.core.cache import cache
from django.db.models import Case, F, IntegerField, Prefetch, Q, QuerySet, Value, When
from django.utils import timezone

from citynet.core.cache import FRAGMENT_SECONDS, registry_version
from citynet.network.models import DatePrecision, Region, Topic

from .. import permissions
from ..models import (
    LIVE,
    Commitment,
    Event,
    EventDocument,
    EventKind,
    Participation,
    ParticipationStatus,
    Session,
    Speaker,
)

PAGE_SIZE = 20
HUB_UPCOMING = 5
HUB_PAST = 5
MUNICIPALITY_EVENTS = 20
FEED_LIMIT = 500  # a region's feed: its next and last year's events, at most this many


def today() -> datetime.date:
    return timezone.localdate()


def _cached(key: str, compute):
    return cache.get_or_set(f"citynet:events:{registry_version()}:{today()}:{key}", compute, FRAGMENT_SECONDS)


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def upcoming_q(on: datetime.date) -> Q:
    """Events not over on `on`: `Event.last_day()` as a filter (a date known to the year lasts all year)."""
    return (
        Q(date_precision=DatePrecision.DAY, ends_on__gte=on)
        | Q(date_precision=DatePrecision.MONTH, ends_on__gte=on.replace(day=1))
        | Q(date_precision=DatePrecision.YEAR, ends_on__gte=on.replace(month=1, day=1))
    )


def public_events() -> QuerySet[Event]:
    """Every published or cancelled event, with what its card shows joined (topics are prefetched)."""
    return (
        permissions.scope_public_events(Event.objects.all())
        .select_related("region", "host_municipality", "host_municipality__country")
        .defer("search_text")
    )


def in_region(region_id: int | None) -> Q:
    """A region's events and the network-wide ones (which belong to every region)."""
    return Q(region_id=region_id) | Q(region__isnull=True)


# --- The list ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Filters:
    region: str = ""
    kind: str = ""
    topic: str = ""
    year: int | None = None


def filter_options() -> dict:
    """The list's filters: regions, kinds, topics, years that have public events (cached: three queries)."""

    def compute():
        events = permissions.scope_public_events(Event.objects.all())
        return {
            "regions": list(Region.objects.filter(events__in=events).distinct().order_by("name")),
            "topics": list(Topic.objects.filter(events__in=events).distinct().order_by("sort_order", "slug")),
            "years": sorted({d.year for d in events.dates("starts_on", "year")}, reverse=True),
            "kinds": list(EventKind.choices),
        }

    return _cached("filters", compute)


def region_choices() -> list[Region]:
    """Every region (for the feed's `?region=`): one query, cached."""
    return _cached("regions", lambda: list(Region.objects.order_by("name", "pk")))


def list_events(filters: Filters, *, on: datetime.date | None = None) -> QuerySet[Event]:
    """Public events matching `filters`: upcoming first (soonest first), then past ones (latest first).

    Each row has `is_upcoming`. A region's list holds the network-wide events too. Page it: the page's
    rows are one query, their topics a second (prefetched).
    """
    on = on or today()
    events = public_events()
    if filters.region:
        events = events.filter(Q(region__slug=filters.region) | Q(region__isnull=True))
    if filters.kind:
        events = events.filter(kind=filters.kind)
    if filters.topic:
        events = events.filter(topics__slug=filters.topic)
    if filters.year:
        events = events.filter(starts_on__year=filters.year)
    upcoming = upcoming_q(on)
    return (
        events.annotate(
            is_upcoming=Case(When(upcoming, then=Value(1)), default=Value(0), output_field=IntegerField()),
            upcoming_start=Case(When(upcoming, then=F("starts_on")), default=None),
        )
        .order_by("-is_upcoming", F("upcoming_start").asc(nulls_last=True), "-starts_on", "pk")
        .prefetch_related(Prefetch("topics", queryset=Topic.objects.order_by("sort_order", "slug")))
    )


# --- One event ---------------------------------------------------------------------------------------


def get_event(slug: str) -> dict | None:
    """A public event with everything its page shows, or None (a draft or no such event).

    Eight queries, then none for every language until the registry changes; a slug that is no public
    event is not cached (anyone can ask for any). Speakers are those who agreed to be listed; documents
    and commitments, the public ones. The programme is grouped by day on the event's own clock.
    """
    key = f"citynet:events:{registry_version()}:event:{_digest(slug)}"
    found = cache.get(key)
    if found is not None:
        return found
    event = (
        permissions.scope_public_events(Event.objects.all())
        .select_related("region", "host_municipality", "host_municipality__country")
        .defer("search_text")
        .filter(slug=slug)
        .first()
    )
    if event is None:
        return None
    speakers = list(
        Speaker.objects.filter(event=event, listed_publicly=True).select_related("person").order_by("sort_order", "pk")
    )
    sessions = list(Session.objects.filter(event=event).order_by("starts_at", "pk"))
    by_session: dict[int, list[Speaker]] = {}
    for speaker in speakers:
        if speaker.session_id:
            by_session.setdefault(speaker.session_id, []).append(speaker)
    days: dict[datetime.date, list[Session]] = {}
    zone = event.zone
    for session in sessions:
        session.event = event
        session.local_start = session.starts_at.astimezone(zone)
        session.local_end = session.ends_at.astimezone(zone)
        session.listed_speakers = by_session.get(session.pk, [])
        days.setdefault(session.local_start.date(), []).append(session)
    found = {
        "event": event,
        "topics": list(event.topics.order_by("sort_order", "slug")),
        "organisers": list(event.organisers.order_by("name", "pk")),
        "partners": list(event.partners.order_by("name", "pk")),
        "days": [{"day": day, "sessions": items} for day, items in sorted(days.items())],
        "sessions": sessions,
        "speakers": speakers,
        "documents": list(EventDocument.objects.filter(event=event, is_public=True).order_by("sort_order", "pk")),
        "commitments": list(
            Commitment.objects.filter(event=event, is_public=True)
            .select_related("municipality")
            .order_by("municipality__name", "pk")
        ),
    }
    cache.set(key, found, FRAGMENT_SECONDS)
    return found


def own_participation(event: Event, user) -> Participation | None:
    """The signed-in visitor's live participation at `event` (one query), or None."""
    if not getattr(user, "is_authenticated", False):
        return None
    return (
        Participation.objects.filter(event=event, user=user, status__in=LIVE)
        .only("pk", "status", "event_id", "offer_expires_at")
        .order_by("-pk")
        .first()
    )


# --- The region hub and a municipality's profile ------------------------------------------------------


def region_events(region_id: int) -> dict:
    """The region hub's section: the next few events of the region (and network-wide) and the last few.

    Two queries (and a third for their topics) when the registry changed or the day turned, none otherwise.
    """

    def compute():
        on = today()
        events = public_events().filter(in_region(region_id))
        upcoming = upcoming_q(on)
        return {
            "upcoming": list(events.filter(upcoming).order_by("starts_on", "pk")[:HUB_UPCOMING]),
            "past": list(events.exclude(upcoming).order_by("-starts_on", "pk")[:HUB_PAST]),
        }

    return _cached(f"region:{region_id}", compute)


def municipality_events(municipality_id: int) -> list[Event]:
    """Public events a municipality hosted or that its people took part in (a confirmed place), latest
    first: one query, a few at most, cached for every language (a new confirmation shows within
    FRAGMENT_SECONDS). Never who went: the event's public facts only."""

    def compute():
        took_part = Participation.objects.filter(
            municipality_id=municipality_id, status=ParticipationStatus.CONFIRMED
        ).values("event_id")
        events = public_events().filter(Q(host_municipality_id=municipality_id) | Q(pk__in=took_part))
        return list(events.order_by("-starts_on", "pk")[:MUNICIPALITY_EVENTS])

    return _cached(f"municipality:{municipality_id}", compute)


# --- iCalendar -----------------------------------------------------------------------------------------


def calendar_event(slug: str) -> dict | None:
    """An event for its .ics file: the public event and its sessions (the page's cached facts)."""
    found = get_event(slug)
    if found is None:
        return None
    return {"event": found["event"], "sessions": found["sessions"]}


def feed_events(region: Region | None, *, on: datetime.date | None = None) -> list[Event]:
    """A feed's events: upcoming ones and those of the last year, known to the day, of `region` with the
    network-wide ones (or every public event), soonest first. One query, at most FEED_LIMIT rows."""
    on = on or today()
    events = public_events().filter(date_precision=DatePrecision.DAY, ends_on__gte=on - datetime.timedelta(days=366))
    if region is not None:
        events = events.filter(in_region(region.pk))
    return list(events.order_by("starts_on", "pk")[:FEED_LIMIT])

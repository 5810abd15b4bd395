"""What the public sees of events: published and cancelled events (never drafts), their public facts,
the region hub's section, a municipality's events, and the rows of the iCalendar files.

Reads go through `permissions.scope_public_events`. Each function runs a fixed number of queries,
whatever the number of events, sessions or participants. What only an event's own save changes (its
page's facts, programme, speakers, documents: all edited with the event, so saving it bumps the registry
version, apps.py) is cached under the registry version and the day; what participants change (figures,
seats) is read at each request. Never a participant's name: figures are counts (selectors/figures.py).
"""

import datetime
import functools
import hashlib
from dataclasses import dataclass
from types import SimpleNamespace

from django.core.cache import cache
from django.db.models import Aggregate, CharField, Count, Exists, F, OuterRef, Q, QuerySet, Subquery
from django.utils import timezone

from citynet.core.cache import FRAGMENT_SECONDS, local_get, local_set, registry_version
from citynet.core.i18n import LANGUAGE_FIELDS, current_language, translated
from citynet.core.prepared import PreparedQuery
from citynet.core.prepared import related as _related
from citynet.core.templatetags.citynet import tr
from citynet.network.models import Country, DatePrecision, Municipality, Organisation, Region, Topic

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
from ..templatetags.event_tags import event_dates, place_of
from . import figures

PAGE_SIZE = 20
HUB_UPCOMING = 5
HUB_PAST = 5
MUNICIPALITY_EVENTS = 20
FEED_LIMIT = 500  # a region's feed: its next and last year's events, at most this many


def today() -> datetime.date:
    return timezone.localdate()


def _cached(key: str, compute):
    return cache.get_or_set(f"citynet:events:{registry_version()}:{today()}:{key}", compute, FRAGMENT_SECONDS)


class Reads:
    """The cached values one request reads, under one reading of the registry version and the day:
    from this process's memory first (core.cache.local_get: they are small and read by nearly every
    request), then those named up front in one round trip to the shared cache, the others one at a time."""

    def __init__(self, *names: str):
        self.version = registry_version()
        self.prefix = f"citynet:events:{self.version}:{today()}:"
        self.found = {}
        missing = []
        for name in names:
            value = local_get(self.prefix + name)
            if value is None:
                missing.append(self.prefix + name)
            else:
                self.found[self.prefix + name] = value
        if missing:
            for key, value in cache.get_many(missing).items():
                self.found[key] = value
                local_set(key, value)

    def get(self, name: str, compute):
        key = self.prefix + name
        if key not in self.found:
            value = local_get(key)
            if value is None:
                value = cache.get(key)
                if value is None:
                    value = compute()
                    cache.set(key, value, FRAGMENT_SECONDS)
                local_set(key, value)
            self.found[key] = value
        return self.found[key]


def list_reads() -> Reads:
    """The list's reads: its filters' options, the regions and the topics, in one round trip."""
    return Reads("filters", "regions", "topics")


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


def _plain(record, *fields: str) -> SimpleNamespace:
    """A record's `fields` and its name in every language, as plain values: cached, it unpickles fast."""
    return SimpleNamespace(
        pk=record.pk,
        **{field: getattr(record, field) for field in fields},
        **{f"name_{code}": getattr(record, f"name_{code}") for code in LANGUAGE_FIELDS},
    )


def filter_options(reads: Reads | None = None) -> dict:
    """The list's filters: regions, kinds, topics, years that have public events (cached: three queries)."""

    def compute():
        events = permissions.scope_public_events(Event.objects.all())
        return {
            "regions": [
                _plain(r, "slug") for r in Region.objects.filter(events__in=events).distinct().order_by("name")
            ],
            "topics": [
                _plain(t, "slug")
                for t in Topic.objects.filter(events__in=events).distinct().order_by("sort_order", "slug")
            ],
            "years": sorted({d.year for d in events.dates("starts_on", "year")}, reverse=True),
            "kinds": list(EventKind.values),
        }

    options = (reads or Reads()).get("filters", compute)
    return {**options, "kinds": [(kind, EventKind(kind).label) for kind in options["kinds"]]}


def region_choices(reads: Reads | None = None) -> list[SimpleNamespace]:
    """Every region (pk, slug, names), for the feed's `?region=` and the cards: one query, cached."""
    return (reads or Reads()).get("regions", lambda: [_plain(r, "slug") for r in Region.objects.order_by("name", "pk")])


def topic_choices(reads: Reads | None = None) -> dict[int, SimpleNamespace]:
    """Every topic by id (slug, names), in their order, for the cards and an event's page: one query, cached."""
    return (reads or Reads()).get(
        "topics", lambda: {t.pk: _plain(t, "slug") for t in Topic.objects.order_by("sort_order", "slug")}
    )


# What a card shows: the texts in every language, so one row serves any visitor; the reported figures
# for events the site has no participations for.
CARD_FIELDS = (
    "id",
    "slug",
    "kind",
    "status",
    "is_demo",
    "starts_on",
    "ends_on",
    "date_precision",
    "region_id",
    "host_municipality_id",
    "country",
    "online_url",
    "reported_participants",
    "reported_cities",
    "reported_countries",
    *(f"title_{code}" for code in LANGUAGE_FIELDS),
    *(f"summary_{code}" for code in LANGUAGE_FIELDS),
)


def _cards_row(*ids) -> QuerySet[Event]:
    """A page of cards in one query: the card's fields, its host city's names and country, its topics'
    ids and its counted figures. Run as prepared SQL (`_CARDS`), for exactly PAGE_SIZE ids."""
    return (
        permissions.scope_public_events(QuerySet(Event))
        .filter(pk__in=ids)
        .only(*CARD_FIELDS)
        .annotate(
            topic_ids=_ids_of(Event.topics.through, "topic_id"),
            **{f"host__{name}": F(f"host_municipality__{name}") for name in CARD_HOST_COLUMNS},
            **figures.annotations(),
        )
    )


CARD_HOST_COLUMNS = ("country__code", *(f"name_{code}" for code in LANGUAGE_FIELDS))


CHUNK = 10 * PAGE_SIZE  # the list's order is cached as the ids of ten pages at a time
# Compiled once per process; its placeholders are ids no event has.
_CARDS = PreparedQuery(_cards_row, *range(-1, -PAGE_SIZE - 1, -1))


@functools.lru_cache(maxsize=4096)
def _dates(starts_on: datetime.date, ends_on: datetime.date, precision: str, language: str) -> str:
    return event_dates(SimpleNamespace(starts_on=starts_on, ends_on=ends_on, date_precision=precision))


class Card:
    """An event as the list's card shows it: its values, and its labels in the visitor's language."""

    def __init__(self, row: dict, *, is_upcoming: bool):
        vars(self).update(row)
        self.pk = row["id"]
        self.host_municipality = (
            SimpleNamespace(**{name: row[f"host__{name}"] for name in CARD_HOST_COLUMNS})
            if row["host_municipality_id"]
            else None
        )
        self.is_upcoming = is_upcoming
        self.topics = []
        self.figures = figures.figures_from(self)

    def label(self, language: str, regions: dict, kinds: dict, topics: dict, topic_ids: list[int]) -> "Card":
        """Say what the card shows in the active `language` (the markup's dynamic parts, escaped).

        `regions` and `kinds` ({id or value: label}) and `topics` ({id: <bdi> name}) are said once per page."""
        self.kind_label = kinds[self.kind]
        self.region_name = regions.get(self.region_id)
        self.title_html = tr(self, "title", language)
        self.dates = _dates(self.starts_on, self.ends_on, self.date_precision, language)
        city = self.host_municipality
        self.place = place_of(
            city is not None,
            translated(city, "name", language) if city else None,
            city.country__code if city else "",
            self.country,
            bool(self.online_url),
            self.kind,
        )
        resolved = translated(self, "summary", language)
        self.summary = resolved.text if resolved else ""
        self.topics = [topics[t] for t in topic_ids if t in topics]
        return self


class UpcomingThenPast:
    """Public events matching some filters, upcoming ones first (soonest first), then past ones (latest
    first), read by a Paginator.

    Cached under the registry version and the day, for every language: the counts (one query per
    filters) and the order, as the ids of ten pages at a time (one or two narrow queries each). A page
    is then one query for its cards' values by id, and one for their topics' ids.
    """

    def __init__(self, filters: Filters, on: datetime.date, region_id: int | None, reads: Reads):
        self.filters, self.on, self.region_id, self.reads = filters, on, region_id, reads
        self.key = f"list:{on}:{_digest(repr(filters))}"
        self._counts = None

    @property
    def events(self) -> QuerySet[Event]:
        """The matching events, unordered (read only when the counts or the order are not cached)."""
        events = permissions.scope_public_events(Event.objects.all())
        if self.filters.region:
            events = events.filter(in_region(self.region_id))
        if self.filters.kind:
            events = events.filter(kind=self.filters.kind)
        if self.filters.topic:
            events = events.filter(topics__slug=self.filters.topic)
        if self.filters.year:
            events = events.filter(starts_on__year=self.filters.year)
        return events

    def counts(self) -> dict:
        if self._counts is None:
            self._counts = self.reads.get(
                f"{self.key}:count",
                lambda: self.events.aggregate(total=Count("pk"), upcoming=Count("pk", filter=upcoming_q(self.on))),
            )
        return self._counts

    def count(self) -> int:
        return self.counts()["total"]

    def __len__(self) -> int:
        return self.count()

    def _chunk(self, number: int) -> list[int]:
        """The ids at positions [CHUNK * number, CHUNK * (number + 1)) of the order."""

        def compute():
            start, stop, upcoming = CHUNK * number, CHUNK * (number + 1), self.counts()["upcoming"]
            ids = []
            events = self.events
            if start < upcoming:
                soonest = events.filter(upcoming_q(self.on)).order_by("starts_on", "pk")
                ids += soonest.values_list("pk", flat=True)[start : min(stop, upcoming)]
            if stop > upcoming:
                latest = events.exclude(upcoming_q(self.on)).order_by("-starts_on", "pk")
                ids += latest.values_list("pk", flat=True)[max(start - upcoming, 0) : stop - upcoming]
            return ids

        return self.reads.get(f"{self.key}:ids:{number}", compute)

    def __getitem__(self, index):
        if not isinstance(index, slice) or index.step:
            raise TypeError("a page of events is read by slices")
        start, stop = max(index.start or 0, 0), min(index.stop, self.count())
        if stop <= start:
            return []
        upcoming = self.counts()["upcoming"]
        positions = {}
        for number in range(start // CHUNK, (stop - 1) // CHUNK + 1):
            for offset, pk in enumerate(self._chunk(number)):
                position = CHUNK * number + offset
                if start <= position < stop:
                    positions[pk] = position
        ids = list(positions)
        rows = []
        for at in range(0, len(ids), PAGE_SIZE):  # the prepared query takes PAGE_SIZE ids: pad the last
            batch = ids[at : at + PAGE_SIZE]
            rows += _CARDS.rows(*batch, *[batch[0]] * (PAGE_SIZE - len(batch)))
        cards = sorted(
            (Card(row, is_upcoming=positions[row["id"]] < upcoming) for row in rows), key=lambda c: positions[c.pk]
        )
        if cards:
            language = current_language()
            regions = {r.pk: tr(r, "name", language) for r in region_choices(self.reads)}
            kinds = {value: str(label) for value, label in EventKind.choices}
            topics = {pk: tr(t, "name", language) for pk, t in topic_choices(self.reads).items()}  # in their order
            order = {pk: n for n, pk in enumerate(topics)}
            for card in cards:
                ids = sorted(_split(card.topic_ids), key=lambda t: order.get(t, 0))
                card.label(language, regions, kinds, topics, ids)
        return cards


def list_events(filters: Filters, *, on: datetime.date | None = None, reads: Reads | None = None) -> UpcomingThenPast:
    """Public events matching `filters`: upcoming first (soonest first), then past ones (latest first).

    A region's list holds the network-wide events too. Page it with django's Paginator: a page's cards
    (`Card`, each with `is_upcoming`) take two queries once the order is cached (see UpcomingThenPast).
    """
    reads = reads or Reads()
    region_id = None
    if filters.region:
        region_id = next((r.pk for r in region_choices(reads) if r.slug == filters.region), 0)
    return UpcomingThenPast(filters, on or today(), region_id, reads)


# --- One event ---------------------------------------------------------------------------------------


class JoinedIds(Aggregate):
    """The ids of a group as one comma-separated text: "3,7,12" (PostgreSQL's string_agg, SQLite's
    group_concat), so that an event's topics, organisers and partners come with its own row."""

    function = "STRING_AGG"
    template = "%(function)s(CAST(%(expressions)s AS TEXT), ',')"
    output_field = CharField()

    def as_sqlite(self, compiler, connection, **extra_context):
        return super().as_sql(
            compiler, connection, function="GROUP_CONCAT", template="%(function)s(%(expressions)s, ',')"
        )


def _ids_of(through, column: str) -> Subquery:
    """A subquery: the ids of an event's many-to-many `column` ("topic_id"), joined (see JoinedIds)."""
    return Subquery(
        through.objects.filter(event_id=OuterRef("pk"))
        .order_by()
        .values("event_id")
        .annotate(ids=JoinedIds(column))
        .values("ids")[:1]
    )


def _split(ids: str | None) -> list[int]:
    return [int(i) for i in ids.split(",")] if ids else []


def _event_row(slug) -> QuerySet[Event]:
    """An event page's one query: the event, its host city, country and region by name in every
    language, the ids of its topics, organisers and partners, whether it has speakers, sessions, public
    documents and commitments, and its counted figures. Run as prepared SQL (`_EVENT`)."""
    return (
        permissions.scope_public_events(QuerySet(Event))
        .filter(slug=slug)
        .defer("search_text")
        .annotate(
            topic_ids=_ids_of(Event.topics.through, "topic_id"),
            organiser_ids=_ids_of(Event.organisers.through, "organisation_id"),
            partner_ids=_ids_of(Event.partners.through, "organisation_id"),
            has_speakers=Exists(Speaker.objects.filter(event_id=OuterRef("pk"), listed_publicly=True)),
            has_sessions=Exists(Session.objects.filter(event_id=OuterRef("pk"))),
            has_documents=Exists(EventDocument.objects.filter(event_id=OuterRef("pk"), is_public=True)),
            has_commitments=Exists(Commitment.objects.filter(event_id=OuterRef("pk"), is_public=True)),
            **figures.annotations(),
            **{f"region__{name}": F(f"region__{name}") for name in REGION_COLUMNS},
            **{f"host__{name}": F(f"host_municipality__{name}") for name in HOST_COLUMNS},
            host__country__id=F("host_municipality__country_id"),
            host__country__code=F("host_municipality__country__code"),
        )
    )


REGION_COLUMNS = ("slug", "name", *(f"name_{code}" for code in LANGUAGE_FIELDS))
HOST_COLUMNS = ("slug", "name", "country_id", *(f"name_{code}" for code in LANGUAGE_FIELDS))
_EVENT = PreparedQuery(_event_row)  # compiled once per process: compiling costs more than running it


def _read_event(slug: str) -> tuple[dict, figures.Figures] | None:
    """A public event's page facts (to cache) and its figures now (not cached), or None."""
    event = _EVENT.first(slug)
    if event is None:
        return None
    event.region = _related(event, "region__", Region, REGION_COLUMNS, event.region_id) if event.region_id else None
    if event.host_municipality_id:
        city = _related(event, "host__", Municipality, HOST_COLUMNS, event.host_municipality_id)
        city.country = _related(event, "host__country__", Country, ("code",), event.host__country__id)
        event.host_municipality = city
    topics = topic_choices()
    topic_ids = set(_split(event.topic_ids))
    organiser_ids, partner_ids = _split(event.organiser_ids), _split(event.partner_ids)
    organisations = (
        list(Organisation.objects.filter(pk__in={*organiser_ids, *partner_ids}).order_by("name", "pk"))
        if organiser_ids or partner_ids
        else []
    )
    speakers = (
        list(
            Speaker.objects.filter(event=event, listed_publicly=True)
            .select_related("person")
            .order_by("sort_order", "pk")
        )
        if event.has_speakers
        else []
    )
    sessions = list(Session.objects.filter(event=event).order_by("starts_at", "pk")) if event.has_sessions else []
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
        "topics": [topic for pk, topic in topics.items() if pk in topic_ids],
        "organisers": [o for o in organisations if o.pk in organiser_ids],
        "partners": [o for o in organisations if o.pk in partner_ids],
        "days": [{"day": day, "sessions": items} for day, items in sorted(days.items())],
        "sessions": sessions,
        "speakers": speakers,
        "documents": list(EventDocument.objects.filter(event=event, is_public=True).order_by("sort_order", "pk"))
        if event.has_documents
        else [],
        "commitments": list(
            Commitment.objects.filter(event=event, is_public=True)
            .select_related("municipality")
            .order_by("municipality__name", "pk")
        )
        if event.has_commitments
        else [],
    }
    return found, figures.figures_from(event)


def _page(slug: str) -> tuple[dict, figures.Figures | None] | None:
    """The page's facts, from the cache or read (with the figures, then)."""
    key = f"citynet:events:{registry_version()}:event:{_digest(slug)}"
    found = cache.get(key)
    if found is not None:
        return found, None
    read = _read_event(slug)
    if read is not None:
        cache.set(key, read[0], FRAGMENT_SECONDS)
    return read


def get_event(slug: str) -> dict | None:
    """A public event with everything its page shows, and its figures now; or None (a draft or no such event).

    One query for the event, its region and host city, its topics' ids (the topics themselves are
    cached), whether it has organisers or partners, speakers, sessions, public documents and
    commitments, and its figures; then one more for each of those it has (six at most). The page's
    facts are then cached for every language until the registry changes, and the figures (which every
    confirmation changes) are counted in one query at each request. A slug that is no public event is
    not cached (anyone can ask for any). Speakers are those who agreed to be listed; documents and
    commitments, the public ones. The programme is grouped by day on the event's own clock.
    """
    page = _page(slug)
    if page is None:
        return None
    found, counted = page
    return {**found, "figures": counted or figures.figures_of(found["event"])}


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
    page = _page(slug)
    if page is None:
        return None
    found = page[0]
    return {"event": found["event"], "sessions": found["sessions"]}


def feed_events(region: Region | None, *, on: datetime.date | None = None) -> list[Event]:
    """A feed's events: upcoming ones and those of the last year, known to the day, of `region` with the
    network-wide ones (or every public event), soonest first. One query, at most FEED_LIMIT rows."""
    on = on or today()
    events = public_events().filter(date_precision=DatePrecision.DAY, ends_on__gte=on - datetime.timedelta(days=366))
    if region is not None:
        events = events.filter(in_region(region.pk))
    return list(events.order_by("starts_on", "pk")[:FEED_LIMIT])

"""Peer cities: the municipalities that worked on a topic, what they did and where it is said, and whom to
contact there.

What a city did, from four sources, each read through its app's public rule:
- events (`events.permissions.scope_public_events`: never a draft) on the topic that it hosted
  (`host_municipality`) or that people from it took part in (a confirmed participation's municipality;
  only the city and the event are read, never a participant's name or anything else of theirs);
- published consultations (`advisory.permissions.scope_published_visits`) that visited it;
- published grant awards (`grants.selectors.public.public_awards`) with it as partner municipality;
- public case studies about it (`library.permissions.scope_public`, kind case study, on the topic).
Consultations and awards carry no topic (neither `advisory.Visit` nor `grants.Call` has one): they are
listed only when no topic is chosen, never under a topic they may not be about.

Whom to contact: the city's current public focal point (`network.Position`, `is_public`, role focal point,
whose term has not ended), by name and public title. Never their email or phone: the query does not even
load them (`Person.private_fields`).

Queries: a fixed number whatever the number of cities, events, participants or resources: the cities'
count and page (in the database), then one query per source for that page's cities, and one for their
contacts (`peer_cities`); three for the filters' options (`filter_options`).
"""

import datetime
from dataclasses import dataclass, field
from types import SimpleNamespace

from django.core.paginator import Page, Paginator
from django.db.models import F, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from citynet.advisory.models import Visit
from citynet.advisory.permissions import scope_published_visits
from citynet.core.i18n import LANGUAGE_FIELDS, said_date
from citynet.events.models import Event, Participation, ParticipationStatus
from citynet.events.permissions import scope_public_events
from citynet.grants.selectors.public import public_awards
from citynet.network.models import Country, Municipality, Position, PositionRole, Region, Topic

from .. import permissions
from ..models import Resource, ResourceKind
from .resources import Filters, said_published

PAGE_SIZE = 25
ACTIVITIES_PER_CITY = 12  # the newest; the rest are counted ("and 4 more")
MUNICIPALITY_FIELDS = ("id", "slug", "country", "country__code", *(f"name_{code}" for code in LANGUAGE_FIELDS))
TITLES = tuple(f"title_{code}" for code in LANGUAGE_FIELDS)


class Kind:
    """What a city did, in the order a city's list shows the kinds when dates tie."""

    HOSTED = "hosted"
    TOOK_PART = "took_part"
    CONSULTATION = "consultation"
    AWARD = "award"
    CASE_STUDY = "case_study"


def kind_label(kind: str) -> str:
    return {
        Kind.HOSTED: _("Hosted an event"),
        Kind.TOOK_PART: _("Took part in an event"),
        Kind.CONSULTATION: _("Consultation"),
        Kind.AWARD: _("Grant award (partner)"),
        Kind.CASE_STUDY: _("Case study"),
    }[kind]


@dataclass(frozen=True)
class PeerFilters:
    """The page's filters: a topic's slug, a region's slug, a country's code. Empty: any."""

    topic: str = ""
    region: str = ""
    country: str = ""

    @classmethod
    def from_query(cls, query) -> "PeerFilters":
        """From a request's query, with the library page's rules: a value that means nothing is ignored."""
        found = Filters.from_query(query)
        return cls(topic=found.topic, region=found.region, country=found.country)

    @property
    def any(self) -> bool:
        return bool(self.topic or self.region or self.country)

    @property
    def query(self) -> str:
        """The filters as a query string, for the pagination links (values are slugs and codes)."""
        pairs = (("topic", self.topic), ("region", self.region), ("country", self.country))
        return "&".join(f"{name}={value}" for name, value in pairs if value)


@dataclass
class Activity:
    """One thing a city did: `kind` (Kind) and its translated `label`, `record` (a row with the title's
    per-language columns, for `{% tr record "title" %}`, or None), `text` (a title without languages: an
    award's project), `slug` (of the page to link), `on` (a date to sort by and for `<time>`) and `date`
    (said as precisely as it is known)."""

    kind: str
    slug: str
    record: object = None
    text: str = ""
    on: datetime.date | None = None
    date: str = ""
    url: str = ""  # the view's

    @property
    def label(self) -> str:
        return kind_label(self.kind)


@dataclass
class PeerCity:
    """A city with what it did (newest first, ACTIVITIES_PER_CITY of them, `more` counted) and its public
    focal points (`contacts`: SimpleNamespaces with a person's name columns and a position's title columns,
    `role_label`; nothing else of the person)."""

    municipality: Municipality
    activities: list[Activity] = field(default_factory=list)
    more: int = 0
    contacts: list[SimpleNamespace] = field(default_factory=list)
    url: str = ""  # the view's: its profile


@dataclass
class PeerCities:
    """One page of peer cities: Django's `page` (for the pagination links) and its `cities`."""

    page: Page
    cities: list[PeerCity]
    filters: PeerFilters

    @property
    def count(self) -> int:
        return self.page.paginator.count


# --- Sources, each one query --------------------------------------------------------------------------


def _events(topic: str) -> QuerySet[Event]:
    events = scope_public_events(Event.objects.all())
    if topic:
        events = events.filter(pk__in=Event.objects.filter(topics__slug=topic).values("pk"))
    return events


def _participations(topic: str) -> QuerySet[Participation]:
    """Confirmed participations from a city in the public events on the topic (only ever read as their
    city and event)."""
    return Participation.objects.filter(
        status=ParticipationStatus.CONFIRMED, municipality__isnull=False, event__in=_events(topic)
    )


def _visit_links() -> QuerySet:
    return Visit.municipalities.through.objects.filter(visit__in=scope_published_visits(Visit.objects.all()))


def _case_study_links(topic: str) -> QuerySet:
    case_studies = permissions.scope_public(Resource.objects.all()).filter(kind=ResourceKind.CASE_STUDY)
    if topic:
        case_studies = case_studies.filter(pk__in=Resource.objects.filter(topics__slug=topic).values("pk"))
    return Resource.municipalities.through.objects.filter(resource__in=case_studies)


def worked_on(topic: str = "") -> Q:
    """Municipalities that did something on `topic` (any topic when empty), as a filter on Municipality."""
    found = Q(pk__in=_events(topic).filter(host_municipality__isnull=False).values("host_municipality_id"))
    found |= Q(pk__in=_participations(topic).values("municipality_id"))
    found |= Q(pk__in=_case_study_links(topic).values("municipality_id"))
    if not topic:  # no topic on record for these: never listed under one
        found |= Q(pk__in=_visit_links().values("municipality_id"))
        found |= Q(pk__in=public_awards().filter(partner_municipality__isnull=False).values("partner_municipality_id"))
    return found


def _titled(row: dict, prefix: str) -> SimpleNamespace:
    """A record's title columns from a `.values()` row (`event__title_en` → `title_en`)."""
    return SimpleNamespace(**{name: row[f"{prefix}{name}"] for name in TITLES})


def _activities(ids: list[int], topic: str) -> dict[int, list[Activity]]:
    """What each of the cities `ids` did on `topic`: one query per source."""
    found: dict[int, list[Activity]] = {pk: [] for pk in ids}
    hosted: dict[int, set[int]] = {pk: set() for pk in ids}

    events = _events(topic).filter(host_municipality_id__in=ids)
    for event in events.only("id", "slug", "host_municipality_id", "starts_on", "date_precision", *TITLES):
        hosted[event.host_municipality_id].add(event.pk)
        found[event.host_municipality_id].append(
            Activity(
                Kind.HOSTED,
                event.slug,
                record=event,
                on=event.starts_on,
                date=said_published(event.starts_on, event.date_precision),
            )
        )

    # One row per city and event, however many people came from it; nothing of theirs is selected.
    columns = ("municipality_id", "event_id", "event__slug", "event__starts_on", "event__date_precision")
    rows = (
        _participations(topic)
        .filter(municipality_id__in=ids)
        .values(*columns, *(f"event__{name}" for name in TITLES))
        .order_by()
        .distinct()
    )
    for row in rows:
        if row["event_id"] in hosted[row["municipality_id"]]:
            continue  # said once, as its host
        found[row["municipality_id"]].append(
            Activity(
                Kind.TOOK_PART,
                row["event__slug"],
                record=_titled(row, "event__"),
                on=row["event__starts_on"],
                date=said_published(row["event__starts_on"], row["event__date_precision"]),
            )
        )

    links = _case_study_links(topic).filter(municipality_id__in=ids)
    for row in links.values(
        "municipality_id", "resource__slug", "resource__published_on", "resource__published_precision",
        *(f"resource__{name}" for name in TITLES),
    ):  # fmt: skip
        found[row["municipality_id"]].append(
            Activity(
                Kind.CASE_STUDY,
                row["resource__slug"],
                record=_titled(row, "resource__"),
                on=row["resource__published_on"],
                date=said_published(row["resource__published_on"], row["resource__published_precision"]),
            )
        )

    if topic:
        return found

    visits = _visit_links().filter(municipality_id__in=ids)
    for row in visits.values("municipality_id", "visit__slug", "visit__starts_on", *(f"visit__{n}" for n in TITLES)):
        found[row["municipality_id"]].append(
            Activity(
                Kind.CONSULTATION,
                row["visit__slug"],
                record=_titled(row, "visit__"),
                on=row["visit__starts_on"],
                date=said_date(row["visit__starts_on"]),
            )
        )

    awards = public_awards().filter(partner_municipality_id__in=ids)
    for award in awards.values(
        "partner_municipality_id", "slug", "project_title", "recipient_name", "announced_on", "announced_year"
    ):
        on = award["announced_on"] or datetime.date(award["announced_year"], 1, 1)
        found[award["partner_municipality_id"]].append(
            Activity(
                Kind.AWARD,
                award["slug"],
                text=award["project_title"] or award["recipient_name"],
                on=on,
                date=said_date(award["announced_on"]) if award["announced_on"] else str(award["announced_year"]),
            )
        )
    return found


def _contacts(ids: list[int]) -> dict[int, list[SimpleNamespace]]:
    """The current public focal points of the cities `ids`: their names and public titles. One query, which
    reads no other column of the person (their email and phone are private)."""
    today = timezone.localdate()
    positions = (
        Position.objects.filter(is_public=True, role=PositionRole.FOCAL_POINT, municipality_id__in=ids)
        .filter(Q(ended_on__isnull=True) | Q(ended_on__gte=today))
        .select_related("person")
        .only("id", "role", "municipality_id", "person_id", *TITLES, *(f"person__name_{c}" for c in LANGUAGE_FIELDS))
        .order_by(F("started_on").desc(nulls_last=True), "person__name_en", "pk")
    )
    found: dict[int, list[SimpleNamespace]] = {pk: [] for pk in ids}
    for position in positions:
        person = position.person
        found[position.municipality_id].append(
            SimpleNamespace(
                pk=position.pk,
                role_label=str(PositionRole(position.role).label),
                has_title=any(getattr(position, name) for name in TITLES),
                person=SimpleNamespace(**{f"name_{c}": getattr(person, f"name_{c}") for c in LANGUAGE_FIELDS}),
                position=SimpleNamespace(**{name: getattr(position, name) for name in TITLES}),
            )
        )
    return found


def _newest_first(activity: Activity):
    order = (Kind.HOSTED, Kind.TOOK_PART, Kind.CONSULTATION, Kind.AWARD, Kind.CASE_STUDY)
    return (-(activity.on or datetime.date.min).toordinal(), order.index(activity.kind), activity.slug)


# --- The page ---------------------------------------------------------------------------------------------


def peer_cities(topic: str | None = None, region: str | None = None, country: str | None = None, *, page=1):
    """The municipalities that worked on `topic` (a topic's slug; any when None), in `region` (a region's
    slug) and `country` (an ISO code), by name, PAGE_SIZE a page (`page` as a request gives it: a wrong one
    gives the first or last page); for each, what it did (newest first) and its public focal points.

    Eight queries at most (the count, the page, hosted events, participations, case studies, consultations,
    awards, contacts), six with a topic, whatever the data's size. A PeerCities."""
    topic, region, country = topic or "", region or "", (country or "").upper()
    cities = Municipality.objects.filter(worked_on(topic))
    if region:
        cities = cities.filter(country__region__slug=region)
    if country:
        cities = cities.filter(country__code=country)
    # One order for every visitor (as the registry's lists), so pages never shift with the language.
    cities = cities.select_related("country").only(*MUNICIPALITY_FIELDS).order_by("name_en", "pk")
    found = Paginator(cities, PAGE_SIZE).get_page(page)
    rows = list(found.object_list)
    ids = [city.pk for city in rows]
    activities = _activities(ids, topic) if ids else {}
    contacts = _contacts(ids) if ids else {}
    peers = []
    for city in rows:
        done = sorted(activities[city.pk], key=_newest_first)
        peers.append(
            PeerCity(
                municipality=city,
                activities=done[:ACTIVITIES_PER_CITY],
                more=max(0, len(done) - ACTIVITIES_PER_CITY),
                contacts=contacts[city.pk],
            )
        )
    return PeerCities(page=found, cities=peers, filters=PeerFilters(topic=topic, region=region, country=country))


def filter_options() -> dict:
    """What the filters offer: the network's topics, its regions and the countries on record. Three queries."""
    return {
        "topics": list(Topic.objects.order_by("sort_order", "slug")),
        "regions": list(Region.objects.order_by("name", "pk")),
        "countries": list(Country.objects.order_by("code")),
    }

"""Reads of engagements, visits and meetings: the public's consultations and the staff's records.

The public sees a visit only once staff published it (`permissions.scope_published_visits`): its dates,
places, the cities visited, who was met by kind, and the approved public summaries of the meetings
staff marked public (`permissions.scope_public_meetings`). The public results are plain values built
here, never records: a meeting's notes are not even read from the database (`defer`), so no template or
serializer can show them by mistake.

Staff read their region's records whole, notes included (`permissions.scope_staff`).

Every function runs a fixed number of queries, whatever the number of visits and meetings: the cities
and the meetings come in one query each for the whole page, and are counted in Python.
"""

import datetime
from collections import Counter
from dataclasses import dataclass, field

from django.db.models import Count, Exists, F, OuterRef, Prefetch, Q, QuerySet

from citynet.core.i18n import LANGUAGE_FIELDS
from citynet.core.prepared import PreparedQuery, related
from citynet.network.models import Country, Municipality, Organisation, Person

from .. import permissions
from ..models import Engagement, Meeting, MeetingKind, Visit

PAGE_SIZE = 20
KIND_ORDER = {kind: index for index, kind in enumerate(MeetingKind.values)}


@dataclass(frozen=True)
class PublicPlace:
    pk: int
    slug: str
    name: str
    country: str  # ISO code


@dataclass(frozen=True)
class KindCount:
    kind: str
    label: str
    count: int


@dataclass(frozen=True)
class PublicMeeting:
    """A meeting as the public sees it: never its notes."""

    kind: str
    kind_label: str
    counterpart: str
    held_on: datetime.date | None
    municipality: PublicPlace | None
    public_summary: str


@dataclass(frozen=True)
class Consultation:
    """A published visit as the public sees it."""

    pk: int
    slug: str
    title: str
    starts_on: datetime.date
    ends_on: datetime.date
    time_zone: str
    places: str
    countries: list[str]
    team_note: str
    public_summary: str
    region_slug: str
    municipalities: list[PublicPlace]
    meetings_by_kind: list[KindCount]
    meetings: list[PublicMeeting] = field(default_factory=list)


def _place(city) -> PublicPlace:
    return PublicPlace(pk=city.pk, slug=city.slug, name=city.name, country=str(city.country.code))


def _by_kind(kinds: Counter) -> list[KindCount]:
    return [
        KindCount(kind=kind, label=str(MeetingKind(kind).label), count=count)
        for kind, count in sorted(kinds.items(), key=lambda item: KIND_ORDER.get(item[0], len(KIND_ORDER)))
    ]


def counterpart_label(meeting: Meeting) -> str:
    """Who was met, as published: the organisation, else the person, else the counterpart as described."""
    if meeting.organisation_id:
        return meeting.organisation.name
    if meeting.person_id:
        return meeting.person.name
    return meeting.counterpart


def _cities() -> Prefetch:
    return Prefetch("municipalities", queryset=Municipality.objects.select_related("country"), to_attr="cities")


def _public_visits() -> QuerySet[Visit]:
    return (
        permissions.scope_published_visits(Visit.objects.all())
        .select_related("engagement__region")
        .prefetch_related(_cities())
        .order_by("-starts_on", "-pk")
    )


def _public_meetings() -> QuerySet[Meeting]:
    return permissions.scope_public_meetings(Meeting.objects.all()).defer("notes")


def _consultation(
    visit: Visit, kinds: Counter, meetings: list[PublicMeeting] | None = None, cities: list | None = None
) -> Consultation:
    return Consultation(
        pk=visit.pk,
        slug=visit.slug,
        title=visit.title,
        starts_on=visit.starts_on,
        ends_on=visit.ends_on,
        time_zone=visit.time_zone,
        places=visit.places,
        countries=list(visit.countries or []),
        team_note=visit.team_note,
        public_summary=visit.public_summary or "",
        region_slug=visit.region_slug if hasattr(visit, "region_slug") else visit.engagement.region.slug,
        municipalities=sorted(
            (_place(city) for city in (visit.cities if cities is None else cities)), key=lambda place: place.name
        ),
        meetings_by_kind=_by_kind(kinds),
        meetings=meetings or [],
    )


def _cards(visits: list[Visit]) -> list[Consultation]:
    """The list's cards: the visits with their cities and their public meetings counted by kind (one query)."""
    counts: dict[int, Counter] = {visit.pk: Counter() for visit in visits}
    rows = (
        _public_meetings()
        .filter(visit_id__in=list(counts))
        .order_by()
        .values_list("visit_id", "kind")
        .annotate(n=Count("pk"))
    )
    for visit_id, kind, n in rows:
        counts[visit_id][kind] += n
    return [_consultation(visit, counts[visit.pk]) for visit in visits]


def published_consultations(region_id: int | None = None, *, limit: int = PAGE_SIZE, offset: int = 0):
    """Published visits, newest first (of one region, or all), as the public's cards (four queries)."""
    visits = _public_visits()
    if region_id is not None:
        visits = visits.filter(engagement__region_id=region_id)
    return _cards(list(visits[offset : offset + limit]))


def published_consultation_count(region_id: int | None = None) -> int:
    visits = permissions.scope_published_visits(Visit.objects.all())
    if region_id is not None:
        visits = visits.filter(engagement__region_id=region_id)
    return visits.count()


# A consultation's page is read on every visit of it, in every language: its three queries are compiled
# once per process and run as prepared statements (core/prepared.py), their rows holding every language's
# columns, so that one read serves the page in any language.
NAMES = ("name", *(f"name_{code}" for code in LANGUAGE_FIELDS))


def _visit_row(slug) -> QuerySet[Visit]:
    """The published visit by its slug, with its region's slug (its agenda is not the public's)."""
    return (
        permissions.scope_published_visits(QuerySet(Visit))
        .filter(slug=slug)
        .defer("agenda")
        .annotate(region_slug=F("engagement__region__slug"))
    )


def _visit_cities(visit_id) -> QuerySet[Municipality]:
    """The cities a visit went to: their slugs and names in every language, their countries' codes."""
    return (
        QuerySet(Municipality)
        .filter(advisory_visits=visit_id)
        .only("pk", "slug", "country_id", *NAMES)
        .annotate(country_code=F("country__code"))
        .order_by("pk")
    )


def _visit_meetings(visit_id) -> QuerySet[Meeting]:
    """A published visit's public meetings (never their notes), with the names of who was met and of the
    meeting's city in every language, in the meetings' own order."""
    return (
        permissions.scope_public_meetings(QuerySet(Meeting))
        .filter(visit_id=visit_id)
        .defer("notes")
        .annotate(
            **{f"organisation__{name}": F(f"organisation__{name}") for name in NAMES},
            **{f"person__{name}": F(f"person__{name}") for name in NAMES},
            **{f"city__{name}": F(f"municipality__{name}") for name in (*NAMES, "slug", "country_id")},
            city__country__code=F("municipality__country__code"),
        )
    )


_VISIT = PreparedQuery(_visit_row)
_VISIT_CITIES = PreparedQuery(_visit_cities, -1)
_VISIT_MEETINGS = PreparedQuery(_visit_meetings, -1)


def _city_of(row, prefix: str, pk, country_code) -> Municipality:
    city = related(row, prefix, Municipality, (*NAMES, "slug", "country_id"), pk)
    city.country = Country(pk=city.country_id, code=country_code)
    return city


def published_consultation_records(slug: str) -> tuple[Visit, list[Municipality], list[Meeting]] | None:
    """A published visit, the cities it went to and its public meetings (their counterparts and cities
    attached), each with every language's columns; None when there is no such published visit. Three
    prepared queries, none when the slug is no published visit's but the first."""
    visit = _VISIT.first(slug)
    if visit is None:
        return None
    cities = []
    for row in _VISIT_CITIES.instances(visit.pk):
        row.country = Country(pk=row.country_id, code=row.country_code)
        cities.append(row)
    meetings = _VISIT_MEETINGS.instances(visit.pk)
    for meeting in meetings:
        if meeting.organisation_id:
            meeting.organisation = related(meeting, "organisation__", Organisation, NAMES, meeting.organisation_id)
        if meeting.person_id:
            meeting.person = related(meeting, "person__", Person, NAMES, meeting.person_id)
        if meeting.municipality_id:
            meeting.municipality = _city_of(meeting, "city__", meeting.municipality_id, meeting.city__country__code)
    return visit, cities, meetings


def _page_cards(*ids):
    """The list's cards' values: what a card says (its title in every language, its days, places and
    countries), no model instance."""
    return (
        permissions.scope_published_visits(QuerySet(Visit))
        .filter(pk__in=ids)
        .values("id", "slug", "starts_on", "ends_on", "places", "countries", *(f"title_{c}" for c in LANGUAGE_FIELDS))
    )


def _page_kinds(*ids):
    return (
        permissions.scope_public_meetings(QuerySet(Meeting))
        .filter(visit_id__in=ids)
        .order_by()
        .values("visit_id", "kind")
        .annotate(n=Count("pk"))
    )


# A page of cards in two prepared queries, for exactly PAGE_SIZE ids (ids no visit has as placeholders).
_PAGE_IDS = tuple(range(-1, -PAGE_SIZE - 1, -1))
_PAGE_CARDS = PreparedQuery(_page_cards, *_PAGE_IDS)
_PAGE_KINDS = PreparedQuery(_page_kinds, *_PAGE_IDS)


def consultation_cards(pks: list[int]) -> list[dict]:
    """The list's cards of these published visits (unpublished ones left out), in this order: plain values
    with every language's title (one read serves the list in every language) and `kinds`, their public
    meetings counted by kind in the kinds' order. Two prepared queries per PAGE_SIZE ids."""
    found: dict[int, dict] = {}
    for start in range(0, len(pks), PAGE_SIZE):
        batch = pks[start : start + PAGE_SIZE]
        values = (*batch, *[batch[0]] * (PAGE_SIZE - len(batch)))
        cards = {row["id"]: row for row in _PAGE_CARDS.rows(*values)}
        kinds: dict[int, Counter] = {pk: Counter() for pk in cards}
        for row in _PAGE_KINDS.rows(*values):
            kinds[row["visit_id"]][row["kind"]] += row["n"]
        for pk, card in cards.items():
            card["pk"] = pk
            card["countries"] = list(card["countries"] or [])
            card["kinds"] = sorted(kinds[pk].items(), key=lambda item: KIND_ORDER.get(item[0], len(KIND_ORDER)))
        found.update(cards)
    return [found[pk] for pk in pks if pk in found]


def published_consultation(slug: str) -> Consultation | None:
    """One published visit with its public meetings (kind, who, day, city, public summary; never notes),
    in the active language, or None when there is no such published visit (three prepared queries)."""
    found = published_consultation_records(slug)
    if found is None:
        return None
    visit, cities, records = found
    return consultation_of(visit, cities, records)


def consultation_of(visit: Visit, cities: list[Municipality], records: list[Meeting]) -> Consultation:
    """The public's consultation, in the active language, from `published_consultation_records` (which it
    only reads: they may be shared)."""
    meetings = [
        PublicMeeting(
            kind=meeting.kind,
            kind_label=str(meeting.get_kind_display()),
            counterpart=counterpart_label(meeting),
            held_on=meeting.held_on,
            municipality=_place(meeting.municipality) if meeting.municipality_id else None,
            public_summary=meeting.public_summary or "",
        )
        for meeting in records
    ]
    return _consultation(visit, Counter(meeting.kind for meeting in meetings), meetings, cities)


def municipality_consultations(municipality_id: int, *, limit: int = PAGE_SIZE) -> list[Consultation]:
    """The published visits that visited a city or met someone there (in a public meeting), newest first."""
    met_there = _public_meetings().filter(visit_id=OuterRef("pk"), municipality_id=municipality_id)
    visited = Visit.municipalities.through.objects.filter(visit_id=OuterRef("pk"), municipality_id=municipality_id)
    visits = _public_visits().filter(Q(Exists(met_there)) | Q(Exists(visited)))
    return _cards(list(visits[:limit]))


# --- Staff ---------------------------------------------------------------------------------------------


def engagements_for(actor, *, region_id: int | None = None, status: str | None = None) -> QuerySet[Engagement]:
    """The engagements of the regions `actor` runs, with their cities, lead staff and visits counted."""
    engagements = permissions.scope_staff(Engagement.objects.all(), actor)
    if region_id is not None:
        engagements = engagements.filter(region_id=region_id)
    if status:
        engagements = engagements.filter(status=status)
    return (
        engagements.select_related("region")
        .prefetch_related("municipalities", "lead_staff")
        .annotate(visit_count=Count("visits", distinct=True))
        .order_by("-starts_on", "pk")
    )


def engagement_for_staff(actor, pk) -> Engagement | None:
    """One engagement of `actor`'s regions with its cities, lead staff and visits, or None (a 404)."""
    return (
        permissions.scope_staff(Engagement.objects.all(), actor)
        .select_related("region")
        .prefetch_related(
            "municipalities__country",
            "lead_staff",
            Prefetch("visits", queryset=Visit.objects.order_by("-starts_on", "pk")),
        )
        .filter(pk=pk)
        .first()
    )


def visits_for(
    actor,
    *,
    engagement_id: int | None = None,
    region_id: int | None = None,
    status: str | None = None,
    published: bool | None = None,
) -> QuerySet[Visit]:
    """The visits of the regions `actor` runs, newest first, with their cities and team, and their
    meetings counted (`meeting_count`)."""
    visits = permissions.scope_staff(Visit.objects.all(), actor)
    if engagement_id is not None:
        visits = visits.filter(engagement_id=engagement_id)
    if region_id is not None:
        visits = visits.filter(engagement__region_id=region_id)
    if status:
        visits = visits.filter(status=status)
    if published is not None:
        visits = visits.filter(is_published=published)
    return (
        visits.select_related("engagement__region", "published_by")
        .prefetch_related("municipalities", "team")
        .annotate(meeting_count=Count("meetings", distinct=True))
        .order_by("-starts_on", "-pk")
    )


def visit_for_staff(actor, pk) -> Visit | None:
    """One visit of `actor`'s regions, whole: its meetings with their notes, counterparts and topics,
    its cities and team; or None (a 404 for staff of another region, and for everyone else)."""
    meetings = Meeting.objects.select_related("person", "organisation", "municipality").prefetch_related("topics")
    return (
        permissions.scope_staff(Visit.objects.all(), actor)
        .select_related("engagement__region", "published_by")
        .prefetch_related("municipalities", "team", Prefetch("meetings", queryset=meetings))
        .filter(pk=pk)
        .first()
    )

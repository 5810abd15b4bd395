"""What people read of the library: its page with filters, a resource's page, the region hub's section, a
city's case studies, the review queue, a focal point's proposals, and which file a download serves.

Every read goes through permissions.py (`scope_readable`, `scope_public`, `can_view`, `can_download`,
`scope_review_queue`, `scope_proposals_of`): the public never gets a members-only, staff-only or
embargoed resource, a draft or a proposal. Each function makes a fixed number of queries, whatever the
number of resources, versions or links: lists read their page of resources, then the languages of those
resources in one more query; a resource's page reads its links once each.

Texts are said in the active language (`core.i18n.current_language`): titles and summaries are resolved
(`core.i18n.Resolved`: the text, the language it came from, whether it is a fallback to mark), kinds and
access levels are labelled, dates said as precisely as they are known ("2016", "January 2016",
"12 September 2017"). Cards also carry every language's title and summary columns, so the `{% tr %}`
tags work on them as on a record.

A region's resources are those concerning it (through their regions, countries or municipalities, the
rule permissions.py edits by) and the network-wide ones (concerning no place), as a region's events are
its own and the network-wide ones.
"""

import datetime
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import SimpleNamespace

from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist
from django.core.paginator import Page, Paginator
from django.db.models import Exists, F, OuterRef, Prefetch, Q, QuerySet, prefetch_related_objects
from django.utils.formats import date_format

from citynet.core.i18n import LANGUAGE_FIELDS, Resolved, chain, current_language, said_date, translated
from citynet.events.models import Event
from citynet.events.permissions import scope_public_events
from citynet.grants.models import Call
from citynet.grants.permissions import scope_public_calls
from citynet.network.models import Country, DatePrecision, Municipality, Region, Topic

from .. import permissions
from ..models import (
    Access,
    CaseStudy,
    Resource,
    ResourceKind,
    ResourceOrganisation,
    ResourceStatus,
    ResourceVersion,
    WorkStream,
)

PAGE_SIZE = 20
HUB_LIMIT = 6  # the region hub's section
MUNICIPALITY_LIMIT = 50  # a city's case studies on its profile
LANGUAGE_CODES = [code for code, _name in settings.LANGUAGES]
LANGUAGE_ORDER = {code: n for n, code in enumerate(LANGUAGE_CODES)}

# What a card reads of a resource (never its search text, nor who proposed it).
CARD_FIELDS = (
    "id",
    "slug",
    "kind",
    "access",
    "status",
    "is_demo",
    "published_on",
    "published_precision",
    "embargo_until",
    "external_url",
    *(f"title_{code}" for code in LANGUAGE_FIELDS),
    *(f"summary_{code}" for code in LANGUAGE_FIELDS),
)
PLAIN = re.compile(r"^[-a-zA-Z0-9_]*$")
NEWEST_FIRST = (F("published_on").desc(nulls_last=True), "-pk")


# --- Saying things ---------------------------------------------------------------------------------------


def said_published(on: datetime.date | None, precision: str) -> str:
    """A publication date as precisely as it is known: "2016", "January 2016" or "12 September 2017"."""
    if on is None:
        return ""
    if precision == DatePrecision.YEAR:
        return str(on.year)
    if precision == DatePrecision.MONTH:
        return date_format(on, "YEAR_MONTH_FORMAT")
    return said_date(on)


def in_language_order(codes) -> list[str]:
    """Language codes in the site's order (Arabic, English, Albanian, Macedonian, Serbian, ...)."""
    return sorted(set(codes), key=lambda code: LANGUAGE_ORDER.get(code, len(LANGUAGE_ORDER)))


class Card:
    """A resource as a list shows it: its values, every language's title and summary columns (for
    `{% tr %}`), and in the active language its `title` and `summary` (Resolved, or None), `kind_label`,
    `access_label` and `date`; `languages`: the codes of the versions it has, in the site's order."""

    def __init__(self, resource: Resource, language: str):
        for name in CARD_FIELDS:
            setattr(self, name, getattr(resource, name))
        self.pk = resource.pk
        self.title = translated(resource, "title", language)
        self.summary = translated(resource, "summary", language)
        self.kind_label = str(ResourceKind(resource.kind).label)
        self.access_label = str(Access(resource.access).label)
        self.date = said_published(resource.published_on, resource.published_precision)
        self.year = resource.published_on.year if resource.published_on else None
        self.languages = in_language_order(v.language for v in getattr(resource, "language_rows", ()))

    @property
    def is_public(self) -> bool:
        return self.access == Access.PUBLIC

    def __repr__(self) -> str:
        return f"<Card {self.slug}>"


def card_rows(resources: QuerySet[Resource]) -> QuerySet[Resource]:
    """A list's resources with what their cards show: the card's columns, and (one more query) the
    languages of their versions."""
    languages = ResourceVersion.objects.only("id", "resource_id", "language").order_by()
    return resources.only(*CARD_FIELDS).prefetch_related(Prefetch("versions", languages, to_attr="language_rows"))


def cards(resources, language: str | None = None) -> list[Card]:
    language = language or current_language()
    return [Card(resource, language) for resource in resources]


# --- Filters -------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Filters:
    """The library page's filters: a kind, a work stream's, topic's or region's slug, a country's code,
    a language code (the resource has a version in it), a year of publication. Empty: any."""

    kind: str = ""
    work_stream: str = ""
    topic: str = ""
    region: str = ""
    country: str = ""
    language: str = ""
    year: int | None = None

    @classmethod
    def from_query(cls, query: Mapping) -> "Filters":
        """Filters from a request's query (`request.GET`): values that mean nothing are ignored, never an
        error (a stale or edited link shows the whole library rather than a failure)."""

        def text(name: str, limit: int = 160) -> str:
            """A slug, a code or a number; anything else (markup, a NUL the database would refuse) is none."""
            value = query.get(name) or ""
            value = value.strip() if isinstance(value, str) else ""
            return value if len(value) <= limit and PLAIN.match(value) else ""

        kind = text("kind")
        country = text("country", 2)
        language = text("language").lower()
        try:
            year = int(text("year", 4))
        except ValueError:
            year = None
        return cls(
            kind=kind if kind in ResourceKind.values else "",
            work_stream=text("work_stream"),
            topic=text("topic"),
            region=text("region"),
            country=country.upper() if len(country) == 2 else "",  # "atlantis" is no country, nor "AT"
            language=language if language in LANGUAGE_ORDER else "",
            year=year if year and 1900 <= year <= 2200 else None,
        )

    @property
    def any(self) -> bool:
        return any((self.kind, self.work_stream, self.topic, self.region, self.country, self.language, self.year))


def _placed() -> Q:
    """Resources concerning some place (a region, country or municipality)."""
    links = (Resource.regions.through, Resource.countries.through, Resource.municipalities.through)
    found = Q()
    for through in links:
        found |= Exists(through.objects.filter(resource_id=OuterRef("pk")))
    return found


def in_region(*, region_id: int | None = None, slug: str = "") -> Q:
    """Resources concerning a region (by id or slug), and the network-wide ones."""
    where = (
        Q(regions__pk=region_id) | Q(countries__region_id=region_id) | Q(municipalities__country__region_id=region_id)
        if region_id is not None
        else Q(regions__slug=slug) | Q(countries__region__slug=slug) | Q(municipalities__country__region__slug=slug)
    )
    # pk__in: the joins through three links would repeat a resource once per link otherwise.
    return Q(pk__in=Resource.objects.filter(where).values("pk")) | ~_placed()


def readable_resources(actor, filters: Filters) -> QuerySet[Resource]:
    """The published resources `actor` may read (`permissions.scope_readable`), matching `filters`, newest
    first (undated ones last): the library's page and the API's list."""
    return _filtered(permissions.scope_readable(Resource.objects.all(), actor), filters).order_by(*NEWEST_FIRST)


def _filtered(resources: QuerySet[Resource], filters: Filters) -> QuerySet[Resource]:
    if filters.kind:
        resources = resources.filter(kind=filters.kind)
    if filters.work_stream:
        resources = resources.filter(
            pk__in=Resource.objects.filter(work_streams__slug=filters.work_stream).values("pk")
        )
    if filters.topic:
        resources = resources.filter(pk__in=Resource.objects.filter(topics__slug=filters.topic).values("pk"))
    if filters.region:
        resources = resources.filter(in_region(slug=filters.region))
    if filters.country:
        in_country = Q(countries__code=filters.country) | Q(municipalities__country__code=filters.country)
        resources = resources.filter(pk__in=Resource.objects.filter(in_country).values("pk"))
    if filters.language:
        resources = resources.filter(
            Exists(ResourceVersion.objects.filter(resource_id=OuterRef("pk"), language=filters.language))
        )
    if filters.year:
        resources = resources.filter(published_on__year=filters.year)
    return resources


# --- The library page ------------------------------------------------------------------------------------


@dataclass
class LibraryPage:
    """One page of the library: `page` (Django's Page, for the pagination links) and its `cards`."""

    page: Page
    cards: list[Card]
    filters: Filters

    @property
    def count(self) -> int:
        return self.page.paginator.count


def library_page(actor, filters: Filters, page_number=1) -> LibraryPage:
    """The published resources `actor` may read, matching `filters`, newest first (undated ones last),
    PAGE_SIZE a page. `page_number` as given by a request: a wrong one gives the first or last page.

    Three queries (the count, the page, its languages) besides the actor's roles."""
    paginator = Paginator(card_rows(readable_resources(actor, filters)), PAGE_SIZE)
    page = paginator.get_page(page_number)
    return LibraryPage(page=page, cards=cards(page.object_list), filters=filters)


def filter_options(actor) -> dict:
    """What the library's filters offer: kinds, work streams, the topics and countries of resources the
    actor may read, regions, languages and the years with resources. Five queries."""
    readable = permissions.scope_readable(Resource.objects.all(), actor)
    return {
        "kinds": [(value, str(label)) for value, label in ResourceKind.choices],
        "work_streams": list(WorkStream.objects.all()),
        "topics": list(Topic.objects.filter(resources__in=readable).distinct().order_by("sort_order", "slug")),
        "regions": list(Region.objects.order_by("name", "pk")),
        "countries": list(
            Country.objects.filter(Q(resources__in=readable) | Q(municipalities__resources__in=readable)).distinct()
        ),
        "languages": LANGUAGE_CODES,
        "years": sorted({d.year for d in readable.dates("published_on", "year")}, reverse=True),
    }


# --- A resource's page -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Contact:
    """Whom to contact about a case study: a public position's person and title, never their private
    email or phone (network.Person.private_fields). Carries the per-language columns for `{% tr %}`."""

    person: SimpleNamespace
    position: SimpleNamespace
    role_label: str
    municipality: Municipality | None


def _contact(case_study: CaseStudy | None) -> Contact | None:
    position = case_study.contact if case_study is not None else None
    if position is None or not position.is_public:
        return None
    person = SimpleNamespace(
        pk=position.person.pk,
        name=position.person.name,
        **{f"name_{code}": getattr(position.person, f"name_{code}") for code in LANGUAGE_FIELDS},
    )
    shown = SimpleNamespace(
        pk=position.pk,
        role=position.role,
        title=position.title,
        **{f"title_{code}": getattr(position, f"title_{code}") for code in LANGUAGE_FIELDS},
    )
    return Contact(
        person=person,
        position=shown,
        role_label=str(position.get_role_display()),
        municipality=position.municipality,
    )


CASE_STUDY_SECTIONS = ("context", "challenge", "approach", "results", "lessons")


@dataclass
class ResourcePage:
    """A resource's page. `version`: the one in the visitor's language, or None; then `languages` are
    those it exists in and `suggested` the nearest by the visitor's fallback chain (else the first), for
    "not available in your language: read it in ...". Versions carry no extracted text (it can be
    millions of characters; search reads it). `case_study_sections`: (name, label, Resolved) of the
    sections that have text. Events are public ones (published or cancelled), calls those the grants
    app publishes."""

    resource: Resource
    language: str
    title: Resolved | None
    summary: Resolved | None
    kind_label: str
    access_label: str
    date: str
    versions: list[ResourceVersion]
    version: ResourceVersion | None
    suggested: ResourceVersion | None
    languages: list[str]
    organisations: list[ResourceOrganisation]
    topics: list
    work_streams: list[WorkStream]
    regions: list[Region]
    countries: list[Country]
    municipalities: list[Municipality]
    case_study: CaseStudy | None
    case_study_sections: list[tuple[str, str, Resolved]] = field(default_factory=list)
    contact: Contact | None = None
    events: list[Event] = field(default_factory=list)
    calls: list[Call] = field(default_factory=list)

    @property
    def is_published(self) -> bool:
        return self.resource.status == ResourceStatus.PUBLISHED


def _version_rows() -> QuerySet[ResourceVersion]:
    return ResourceVersion.objects.defer("extracted_text").order_by()


def pick_version(versions: list[ResourceVersion], language: str):
    """(the version in `language` or None, the nearest other by `language`'s fallback chain or None)."""
    by_language = {v.language: v for v in versions}
    own = by_language.get(language)
    if own is not None:
        return own, None
    for code, _script in chain(language)[1:]:
        if code in by_language:
            return None, by_language[code]
    ordered = sorted(versions, key=lambda v: LANGUAGE_ORDER.get(v.language, len(LANGUAGE_ORDER)))
    return None, (ordered[0] if ordered else None)


def resource_page(actor, slug: str) -> ResourcePage | None:
    """The resource `slug` with everything its page shows, if `actor` may read it (permissions.can_view:
    its editors and proposer see it unpublished too); None otherwise or when there is none.

    Eleven queries at most (the resource with its case study and contact, then its versions,
    organisations, topics, work streams, regions, countries, municipalities, events and calls), and
    the actor's roles."""
    resource = (
        Resource.objects.filter(slug=slug)
        .defer("search_text")
        .select_related("case_study__contact__person", "case_study__contact__municipality")
        .first()
    )
    if resource is None or not permissions.can_view(actor, resource):
        return None
    prefetch_related_objects(
        [resource],
        Prefetch("versions", _version_rows(), to_attr="version_rows"),
        Prefetch(
            "organisations",
            ResourceOrganisation.objects.select_related("organisation").order_by("sort_order", "pk"),
            to_attr="organisation_rows",
        ),
        Prefetch("topics", Topic.objects.order_by("sort_order", "slug"), to_attr="topic_rows"),
        Prefetch("work_streams", WorkStream.objects.order_by("sort_order", "slug"), to_attr="work_stream_rows"),
        Prefetch("regions", Region.objects.order_by("name", "pk"), to_attr="region_rows"),
        Prefetch("countries", Country.objects.order_by("code"), to_attr="country_rows"),
        Prefetch(
            "municipalities",
            Municipality.objects.select_related("country").defer("search_text").order_by("name", "pk"),
            to_attr="municipality_rows",
        ),
        Prefetch(
            "events",
            scope_public_events(Event.objects.defer("search_text")).order_by("-starts_on", "pk"),
            to_attr="event_rows",
        ),
        Prefetch(
            "calls",
            scope_public_calls(Call.objects.select_related("region")).order_by("-opens_at", "pk"),
            to_attr="call_rows",
        ),
    )
    language = current_language()
    versions = sorted(resource.version_rows, key=lambda v: LANGUAGE_ORDER.get(v.language, len(LANGUAGE_ORDER)))
    for version in versions:
        version.resource = resource
    own, suggested = pick_version(versions, language)
    try:
        case_study = resource.case_study
    except ObjectDoesNotExist:
        case_study = None
    sections = []
    if case_study is not None:
        for name in CASE_STUDY_SECTIONS:
            resolved = translated(case_study, name, language)
            if resolved is not None:
                sections.append((name, str(CaseStudy._meta.get_field(name).verbose_name), resolved))
    return ResourcePage(
        resource=resource,
        language=language,
        title=translated(resource, "title", language),
        summary=translated(resource, "summary", language),
        kind_label=str(ResourceKind(resource.kind).label),
        access_label=str(Access(resource.access).label),
        date=said_published(resource.published_on, resource.published_precision),
        versions=versions,
        version=own,
        suggested=suggested,
        languages=[v.language for v in versions],
        organisations=resource.organisation_rows,
        topics=resource.topic_rows,
        work_streams=resource.work_stream_rows,
        regions=resource.region_rows,
        countries=resource.country_rows,
        municipalities=resource.municipality_rows,
        case_study=case_study,
        case_study_sections=sections,
        contact=_contact(case_study),
        events=resource.event_rows,
        calls=resource.call_rows,
    )


# --- The hub, a city's profile ------------------------------------------------------------------------------


def region_resources(region: Region, limit: int = HUB_LIMIT) -> list[Card]:
    """The region hub's section: the newest public resources concerning `region` and the network-wide
    ones (the same for every visitor). Two queries."""
    resources = permissions.scope_public(Resource.objects.all()).filter(in_region(region_id=region.pk))
    return cards(card_rows(resources.order_by(*NEWEST_FIRST))[:limit])


def municipality_case_studies(
    municipality: Municipality, limit: int = MUNICIPALITY_LIMIT, *, with_languages: bool = True
) -> list[Card]:
    """The public case studies about `municipality`, newest first, for its profile. Two queries; one
    `with_languages=False` (the cards then do not say the languages they exist in)."""
    about = Resource.objects.filter(municipalities=municipality).values("pk")
    resources = permissions.scope_public(Resource.objects.all()).filter(kind=ResourceKind.CASE_STUDY, pk__in=about)
    rows = card_rows(resources) if with_languages else resources.only(*CARD_FIELDS)
    return cards(rows.order_by(*NEWEST_FIRST)[:limit])


# --- Moderation ------------------------------------------------------------------------------------------


def review_queue(actor) -> QuerySet[Resource]:
    """The proposed case studies awaiting `actor`'s review (none for who reviews nothing), the longest
    waiting first, with their proposer and cities (a page of them: three queries)."""
    return (
        permissions.scope_review_queue(Resource.objects.all(), actor)
        .defer("search_text")
        .select_related("proposed_by")
        .prefetch_related(Prefetch("municipalities", Municipality.objects.defer("search_text").order_by("name")))
        .order_by("updated_at", "pk")
    )


def proposals_of(actor) -> QuerySet[Resource]:
    """The case studies `actor` proposed, whatever their status (a returned one shows its note), the
    latest changed first, with their cities (a page of them: two queries)."""
    return (
        permissions.scope_proposals_of(Resource.objects.all(), actor)
        .defer("search_text")
        .prefetch_related(Prefetch("municipalities", Municipality.objects.defer("search_text").order_by("name")))
        .order_by("-updated_at", "-pk")
    )


# --- Downloads --------------------------------------------------------------------------------------------


def version_for_download(actor, resource_slug: str, language: str) -> ResourceVersion | None:
    """The language version whose file (or cover) `actor` may download (permissions.can_download), with
    its resource; None when the resource is not theirs to read, or has no file in that language. Two
    queries and the actor's roles."""
    resource = Resource.objects.filter(slug=resource_slug).defer("search_text").first()
    if resource is None or not permissions.can_download(actor, resource):
        return None
    version = (
        ResourceVersion.objects.filter(resource=resource, language=language)
        .exclude(file="")
        .defer("extracted_text")
        .first()
    )
    if version is not None:
        version.resource = resource
    return version


# --- What came from an event or a grant call ------------------------------------------------------------


def resources_from(*, event_id: int | None = None, call_id: int | None = None) -> list[dict]:
    """The public resources that came from an event or a grant call (its report, the case studies it led
    to), newest first, as plain values with every language's title: for the event's, call's and award's
    pages. Kept until the public catalogue changes (the search index's version: any resource's change
    is indexed again on commit), so a page pays one cache read and, on a miss, one query."""
    from citynet.core.cache import remembered, version_of
    from citynet.search.services import VERSION_NAME as CATALOGUE_VERSION

    def compute() -> list[dict]:
        resources = permissions.scope_public(Resource.objects.all())
        resources = resources.filter(events=event_id) if event_id else resources.filter(calls=call_id)
        fields = ["slug", "kind", *(f"title_{code}" for code in LANGUAGE_FIELDS)]
        return [
            {"slug": row["slug"], "kind": row["kind"], "titles": {c: row[f"title_{f}"] for c, f in _TITLE_COLUMNS}}
            for row in resources.order_by(*NEWEST_FIRST).values(*fields)[:FROM_LIMIT]
        ]

    key = (
        f"citynet:library-from:{version_of(CATALOGUE_VERSION)}:{'event' if event_id else 'call'}:{event_id or call_id}"
    )
    return remembered(key, compute)


FROM_LIMIT = 20
_TITLE_COLUMNS = [(code, code.replace("-", "_")) for code in LANGUAGE_CODES]

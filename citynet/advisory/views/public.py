"""The published consultations: the list, a consultation's page (what the public may know of a visit), and
the reads the hub shows of them (a region's latest consultations, a municipality's consultations and its
action plan's public part).

Everything here is what staff published (`permissions.scope_published_visits`, `scope_public_meetings`,
`scope_public_plans`), read through the selectors (selectors/visits.py, selectors/plans.py), which never
read a meeting's notes, an assessment or a draft plan. It is the same for every visitor, so it is kept
per registry version and language (advisory's apps.py bumps the version when a visit, a meeting or a plan
changes): a warm page costs no query of its own.
"""

import re
from dataclasses import dataclass
from types import SimpleNamespace

from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render
from django.urls import NoReverseMatch, path, reverse
from django.views.decorators.http import require_GET

from citynet.core.cache import registry_version, remembered
from citynet.core.i18n import LANGUAGE_FIELDS, current_language
from citynet.core.links import link_to
from citynet.events.templatetags.event_tags import country_name
from citynet.network.models import Region

from .. import permissions
from ..models import Action, ActionStatus, Assessment, Plan, Visit
from ..said import days
from ..selectors import visits as selectors

SLUG = re.compile(r"^[-a-zA-Z0-9_]{1,120}$")
COUNTRY = re.compile(r"^[A-Za-z]{2}$")
YEAR = re.compile(r"^\d{4}$")
PAGE_SIZE = selectors.PAGE_SIZE
HUB_LATEST = 5
MUNICIPALITY_LATEST = 10
MISSING = False  # cached for a slug that is not a published consultation (None would mean "not cached")


def _key(name: str, *, per_language: bool = True) -> str:
    language = current_language() if per_language else "-"
    return f"citynet:advisory:{registry_version()}:{language}:{name}"


def _texts(record, *fields: str) -> SimpleNamespace:
    """A record's translated `fields` in every language, as plain values for `{% tr %}` (which marks a
    fallback): cached, they unpickle fast."""
    return SimpleNamespace(
        **{
            f"{field}_{code}": getattr(record, f"{field}_{code}", "") or ""
            for field in fields
            for code in LANGUAGE_FIELDS
        }
    )


def shown(consultation) -> SimpleNamespace:
    """A consultation with what the page says of it in the visitor's language: its days, its countries' names."""
    return SimpleNamespace(
        c=consultation,
        days=days(consultation.starts_on, consultation.ends_on),
        countries=[country_name(code) for code in consultation.countries],
    )


def _columns(*fields: str) -> list[str]:
    return [f"{field}_{code}" for field in fields for code in LANGUAGE_FIELDS]


# --- What the list reads --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Indexed:
    """A published visit as the list filters it: no text, only what a filter compares."""

    pk: int
    region: str
    year: int
    countries: frozenset


@dataclass(frozen=True)
class Index:
    """Every published visit, newest first, and what the filters offer: the regions, countries and years
    the visits have."""

    visits: list[Indexed]
    regions: frozenset
    countries: list[str]  # ISO codes, sorted
    years: list[int]  # newest first


def index() -> Index:
    """The published visits with their region, year and countries (those it lists and those of the cities it
    visited): one query and its prefetch, kept per registry version for every language."""

    def compute():
        visits = (
            permissions.scope_published_visits(Visit.objects.all())
            .select_related("engagement__region")
            .prefetch_related("municipalities__country")
            .only("pk", "starts_on", "countries", "engagement__region__slug")
            .order_by("-starts_on", "-pk")
        )
        indexed = [
            Indexed(
                pk=visit.pk,
                region=visit.engagement.region.slug,
                year=visit.starts_on.year,
                countries=frozenset(
                    {str(code).upper() for code in visit.countries or []}
                    | {str(city.country.code) for city in visit.municipalities.all()}
                ),
            )
            for visit in visits
        ]
        return Index(
            visits=indexed,
            regions=frozenset(visit.region for visit in indexed),
            countries=sorted(set().union(*(visit.countries for visit in indexed))),
            years=sorted({visit.year for visit in indexed}, reverse=True),
        )

    return remembered(_key("index", per_language=False), compute)


def regions() -> list[SimpleNamespace]:
    """Every region (slug, names in every language) for the filter and the list's headings: one query, kept."""
    return remembered(
        _key("regions", per_language=False),
        lambda: [
            SimpleNamespace(pk=r.pk, slug=r.slug, **{f"name_{c}": getattr(r, f"name_{c}") for c in LANGUAGE_FIELDS})
            for r in Region.objects.order_by("name", "pk")
        ],
    )


@dataclass(frozen=True)
class Filters:
    region: str = ""
    country: str = ""
    year: int | None = None

    def query(self) -> str:
        pairs = (("region", self.region), ("country", self.country), ("year", self.year or ""))
        return "&".join(f"{name}={value}" for name, value in pairs if value)


def filters_of(request, published: Index) -> Filters:
    """The list's filters from the query string: a region, a country and a year among the published
    consultations'; anything else is ignored (never an error)."""
    region = request.GET.get("region", "")
    country = request.GET.get("country", "").upper()
    year = request.GET.get("year", "")
    return Filters(
        region=region if SLUG.match(region) and region in published.regions else "",
        country=country if COUNTRY.match(country) and country in published.countries else "",
        year=int(year) if YEAR.match(year) and int(year) in published.years else None,
    )


def matching(published: Index, filters: Filters) -> list[int]:
    """The ids of the published visits these filters keep, newest first: kept per filters (with the index)."""

    def compute():
        return [
            visit.pk
            for visit in published.visits
            if (not filters.region or visit.region == filters.region)
            and (not filters.country or filters.country in visit.countries)
            and (not filters.year or visit.year == filters.year)
        ]

    return remembered(_key(f"ids:{filters.query()}", per_language=False), compute)


def cards(pks: list[int]) -> list[dict]:
    """The cards of these published visits, in this order (two queries): their values hold every language's
    title, so they are kept once for every language."""
    if not pks:
        return []
    return remembered(
        _key("cards:" + ",".join(map(str, pks)), per_language=False), lambda: selectors.consultation_cards(pks)
    )


# --- The pages ------------------------------------------------------------------------------------------


@require_GET
def consultation_list(request):
    """Published consultations, newest first, by region, country and year, a page at a time."""
    published = index()
    filters = filters_of(request, published)
    page = Paginator(matching(published, filters), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "advisory/public/consultation_list.html",
        {
            "filters": filters,
            "query": filters.query(),
            "page": page,
            "consultations": cards(list(page.object_list)),
            "regions": [r for r in regions() if r.slug in published.regions],
            "countries": [(code, country_name(code)) for code in published.countries],
            "years": published.years,
        },
    )


def consultation_page(slug: str) -> dict | None:
    """What a consultation's page shows: the selector's public consultation in the visitor's language, its
    texts in every language (the page marks a fallback), its cities and its public meetings with their
    summaries in every language and their cities' links. None for a slug that is no published consultation.

    Its records (three prepared queries, every language's columns in each row) are kept once for every
    language, per registry version: the page in its seven languages reads the database once."""
    if not SLUG.match(slug):
        return None
    found = remembered(
        _key(f"consultation:{slug}", per_language=False),
        lambda: selectors.published_consultation_records(slug) or MISSING,
    )
    if not found:
        return None
    visit, cities, records = found  # shared by this process's requests: read, never changed
    consultation = selectors.consultation_of(visit, cities, records)
    # A city's profile in this language: reversed once, not once per city and meeting.
    profile = link_to("hub:municipality-detail")

    def url_of(place) -> str:
        return profile(place.slug) if place else ""

    return {
        "consultation": consultation,
        "texts": _texts(visit, "title", "public_summary"),
        "cities": [(place, url_of(place)) for place in consultation.municipalities],
        "meetings": [
            (meeting, _texts(record, "public_summary"), url_of(meeting.municipality))
            for meeting, record in zip(consultation.meetings, records, strict=True)
        ],
    }


@require_GET
def consultation_detail(request, slug):
    """A published consultation: when (its local days), where, the cities visited, who was met by kind,
    and the approved public summaries. A draft or unknown slug is a 404, for staff too (they see drafts
    in the admin)."""
    found = consultation_page(slug)
    if found is None:
        raise Http404
    region = next((r for r in regions() if r.slug == found["consultation"].region_slug), None)
    return render(
        request,
        "advisory/public/consultation_detail.html",
        {**found, "shown": shown(found["consultation"]), "region": region},
    )


# --- The hub ------------------------------------------------------------------------------------------


def region_consultations(region_id: int) -> list[selectors.Consultation]:
    """The region hub's section: its latest published consultations (four queries, kept)."""
    return remembered(
        _key(f"region:{region_id}"),
        lambda: selectors.published_consultations(region_id, limit=HUB_LATEST),
    )


def _public_plan(municipality_id: int) -> SimpleNamespace | None:
    """The city's plan as `selectors.plans.public_plan` chooses it (adopted or closed, and shared: the latest),
    with its title, public summary and actions' titles in every language, and its actions' status and
    percent: nothing else of the plan is read. Two queries."""
    plan = (
        permissions.scope_public_plans(Plan.objects.filter(municipality_id=municipality_id))
        .order_by("-starts_on", "-pk")
        .only("pk", "status", "share_publicly", *_columns("title", "public_summary"))
        .first()
    )
    if plan is None or not permissions.is_plan_public(plan):
        return None
    actions = Action.objects.filter(plan=plan).order_by("sort_order", "due_on", "pk")
    return SimpleNamespace(
        **vars(_texts(plan, "title", "public_summary")),
        actions=[
            SimpleNamespace(
                status=action.status,
                status_label=ActionStatus(action.status).label,  # lazy: said in the visitor's language
                percent=action.percent,
                **vars(_texts(action, "title")),
            )
            for action in actions.only("pk", "plan_id", "status", "percent", *_columns("title"))
        ],
    )


def municipality_advisory(municipality_id: int) -> dict:
    """A municipality profile's section: its published consultations (`selectors.visits`), and its action
    plan's public part where the city agreed to share it. Texts in every language, so the city's profile in
    its seven languages reads the database once (two queries for a city with neither, five at most), kept
    per registry version."""

    def compute():
        consultations = selectors.municipality_consultations(municipality_id, limit=MUNICIPALITY_LATEST)
        titles = {}
        if consultations:
            visits = Visit.objects.filter(pk__in=[c.pk for c in consultations]).only("pk", *_columns("title"))
            titles = {visit.pk: _texts(visit, "title") for visit in visits}
        return {
            "consultations": [
                SimpleNamespace(slug=c.slug, starts_on=c.starts_on, ends_on=c.ends_on, **vars(titles[c.pk]))
                for c in consultations
                if c.pk in titles
            ],
            "plan": _public_plan(municipality_id),
        }

    return remembered(_key(f"municipality:{municipality_id}", per_language=False), compute)


def advisory_work_url(user, municipality) -> str | None:
    """The city's own advisory pages (`advisory:city`), for those who may see its assessments and plans:
    the region's staff and the city's focal point; None for everyone else (and while the page is not there).
    Asked per visitor, outside the cached section; no query for an anonymous visitor."""
    if not user.is_authenticated:
        return None
    if not permissions.can_view(user, Assessment(municipality=municipality)):
        return None
    try:
        return reverse("advisory:city", args=[municipality.slug])
    except NoReverseMatch:
        return None


urlpatterns = [
    path("consultations/", consultation_list, name="consultations"),
    path("consultations/<slug:slug>/", consultation_detail, name="consultation"),
]

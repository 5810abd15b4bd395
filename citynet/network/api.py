"""The public registry API: regions, countries, municipalities, organisations. Read-only, for everyone.

Views parse input and call the registry's selectors; every list runs a fixed number of queries
(a count, a page, and one per prefetched relation), whatever the size of the registry. The
municipality and organisation lists, the busiest, are written straight from rows (`paginate_rows`).
"""

import functools
import hashlib
import json
from functools import partial, wraps
from typing import Annotated

from django.core.cache import cache
from django.db.models import Count, Prefetch
from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django_countries import countries
from ninja import Query, Router
from ninja.decorators import decorate_view
from ninja.pagination import make_response_paginated, paginate
from ninja.renderers import JSONRenderer
from ninja.utils import contribute_operation_args, contribute_operation_callback

from citynet.core.api import (
    WRITE_METHODS,
    BoundedPagination,
    RegionFilter,
    known_region,
    refuse_collection,
    refuse_slug,
    refused,
)
from citynet.core.cache import FRAGMENT_SECONDS, cache_public_response, registry_version
from citynet.core.exceptions import InvalidInput, NotFound
from citynet.core.i18n import current_language, resolve

from . import selectors
from .models import Country, Membership, MembershipStatus, Municipality, Organisation, Partnership, Region
from .schemas import (
    LANGUAGE_CODES,
    CountryOut,
    ErrorOut,
    Kind,
    MunicipalityDetailOut,
    MunicipalityOut,
    OrganisationDetailOut,
    OrganisationOut,
    RegionOut,
    Status,
)

router = Router(tags=["registry"], by_alias=True)

CountryFilter = Annotated[str | None, Query(max_length=2, description="ISO 3166-1 alpha-2, e.g. AL; XK for Kosovo.")]
StatusFilter = Annotated[Status | None, Query(description="Membership status today.")]
KindFilter = Annotated[Kind | None, Query(description="What kind of organisation.")]
SearchQuery = Annotated[
    str | None, Query(max_length=200, description="Any spelling, in any script: Durres, Гњилане, غيلان.")
]


class Pagination(BoundedPagination):
    """ninja's limit/offset pages, with the offset bounded too (ninja leaves it unbounded).

    Two things keep a page cheap however far into a big list it is (the benchmark walks thousands of
    different pages of 50,000 municipalities): the page's ids are found first and only its rows are
    loaded with their annotations (rows skipped by an OFFSET are otherwise computed in full, membership
    subqueries included), and the count of a list (its path and filters, without limit and offset) is
    kept in the cache under the registry version, so turning pages does not count the list again.
    """

    def paginate_queryset(self, queryset, pagination, request, **params):
        offset, limit = pagination.offset, min(pagination.limit, self.max_limit)
        ids = list(queryset.values_list("pk", flat=True)[offset : offset + limit])
        rows = {row.pk: row for row in queryset.filter(pk__in=ids)} if ids else {}
        return {self.items_attribute: [rows[pk] for pk in ids if pk in rows], "count": self._count(queryset, request)}

    def _count(self, queryset, request) -> int:
        filters = sorted((k, v) for k, v in request.GET.lists() if k not in ("limit", "offset"))
        raw = json.dumps([request.path, filters, str(timezone.localdate())])
        key = f"citynet:api-count:{registry_version()}:{hashlib.sha256(raw.encode()).hexdigest()}"
        count = cache.get(key)
        if count is None:
            count = queryset.count()
            cache.set(key, count, FRAGMENT_SECONDS)
        return count


# What NinjaAPI answers with by default (config/api.py sets no other renderer).
RENDERER = JSONRenderer()
CONTENT_TYPE = f"{RENDERER.media_type}; charset={RENDERER.charset}"


def paginate_rows(view):
    """`@paginate(Pagination)` for lists written straight from database rows: same parameters, same document.

    The view returns its queryset and a function that turns one page of it into the items' dicts, exactly
    as the list's schema would write them. The answer is rendered as JSON at once: no model instances,
    no per-item validation (0.3 ms an item, most of a page's time; docs/benchmarks.md). The operation
    still declares `response=list[ItemOut]`, which ninja documents as the paged schema, as with @paginate.
    """
    paginator = Pagination()

    @wraps(view)
    def paged(request, **kwargs):
        pagination = kwargs.pop("ninja_pagination", None) or paginator.Input()
        queryset, items_of = view(request, **kwargs)
        offset, limit = pagination.offset, min(pagination.limit, paginator.max_limit)
        ids = list(queryset.values_list("pk", flat=True)[offset : offset + limit])
        body = {"items": items_of(ids) if ids else [], "count": paginator._count(queryset, request)}
        return HttpResponse(RENDERER.render(request, body, response_status=200), content_type=CONTENT_TYPE)

    contribute_operation_args(paged, "ninja_pagination", paginator.Input, paginator.InputSource)
    contribute_operation_callback(paged, partial(make_response_paginated, paginator))
    paged._ninja_is_paginated = True
    return paged


def _columns(field: str) -> list[tuple[str, str]]:
    """(language code, modeltranslation column) for each language of the site: ("sr-latn", "name_sr_latn")."""
    return [(code, f"{field}_{code.replace('-', '_')}") for code in LANGUAGE_CODES]


NAME_COLUMNS = _columns("name")
DESCRIPTION_COLUMNS = _columns("description")


def _in_order(rows, ids: list[int]) -> list[dict]:
    """The rows of `ids` (one query), in the order of `ids`: the list's order, found by the page's id query."""
    by_pk = {row["id"]: row for row in rows.filter(pk__in=ids)}
    return [by_pk[pk] for pk in ids if pk in by_pk]


def _texts(row: dict, columns) -> dict[str, str]:
    return {code: row[column] or "" for code, column in columns}


def _text(texts: dict[str, str], language: str) -> str:
    """The text in `language` with the site's fallback (schemas.text_of, from a row's columns)."""
    resolved = resolve(texts, language)
    return resolved.text if resolved else ""


def _named(row: dict, language: str) -> dict:
    """`name` and `names` as schemas.NamedOut writes them."""
    texts = _texts(row, NAME_COLUMNS)
    return {"name": _text(texts, language), "names": {code: text.strip() or None for code, text in texts.items()}}


def _float(value) -> float | None:
    return None if value is None else float(value)


def municipality_items(ids: list[int]) -> list[dict]:
    """Municipalities `ids`, in that order, as MunicipalityOut writes them: one query, no model instances."""
    language = current_language()
    return [_municipality_item(row, language) for row in _in_order(_municipality_rows(timezone.localdate()), ids)]


@functools.lru_cache(maxsize=2)
def _municipality_rows(on):
    """The columns of MunicipalityOut with membership as of `on`, built once a day (filtered per page)."""
    return selectors.with_membership(Municipality.objects.all(), on).values(
        "id",
        *(column for _code, column in NAME_COLUMNS),
        "slug",
        "country__code",
        "country__region__slug",
        "latitude",
        "longitude",
        "population",
        "membership_status",
        "member_since",
        "member_since_precision",
    )


def _municipality_item(row: dict, language: str) -> dict:
    return {
        **_named(row, language),
        "slug": row["slug"],
        "country": str(row["country__code"]),
        "region": row["country__region__slug"],
        "latitude": _float(row["latitude"]),
        "longitude": _float(row["longitude"]),
        "population": row["population"],
        # The same rule as the status filter: no current record counts as prospective.
        "status": row["membership_status"] or MembershipStatus.PROSPECTIVE.value,
        "member_since": row["member_since"],
        "member_since_precision": row["member_since_precision"],
    }


def organisation_items(ids: list[int]) -> list[dict]:
    """Organisations `ids`, in that order, as OrganisationOut writes them: one query, no model instances."""
    language = current_language()
    rows = Organisation.objects.values(
        "id",
        *(column for _code, column in NAME_COLUMNS),
        "slug",
        "acronym",
        "kind",
        "country",
        "city",
        "founded_year",
        "website",
        *(column for _code, column in DESCRIPTION_COLUMNS),
    )
    return [
        {
            **_named(row, language),
            "slug": row["slug"],
            "acronym": row["acronym"],
            "kind": row["kind"],
            "country": str(row["country"] or "") or None,
            "city": row["city"],
            "founded_year": row["founded_year"],
            "website": row["website"],
            "description": _text(_texts(row, DESCRIPTION_COLUMNS), language),
        }
        for row in _in_order(rows, ids)
    ]


def _country_filter(code: str | None) -> str | None:
    if not code:
        return None
    code = code.strip().upper()
    if code not in countries:
        raise InvalidInput(
            _("“%(code)s” is not a country code: use ISO 3166-1 alpha-2, such as AL, or XK for Kosovo.")
            % {"code": code}
        )
    return code


def _search(q: str | None) -> str | None:
    return q.strip() if q and q.strip() else None


def _refuse_code(request, code: str):
    return refused()


# --- Regions -----------------------------------------------------------------------------------


def _regions():
    return Region.objects.prefetch_related("countries").order_by("name_en", "pk")


@router.get("/regions", response={200: list[RegionOut], 422: ErrorOut}, url_name="region-list")
@decorate_view(cache_public_response)
@paginate(Pagination)
def list_regions(request):
    return _regions()


@router.get("/regions/{slug}", response={200: RegionOut, 404: ErrorOut}, url_name="region-detail")
@decorate_view(cache_public_response)
def get_region(request, slug: str):
    region = _regions().filter(slug=slug).first()
    if region is None:
        raise NotFound(_("There is no region with the slug “%(slug)s”.") % {"slug": slug})
    return region


# --- Countries ---------------------------------------------------------------------------------


def _countries():
    return Country.objects.select_related("region").annotate(municipality_count=Count("municipalities"))


@router.get("/countries", response={200: list[CountryOut], 422: ErrorOut}, url_name="country-list")
@decorate_view(cache_public_response)
@paginate(Pagination)
def list_countries(request, region: RegionFilter = None):
    qs = _countries()
    if region := known_region(region):
        qs = qs.filter(region__slug=region)
    return qs.order_by("code")


@router.get("/countries/{code}", response={200: CountryOut, 404: ErrorOut}, url_name="country-detail")
@decorate_view(cache_public_response)
def get_country(request, code: str):
    country = _countries().filter(code=code.upper()).first()
    if country is None:
        raise NotFound(_("There is no country with the code “%(code)s” in the registry.") % {"code": code})
    return country


# --- Municipalities ----------------------------------------------------------------------------


@router.get("/municipalities", response={200: list[MunicipalityOut], 422: ErrorOut}, url_name="municipality-list")
@decorate_view(cache_public_response)
@paginate_rows
def list_municipalities(
    request,
    region: RegionFilter = None,
    country: CountryFilter = None,
    status: StatusFilter = None,
    q: SearchQuery = None,
):
    municipalities = _municipalities(
        known_region(region), _country_filter(country), status, _search(q), timezone.localdate()
    )
    return municipalities, municipality_items


@functools.lru_cache(maxsize=1024)
def _municipalities(region, country, status, q, on):
    """The list's queryset for these filters, built once a day per filter (building it costs more than its SQL).

    A lazy query, never evaluated itself: each page and count runs on a clone, so nothing is kept but
    the query's description. `on` is only the key: the selector reads today's date as it builds.
    """
    return selectors.list_municipalities(region=region, country=country, status=status, q=q)


@router.get(
    "/municipalities/{slug}", response={200: MunicipalityDetailOut, 404: ErrorOut}, url_name="municipality-detail"
)
@decorate_view(cache_public_response)
def get_municipality(request, slug: str):
    municipality = (
        selectors.list_municipalities()
        .filter(slug=slug)
        .prefetch_related(
            "alternate_names",
            Prefetch("memberships", queryset=Membership.objects.order_by("started_on", "pk")),
            Prefetch("positions", queryset=selectors.public_positions()),
        )
        .first()
    )
    if municipality is None:
        raise NotFound(_("There is no municipality with the slug “%(slug)s”.") % {"slug": slug})
    return municipality


# --- Organisations -----------------------------------------------------------------------------


@router.get("/organisations", response={200: list[OrganisationOut], 422: ErrorOut}, url_name="organisation-list")
@decorate_view(cache_public_response)
@paginate_rows
def list_organisations(
    request,
    kind: KindFilter = None,
    region: RegionFilter = None,
    q: SearchQuery = None,
):
    organisations = selectors.list_organisations(kind=kind, region=known_region(region), q=_search(q))
    return organisations, organisation_items


@router.get(
    "/organisations/{slug}", response={200: OrganisationDetailOut, 404: ErrorOut}, url_name="organisation-detail"
)
@decorate_view(cache_public_response)
def get_organisation(request, slug: str):
    organisation = (
        Organisation.objects.filter(slug=slug)
        .prefetch_related(
            Prefetch(
                "partnerships",
                queryset=Partnership.objects.select_related("region").order_by("region__slug", "role", "pk"),
            ),
            Prefetch("positions", queryset=selectors.public_positions()),
        )
        .first()
    )
    if organisation is None:
        raise NotFound(_("There is no organisation with the slug “%(slug)s”.") % {"slug": slug})
    return organisation


for _path, _refuse in [
    ("/regions", refuse_collection),
    ("/regions/{slug}", refuse_slug),
    ("/countries", refuse_collection),
    ("/countries/{code}", _refuse_code),
    ("/municipalities", refuse_collection),
    ("/municipalities/{slug}", refuse_slug),
    ("/organisations", refuse_collection),
    ("/organisations/{slug}", refuse_slug),
]:
    router.api_operation(WRITE_METHODS, _path, include_in_schema=False)(_refuse)

"""The library on the public site: the library page with its filters, a resource's page, a language
version's file (as an attachment) and cover, and what the hub shows of the library (a region's section, a
city's case studies).

Every read goes through the selectors (selectors/resources.py), which scope what the actor may read: a
draft, another's proposal, a members-only or staff-only resource for those who may not read it, or an
embargoed one is a 404 here, never a 403 (its existence is not told). The pages are read per visitor
(what they may read depends on who they are), in a fixed number of queries.
"""

import re

from django.conf import settings
from django.http import FileResponse, Http404
from django.shortcuts import render
from django.urls import path
from django.utils import timezone
from django.views.decorators.http import require_GET

from citynet.accounts.second_factor import second_factor_required
from citynet.core.cache import registry_version, remembered
from citynet.core.i18n import current_language
from citynet.core.links import link_to
from citynet.core.uploads import download as attachment
from citynet.network.models import Region

from ..selectors import resources as selectors

SLUG = re.compile(r"^[-a-zA-Z0-9_]{1,160}$")
LANGUAGE_CODES = {code for code, _name in settings.LANGUAGES}
FILTER_NAMES = ("kind", "work_stream", "topic", "region", "country", "language", "year")


def _query(filters: selectors.Filters) -> str:
    """The filters as a query string, for the pagination links (values are slugs, codes and numbers)."""
    pairs = ((name, getattr(filters, name)) for name in FILTER_NAMES)
    return "&".join(f"{name}={value}" for name, value in pairs if value)


@require_GET
@second_factor_required  # staff read staff-only resources here: with their second factor, as elsewhere
def library(request):
    """The published resources the visitor may read, by kind, work stream, topic, region, country,
    language and year (values that mean nothing are ignored), newest first, a page at a time."""
    filters = selectors.Filters.from_query(request.GET)
    found = selectors.library_page(request.user, filters, request.GET.get("page") or 1)
    return render(
        request,
        "library/public/library.html",
        {
            "found": found,
            "page": found.page,
            "cards": found.cards,
            "filters": filters,
            "query": _query(filters),
            "options": selectors.filter_options(request.user),
        },
    )


@require_GET
@second_factor_required  # staff read staff-only resources here: with their second factor, as elsewhere
def resource(request, slug):
    """A resource's page: what it is, who made it, what it is about, and its language versions (the
    visitor's own, or a note listing the others). 404 for whatever the visitor may not read."""
    found = selectors.resource_page(request.user, slug) if SLUG.match(slug) else None
    if found is None:
        raise Http404
    profile = link_to("hub:municipality-detail")
    return render(
        request,
        "library/public/resource.html",
        {
            "found": found,
            "r": found.resource,
            "places": [(place, profile(place.slug)) for place in found.municipalities],
            "others": [v for v in found.versions if v is not found.version],
        },
    )


def _version(request, slug: str, language: str):
    if not SLUG.match(slug) or language not in LANGUAGE_CODES:
        raise Http404
    version = selectors.version_for_download(request.user, slug, language)
    if version is None:
        raise Http404
    return version


@require_GET
@second_factor_required  # staff read staff-only resources here: with their second factor, as elsewhere
def download(request, slug, language):
    """A language version's file, as an attachment (never shown inline), for who may read the resource."""
    version = _version(request, slug, language)
    extension = version.file.name.rsplit(".", 1)[-1] if "." in version.file.name else "bin"
    filename = version.original_name or f"{slug}-{language}.{extension}"
    return attachment(version.file, filename=filename, content_type=version.content_type or "application/octet-stream")


@require_GET
@second_factor_required  # staff read staff-only resources here: with their second factor, as elsewhere
def cover(request, slug, language):
    """A language version's cover (the PNG made from its first page), for who may read the resource."""
    version = _version(request, slug, language)
    if not version.thumbnail:
        raise Http404
    response = FileResponse(version.thumbnail.open("rb"), content_type="image/png")
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


# --- The hub ------------------------------------------------------------------------------------------


def _key(name: str, *, per_language: bool = True) -> str:
    """A hub section's cache key: per registry version (the library bumps it when a resource, a version or
    a case study changes), day (an embargo ends on a day) and, where the cards' resolved texts are shown,
    language."""
    language = current_language() if per_language else "-"
    return f"citynet:library:{registry_version()}:{language}:{timezone.localdate()}:{name}"


def region_resources(region_id: int) -> list[selectors.Card]:
    """The region hub's section: its newest public resources and the network-wide ones, the same for every
    visitor (two queries, kept)."""
    return remembered(_key(f"region:{region_id}"), lambda: selectors.region_resources(Region(pk=region_id)))


def municipality_case_studies(municipality) -> list[selectors.Card]:
    """A municipality profile's section: its public case studies (`selectors.municipality_case_studies`,
    without the languages they exist in, which the section does not show): one query, kept once for every
    language (the section shows the cards' every-language columns through `{% tr %}`), as the profile's
    budget asks."""

    def compute():
        return selectors.municipality_case_studies(municipality, with_languages=False)

    return remembered(_key(f"municipality:{municipality.pk}", per_language=False), compute)


urlpatterns = [
    path("library/", library, name="index"),
    path("library/<str:slug>/", resource, name="resource"),
    path("library/<str:slug>/download/<str:language>/", download, name="download"),
    path("library/<str:slug>/cover/<str:language>/", cover, name="cover"),
]

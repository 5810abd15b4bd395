"""What the hub's views read: its pages (cached lookups of the page models) and the registry, composed.

The page tree is read by the page models (`models.py`), the registry by `citynet.network.selectors`;
this module only picks and caches for the views. Every function runs a fixed number of queries.
"""

from django.core.cache import cache

from citynet.core.cache import FRAGMENT_SECONDS, registry_version
from citynet.network import selectors as network
from citynet.network.models import Municipality, Organisation

from . import maps
from .models import RegionPage

SEARCH_LIMIT = 30


def live_region_page(*, language: str, slug: str, depth: int) -> RegionPage | None:
    """The live region page with `slug` in `language`, or None; cached per registry version.

    Publishing or unpublishing any page bumps the version, so a cached page is never older than the
    last publication (and never older than FRAGMENT_SECONDS on another process with a local cache).
    """
    key = f"citynet:region-page:{language}:{slug}:{registry_version()}"

    def find():
        return RegionPage.find_live(language=language, slug=slug, depth=depth) or False

    return cache.get_or_set(key, find, FRAGMENT_SECONDS) or None


def region_links(language: str) -> list[dict]:
    """[{"region", "url"}] for every region with a live hub page in `language`; cached per registry version."""
    key = f"citynet:region-links:{language}:{registry_version()}"
    return cache.get_or_set(key, lambda: RegionPage.live_links(language=language), FRAGMENT_SECONDS)


def municipality_profile(municipality: Municipality) -> dict:
    """A city's public profile: its record, and a map of its place among its country's neighbours."""
    country = municipality.country
    return {
        "municipality": municipality,
        **network.municipality_history(municipality),
        "map_data": maps.map_data(
            country_codes=[country.code],
            municipalities=[municipality],
            center=(float(municipality.latitude), float(municipality.longitude)),
            zoom=8,
        )
        if municipality.latitude is not None and municipality.longitude is not None
        else None,
    }


def organisation_profile(organisation: Organisation) -> dict:
    return {
        "organisation": organisation,
        "partnerships": network.organisation_partnerships(organisation),
        "positions": list(network.public_positions(organisation=organisation)),
    }


def search(q: str) -> dict:
    """Every kind of record matching `q` in any spelling, the first SEARCH_LIMIT of each."""
    return {
        "municipalities": list(network.list_municipalities(q=q)[:SEARCH_LIMIT]),
        "organisations": list(network.list_organisations(q=q)[:SEARCH_LIMIT]),
        "people": list(network.list_public_people(q=q)[:SEARCH_LIMIT]),
    }

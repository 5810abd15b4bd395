"""What the hub's views read: its pages (cached lookups of the page models) and the registry, composed.

The page tree is read by the page models (`models.py`), the registry by `citynet.network.selectors`;
this module only picks and caches for the views. Every function runs a fixed number of queries.
"""

import hashlib

from django.core.cache import cache
from django.utils import timezone

from citynet.core.cache import FRAGMENT_SECONDS, registry_version, remembered
from citynet.network import selectors as network
from citynet.network.models import MembershipStatus, Organisation

from . import maps
from .models import RegionPage


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
    return remembered(key, lambda: RegionPage.live_links(language=language))


def municipality_record(slug: str) -> dict | None:
    """A city's public record (with its status today) and history, or None; cached per registry version.

    The same for every language, so a city's pages in its seven languages read the database once.
    A missing city is not cached (anyone can ask for any slug).
    """
    digest = hashlib.sha256(slug.encode()).hexdigest()
    key = f"citynet:municipality-record:{registry_version()}:{timezone.localdate()}:{digest}"
    record = cache.get(key)
    if record is None:
        municipality = network.municipality_by_slug(slug)
        if municipality is None:
            return None
        record = {"municipality": municipality, **network.municipality_history(municipality)}
        cache.set(key, record, FRAGMENT_SECONDS)
    return record


def municipality_profile(record: dict) -> dict:
    """A city's public profile: its record, and a map of its place among its country's neighbours."""
    municipality = record["municipality"]
    country = municipality.country
    return {
        **record,
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


class IdsFirstList:
    """A list for Django's Paginator that pages by ids first and keeps its count per registry version.

    Paginator asks `count()` and then a slice. An OFFSET page of the annotated queryset computes every
    skipped row with its membership subqueries (the benchmark: the members directory's page was three
    quarters of its time); here the slice fetches only the page's ids on the indexed order, then loads
    those rows with their annotations. The count is cached under `count_key` and the registry version,
    so turning pages does not count again, and any registry write counts afresh.
    """

    def __init__(self, queryset, *, count_key: str):
        self.queryset = queryset
        self.count_key = count_key

    def count(self) -> int:
        key = f"citynet:list-count:{registry_version()}:{timezone.localdate()}:{self.count_key}"
        return cache.get_or_set(key, self.queryset.count, FRAGMENT_SECONDS)

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, index):
        if not isinstance(index, slice):
            raise TypeError("IdsFirstList supports slices only")
        if index.step not in (None, 1):
            raise TypeError("IdsFirstList supports plain slices only")
        return network.page_by_ids(self.queryset, index.start or 0, index.stop)


def region_members_list(region, *, country: str) -> IdsFirstList:
    """A region's members on record (in one country, or all), for a paginator: ids first, a kept count."""
    members = network.list_municipalities(region=region.slug, country=country, status=MembershipStatus.MEMBER)
    return IdsFirstList(members, count_key=f"region-members:{region.pk}:{country}")


def region_map_points(region) -> list[dict]:
    """The markers of `region`'s members on record, in the visitor's language."""
    return [p for p in (maps.point(m) for m in network.member_points_of(region)) if p]

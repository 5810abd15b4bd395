"""What the hub's pages show: editorial text in the visitor's language, and live registry data.

Every function here runs a fixed number of queries, whatever the size of the registry.
"""

from django.core.cache import cache
from django.db.models import Count
from django.utils.translation import get_language

from citynet.core.cache import FRAGMENT_SECONDS, registry_version
from citynet.core.i18n import FALLBACKS, current_language, html_lang
from citynet.core.names import to_cyrillic, to_latin, transliterate_html
from citynet.network import selectors as network
from citynet.network.models import Membership, MembershipStatus, Municipality, Region, ReportedFigure


def editorial(page, fields: list[str], *, preview: bool = False) -> dict:
    """The page's text in the visitor's language (see `_editorial_uncached`), cached per registry version.

    A preview shows the draft being edited, so it is never cached.
    """
    if preview:
        return _editorial_uncached(page, fields)
    key = f"citynet:editorial:{page.pk}:{current_language()}:{','.join(fields)}:{registry_version()}"
    return cache.get_or_set(key, lambda: _editorial_uncached(page, fields), FRAGMENT_SECONDS)


def _editorial_uncached(page, fields: list[str]) -> dict:
    """The page's text in the visitor's language, or its best fallback, and the note that says so.

    A locale's page that nobody translated is an alias of the English one. For Serbian, the page in
    the other script is transliterated before falling back to English.
    """
    requested = current_language()
    if page.alias_of_id is None and page.locale.language_code == requested:
        return _editorial({f: getattr(page, f) for f in ["title", *fields]}, requested, requested, None)
    translations = {
        p.locale.language_code: p.specific
        for p in page.get_translations(inclusive=True).filter(alias_of__isnull=True).select_related("locale")
    }
    for source, script in FALLBACKS.get(requested, []):
        source_page = translations.get(source)
        if source_page is None:
            continue
        text = {f: getattr(source_page, f) for f in ["title", *fields]}
        if script:
            text = {
                f: (
                    transliterate_html(v, script)
                    if f != "title"
                    else (to_cyrillic(v) if script == "cyrillic" else to_latin(v))
                )
                for f, v in text.items()
            }
        return _editorial(text, source, requested, "transliterated" if script else "fallback")
    source_page = page.specific
    return _editorial({f: getattr(source_page, f) for f in ["title", *fields]}, "en", requested, "fallback")


def _editorial(text: dict, source: str, requested: str, how: str | None) -> dict:
    # A transliteration is in the visitor's script; a fallback is in its source language (for lang="").
    return {"text": text, "source": source, "how": how, "lang": html_lang(source if how == "fallback" else requested)}


def live_region_page(*, language: str, slug: str, depth: int):
    """The live region page with `slug` in `language`, or None; cached per registry version.

    Publishing or unpublishing any page bumps the version, so a cached page is never older than the
    last publication (and never older than FRAGMENT_SECONDS on another process with a local cache).
    """
    from .models import RegionPage

    def find():
        page = (
            RegionPage.objects.live()
            .filter(locale__language_code=language, slug=slug, depth=depth)
            .select_related("region", "locale")
            .first()
        )
        return page or False

    key = f"citynet:region-page:{language}:{slug}:{registry_version()}"
    return cache.get_or_set(key, find, FRAGMENT_SECONDS) or None


def member_counts_by_region() -> dict[int, int]:
    members = network.with_membership(Municipality.objects.all()).filter(membership_status=MembershipStatus.MEMBER)
    # Grouping must not see the status annotation (it would group by it), hence the pk__in subquery.
    rows = (
        Municipality.objects.filter(pk__in=members.values("pk"))
        .values("country__region")
        .annotate(n=Count("pk"))
        .order_by()
    )
    return {row["country__region"]: row["n"] for row in rows}


def network_home_context(*, page, preview: bool = False) -> dict:
    counts = member_counts_by_region()
    regions = list(network.list_regions())
    for region in regions:
        region.members_on_record = counts.get(region.pk, 0)
    pages = {
        p.region_id: p
        for p in page.get_children().live().type(_region_page_model()).specific().filter(locale=page.locale)
    }
    return {
        "editorial": editorial(page, ["intro"], preview=preview),
        "regions": [{"region": r, "page": pages.get(r.pk)} for r in regions],
    }


def _region_page_model():
    from .models import RegionPage

    return RegionPage


MEMBERS_SHOWN_PER_COUNTRY = 12


def region_hub_context(*, page) -> dict:
    """Everything the region hub shows from the registry; the page caches what it renders from it."""
    region: Region = page.region
    by_country = network.members_by_country(region, shown=MEMBERS_SHOWN_PER_COUNTRY)
    members = [m for row in by_country for m in row["all"]]
    partners = list(network.list_partners(region))
    timeline = network.membership_timeline(region)
    map_points = [
        {"slug": m.slug, "name": str(m.name), "lat": float(m.latitude), "lng": float(m.longitude)}
        for m in members
        if m.latitude is not None and m.longitude is not None
    ]
    return {
        "region": region,
        "members_by_country": by_country,
        "members_on_record": len(members),
        "reported_members": network.reported_figure(region, ReportedFigure.Measure.MEMBERS),
        "countries": [row["country"] for row in by_country],
        "municipalities_in_registry": Municipality.objects.filter(country__region=region).count(),
        "partners": _group_partners(partners),
        "timeline": timeline,
        "map_data": {
            "center": [region.map_center_lat, region.map_center_lng],
            "zoom": region.map_zoom,
            "points": map_points,
            "language": get_language(),
        },
    }


def _group_partners(partnerships) -> list[dict]:
    """One entry per organisation, with all its roles in the region."""
    grouped: dict[int, dict] = {}
    for p in partnerships:
        entry = grouped.setdefault(p.organisation_id, {"organisation": p.organisation, "roles": []})
        entry["roles"].append(p)
    return list(grouped.values())


def municipality_profile(municipality: Municipality) -> dict:
    history = list(Membership.objects.filter(municipality=municipality).order_by("started_on", "pk"))
    return {
        "municipality": municipality,
        "alternate_names": [a.name for a in municipality.alternate_names.all()[:40]],
        "memberships": history,
        "positions": list(network.public_positions(municipality=municipality)),
        "map_data": {
            "points": [
                {
                    "slug": municipality.slug,
                    "name": str(municipality.name),
                    "lat": float(municipality.latitude),
                    "lng": float(municipality.longitude),
                }
            ],
            "center": [float(municipality.latitude), float(municipality.longitude)],
            "zoom": 8,
        }
        if municipality.latitude is not None
        else None,
    }

"""What the hub's maps draw, from the registry alone: no region is named here.

The shapes are vendored (`scripts/vendor_assets.sh`): one GeoJSON file per country, named by its ISO
code as the registry's countries are, and an index of their bounding boxes and land neighbours. A
region's map draws its own countries, their neighbours for context, and coarse land under them.
`citynet/static/citynet/map.js` reads the dict built here from the page's `#map-data`.
"""

import functools
import json
from pathlib import Path

from django.templatetags.static import static
from django.urls import reverse

from citynet.core.i18n import translated

GEO = Path(__file__).resolve().parent.parent / "static" / "vendor" / "geo"


@functools.cache
def country_index() -> dict[str, dict]:
    """{ISO code: {"bbox": [west, south, east, north], "neighbours": [codes]}} for every vendored shape."""
    return json.loads((GEO / "countries" / "index.json").read_text(encoding="utf-8"))


def shapes(codes) -> dict:
    """The shape files for the countries `codes` (ISO alpha-2) and their neighbours; unknown codes are skipped."""
    index = country_index()
    own = [code for code in dict.fromkeys(str(c) for c in codes) if code in index]
    near = sorted({n for code in own for n in index[code]["neighbours"]} - set(own))
    return {
        "land": static("vendor/geo/land.geojson"),
        "region": [static(f"vendor/geo/countries/{code}.geojson") for code in own],
        "context": [static(f"vendor/geo/countries/{code}.geojson") for code in near if code in index],
    }


def bounds(codes) -> list[list[float]] | None:
    """[[south, west], [north, east]] around the countries `codes`, as Leaflet's fitBounds takes it."""
    boxes = [country_index()[str(c)]["bbox"] for c in codes if str(c) in country_index()]
    if not boxes:
        return None
    return [[min(b[1] for b in boxes), min(b[0] for b in boxes)], [max(b[3] for b in boxes), max(b[2] for b in boxes)]]


def point(municipality) -> dict | None:
    """A marker: the city's name as text in the visitor's language, and the link to its profile."""
    if municipality.latitude is None or municipality.longitude is None:
        return None
    name = translated(municipality, "name")
    return {
        "name": name.text if name else municipality.slug,
        "url": reverse("hub:municipality-detail", args=[municipality.slug]),
        "lat": float(municipality.latitude),
        "lng": float(municipality.longitude),
    }


def map_data(*, country_codes, municipalities, center=None, zoom: int = 6) -> dict:
    """The whole of a map: its view, its shapes and its markers.

    Without a centre (a region whose map position nobody set), the map fits its countries' shapes.
    """
    points = [p for p in (point(m) for m in municipalities) if p]
    return {
        "center": list(center) if center else None,
        "zoom": zoom,
        "bounds": bounds(country_codes),
        "shapes": shapes(country_codes),
        "points": points,
    }


def region_center(region) -> tuple[float, float] | None:
    """The centre an editor set for the region's map, or None when it was left at the default (0, 0)."""
    if not region.map_center_lat and not region.map_center_lng:
        return None
    return (region.map_center_lat, region.map_center_lng)

"""The map reads names as data: markup in a name reaches the page as text, never as HTML."""

import json
import re

import pytest

from citynet.network.models import Country, Municipality
from citynet.network.tests.factories import member_municipality

pytestmark = pytest.mark.django_db

HOSTILE = "<img src=x onerror=alert(1)>"


def map_data(html: str) -> tuple[str, dict]:
    raw = re.search(r'<script id="map-data" type="application/json">(.*?)</script>', html, re.S).group(1)
    return raw, json.loads(raw)


@pytest.mark.parametrize("url", ["/en/western-balkans/", "/en/municipalities/synthetic-hostile-name/"])
def test_a_name_with_markup_reaches_the_maps_data_escaped(client, western_balkans, url):
    member_municipality(
        name_en=HOSTILE, slug="synthetic-hostile-name", country=Country.objects.get(code="XK"), latitude=42.4
    )
    html = client.get(url).content.decode()
    raw, data = map_data(html)
    assert "<img" not in raw
    assert "\\u003Cimg src=x onerror=alert(1)\\u003E" in raw
    assert HOSTILE in [point["name"] for point in data["points"]]
    assert "<img src=x" not in html  # nowhere on the page, in the list beside the map either


def test_the_maps_links_and_shapes_come_from_the_registry(client, western_balkans):
    Municipality.objects.filter(country__region=western_balkans).update(latitude=42.0, longitude=21.0)
    _raw, data = map_data(client.get("/ar/western-balkans/").content.decode())
    assert sorted(p["url"] for p in data["points"]) == [
        "/ar/municipalities/cair/",
        "/ar/municipalities/gjilan/",
        "/ar/municipalities/peja/",
        "/ar/municipalities/prizren/",
    ]
    assert "كاير" in [p["name"] for p in data["points"]]  # Čair, in the visitor's language
    codes = sorted(str(c.code) for c in Country.objects.filter(region=western_balkans))
    assert data["shapes"]["region"] == [f"/static/vendor/geo/countries/{code}.geojson" for code in codes]
    assert "/static/vendor/geo/countries/HR.geojson" in data["shapes"]["context"]
    assert not set(data["shapes"]["region"]) & set(data["shapes"]["context"])
    assert data["center"] == [western_balkans.map_center_lat, western_balkans.map_center_lng]

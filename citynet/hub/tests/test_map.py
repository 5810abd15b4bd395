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


def points_of(client, data: dict) -> tuple[str, list]:
    """The map's markers: in the page's data (a city), or from the region's points JSON (a hub)."""
    if "points_url" not in data:
        return "", data["points"]
    response = client.get(data["points_url"])
    assert response["Content-Type"] == "application/json"
    return response.content.decode(), response.json()["points"]


@pytest.mark.parametrize("url", ["/en/western-balkans/", "/en/municipalities/synthetic-hostile-name/"])
def test_a_name_with_markup_reaches_the_maps_data_escaped(client, western_balkans, url):
    member_municipality(
        name_en=HOSTILE, slug="synthetic-hostile-name", country=Country.objects.get(code="XK"), latitude=42.4
    )
    html = client.get(url).content.decode()
    raw, data = map_data(html)
    points_raw, points = points_of(client, data)
    assert "<img" not in raw + points_raw
    assert "\\u003Cimg src=x onerror=alert(1)\\u003E" in raw + points_raw
    assert HOSTILE in [point["name"] for point in points]
    assert "<img src=x" not in html  # nowhere on the page, in the list beside the map either


def test_the_maps_links_and_shapes_come_from_the_registry(client, western_balkans):
    Municipality.objects.filter(country__region=western_balkans).update(latitude=42.0, longitude=21.0)
    _raw, data = map_data(client.get("/ar/western-balkans/").content.decode())
    _points_raw, points = points_of(client, data)
    assert data["points_url"] == "/ar/western-balkans/map-points/"
    assert sorted(p["url"] for p in points) == [
        "/ar/municipalities/cair/",
        "/ar/municipalities/gjilan/",
        "/ar/municipalities/peja/",
        "/ar/municipalities/prizren/",
    ]
    assert "كاير" in [p["name"] for p in points]  # Čair, in the visitor's language
    codes = sorted(str(c.code) for c in Country.objects.filter(region=western_balkans))
    assert data["shapes"]["region"] == [f"/static/vendor/geo/countries/{code}.geojson" for code in codes]
    assert "/static/vendor/geo/countries/HR.geojson" in data["shapes"]["context"]
    assert not set(data["shapes"]["region"]) & set(data["shapes"]["context"])
    assert data["center"] == [western_balkans.map_center_lat, western_balkans.map_center_lng]


def test_the_hub_page_carries_no_member_points_however_many_members(client, western_balkans):
    Municipality.objects.filter(country__region=western_balkans).update(latitude=42.0, longitude=21.0)
    before = client.get("/en/western-balkans/").content.decode()
    for _ in range(30):
        member_municipality(country=Country.objects.get(code="XK"), latitude=42.5, longitude=21.5)
    after = client.get("/en/western-balkans/").content.decode()
    assert map_data(after)[1]["points"] == []
    assert len(points_of(client, map_data(after)[1])[1]) == 34
    # The page grows by its list of a dozen members per country, not by a marker per member.
    assert after.count("/en/municipalities/") - before.count("/en/municipalities/") <= 12


def test_the_map_points_of_an_unknown_region_are_not_found(client, western_balkans):
    assert client.get("/en/atlantis/map-points/").status_code == 404


@pytest.mark.parametrize("count", [5, 200])
def test_the_map_points_run_a_fixed_number_of_queries_and_are_then_kept(
    client, western_balkans, django_assert_max_num_queries, django_assert_num_queries, count
):
    for _ in range(count):
        member_municipality(country=Country.objects.get(code="XK"), latitude=42.5, longitude=21.5)
    with django_assert_max_num_queries(4):
        assert len(client.get("/en/western-balkans/map-points/").json()["points"]) == count
    with django_assert_num_queries(0):
        assert client.get("/en/western-balkans/map-points/").status_code == 200

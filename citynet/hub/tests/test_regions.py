"""A second region, added as an editor would (registry records and a hub page), gets its own hub.

Nothing in the templates, the map or the links names the Western Balkans: this synthetic region,
with countries of its own, shows its own members, figures, map and partners.
"""

import json
import re

import pytest

from citynet.hub.tests.factories import synthetic_region as make_synthetic_region

pytestmark = pytest.mark.django_db

WESTERN_BALKANS_TRACES = ["western-balkans", "Western Balkans", "Gjilan", "Čair", "Prizren", "Peja", "/RS.geojson"]


@pytest.fixture
def synthetic_region(western_balkans):
    """The Western Balkans as loaded by the demo, and beside it a synthetic region of two other countries."""
    return make_synthetic_region()


def main_of(html: str) -> str:
    return html.split('<main id="main"', 1)[1].split("</main>", 1)[0]


def test_a_second_region_gets_its_own_hub_with_its_members_and_figures(client, synthetic_region):
    response = client.get("/en/synthetic-test-region/")
    assert response.status_code == 200
    hub = response.context["hub"]
    assert [str(c.code) for c in hub["countries"]] == ["ES", "PT"]
    assert sorted(m.slug for m in hub["members"]) == ["synthetic-atlantic-city", "synthetic-inland-city"]
    assert (hub["members_on_record"], hub["municipalities_in_registry"], hub["reported_members"].value) == (2, 3, 9)
    main = main_of(response.content.decode())
    assert "Synthetic test region hub" in main
    assert "Synthetic Atlantic city" in main and "Synthetic inland city" in main
    assert "more than 9" in main and "Synthetic report" in main
    assert "Synthetic partner foundation" in main
    assert 'href="/en/synthetic-test-region/members/"' in main
    for trace in WESTERN_BALKANS_TRACES:
        assert trace not in main, trace


def test_a_second_regions_map_draws_its_own_countries_and_links_to_its_own_cities(client, synthetic_region):
    html = client.get("/en/synthetic-test-region/").content.decode()
    data = json.loads(re.search(r'<script id="map-data" type="application/json">(.*?)</script>', html, re.S).group(1))
    assert data["shapes"]["region"] == [
        "/static/vendor/geo/countries/ES.geojson",
        "/static/vendor/geo/countries/PT.geojson",
    ]
    assert "/static/vendor/geo/countries/FR.geojson" in data["shapes"]["context"]
    assert not [url for url in data["shapes"]["context"] if url.endswith(("/RS.geojson", "/XK.geojson", "/AL.geojson"))]
    # No centre was set for this region, so the map fits its countries: Portugal and Spain, not the Balkans.
    assert data["center"] is None
    (south, west), (north, east) = data["bounds"]
    assert -32 < west < -9 and 3 < east < 5 and 27 < south < 37 and 43 < north < 44.5
    assert data["points"] == [] and data["points_url"] == "/en/synthetic-test-region/map-points/"
    points = client.get(data["points_url"]).json()["points"]
    assert sorted((p["name"], p["url"]) for p in points) == [
        ("Synthetic Atlantic city", "/en/municipalities/synthetic-atlantic-city/"),
        ("Synthetic inland city", "/en/municipalities/synthetic-inland-city/"),
    ]


def test_a_second_region_is_listed_and_linked_from_the_home_the_menu_and_its_pages(client, synthetic_region):
    home = client.get("/en/").content.decode()
    assert 'href="/en/synthetic-test-region/"' in main_of(home)
    assert "2 member municipalities on record" in home
    menu = home.split('class="main-nav"', 1)[1].split("</nav>", 1)[0]
    assert 'href="/en/synthetic-test-region/"' in menu and 'href="/en/western-balkans/"' in menu

    for url in ["/en/synthetic-test-region/members/", "/en/municipalities/synthetic-atlantic-city/"]:
        page = main_of(client.get(url).content.decode())
        assert '<nav aria-label="Breadcrumb" class="breadcrumb"><a href="/en/synthetic-test-region/">' in page, url
        for trace in WESTERN_BALKANS_TRACES:
            assert trace not in page, (url, trace)


def test_a_city_profile_maps_its_own_country(client, synthetic_region):
    html = client.get("/en/municipalities/synthetic-atlantic-city/").content.decode()
    data = json.loads(re.search(r'<script id="map-data" type="application/json">(.*?)</script>', html, re.S).group(1))
    assert data["shapes"]["region"] == ["/static/vendor/geo/countries/PT.geojson"]
    assert data["shapes"]["context"] == ["/static/vendor/geo/countries/ES.geojson"]
    assert data["center"] == [38.7, -9.1]

"""The public registry API at /api/v1/: shapes, filters, search, pagination, errors, budgets, privacy."""

import datetime
import re

import pytest
from django.conf import settings
from django.contrib.staticfiles import finders

from citynet.accounts.models import Role
from citynet.accounts.tests import factories as people
from citynet.core.actors import SYSTEM
from citynet.core.testing import sign_in, staff
from citynet.network import services
from citynet.network.models import Country, DatePrecision, Membership, MembershipStatus, OrganisationKind
from citynet.network.tests.factories import (
    CountryFactory,
    MembershipFactory,
    MunicipalityFactory,
    OrganisationFactory,
    PartnershipFactory,
    PositionFactory,
    RegionFactory,
)

pytestmark = pytest.mark.django_db

API = "/api/v1"
DETAIL_PATHS = [
    "/regions/{slug}",
    "/countries/{code}",
    "/municipalities/{slug}",
    "/organisations/{slug}",
]
LIST_PATHS = ["/regions", "/countries", "/municipalities", "/organisations"]


def get(client, path, **params):
    return client.get(f"{API}{path}", params)


@pytest.fixture
def durres(western_balkans):
    """A synthetic Durrës: the fixture leaves out the gazetteer, where the real one lives."""
    return services.import_municipality(
        actor=SYSTEM,
        country=Country.objects.get(code="AL"),
        names={"en": "Durrës", "sq": "Durrës", "sr": "Драч", "sr-latn": "Drač"},
        alternate_names=["Durazzo"],
        latitude=41.3231,
        longitude=19.4414,
        population=1000,
    )


# --- Regions and countries ------------------------------------------------------------------------


def test_regions_list_regions_with_names_in_every_language_when_asked(client, western_balkans):
    response = get(client, "/regions")

    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 1
    region = body["items"][0]
    assert region["slug"] == "western-balkans"
    assert set(region["names"]) == {code for code, _name in settings.LANGUAGES}
    assert region["names"]["en"] == "Western Balkans"
    assert sorted(region["countries"]) == ["AL", "BA", "ME", "MK", "RS", "XK"]


def test_region_detail_answers_the_region_when_the_slug_exists(client, western_balkans):
    body = get(client, "/regions/western-balkans").json()

    assert body["slug"] == "western-balkans"
    assert "XK" in body["countries"]
    assert body["map_zoom"] == western_balkans.map_zoom


def test_countries_list_only_the_region_when_filtered_by_region(client, western_balkans):
    other = RegionFactory(slug="synthetic-elsewhere")
    CountryFactory(code="TN", region=other)

    all_codes = [c["code"] for c in get(client, "/countries").json()["items"]]
    balkan_codes = [c["code"] for c in get(client, "/countries", region="western-balkans").json()["items"]]

    assert "TN" in all_codes
    assert "TN" not in balkan_codes
    assert set(balkan_codes) == {"AL", "BA", "ME", "MK", "RS", "XK"}


def test_country_detail_names_kosovo_and_counts_its_municipalities_when_code_is_lowercase(client, western_balkans):
    body = get(client, "/countries/xk").json()

    assert body == {"code": "XK", "name": "Kosovo", "region": "western-balkans", "municipality_count": 3}


def test_countries_answer_422_with_a_message_when_the_region_filter_is_unknown(client, western_balkans):
    response = get(client, "/countries", region="atlantis")

    assert response.status_code == 422
    assert "atlantis" in response.json()["detail"]


# --- Municipalities -------------------------------------------------------------------------------


def test_municipalities_list_every_municipality_with_its_status_when_unfiltered(client, western_balkans):
    prospective = MunicipalityFactory(country=Country.objects.get(code="AL"))

    body = get(client, "/municipalities").json()

    by_slug = {m["slug"]: m for m in body["items"]}
    assert body["count"] == 5
    assert by_slug["gjilan"]["status"] == "member"
    assert by_slug["gjilan"]["member_since"] == "2016-01-01"
    assert by_slug["gjilan"]["member_since_precision"] == "month"
    assert by_slug["gjilan"]["country"] == "XK"
    assert by_slug["gjilan"]["region"] == "western-balkans"
    assert by_slug[prospective.slug]["status"] == "prospective"


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"country": "XK"}, {"gjilan", "peja", "prizren"}),
        ({"country": "mk"}, {"cair"}),
        ({"region": "western-balkans", "status": "member"}, {"cair", "gjilan", "peja", "prizren"}),
        ({"status": "left"}, set()),
    ],
)
def test_municipalities_match_the_filters_when_filtered(client, western_balkans, params, expected):
    slugs = {m["slug"] for m in get(client, "/municipalities", **params).json()["items"]}

    assert slugs == expected


def test_municipalities_filter_by_status_counts_no_record_as_prospective_when_asked(client, western_balkans):
    albania = Country.objects.get(code="AL")
    never_recorded = MunicipalityFactory(country=albania)
    suspended = MunicipalityFactory(country=albania)
    MembershipFactory(municipality=suspended, status=MembershipStatus.SUSPENDED)

    prospective = {m["slug"] for m in get(client, "/municipalities", status="prospective").json()["items"]}
    suspended_slugs = {m["slug"] for m in get(client, "/municipalities", status="suspended").json()["items"]}

    assert prospective == {never_recorded.slug}
    assert suspended_slugs == {suspended.slug}


def test_municipalities_other_region_is_left_out_when_filtered_by_region(client, western_balkans):
    elsewhere = MunicipalityFactory(country=CountryFactory(code="TN", region=RegionFactory(slug="synthetic-mena")))

    balkan = {m["slug"] for m in get(client, "/municipalities", region="western-balkans").json()["items"]}
    mena = {m["slug"] for m in get(client, "/municipalities", region="synthetic-mena").json()["items"]}

    assert elsewhere.slug not in balkan
    assert mena == {elsewhere.slug}


@pytest.mark.parametrize(
    ("q", "slug"),
    [
        ("Гњилане", "gjilan"),
        ("gnjilane", "gjilan"),
        ("غيلان", "gjilan"),
        ("Durres", "durres"),
        ("DURRËS", "durres"),
        ("Драч", "durres"),
        ("Durazzo", "durres"),
    ],
)
def test_municipalities_search_finds_a_place_when_spelled_any_way(client, durres, q, slug):
    slugs = [m["slug"] for m in get(client, "/municipalities", q=q).json()["items"]]

    assert slugs == [slug]


def test_municipalities_search_finds_nothing_when_no_spelling_matches(client, durres):
    body = get(client, "/municipalities", q="Synthetic nowhere").json()

    assert body == {"items": [], "count": 0}


def test_municipalities_search_is_ignored_when_the_query_is_blank(client, western_balkans):
    assert get(client, "/municipalities", q="   ").json()["count"] == 4


def test_municipality_detail_has_names_history_and_public_positions_when_the_slug_exists(client, western_balkans):
    gjilan = western_balkans.countries.get(code="XK").municipalities.get(slug="gjilan")
    Membership.objects.filter(municipality=gjilan).update(ended_on=datetime.date(2019, 6, 1), ended_precision="month")
    Membership.objects.create(
        municipality=gjilan,
        status=MembershipStatus.SUSPENDED,
        started_on=datetime.date(2019, 6, 1),
        started_precision=DatePrecision.MONTH,
    )
    PositionFactory(municipality=gjilan, person__name_en="Synthetic mayor", title_en="Mayor of Gjilan")
    PositionFactory(municipality=gjilan, person__name_en="Synthetic hidden person", is_public=False)

    body = get(client, "/municipalities/gjilan").json()

    assert body["names"] == {
        "ar": "غيلان",
        "en": "Gjilan",
        "sq": "Gjilan",
        "mk": None,
        "sr": "Гњилане",
        "sr-latn": "Gnjilane",
        "bs": None,
    }
    assert "Gjilani" in body["alternate_names"]
    assert body["country"] == "XK"
    assert body["region"] == "western-balkans"
    assert body["status"] == "suspended"
    assert body["memberships"] == [
        {
            "status": "member",
            "started_on": "2016-01-01",
            "started_precision": "month",
            "ended_on": "2019-06-01",
            "ended_precision": "month",
        },
        {
            "status": "suspended",
            "started_on": "2019-06-01",
            "started_precision": "month",
            "ended_on": None,
            "ended_precision": None,
        },
    ]
    assert body["positions"] == [{"name": "Synthetic mayor", "role": "mayor", "title": "Mayor of Gjilan"}]


def test_municipality_detail_has_coordinates_and_population_when_known(client, durres):
    body = get(client, "/municipalities/durres").json()

    assert body["latitude"] == pytest.approx(41.3231)
    assert body["longitude"] == pytest.approx(19.4414)
    assert body["population"] == 1000
    assert body["names"]["sr-latn"] == "Drač"


def test_municipality_name_follows_the_callers_language_when_accept_language_is_set(client, western_balkans):
    arabic = client.get(f"{API}/municipalities/gjilan", HTTP_ACCEPT_LANGUAGE="ar").json()
    serbian = client.get(f"{API}/municipalities/gjilan", HTTP_ACCEPT_LANGUAGE="sr").json()

    assert arabic["name"] == "غيلان"
    assert serbian["name"] == "Гњилане"


# --- Organisations --------------------------------------------------------------------------------


def test_organisations_match_the_filters_when_filtered(client, western_balkans):
    elsewhere = PartnershipFactory(region=RegionFactory(slug="synthetic-mena")).organisation

    ngos = {o["slug"] for o in get(client, "/organisations", kind="local_ngo").json()["items"]}
    balkan = {o["slug"] for o in get(client, "/organisations", region="western-balkans").json()["items"]}
    found = [o["slug"] for o in get(client, "/organisations", q="gus").json()["items"]]

    assert elsewhere.slug in ngos and "gus-albania" in ngos and "isd" not in ngos
    assert {"isd", "icma", "gus-albania"} <= balkan and elsewhere.slug not in balkan
    assert found == ["gus-albania"]


def test_organisation_detail_lists_its_partnerships_and_public_positions_when_the_slug_exists(client, western_balkans):
    donor = OrganisationFactory(slug="synthetic-ngo", kind=OrganisationKind.DONOR)
    PartnershipFactory(organisation=donor, region=western_balkans, role="donor", started_year=2020, note_en="Funds")
    PositionFactory(organisation=donor, municipality=None, person__name_en="Synthetic director", role="staff")

    body = get(client, "/organisations/synthetic-ngo").json()

    assert body["kind"] == "donor"
    assert body["partnerships"] == [
        {"region": "western-balkans", "role": "donor", "started_year": 2020, "ended_year": None, "note": "Funds"}
    ]
    assert body["positions"] == [{"name": "Synthetic director", "role": "staff", "title": ""}]


def test_organisation_detail_of_the_seed_shows_its_roles_when_the_slug_exists(client, western_balkans):
    roles = {p["role"] for p in get(client, "/organisations/icma").json()["partnerships"]}

    assert roles == {"local_partner", "implementing_partner", "host"}


# --- Pagination -----------------------------------------------------------------------------------


def test_lists_answer_a_page_and_the_total_when_limit_and_offset_are_given(client, western_balkans):
    everything = [m["slug"] for m in get(client, "/municipalities").json()["items"]]

    page = get(client, "/municipalities", limit=2, offset=1).json()

    assert page["count"] == 4
    assert [m["slug"] for m in page["items"]] == everything[1:3]


def test_lists_answer_an_empty_page_when_the_offset_is_past_the_end(client, western_balkans):
    assert get(client, "/municipalities", offset=1000).json() == {"items": [], "count": 4}


@pytest.mark.parametrize(
    "params",
    [
        {"limit": 0},
        {"limit": -1},
        {"limit": 201},
        {"limit": 10**30},
        {"limit": "ten"},
        {"offset": -1},
        {"offset": 10**30},
    ],
)
@pytest.mark.parametrize("path", LIST_PATHS)
def test_lists_answer_422_with_detail_when_the_page_is_out_of_bounds(client, path, params):
    response = get(client, path, **params)

    assert response.status_code == 422
    [error] = response.json()["detail"]
    assert set(error) == {"type", "loc", "msg"}
    assert error["loc"] == ["query", next(iter(params))]
    assert error["msg"]


# --- Errors ---------------------------------------------------------------------------------------


def test_municipalities_answer_422_naming_the_statuses_when_the_status_is_bogus(client, western_balkans):
    response = get(client, "/municipalities", status="bogus")

    assert response.status_code == 422
    [error] = response.json()["detail"]
    assert error["loc"] == ["query", "status"]
    assert all(status in error["msg"] for status in MembershipStatus.values)


@pytest.mark.parametrize(
    ("path", "params", "mention"),
    [
        ("/municipalities", {"country": "ZZ"}, "ZZ"),
        ("/municipalities", {"country": "Kosovo"}, "'country'"),
        ("/municipalities", {"region": "atlantis"}, "atlantis"),
        ("/municipalities", {"region": "<script>"}, "'region'"),
        ("/municipalities", {"q": "x" * 201}, "'q'"),
        ("/organisations", {"kind": "cabal"}, "'kind'"),
        ("/organisations", {"region": "atlantis"}, "atlantis"),
    ],
)
def test_lists_answer_422_with_detail_when_a_filter_is_not_valid(client, western_balkans, path, params, mention):
    response = get(client, path, **params)

    assert response.status_code == 422
    assert mention in str(response.json()["detail"])


@pytest.mark.parametrize("path", DETAIL_PATHS)
def test_details_answer_404_with_detail_when_the_key_is_unknown(client, western_balkans, path):
    response = client.get(API + path.format(slug="synthetic-unknown", code="ZZ"))

    assert response.status_code == 404
    assert response.json()["detail"]


# --- Access: public, read-only --------------------------------------------------------------------


def _every_url():
    return [API + path for path in LIST_PATHS] + [
        f"{API}/regions/western-balkans",
        f"{API}/countries/XK",
        f"{API}/municipalities/gjilan",
        f"{API}/organisations/icma",
    ]


def test_a_signed_in_member_sees_the_same_public_data_as_anyone_when_reading(client, western_balkans):
    anonymous = {url: client.get(url).json() for url in _every_url()}
    client.force_login(people.member(western_balkans.countries.get(code="XK").municipalities.get(slug="gjilan")))

    signed_in = {url: client.get(url).json() for url in _every_url()}

    assert signed_in == anonymous
    assert all(client.get(url).status_code == 200 for url in _every_url())


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
@pytest.mark.parametrize("who", ["anonymous", "member", "secretariat"])
def test_writes_are_refused_with_405_when_anyone_tries(client, western_balkans, method, who):
    if who == "member":
        client.force_login(people.member(western_balkans.countries.get(code="XK").municipalities.first()))
    elif who == "secretariat":
        sign_in(client, staff(Role.SECRETARIAT))  # with their second factor: the API itself refuses

    for url in _every_url():
        response = getattr(client, method)(url, data={"name": "Synthetic"}, content_type="application/json")

        assert response.status_code == 405, url
        assert response.json()["detail"]
        assert response["Allow"] == "GET"
    assert get(client, "/municipalities/gjilan").json()["names"]["en"] == "Gjilan"


# --- Personal data --------------------------------------------------------------------------------


def test_no_email_or_phone_of_any_person_is_in_any_answer_when_people_hold_public_positions(client, western_balkans):
    gjilan = western_balkans.countries.get(code="XK").municipalities.get(slug="gjilan")
    mayor = PositionFactory(municipality=gjilan, person__email="mayor@private.test", person__phone="+381 11 555 0101")
    staff = PositionFactory(
        organisation=western_balkans.partnerships.first().organisation,
        municipality=None,
        person__email="staff@private.test",
        person__phone="+355 4 555 0102",
    )
    organisation = staff.organisation.slug
    urls = [*_every_url(), f"{API}/organisations/{organisation}", f"{API}/municipalities?q=gjilan"]

    bodies = [client.get(url).content.decode() for url in urls]

    assert any(mayor.person.name in body for body in bodies)
    assert any(staff.person.name in body for body in bodies)
    for body in bodies:
        for private in ["mayor@private.test", "+381 11 555 0101", "staff@private.test", "+355 4 555 0102"]:
            assert private not in body
        assert '"email"' not in body and '"phone"' not in body


# --- Query budgets --------------------------------------------------------------------------------


OTHER_COUNTRIES = ["AT", "BE", "BG", "CH", "CY", "CZ", "DE", "DK", "EE", "ES", "FI", "FR", "GR", "HR", "HU", "IE"]


def _registry_of(size: int):
    region = RegionFactory(slug="synthetic-budget")
    country = CountryFactory(code="TN", region=region)
    municipalities = MunicipalityFactory.create_batch(size, country=country)
    Membership.objects.bulk_create(
        Membership(municipality=m, status=MembershipStatus.MEMBER, started_on=datetime.date(2020, 1, 1))
        for m in municipalities[::2]
    )
    for _n in range(min(size, 60)):
        PartnershipFactory(region=region)
    for code in OTHER_COUNTRIES[: min(size, len(OTHER_COUNTRIES))]:
        CountryFactory(code=code, region=RegionFactory())


@pytest.mark.parametrize("size", [5, 500])
@pytest.mark.parametrize(
    "url",
    [
        "/municipalities?limit=200",
        "/municipalities?limit=200&region=synthetic-budget&country=TN&status=member&q=synthetic",
        "/regions?limit=200",
        "/countries?limit=200",
        "/countries?limit=200&region=synthetic-budget",
        "/organisations?limit=200",
        "/organisations?limit=200&region=synthetic-budget&kind=local_ngo&q=synthetic",
    ],
)
def test_lists_run_a_fixed_number_of_queries_when_the_registry_grows(client, django_assert_max_num_queries, size, url):
    _registry_of(size)

    with django_assert_max_num_queries(4):
        response = client.get(API + url)

    assert response.status_code == 200
    assert response.json()["count"] >= 1


@pytest.mark.parametrize("size", [1, 30])
def test_details_run_a_fixed_number_of_queries_when_a_record_has_many_relations(
    client, django_assert_max_num_queries, western_balkans, size
):
    gjilan = western_balkans.countries.get(code="XK").municipalities.get(slug="gjilan")
    PositionFactory.create_batch(size, municipality=gjilan)
    organisation = OrganisationFactory(slug="synthetic-busy")
    PositionFactory.create_batch(size, organisation=organisation, municipality=None)
    for _n in range(size):
        PartnershipFactory(organisation=organisation)

    with django_assert_max_num_queries(5):
        assert get(client, "/municipalities/gjilan").status_code == 200
    with django_assert_max_num_queries(4):
        assert get(client, "/organisations/synthetic-busy").status_code == 200
    with django_assert_max_num_queries(3):
        assert get(client, "/regions/western-balkans").status_code == 200


# --- Schema and docs ------------------------------------------------------------------------------


def test_openapi_schema_lists_every_path_read_only_when_fetched(client):
    response = client.get(f"{API}/openapi.json")

    assert response.status_code == 200
    paths = response.json()["paths"]
    for path in LIST_PATHS + DETAIL_PATHS:
        assert set(paths[API + path]) == {"get"}, path
    statuses = paths[f"{API}/municipalities"]["get"]["parameters"]
    status = next(p for p in statuses if p["name"] == "status")
    assert set(status["schema"]["anyOf"][0]["enum"]) == set(MembershipStatus.values)


def test_docs_page_loads_every_asset_from_this_site_when_offline(client):
    response = client.get(f"{API}/docs")

    assert response.status_code == 200
    html = response.content.decode()
    urls = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert urls, "the page should load Swagger UI"
    for url in urls:
        assert url.startswith(settings.STATIC_URL), url
        assert finders.find(url.removeprefix(settings.STATIC_URL)), f"{url} is not a static file of this site"
    assert "http://" not in html and "https://" not in html


def test_list_is_served_from_cache_until_the_registry_changes(
    client, western_balkans_registry, django_assert_num_queries, django_capture_on_commit_callbacks
):
    from citynet.network.tests.factories import MunicipalityFactory

    first = client.get("/api/v1/municipalities?limit=5")
    with django_assert_num_queries(0):
        again = client.get("/api/v1/municipalities?limit=5")
    assert again.json() == first.json()
    with django_capture_on_commit_callbacks(execute=True):  # the cache moves on when the write commits
        MunicipalityFactory(name_en="Aaa synthetic municipality")
    assert client.get("/api/v1/municipalities?limit=5").json()["count"] == first.json()["count"] + 1


def test_cached_lists_answer_each_language_in_its_own_words(client, western_balkans_registry):
    english = client.get("/api/v1/regions", HTTP_ACCEPT_LANGUAGE="en").json()["items"][0]["name"]
    arabic = client.get("/api/v1/regions", HTTP_ACCEPT_LANGUAGE="ar").json()["items"][0]["name"]
    assert (english, arabic) == ("Western Balkans", "غرب البلقان")

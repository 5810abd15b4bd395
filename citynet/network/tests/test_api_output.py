"""The API's list pages answer exactly the JSON they always have: a fixed registry, byte for byte.

The lists are serialised from database rows without model instances or per-item validation (for
speed, docs/benchmarks.md); these snapshots, taken before that change, hold them to the contract:
the same fields in the same order, the same names and fallbacks in each language, the same pages.
"""

import datetime
import hashlib
import itertools
import json

import pytest
from ninja.responses import NinjaJSONEncoder

from citynet.core.testing import assert_queries_do_not_grow
from citynet.network.models import Country, DatePrecision, MembershipStatus, OrganisationKind
from citynet.network.tests.factories import (
    MembershipFactory,
    MunicipalityFactory,
    OrganisationFactory,
    PartnershipFactory,
)

pytestmark = pytest.mark.django_db

API = "/api/v1"


def _synthetic_registry(region):
    """The seed's registry and a few synthetic records covering each way a list item can differ."""
    albania, serbia = Country.objects.get(code="AL"), Country.objects.get(code="RS")
    MunicipalityFactory(
        slug="synthetic-cyrillic-only",
        name_en="Synthetic Cyrillic only",
        name_sr="Синтетичка ћирилица",
        latitude=None,
        longitude=None,
        country=serbia,
    )
    latin = MunicipalityFactory(
        slug="synthetic-latin-only",
        name_en="Synthetic Latin only",
        name_sr_latn="Sintetička latinica",
        name_ar="  ",
        population=12345,
        latitude="41.123456",
        longitude="-19.5",
        country=serbia,
    )
    MembershipFactory(municipality=latin, status=MembershipStatus.MEMBER, started_on=datetime.date(2011, 5, 1))
    MembershipFactory(
        municipality=latin,
        status=MembershipStatus.SUSPENDED,
        started_on=datetime.date(2019, 3, 1),
        started_precision=DatePrecision.YEAR,
    )
    left = MunicipalityFactory(
        slug="synthetic-left", name_en="Synthetic left", name_ar="بلدية اصطناعية", country=albania
    )
    MembershipFactory(
        municipality=left,
        status=MembershipStatus.MEMBER,
        started_on=datetime.date(2015, 1, 1),
        ended_on=datetime.date(2018, 1, 1),
    )
    MembershipFactory(municipality=left, status=MembershipStatus.LEFT, started_on=datetime.date(2018, 1, 1))
    donor = OrganisationFactory(
        slug="synthetic-donor",
        name_en="Synthetic donor",
        name_ar="مانح اصطناعي",
        acronym="SD",
        kind=OrganisationKind.DONOR,
        country="DE",
        city="Synthetic city",
        founded_year=1999,
        website="https://donor.invalid/",
        description_en="Synthetic description.",
        description_sr_latn="Sintetički opis.",
    )
    PartnershipFactory(organisation=donor, region=region, role="donor")
    OrganisationFactory(slug="synthetic-seatless", name_en="Synthetic seatless", name_sr="Синтетичка")


URLS = [
    "/municipalities",
    "/municipalities?limit=3&offset=2",
    "/municipalities?country=RS",
    "/municipalities?status=member",
    "/municipalities?status=prospective&limit=2",
    "/municipalities?q=synthetic",
    "/municipalities?q=Синтетичка&region=western-balkans",
    "/municipalities?offset=1000",
    "/organisations",
    "/organisations?limit=2&offset=1",
    "/organisations?q=synthetic&kind=donor",
    "/organisations?region=western-balkans",
]
LANGUAGES = ["en", "ar", "sr", "sr-latn"]
# sha256 of each response's body, taken from the API before the lists were serialised from rows.
DIGESTS = {
    "en /municipalities": "90db2027bab0ed39e470eb4117b3896742c74e3664ff27105c61c8b63a17568d",
    "en /municipalities?limit=3&offset=2": "578c4bec8ceecbfeb1069a44bbc8edc60f9d845f8ce7f0e66233c5b9640a1657",
    "en /municipalities?country=RS": "2a6108bda8dfcd59504ab84ad573cc3b0cbce5e330e2f2c87683f478f47c1859",
    "en /municipalities?status=member": "7eea756511a3cc78300c39417f5fc30c577a27293a6021324e81f68f2b95a2a4",
    "en /municipalities?status=prospective&limit=2": "f18c7c6bdef16970ad1f6e8c1631fcd57d3fb3fd3084a288c5810d5b39cd7b8f",
    "en /municipalities?q=synthetic": "6981f8c656de87637efc2840bb37bc8fde4d3c1b739c27a80d4d4fa4cd41a8a0",
    "en /municipalities?q=Синтетичка&region=western-balkans": "2a6108bda8dfcd59504ab84ad573cc3b0cbce5e330e2f2c87683f478f47c1859",
    "en /municipalities?offset=1000": "ee2c63e240b34be8784fe953ac1588402a5f1797b06adde5c9b8b6dc5cd1d0f8",
    "en /organisations": "01e10d92c0693142b97070e8ae14a186624403a7b24cb61710d005529edf94aa",
    "en /organisations?limit=2&offset=1": "ea6d5b98c537b183072dfb016bc6f125abf44cfd35bad62224c04c809eff30d0",
    "en /organisations?q=synthetic&kind=donor": "0bd761bf97dda1e43aab6d1dd5122053b5a7fe751697da0d6bb458d7e5ae0973",
    "en /organisations?region=western-balkans": "cab4c1b4cfae5bf859d1d4515418bb97107c5a108bbd6585bc867a89160dda4b",
    "ar /municipalities": "7c4fcd4e9e1bd0a7784c6c7272d1ec9b96fb1d4dff3c9f50add395a10ea5d9bc",
    "ar /municipalities?limit=3&offset=2": "9b6681edc965738da8bb3dd478c2cd3f7e74b7b506bbdc616faead43f5604c67",
    "ar /municipalities?country=RS": "2a6108bda8dfcd59504ab84ad573cc3b0cbce5e330e2f2c87683f478f47c1859",
    "ar /municipalities?status=member": "9b4d1b2f6257a1b252a28819eacce7ce447cbc0e9f795b6ac79e96cadbc01f60",
    "ar /municipalities?status=prospective&limit=2": "f18c7c6bdef16970ad1f6e8c1631fcd57d3fb3fd3084a288c5810d5b39cd7b8f",
    "ar /municipalities?q=synthetic": "c77da040486831461d5736168c7f2a4a055b532673438d691850ecf872adbacf",
    "ar /municipalities?q=Синтетичка&region=western-balkans": "2a6108bda8dfcd59504ab84ad573cc3b0cbce5e330e2f2c87683f478f47c1859",
    "ar /municipalities?offset=1000": "ee2c63e240b34be8784fe953ac1588402a5f1797b06adde5c9b8b6dc5cd1d0f8",
    "ar /organisations": "559d1cd0dcabed131e0fb8c6d2b68f570106476311fc841da1b704bff2e73e12",
    "ar /organisations?limit=2&offset=1": "6aa3e918c6e58ae31b103f8c8ec61ff754f176cf7fcdfdba13f4d310a71a5f0e",
    "ar /organisations?q=synthetic&kind=donor": "375be63ae74c8a922a51122074db50ce8e9482b84bb206591264540f6f541f20",
    "ar /organisations?region=western-balkans": "4d843f2475735b5eee1af69657165171f998d1a1df6fb7426d8d5077d288ac98",
    "sr /municipalities": "b4fa957d090a531e4612f083c0ecb72c9951e4956c92c182eaf2fd23e6c3d316",
    "sr /municipalities?limit=3&offset=2": "1660113f666e03e62cd3ca7b6b2c73a56e4da8a00486b3c0a9af000f085e3dcf",
    "sr /municipalities?country=RS": "a976432faeede5403e039dbb26f3d69264124fce9d07e4ab7fb3028a20eebbc5",
    "sr /municipalities?status=member": "794df9f936c77a6fa148bf2f72a11d80f44fadb366578364cc207234ffd3ad14",
    "sr /municipalities?status=prospective&limit=2": "dd601d4959a8629b0d99973002b5f3f652f3ba3db9bcd7d6ab6ff3e4cdcbd3d1",
    "sr /municipalities?q=synthetic": "22a11195ba0597818565d184bb337129ee32b4773bcaab4f0a6f22b7a5c37305",
    "sr /municipalities?q=Синтетичка&region=western-balkans": "a976432faeede5403e039dbb26f3d69264124fce9d07e4ab7fb3028a20eebbc5",
    "sr /municipalities?offset=1000": "ee2c63e240b34be8784fe953ac1588402a5f1797b06adde5c9b8b6dc5cd1d0f8",
    "sr /organisations": "f0351a9d251d5922e6ab9a513756a26dfb4865420294c4b034264ecb57ed53cc",
    "sr /organisations?limit=2&offset=1": "ea6d5b98c537b183072dfb016bc6f125abf44cfd35bad62224c04c809eff30d0",
    "sr /organisations?q=synthetic&kind=donor": "a587544aa1677a82b1a69daccf30b888c6359f5fba4868b0f1379a35c641e89f",
    "sr /organisations?region=western-balkans": "b79b7d985184172b9c946c56b77d2b452f39ec751d5ee7c3e2add5024423adb0",
    "sr-latn /municipalities": "cd4655512edd4e07d081bf280ea6fc92d481b3bda5c0aaf0e64ea165bf95f4d9",
    "sr-latn /municipalities?limit=3&offset=2": "4e7a0150981f699158f15b88da19a62118e86d09dbf4f621d4d07b8fb196cff4",
    "sr-latn /municipalities?country=RS": "a57136961b5fc52e8e8408dedabed63b6dff2458ba8d930fb18b87780de7d39c",
    "sr-latn /municipalities?status=member": "4370ef9d671e62c8618536df094bca56ba0c6b209dd13d9fbd0cbfd741f8a138",
    "sr-latn /municipalities?status=prospective&limit=2": "a87206df099aa063be0f6c9f8fbefc6f1fdd925aceda2032d5ddc9c8fa1d49ae",
    "sr-latn /municipalities?q=synthetic": "2fdda57abd61f735d11076350e7770b38a7acd597e426d075d2fba93c03beac0",
    "sr-latn /municipalities?q=Синтетичка&region=western-balkans": "a57136961b5fc52e8e8408dedabed63b6dff2458ba8d930fb18b87780de7d39c",
    "sr-latn /municipalities?offset=1000": "ee2c63e240b34be8784fe953ac1588402a5f1797b06adde5c9b8b6dc5cd1d0f8",
    "sr-latn /organisations": "a3bc92be89161e3da16dc436e87162bd4625fb4665836b880cddff4eb380f8a0",
    "sr-latn /organisations?limit=2&offset=1": "ea6d5b98c537b183072dfb016bc6f125abf44cfd35bad62224c04c809eff30d0",
    "sr-latn /organisations?q=synthetic&kind=donor": "1e311ddcb472120adff5cc6ec15c39160fe2da8850eb971e74dd27f6be8814f9",
    "sr-latn /organisations?region=western-balkans": "e0ff1c25751a2bb0a45413a594479dff813267fbcf02d181d895afc6239f7266",
}
OPENAPI_DIGEST = "acdedeb099cfc7e3b486300a8bed5f31ee823fb475e1c7bf1b91df91d395beb3"  # with the grants, the events (events, report, topics, participants, participations), advisory (consultations, action plan, staff records) and the library (resources, work streams)


def _names(**given) -> dict:
    """A `names` object: every language of the site in its order, null where not given (sr_latn: sr-latn)."""
    return {code: given.get(code.replace("-", "_")) for code in ["ar", "en", "sq", "mk", "sr", "sr-latn", "bs"]}


def _body(expected) -> bytes:
    """The bytes django-ninja's JSON renderer writes for `expected` (its default json.dumps settings)."""
    return json.dumps(expected, cls=NinjaJSONEncoder).encode()


@pytest.fixture
def registry(western_balkans_registry):
    _synthetic_registry(western_balkans_registry)
    return western_balkans_registry


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("url", URLS)
def test_list_answers_the_same_bytes_as_before_when_asked_in_each_language(client, registry, url, language):
    response = client.get(API + url, HTTP_ACCEPT_LANGUAGE=language)

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert hashlib.sha256(response.content).hexdigest() == DIGESTS[f"{language} {url}"], response.content.decode()


def test_search_in_arabic_names_each_place_in_arabic_or_english_when_arabic_is_missing(client, registry):
    response = client.get(f"{API}/municipalities?q=synthetic", HTTP_ACCEPT_LANGUAGE="ar")

    assert response.content == _body(
        {
            "items": [
                {
                    "name": "Synthetic Cyrillic only",
                    "names": _names(en="Synthetic Cyrillic only", sr="Синтетичка ћирилица"),
                    "slug": "synthetic-cyrillic-only",
                    "country": "RS",
                    "region": "western-balkans",
                    "latitude": None,
                    "longitude": None,
                    "population": None,
                    "status": "prospective",
                    "member_since": None,
                    "member_since_precision": None,
                },
                {
                    "name": "Synthetic Latin only",
                    "names": _names(en="Synthetic Latin only", sr_latn="Sintetička latinica"),
                    "slug": "synthetic-latin-only",
                    "country": "RS",
                    "region": "western-balkans",
                    "latitude": 41.123456,
                    "longitude": -19.5,
                    "population": 12345,
                    "status": "suspended",
                    "member_since": "2011-05-01",
                    "member_since_precision": "day",
                },
                {
                    "name": "بلدية اصطناعية",
                    "names": _names(ar="بلدية اصطناعية", en="Synthetic left"),
                    "slug": "synthetic-left",
                    "country": "AL",
                    "region": "western-balkans",
                    "latitude": 42.5,
                    "longitude": 21.0,
                    "population": None,
                    "status": "left",
                    "member_since": "2015-01-01",
                    "member_since_precision": "day",
                },
            ],
            "count": 3,
        }
    )


def test_serbian_search_transliterates_a_name_written_only_in_latin_when_asked_in_cyrillic(client, registry):
    items = client.get(f"{API}/municipalities?q=sinteticka", HTTP_ACCEPT_LANGUAGE="sr").json()["items"]

    assert [item["name"] for item in items] == ["Синтетичка ћирилица", "Синтетичка латиница"]


def test_organisation_search_answers_every_field_in_the_callers_language_when_found(client, registry):
    response = client.get(f"{API}/organisations?q=synthetic&kind=donor", HTTP_ACCEPT_LANGUAGE="en")

    assert response.content == _body(
        {
            "items": [
                {
                    "name": "Synthetic donor",
                    "names": _names(ar="مانح اصطناعي", en="Synthetic donor"),
                    "slug": "synthetic-donor",
                    "acronym": "SD",
                    "kind": "donor",
                    "country": "DE",
                    "city": "Synthetic city",
                    "founded_year": 1999,
                    "website": "https://donor.invalid/",
                    "description": "Synthetic description.",
                }
            ],
            "count": 1,
        }
    )


def test_openapi_document_is_unchanged_when_fetched(client):
    response = client.get(f"{API}/openapi.json")

    assert hashlib.sha256(response.content).hexdigest() == OPENAPI_DIGEST


# --- Query budgets ---------------------------------------------------------------------------------


def _each_time_a_new_page(url):
    """A call of `url` with another limit each time: the response cache (keyed by the full URL) never answers."""
    limits = itertools.count(200, -1)
    return lambda client: client.get(f"{API}{url}&limit={next(limits)}")


def _grow_municipalities(country):
    def grow(n):
        for _n in range(n):
            municipality = MunicipalityFactory(country=country)
            MembershipFactory(municipality=municipality)

    return grow


@pytest.mark.parametrize("url", ["/municipalities?offset=0", "/municipalities?offset=3&status=member&q=synthetic"])
def test_municipality_list_runs_as_many_queries_at_500_rows_as_at_5_when_the_registry_grows(
    client, western_balkans_registry, url
):
    grow = _grow_municipalities(Country.objects.get(code="RS"))

    page = _each_time_a_new_page(url)

    queries = assert_queries_do_not_grow(lambda: page(client), grow, sizes=(5, 500))

    assert queries <= 4


def test_organisation_list_runs_as_many_queries_at_300_rows_as_at_5_when_the_registry_grows(
    client, western_balkans_registry
):
    def grow(n):
        for _n in range(n):
            PartnershipFactory(region=western_balkans_registry, organisation__country="AL")

    page = _each_time_a_new_page("/organisations?offset=0")

    queries = assert_queries_do_not_grow(lambda: page(client), grow, sizes=(5, 300))

    assert queries <= 4

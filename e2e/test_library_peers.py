"""Peer cities, in English and in Arabic (right to left): a visitor opens the page from the library, sees the
cities that did something, filters by a topic, and finds the city that hosted an event on it with a link to
the event and its public focal point's name and title (never a private contact, nor an email or phone).
Screenshots go to e2e/artifacts/ and /tmp/shots/.
"""

import shutil
import tempfile
from pathlib import Path

import pytest
from playwright.sync_api import expect

from citynet.events.tests.factories import past_event
from citynet.network.models import Municipality, PositionRole
from citynet.network.tests.factories import PersonFactory, PositionFactory, TopicFactory

LANGUAGES = ["en", "ar"]
SHOTS = Path(tempfile.gettempdir()) / "shots"  # /tmp/shots: to look at after a run


def shot(page, artifacts, name: str) -> None:
    path = artifacts / f"{name}.png"
    page.screenshot(path=path, full_page=True)
    SHOTS.mkdir(exist_ok=True)
    shutil.copy(path, SHOTS / path.name)


def peers_of_the_seed():
    """Gjilan hosted a workshop on youth engagement and has a public focal point (and a private one);
    Čair hosted one on risk assessment."""
    gjilan = Municipality.objects.get(slug="gjilan")
    cair = Municipality.objects.get(slug="cair")
    youth = TopicFactory(slug="synthetic-youth-engagement", name_en="Youth engagement", name_ar="إشراك الشباب")
    risk = TopicFactory(slug="synthetic-risk-assessment", name_en="Risk assessment", name_ar="تقييم المخاطر")
    event = past_event(
        host_municipality=gjilan,
        region=gjilan.country.region,
        topics=[youth],
        title_en="Synthetic workshop on youth councils",
        title_ar="ورشة عمل تجريبية حول مجالس الشباب",
    )
    past_event(host_municipality=cair, region=cair.country.region, topics=[risk], title_en="Synthetic risk training")
    PositionFactory(
        municipality=gjilan,
        role=PositionRole.FOCAL_POINT,
        title_en="Prevention adviser",
        title_ar="مستشارة الوقاية",
        person=PersonFactory(name_en="Synthetic Arta Krasniqi", email="arta@example.test", phone="+383 44 000 111"),
    )
    PositionFactory(
        municipality=gjilan,
        role=PositionRole.FOCAL_POINT,
        is_public=False,
        person=PersonFactory(name_en="Synthetic Hidden Person"),
    )
    return youth, event


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_visitor_finds_a_peer_city_on_a_topic_and_its_contact(site, page, artifacts, language):
    youth, event = peers_of_the_seed()

    page.goto(f"{site}/{language}/library/")
    with page.expect_navigation():
        page.locator(f"a[href='/{language}/peer-cities/']").click()
    expect(page.locator("html")).to_have_attribute("dir", "rtl" if language == "ar" else "ltr")
    expect(page.locator(".peer-city[data-city=gjilan]")).to_be_visible()
    expect(page.locator(".peer-city[data-city=cair]")).to_be_visible()
    shot(page, artifacts, f"library-peers-all-{language}")

    page.locator("select[name=topic]").select_option(youth.slug)
    with page.expect_navigation():
        page.locator("form.peer-filters button[type=submit]").click()
    assert f"topic={youth.slug}" in page.url
    cities = page.locator(".peer-city")
    expect(cities).to_have_count(1)
    gjilan = page.locator(".peer-city[data-city=gjilan]")
    expect(gjilan.locator(f"a[href='/{language}/municipalities/gjilan/']")).to_be_visible()
    expect(gjilan.locator(f"a[href='/{language}/events/{event.slug}/']")).to_be_visible()
    contact = gjilan.locator(".peer-contact")
    expect(contact).to_contain_text("Synthetic Arta Krasniqi")
    expect(contact).to_contain_text("مستشارة الوقاية" if language == "ar" else "Prevention adviser")
    html = page.content()
    assert "Synthetic Hidden Person" not in html
    assert "arta@example.test" not in html and "000 111" not in html
    shot(page, artifacts, f"library-peers-topic-{language}")

    # The city's link leads to its profile.
    with page.expect_navigation():
        gjilan.locator(f"a[href='/{language}/municipalities/gjilan/']").click()
    assert page.url.endswith(f"/{language}/municipalities/gjilan/")
    assert not page.problems, str(page.problems)

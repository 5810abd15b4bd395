"""A visitor finds the open demo call on the region hub, reads its deadline in two time zones with a
countdown, and finds the 2018 award to GUS Albania; in English and in Arabic."""

import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

SHOTS = Path("/tmp/shots")  # noqa: S108 - where the session looks at them
DEMO_TITLE = {"en": "Demo call: small grants for local resilience projects", "ar": "دعوة تجريبية: منح صغيرة"}
GUS = {"en": "GUS Albania", "ar": "غوس ألبانيا"}


@pytest.fixture
def grants_site(site, western_balkans):
    from django.core.cache import cache

    from citynet.core.actors import SYSTEM
    from citynet.grants.demo import load_grants

    load_grants(western_balkans, actor=SYSTEM)
    cache.clear()
    return site


@pytest.fixture
def visitor(browser):
    """A visitor in New York: their clock differs from the call's (Tirana) and from UTC."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, timezone_id="America/New_York")
    context.set_default_timeout(10_000)
    page = context.new_page()
    page.errors = []
    page.on("pageerror", lambda error: page.errors.append(str(error)))
    page.on("response", lambda r: r.status >= 400 and page.errors.append(f"{r.status} {r.url}"))
    yield page
    context.close()


@pytest.mark.parametrize("language", ["en", "ar"])
def test_visitor_finds_the_open_call_on_the_hub_and_the_award(visitor, grants_site, language):
    SHOTS.mkdir(exist_ok=True)
    page = visitor
    page.goto(f"{grants_site}/{language}/western-balkans/")
    section = page.locator(".hub-grants")
    expect(section).to_contain_text(DEMO_TITLE[language])
    expect(section.locator(".demo-label").first).to_be_visible()
    section.screenshot(path=str(SHOTS / f"hub-grants-{language}.png"))

    section.get_by_role("link", name=re.compile(re.escape(DEMO_TITLE[language]))).click()
    expect(page).to_have_url(re.compile(rf"/{language}/calls/demo-call-local-resilience/$"))
    expect(page.locator("h1")).to_contain_text(DEMO_TITLE[language])
    expect(page.locator(".deadline-call-zone")).to_contain_text("17:00:00")
    expect(page.locator(".deadline-box")).to_contain_text("Europe/Tirane")
    # The script shows the deadline on the visitor's clock (New York: 11:00 when Tirana's is 17:00) and counts down.
    expect(page.locator(".visitor-zone")).to_be_visible()
    expect(page.locator(".visitor-zone-name")).to_have_text("America/New_York")
    expect(page.locator(".deadline-visitor")).to_contain_text(re.compile(r"11:00:00|١١:٠٠:٠٠"))
    countdown = page.locator(".countdown-value")
    first = countdown.inner_text()
    expect(countdown).not_to_have_text(first)  # it ticks (waits up to the default timeout)
    if language == "ar":
        assert page.locator("html").get_attribute("dir") == "rtl"
    expect(page.locator(".apply-form button")).to_be_visible()
    page.screenshot(path=str(SHOTS / f"call-{language}.png"), full_page=True)
    # Applying starts with signing in, then comes back to the call's application.
    page.locator(".apply-form button").click()
    expect(page).to_have_url(re.compile(r"/accounts/login/\?next=.*demo-call-local-resilience"))

    page.goto(f"{grants_site}/{language}/western-balkans/")
    page.locator(".hub-grants").get_by_role("link", name=re.compile(GUS[language])).first.click()
    expect(page).to_have_url(re.compile(rf"/{language}/awards/gus-albania-local-innovation-grant-2018/$"))
    expect(page.locator("h1")).to_contain_text(GUS[language])
    expect(page.locator(".facts")).to_contain_text("2018")
    page.screenshot(path=str(SHOTS / f"award-{language}.png"), full_page=True)

    page.get_by_role("link", name=re.compile(r"Local Innovation Grant|منحة الابتكار المحلي")).first.click()
    expect(page.locator(".facts")).to_contain_text(re.compile(r"80|٨٠"))
    page.screenshot(path=str(SHOTS / f"call-2018-{language}.png"), full_page=True)
    assert not page.errors, page.errors


def test_call_page_without_script_still_shows_the_calls_zone_and_utc(browser, grants_site):
    context = browser.new_context(java_script_enabled=False, locale="en-GB")
    page = context.new_page()
    page.goto(f"{grants_site}/en/calls/demo-call-local-resilience/")
    expect(page.locator(".deadline-call-zone")).to_contain_text("17:00:00")
    expect(page.locator(".deadline-utc")).not_to_be_empty()
    expect(page.locator(".visitor-zone")).to_be_hidden()
    page.screenshot(path=str(SHOTS / "call-no-script.png"), full_page=True)
    context.close()

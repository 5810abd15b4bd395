"""The region hub in Arabic, English and Serbian, drawn by a real browser."""

import re
from pathlib import Path
from urllib.parse import urlsplit

from playwright.sync_api import expect

AR_TITLE = "شبكة المدن القوية في منطقة غرب البلقان"
EN_TITLE = "The Strong Cities Network in the Western Balkans"
MEMBERS = {
    "ar": ["كاير", "بيجا", "غيلان", "بريزرن"],
    "en": ["Čair", "Peja", "Gjilan", "Prizren"],
    "sr": ["Чаир", "Пећ", "Гњилане", "Призрен"],
}
SERBIAN_CATALOGUE = Path(__file__).resolve().parent.parent / "locale" / "sr" / "LC_MESSAGES" / "django.po"
MARKER_COLOUR = "#07437f"  # the stroke map.js gives member markers, unlike the country shapes


def open_hub(page, site, language):
    response = page.goto(f"{site}/{language}/western-balkans/")
    assert response.status == 200
    # The map fetches its country shapes after load; wait for them so the screenshot shows the map.
    page.wait_for_load_state("networkidle")
    return response


def assert_hub_drawn(page, language):
    """Figures, member list, Leaflet map with one marker per member, the chart, and the site's CSS."""
    figures = page.locator(".figure-list .figure-value")
    expect(figures.first).to_have_text(re.compile(r"^\s*(4|٤)\s*$"))
    expect(figures.nth(1)).to_contain_text(re.compile(r"40|٤٠"))
    if language == "en":
        expect(figures.nth(1)).to_have_text("more than 40")

    members = page.locator(".country-list a")
    expect(members).to_have_count(len(MEMBERS[language]))
    for name in MEMBERS[language]:
        expect(page.locator(".country-list")).to_contain_text(name)

    expect(page.locator("#region-map.leaflet-container")).to_be_visible()
    markers = page.locator(f'#region-map svg path[stroke="{MARKER_COLOUR}"]')
    expect(markers).to_have_count(len(MEMBERS[language]))
    assert page.locator("#region-map svg path").count() > len(MEMBERS[language]), "the country shapes are missing"

    expect(page.locator("canvas#timeline-chart")).to_be_attached()
    assert page.evaluate("() => !!(window.Chart && Chart.getChart(document.getElementById('timeline-chart')))")
    assert page.evaluate(
        "() => { const b = document.getElementById('timeline-chart').getBoundingClientRect();"
        " return b.width > 100 && b.height > 100; }"
    ), "the chart has no size"

    # site.css is loaded and applied (the skip link is moved off-screen by it) and leaflet.css too.
    sheets = page.evaluate("() => [...document.styleSheets].map(s => s.href && new URL(s.href).pathname)")
    assert "/static/citynet/site.css" in sheets and "/static/vendor/leaflet/leaflet.css" in sheets, sheets
    skip = page.locator(".skip-link").bounding_box()
    assert skip is None or skip["y"] < 0 or skip["x"] < 0 or skip["width"] <= 1, f"site.css not applied: {skip}"
    assert not page.problems, str(page.problems)


def test_hub_is_drawn_right_to_left_when_arabic(site, page, artifacts):
    open_hub(page, site, "ar")
    html = page.locator("html")
    expect(html).to_have_attribute("lang", "ar")
    expect(html).to_have_attribute("dir", "rtl")
    expect(page.locator("h1")).to_have_text(AR_TITLE)
    assert_hub_drawn(page, "ar")
    # Mirrored layout: the brand starts at the right, the map sits on the right of the member list.
    width = page.viewport_size["width"]
    assert page.locator(".brand").bounding_box()["x"] > width / 2
    assert page.locator("#region-map").bounding_box()["x"] > page.locator(".country-list").bounding_box()["x"]
    # The Arabic font comes from the site itself and is used.
    assert page.evaluate(
        "async () => { await document.fonts.ready;"
        " return [...document.fonts].some(f => f.family.includes('Noto Sans Arabic') && f.status === 'loaded'); }"
    ), "Noto Sans Arabic was not loaded"
    page.screenshot(path=artifacts / "hub-ar.png", full_page=True)


def test_hub_is_drawn_when_english_or_serbian_cyrillic(site, page, artifacts):
    open_hub(page, site, "en")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.locator("html")).to_have_attribute("dir", "ltr")
    expect(page.locator("h1")).to_have_text(EN_TITLE)
    expect(page.locator(".fallback-note")).to_have_count(0)
    assert_hub_drawn(page, "en")
    page.screenshot(path=artifacts / "hub-en.png", full_page=True)

    open_hub(page, site, "sr")
    expect(page.locator("html")).to_have_attribute("lang", "sr-Cyrl")
    expect(page.locator("html")).to_have_attribute("dir", "ltr")
    expect(page.locator(".fallback-note")).to_be_visible()
    if SERBIAN_CATALOGUE.exists():
        # The interface around the untranslated page speaks Serbian in Cyrillic.
        expect(page.locator(".main-nav")).to_contain_text(re.compile("[\u0400-\u04ff]{3}"))
    assert_hub_drawn(page, "sr")
    page.screenshot(path=artifacts / "hub-sr.png", full_page=True)


def test_hub_requests_nothing_from_other_hosts_when_loaded(site, live_host, page):
    requested = []
    page.on("request", lambda request: requested.append(request.url))
    for language in ("ar", "en"):
        open_hub(page, site, language)
    assert requested, "no request recorded"
    elsewhere = [
        url for url in requested if urlsplit(url).scheme not in ("data", "blob") and urlsplit(url).netloc != live_host
    ]
    assert not elsewhere, f"requests to other hosts than {live_host}: {elsewhere}"
    # The map's shapes and the Arabic font are among what was fetched from the live server.
    paths = {urlsplit(url).path for url in requested}
    for country in ("AL", "BA", "ME", "MK", "RS", "XK", "HR", "GR"):  # the region's own, and neighbours
        assert f"/static/vendor/geo/countries/{country}.geojson" in paths, sorted(paths)
    assert "/static/vendor/geo/land.geojson" in paths, sorted(paths)
    assert "/static/vendor/fonts/noto-sans-arabic-arabic-400-normal.woff2" in paths, sorted(paths)


HOSTILE_NAME = "<img src=x onerror=alert(1)>"


def test_a_name_written_as_markup_shows_as_text_in_the_maps_tooltip(site, page, western_balkans):
    from citynet.network.models import Country
    from citynet.network.tests.factories import member_municipality

    # Far from the other members (Podgorica), so that its marker is the one under the pointer.
    member_municipality(
        name_en=HOSTILE_NAME,
        slug="synthetic-hostile-name",
        country=Country.objects.get(code="ME"),
        latitude=42.44,
        longitude=19.26,
    )
    open_hub(page, site, "en")
    markers = page.locator(f'#region-map svg path[stroke="{MARKER_COLOUR}"]')
    expect(markers).to_have_count(len(MEMBERS["en"]) + 1)
    shown = []
    for i in range(markers.count()):
        markers.nth(i).hover()
        tooltip = page.locator(".leaflet-tooltip")
        expect(tooltip).to_have_count(1)
        shown.append(tooltip.inner_text())
        page.mouse.move(1, 1)
    assert HOSTILE_NAME in shown, shown
    assert page.locator("#region-map img").count() == 0
    assert page.evaluate("() => document.querySelectorAll('img[onerror]').length") == 0
    # The marker links to the city's profile.
    markers.nth(shown.index(HOSTILE_NAME)).click()
    expect(page).to_have_url(f"{site}/en/municipalities/synthetic-hostile-name/")
    expect(page.locator("h1")).to_have_text(HOSTILE_NAME)
    assert page.locator("main img").count() == 0
    assert not page.problems, str(page.problems)


def test_a_second_region_is_drawn_with_its_own_countries_and_members(site, page, artifacts):
    from citynet.hub.tests.factories import synthetic_region

    synthetic_region()
    requested = []
    page.on("request", lambda request: requested.append(urlsplit(request.url).path))
    response = page.goto(f"{site}/en/synthetic-test-region/")
    assert response.status == 200
    page.wait_for_load_state("networkidle")
    expect(page.locator("h1")).to_have_text("Synthetic test region hub")
    expect(page.locator(".country-list a")).to_have_count(2)
    expect(page.locator(f'#region-map svg path[stroke="{MARKER_COLOUR}"]')).to_have_count(2)
    shapes = sorted(path.rsplit("/", 1)[1] for path in requested if path.startswith("/static/vendor/geo/countries/"))
    assert "PT.geojson" in shapes and "ES.geojson" in shapes and "FR.geojson" in shapes, shapes
    assert not {"RS.geojson", "XK.geojson", "AL.geojson"} & set(shapes), shapes
    # The map fits the region's countries: Lisbon and Madrid are inside the visible map.
    box = page.locator("#region-map").bounding_box()
    for marker in page.locator(f'#region-map svg path[stroke="{MARKER_COLOUR}"]').all():
        spot = marker.bounding_box()
        assert box["x"] <= spot["x"] <= box["x"] + box["width"] and box["y"] <= spot["y"] <= box["y"] + box["height"]
    page.screenshot(path=artifacts / "hub-synthetic-region.png", full_page=True)
    assert not page.problems, str(page.problems)

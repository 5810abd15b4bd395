"""Moving around the public site: switching language, and finding a city by any spelling of its name."""

import re

from playwright.sync_api import expect


def test_language_switcher_keeps_the_page_when_another_language_is_chosen(site, page, artifacts):
    page.goto(f"{site}/en/western-balkans/")
    page.get_by_role("navigation", name="Language").get_by_role("link", name="العربية", exact=True).click()
    expect(page).to_have_url(f"{site}/ar/western-balkans/")
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    expect(page.locator("h1")).to_have_text("شبكة المدن القوية في منطقة غرب البلقان")
    current = page.locator(".language-switcher a[aria-current]")
    expect(current).to_have_text("العربية")

    # The switcher's label is in the page's language now, so find it by its place, not its name.
    page.locator(".language-switcher").get_by_role("link", name="Srpski (latinica)", exact=True).click()
    expect(page).to_have_url(f"{site}/sr-latn/western-balkans/")
    expect(page.locator("html")).to_have_attribute("lang", "sr-Latn")
    expect(page.locator("html")).to_have_attribute("dir", "ltr")
    expect(page.locator(".country-list")).to_contain_text("Gnjilane")
    page.screenshot(path=artifacts / "language-sr-latn.png")
    assert not page.problems, str(page.problems)


def test_search_finds_the_city_when_its_name_is_typed_in_cyrillic(site, page, artifacts):
    page.goto(f"{site}/en/search/")
    field = page.get_by_role("searchbox")
    field.fill("Гњилане")
    field.press("Enter")
    expect(page).to_have_url(re.compile(r"/en/search/\?q="))
    result = page.locator(".results").get_by_role("link", name="Gjilan", exact=True)
    expect(result).to_be_visible()
    page.screenshot(path=artifacts / "search.png", full_page=True)

    result.click()
    expect(page).to_have_url(f"{site}/en/municipalities/gjilan/")
    expect(page.locator("h1")).to_have_text("Gjilan")
    assert not page.problems, str(page.problems)

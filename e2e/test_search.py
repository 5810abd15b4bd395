"""The one search, as visitors use it: a city by any spelling, a resource by a word inside its PDF, and a
members-only report that only a member city's people find."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from playwright.sync_api import expect

from citynet.accounts.tests import factories as accounts
from citynet.library.models import Access
from citynet.library.services.resources import save_version
from citynet.library.tests.documents import PDF, pdf_bytes
from citynet.library.tests.factories import ResourceFactory
from citynet.network.models import Municipality

from .test_focal_point import sign_in


def search(page, site, language, query):
    page.goto(f"{site}/{language}/search/")
    field = page.get_by_role("searchbox")
    field.fill(query)
    field.press("Enter")
    expect(page.locator(".search-results")).to_be_visible()


@pytest.mark.parametrize(
    ("language", "query", "title"), [("ar", "غيلان", "غيلان"), ("ar", "Гњилане", "غيلان"), ("en", "Gjilani", "Gjilan")]
)
def test_a_city_is_found_by_the_spelling_a_visitor_knows(site, page, artifacts, language, query, title):
    search(page, site, language, query)
    expect(page.locator("html")).to_have_attribute("dir", "rtl" if language == "ar" else "ltr")
    group = page.locator('.search-group[data-kind="municipality"]')
    group.get_by_role("link", name=title, exact=True).click()
    expect(page).to_have_url(f"{site}/{language}/municipalities/gjilan/")
    page.screenshot(path=artifacts / f"search-city-{language}.png", full_page=True)
    assert not page.problems, str(page.problems)


@pytest.mark.parametrize("language", ["ar", "en"])
def test_a_resource_is_found_by_a_word_inside_its_pdf(site, page, artifacts, language):
    resource = ResourceFactory(title_en="Synthetic cooperation report", title_ar="تقرير اصطناعي عن التعاون")
    text = "Chapter two: interinstitutional cooperation between Gjilan and Durrës (synthetic text)."
    upload = SimpleUploadedFile("synthetic-report.pdf", pdf_bytes(text), content_type=PDF)
    save_version(actor=accounts.secretariat(), resource=resource, language="en", upload=upload)

    search(page, site, language, "interinstitutional")
    hit = page.locator('.search-group[data-kind="resource"] .search-hit').first
    expect(hit.locator("mark")).to_have_text("interinstitutional")
    page.screenshot(path=artifacts / f"search-pdf-{language}.png", full_page=True)
    hit.get_by_role("link").first.click()
    expect(page).to_have_url(f"{site}/{language}/library/{resource.slug}/")
    assert not page.problems, str(page.problems)


@pytest.mark.parametrize("language", ["ar", "en"])
def test_a_members_only_report_is_found_by_a_member_and_not_by_the_public(site, page, artifacts, language):
    ResourceFactory(title_en="Synthetic members briefing", title_ar="إحاطة اصطناعية للأعضاء", access=Access.MEMBERS)

    search(page, site, language, "briefing" if language == "en" else "إحاطة")
    expect(page.locator('.search-group[data-kind="resource"]')).to_have_count(0)

    sign_in(page, site, accounts.member(Municipality.objects.get(slug="cair")))
    search(page, site, language, "briefing" if language == "en" else "إحاطة")
    group = page.locator('.search-group[data-kind="resource"]')
    expect(group).to_contain_text("Synthetic members briefing" if language == "en" else "إحاطة اصطناعية للأعضاء")
    page.screenshot(path=artifacts / f"search-members-{language}.png", full_page=True)
    assert not page.problems, str(page.problems)

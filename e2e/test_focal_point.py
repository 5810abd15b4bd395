"""A city's focal point signs in through the real form, edits their city's profile, and no other's."""

from playwright.sync_api import expect

from citynet.accounts.tests import factories
from citynet.network.models import Municipality

NEW_PROFILE = "Čair runs a local prevention council that meets every month (synthetic text)."


def sign_in(page, site, user):
    page.goto(f"{site}/en/accounts/login/")
    form = page.locator("form:has(input[name=password])")
    form.locator("input[name=login]").fill(user.email)
    form.locator("input[name=password]").fill(factories.PASSWORD)
    with page.expect_navigation():
        form.locator("button[type=submit]").click()
    assert "/accounts/login/" not in page.url, f"still on the login page: {page.url}"


def test_focal_point_edits_their_city_and_is_refused_another_when_signed_in(site, page, artifacts):
    user = factories.focal_point(Municipality.objects.get(slug="cair"))
    sign_in(page, site, user)

    page.goto(f"{site}/en/municipalities/cair/edit/")
    page.get_by_label("Profile in English").fill(NEW_PROFILE)
    page.get_by_role("button", name="Save").click()
    expect(page).to_have_url(f"{site}/en/municipalities/cair/")
    expect(page.locator(".messages")).to_contain_text("The profile of Čair was saved.")
    expect(page.locator("main")).to_contain_text(NEW_PROFILE)
    page.screenshot(path=artifacts / "focal-point-saved.png", full_page=True)

    page.reload()  # the text is stored, not only echoed back
    expect(page.locator("main")).to_contain_text(NEW_PROFILE)
    expect(page.locator(".messages")).to_have_count(0)

    response = page.goto(f"{site}/en/municipalities/gjilan/edit/")
    assert response.status == 404
    expect(page.locator("form.edit-form")).to_have_count(0)
    page.screenshot(path=artifacts / "focal-point-refused.png")
    assert not page.problems.script_errors, str(page.problems)

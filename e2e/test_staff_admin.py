"""A regional coordinator signs in with a second factor and keeps their region's registry, in Arabic."""

import time

from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, hotp_value, yield_hotp_counters_from_time
from playwright.sync_api import expect
from wagtail.users.models import UserProfile

from citynet.accounts.models import Role
from citynet.accounts.services import assign_role
from citynet.accounts.tests import factories
from citynet.core.actors import SYSTEM
from citynet.network.models import Municipality
from citynet.network.tests.factories import CountryFactory, MunicipalityFactory, RegionFactory

SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"  # a synthetic TOTP secret, for this test only


def current_code() -> str:
    """The authenticator's code now, never one about to expire: a code typed in the last seconds of its
    30-second window reaches the server in the next one and is refused (seen once in CI, on a busy machine)."""
    left = 30 - time.time() % 30
    if left < 5:
        time.sleep(left + 0.5)
    return format_hotp_value(hotp_value(SECRET, next(yield_hotp_counters_from_time())))


def sign_in_with_code(page, site, user, language="en"):
    page.goto(f"{site}/{language}/accounts/login/")
    form = page.locator("form:has(input[name=password])")
    form.locator("input[name=login]").fill(user.email)
    form.locator("input[name=password]").fill(factories.PASSWORD)
    form.locator("button[type=submit]").click()
    page.locator("input[name=code]").fill(current_code())
    page.locator("form:has(input[name=code]) button[type=submit]:not([form])").click()
    # Wait until the code's page is left: going elsewhere while its POST is still in flight aborts it,
    # and the next page finds the sign-in unfinished (seen once in CI).
    page.wait_for_url(lambda url: "/2fa/authenticate/" not in url)


def test_coordinator_signs_in_with_a_code_and_edits_only_their_region_in_arabic(site, page, artifacts):
    coordinator = factories.UserFactory(email="coordinator@example.test")
    assign_role(
        actor=SYSTEM,
        user=coordinator,
        role=Role.REGIONAL_COORDINATOR,
        region=Municipality.objects.get(slug="gjilan").country.region,
    )
    TOTP.activate(coordinator, SECRET)
    profile = UserProfile.get_for_user(coordinator)
    profile.preferred_language = "ar"
    profile.save()
    elsewhere = MunicipalityFactory(country=CountryFactory(code="LB", region=RegionFactory(slug="synthetic-mena")))

    sign_in_with_code(page, site, coordinator, language="ar")

    # The admin speaks Arabic, right to left, and finds Gjilan by its Serbian Cyrillic name.
    page.goto(f"{site}/admin/municipality/?q=Гњилане")
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    expect(page.locator("main table")).to_contain_text("غيلان")
    page.screenshot(path=artifacts / "admin-ar-municipalities.png", full_page=True)

    gjilan = Municipality.objects.get(slug="gjilan")
    page.goto(f"{site}/admin/municipality/edit/{gjilan.pk}/")
    page.screenshot(path=artifacts / "admin-ar-edit.png", full_page=True)
    page.locator("input[name=population]").fill("51913")
    with page.expect_navigation():
        page.get_by_role("button", name="حفظ", exact=True).first.click()
    gjilan.refresh_from_db()
    assert gjilan.population == 51913

    page.goto(f"{site}/admin/municipality/history/{gjilan.pk}/")
    expect(page.locator("main")).to_contain_text("51913")
    expect(page.locator("main")).not_to_contain_text("الملف التعريفي")  # untouched profiles are no change
    page.screenshot(path=artifacts / "admin-ar-history.png", full_page=True)

    response = page.goto(f"{site}/admin/municipality/edit/{elsewhere.pk}/")
    assert response.status == 404
    assert not page.problems.script_errors, str(page.problems)


def test_coordinator_without_an_authenticator_is_sent_to_set_one_up_before_editing_a_city(site, page, artifacts):
    coordinator = factories.UserFactory(email="new-coordinator@example.test")
    gjilan = Municipality.objects.get(slug="gjilan")
    assign_role(actor=SYSTEM, user=coordinator, role=Role.REGIONAL_COORDINATOR, region=gjilan.country.region)

    page.goto(f"{site}/en/accounts/login/")
    form = page.locator("form:has(input[name=password])")
    form.locator("input[name=login]").fill(coordinator.email)
    form.locator("input[name=password]").fill(factories.PASSWORD)
    with page.expect_navigation():
        form.locator("button[type=submit]").click()

    # The public editor is staff work too: no profile form until an authenticator is set up and used.
    page.goto(f"{site}/en/municipalities/gjilan/edit/")
    expect(page.locator(".messages")).to_contain_text("Staff work needs a second factor")
    expect(page.locator("form.edit-form")).to_have_count(0)
    # allauth confirms the password before it shows the authenticator's setup.
    expect(page).to_have_url(f"{site}/en/accounts/reauthenticate/?next=%2Fen%2Faccounts%2F2fa%2Ftotp%2Factivate%2F")
    page.locator("main input[name=password]").fill(factories.PASSWORD)
    page.locator("main form:has(input[name=password]) button[type=submit]").click()
    expect(page).to_have_url(f"{site}/en/accounts/2fa/totp/activate/")
    expect(page.locator("main input[name=code]")).to_be_visible()
    page.screenshot(path=artifacts / "coordinator-asked-for-totp.png", full_page=True)

    # Activating with a valid code counts as this session's second factor: the editor opens at once.
    secret = page.get_by_label("Authenticator secret").input_value()
    page.locator("main input[name=code]").fill(
        format_hotp_value(hotp_value(secret, next(yield_hotp_counters_from_time())))
    )
    with page.expect_navigation():
        page.get_by_role("button", name="Activate").click()
    page.goto(f"{site}/en/municipalities/gjilan/edit/")
    expect(page.locator("form.edit-form")).to_have_count(1)

    # Signing out is a confirmed POST: the admin's logout link asks first and keeps the session until then.
    page.goto(f"{site}/admin/logout/")
    expect(page).to_have_url(f"{site}/en/accounts/logout/")
    with page.expect_navigation():
        page.locator("main form[method=post] button[type=submit]").click()
    page.goto(f"{site}/en/municipalities/gjilan/edit/")
    assert "/accounts/login/" in page.url
    assert not page.problems.script_errors, str(page.problems)


def test_coordinator_records_a_departure_and_a_new_mayor_and_a_stale_form_is_refused(site, page, artifacts):
    """The admin writes through the services: a membership closes the open period, a person comes with
    their first position, and a form opened before someone else's save does not overwrite it."""
    from citynet.network import services
    from citynet.network.models import Person

    gjilan = Municipality.objects.get(slug="gjilan")
    coordinator = factories.UserFactory(email="admin-journey@example.test")
    assign_role(actor=SYSTEM, user=coordinator, role=Role.REGIONAL_COORDINATOR, region=gjilan.country.region)
    TOTP.activate(coordinator, SECRET)
    sign_in_with_code(page, site, coordinator)

    # A new mayor (synthetic), added with the city where they serve.
    page.goto(f"{site}/admin/person/new/")
    page.locator("input[name=name_en]").fill("Synthetic Mayor of Gjilan")
    page.locator("select[name=serves_at]").select_option(str(gjilan.pk))
    page.locator("select[name=role]").select_option("mayor")
    page.screenshot(path=artifacts / "admin-en-person-new.png", full_page=True)
    with page.expect_navigation():
        page.get_by_role("button", name="Create", exact=True).first.click()
    assert Person.objects.get(name_en="Synthetic Mayor of Gjilan").positions.get().municipality == gjilan

    # The city leaves the network: its open membership closes, and the hub says so.
    page.goto(f"{site}/admin/membership/new/")
    page.locator("select[name=municipality]").select_option(str(gjilan.pk))
    page.locator("select[name=status]").select_option("left")
    page.locator("input[name=started_on]").fill("2024-03-01")
    with page.expect_navigation():
        page.get_by_role("button", name="Create", exact=True).first.click()
    assert not gjilan.memberships.filter(status="member", ended_on__isnull=True).exists()
    page.goto(f"{site}/en/municipalities/gjilan/")
    expect(page.locator("main")).to_contain_text("Left the network")

    # Someone else saves the city while the coordinator's form is open: the old form is refused.
    page.goto(f"{site}/admin/municipality/edit/{gjilan.pk}/")
    gjilan.refresh_from_db()
    services.update_municipality_profile(
        actor=SYSTEM,
        municipality=gjilan,
        profile={"en": "Written meanwhile."},
        website="",
        expected_version=gjilan.version,
    )
    page.locator("input[name=population]").fill("1")
    with page.expect_navigation():
        page.get_by_role("button", name="Save", exact=True).first.click()
    expect(page.locator("main")).to_contain_text("Someone else changed this record while you were editing it")
    page.screenshot(path=artifacts / "admin-en-conflict.png", full_page=True)
    gjilan.refresh_from_db()
    assert (gjilan.profile_en, gjilan.population) == ("Written meanwhile.", gjilan.population)
    assert gjilan.population != 1
    assert not page.problems.script_errors, str(page.problems)

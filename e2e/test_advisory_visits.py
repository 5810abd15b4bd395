"""Advisory visits end to end, in English and in Arabic: a regional coordinator signs in with their second
factor, plans a visit with two meetings (confidential notes, public summaries), publishes it from the
visit's page; the public consultation page then shows the summary and who was met by kind, never a note.
"""

import datetime

import pytest
from allauth.mfa.totp.internal.auth import TOTP
from django.urls import NoReverseMatch, reverse
from django.utils import timezone, translation
from playwright.sync_api import expect
from wagtail.users.models import UserProfile

from citynet.accounts.models import Role
from citynet.accounts.services import assign_role
from citynet.accounts.tests import factories
from citynet.advisory.models import Visit
from citynet.advisory.tests import factories as advisory
from citynet.core.actors import SYSTEM
from citynet.network.models import Municipality, Organisation
from citynet.network.tests.factories import TopicFactory

from .test_staff_admin import SECRET, sign_in_with_code

LANGUAGES = ["en", "ar"]
NOTES = ("Synthetic confidential note: the mayor asked us not to quote him.", "Synthetic note on the NGO's funding.")
SUMMARY = {
    "en": "Synthetic public summary: the team met the city's mayor and a local NGO.",
    "ar": "ملخص عام تجريبي: التقى الفريق برئيس البلدية ومنظمة محلية.",
}


def coordinator_of(region, language):
    user = factories.UserFactory(email=f"advisory-coordinator-{language}@example.test", preferred_language=language)
    assign_role(actor=SYSTEM, user=user, role=Role.REGIONAL_COORDINATOR, region=region)
    TOTP.activate(user, SECRET)
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = language
    profile.save()
    return user


def public_page_exists(language, slug) -> bool:
    try:
        with translation.override(language):
            reverse("advisory:consultation", kwargs={"slug": slug})
    except NoReverseMatch:
        return False
    return True


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_coordinator_plans_a_visit_with_meetings_and_publishes_it(site, page, browser, artifacts, language):
    page.set_default_timeout(30_000)  # the admin's visit form is a large page
    gjilan = Municipality.objects.get(slug="gjilan")
    region = gjilan.country.region
    engagement = advisory.EngagementFactory(
        region=region, municipalities=[gjilan], title_en=f"Synthetic advisory engagement ({language})"
    )
    coordinator = coordinator_of(region, language)
    first = timezone.localdate() - datetime.timedelta(days=10)
    last = first + datetime.timedelta(days=2)

    sign_in_with_code(page, site, coordinator, language=language)

    # Plan the visit: its days on the local calendar, a public summary in both languages, two meetings.
    page.goto(f"{site}/admin/advisory/visits/new/")
    expect(page.locator("html")).to_have_attribute("dir", "rtl" if language == "ar" else "ltr")
    page.locator("select[name=engagement]").select_option(str(engagement.pk))
    page.locator("select[name=status]").select_option("held")
    page.locator("input[name=title_en]").fill(f"Synthetic consultation in Gjilan ({language})")
    page.locator("input[name=title_ar]").fill("استشارة تجريبية في غيلان")
    page.locator("input[name=starts_on]").fill(first.isoformat())
    page.locator("input[name=ends_on]").fill(last.isoformat())
    page.keyboard.press("Escape")  # close the date picker the last field opened
    page.locator("input[name=places]").fill("Gjilan")
    country = page.locator("input[name=countries][value=XK]")
    country.dispatch_event("click")  # a plain click lands beside it in the right-to-left layout
    expect(country).to_be_checked()
    page.locator("textarea[name=public_summary_en]").fill(SUMMARY["en"])
    page.locator("textarea[name=public_summary_ar]").fill(SUMMARY["ar"])

    page.locator("#id_meetings-ADD").click()
    page.locator("select[name='meetings-0-kind']").select_option("mayor")
    page.locator("input[name='meetings-0-counterpart']").fill("Synthetic mayor of Gjilan")
    page.locator("select[name='meetings-0-municipality']").select_option(str(gjilan.pk))
    page.locator("textarea[name='meetings-0-notes']").fill(NOTES[0])
    page.locator("textarea[name='meetings-0-public_summary_en']").fill("Synthetic summary of the mayor's meeting.")
    page.locator("#id_meetings-ADD").click()
    page.locator("select[name='meetings-1-kind']").select_option("civil_society")
    page.locator("input[name='meetings-1-counterpart']").fill("Synthetic local NGO")
    page.locator("input[name='meetings-1-sort_order']").fill("1")
    page.locator("textarea[name='meetings-1-notes']").fill(NOTES[1])
    page.screenshot(path=artifacts / f"advisory-visit-form-{language}.png", full_page=True)
    with page.expect_navigation():
        page.locator("footer button[type=submit].button-longrunning").first.click()

    visit = Visit.objects.get(engagement=engagement)
    assert visit.meetings.count() == 2
    assert sorted(visit.meetings.values_list("notes", flat=True)) == sorted(NOTES)

    # The visit's page: meetings with their notes (staff), then publish.
    page.goto(f"{site}/admin/advisory/visits/{visit.pk}/page/")
    expect(page.locator("table.meetings")).to_contain_text(NOTES[0])
    expect(page.locator("[data-state=unpublished]")).to_be_visible()
    with page.expect_navigation():
        page.locator(f"form[action$='/admin/advisory/visits/{visit.pk}/publish/'] button[type=submit]").click()
    expect(page.locator("[data-state=published]")).to_be_visible()
    page.screenshot(path=artifacts / f"advisory-visit-published-{language}.png", full_page=True)
    visit.refresh_from_db()
    assert visit.is_published and visit.published_by == coordinator

    # The stakeholder map of the city: what the team learned there, as a table, a picture and the gaps.
    project = advisory.ProjectFactory(
        organisation=Organisation.objects.order_by("pk").first(),
        title="Synthetic youth resilience project",
        municipality=gjilan,
        country=gjilan.country,
    )
    project.topics.set(
        [
            TopicFactory(slug="synthetic-youth", name_en="Synthetic youth work", name_ar="عمل تجريبي مع الشباب"),
            TopicFactory(slug="synthetic-referral", name_en="Synthetic referral", name_ar="إحالة تجريبية"),
        ]
    )
    TopicFactory(slug="synthetic-gap", name_en="Synthetic topic with nobody", name_ar="موضوع تجريبي بلا أحد")
    page.goto(f"{site}/admin/advisory/stakeholders/municipality/{gjilan.pk}/")
    expect(page.locator("table.stakeholders")).to_contain_text("Synthetic youth resilience project")
    expect(page.locator("svg.network line")).to_have_count(2)
    page.screenshot(path=artifacts / f"advisory-stakeholder-map-{language}.png", full_page=True)

    if not public_page_exists(language, visit.slug):
        pytest.skip("the public consultation pages are not there yet: the admin part is checked")

    # The public page, as an anonymous visitor: the summary and the meetings by kind, never a note.
    anonymous = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-GB")
    public = anonymous.new_page()
    public.goto(f"{site}/{language}/consultations/{visit.slug}/")
    main = public.locator("main")
    expect(main).to_contain_text(SUMMARY[language])
    expect(public.locator(".meeting[data-kind=mayor]")).to_have_count(1)
    expect(public.locator(".meeting[data-kind=civil_society]")).to_have_count(1)
    expect(main).to_contain_text("Synthetic mayor of Gjilan")
    content = public.content()
    assert all(note not in content for note in NOTES)
    public.screenshot(path=artifacts / f"advisory-consultation-public-{language}.png", full_page=True)
    anonymous.close()

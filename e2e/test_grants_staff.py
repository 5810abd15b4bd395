"""Staff, in English and in Arabic, screen a call's applications, assign reviewers, read the ranking, decide
within the budget, tell the applicants and publish the results; the public then sees the award on the hub.
"""

from decimal import Decimal
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client
from playwright.sync_api import expect
from wagtail.users.models import UserProfile

from citynet.accounts.models import Role
from citynet.core.testing import sign_in, staff
from citynet.grants.models import Award, Call, CallStatus, Decision, Outcome, ReviewStatus, Screening
from citynet.grants.tests import factories as grants
from citynet.network.models import Municipality

SHOTS = Path("/tmp/shots")  # noqa: S108 - where the session looks at the journeys' screenshots


def signed_in_context(browser, live_server, user):
    """A browser context carrying the session of `user` signed in with their second factor."""
    client = Client()
    sign_in(client, user)
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-GB")
    context.set_default_timeout(10_000)
    context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": live_server.url,
            }
        ]
    )
    return context


def scored(application, criterion, reviewer_scores):
    for value in reviewer_scores:
        review = grants.ReviewFactory(
            assignment=grants.AssignmentFactory(application=application), status=ReviewStatus.SUBMITTED
        )
        grants.ScoreFactory(review=review, criterion=criterion, value=value)


def the_call(region):
    call = grants.CallFactory(
        region=region,
        slug="synthetic-staff-call",
        code="SYN-WB",
        title_en="Synthetic local innovation call",
        title_ar="منحة الابتكار المحلي التجريبية",
        total_budget=Decimal("15000"),
        min_award=Decimal("1000"),
        max_award=Decimal("10000"),
        requires_member_partner=True,
    )
    question = grants.QuestionFactory(call=call, label_en="What will you do?", label_ar="ماذا ستفعلون؟")
    criterion = grants.CriterionFactory(call=call, name_en="Relevance", name_ar="الصلة")
    gjilan = Municipality.objects.get(slug="gjilan")

    def application(name, title, **kwargs):
        organisation = grants.ApplicantOrganisationFactory(name=name, country="AL", founded_year=2012)
        starter = grants.applicant_of(organisation)
        return grants.submitted_application(
            call=call,
            organisation=organisation,
            created_by=starter,
            title=title,
            partner_municipality=gjilan,
            requested_amount=Decimal("9000"),
            answers={str(question.pk): f"{title}: a synthetic plan."},
            **kwargs,
        )

    best = application("Synthetic GUS Youth", "Synthetic river park")
    second = application("Synthetic Green Steps", "Synthetic school gardens", screening=Screening.ELIGIBLE)
    weak = application("Synthetic Unrelated Ltd", "Synthetic billboard")
    scored(best, criterion, [5, 4])
    scored(second, criterion, [3, 3])
    scored(weak, criterion, [1, 2])
    for _ in range(2):
        grants.PoolMemberFactory(call=call)
    return call, best, second, weak


@pytest.mark.parametrize("language", ["en", "ar"])
def test_staff_screen_rank_decide_and_publish_then_the_hub_shows_the_award(
    site, browser, live_server, western_balkans, language
):
    SHOTS.mkdir(exist_ok=True)
    call, best, second, weak = the_call(western_balkans)
    coordinator = staff(Role.REGIONAL_COORDINATOR, western_balkans)
    profile = UserProfile.get_for_user(coordinator)
    profile.preferred_language = language
    profile.save()
    context = signed_in_context(browser, live_server, coordinator)
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    admin = f"{site}/admin/grants/calls/{call.pk}"

    # Screening: the automatic checks, then eligible for the best, excluded with a reason for the weak one.
    page.goto(f"{admin}/applications/")
    expect(page.locator("html")).to_have_attribute("dir", "rtl" if language == "ar" else "ltr")
    expect(page.locator("main table").first).to_contain_text("Synthetic river park")
    page.screenshot(path=SHOTS / f"staff-{language}-1-applications.png", full_page=True)
    page.locator(f"a[href$='/applications/{best.pk}/']").click()
    expect(page.locator("td.passed")).to_have_count(3)  # kind, country, the member partner
    page.locator("input[name=eligible][value=yes]").check()
    page.locator("input[name=check_documents_complete]").check()
    page.screenshot(path=SHOTS / f"staff-{language}-2-screening.png", full_page=True)
    with page.expect_navigation():
        page.locator("form:has(input[name=eligible]) button[type=submit]").click()
    expect(page.locator("input[name=eligible][value=yes]")).to_be_checked()  # saved, shown again
    page.goto(f"{admin}/applications/{weak.pk}/")
    page.locator("input[name=eligible][value=no]").check()
    page.locator("form:has(input[name=eligible]) button[type=submit]").click()
    expect(page.locator("textarea[name=screening_reason]")).to_be_visible()  # refused without a reason
    page.locator("input[name=eligible][value=no]").check()
    page.locator("textarea[name=screening_reason]").fill("Outside the call's scope (synthetic).")
    with page.expect_navigation():
        page.locator("form:has(input[name=eligible]) button[type=submit]").click()
    best.refresh_from_db()
    weak.refresh_from_db()
    assert (best.screening, weak.screening) == (Screening.ELIGIBLE, Screening.EXCLUDED)
    expect(page.locator("main")).to_contain_text("Outside the call's scope (synthetic).")  # the audit trail
    page.screenshot(path=SHOTS / f"staff-{language}-3-audit.png", full_page=True)

    # Assignment and ranking.
    page.goto(f"{admin}/assignment/")
    page.locator("input[name=per_application]").fill("3")
    with page.expect_navigation():
        page.locator("form:has(input[name=per_application]) button[type=submit]").click()
    # The best application had two reviewers; the pool's two free reviewers make it three.
    assert best.assignments.count() == 3
    page.screenshot(path=SHOTS / f"staff-{language}-4-assignment.png", full_page=True)
    page.goto(f"{admin}/ranking/")
    first_row = page.locator("main table tbody tr").first
    expect(first_row).to_contain_text(best.reference)
    expect(page.locator("main table tbody").first).not_to_contain_text(weak.reference)  # excluded: not ranked
    page.screenshot(path=SHOTS / f"staff-{language}-5-ranking.png", full_page=True)

    # Decisions: an amount past the budget is refused at its field; the award fits.
    page.goto(f"{admin}/decisions/")
    row = page.locator(f"tr[data-reference='{second.reference}']")
    row.locator("select[name=outcome]").select_option("award")
    row.locator("input[name=amount]").fill("9000")
    with page.expect_navigation():
        row.locator("button[type=submit]").click()
    row = page.locator(f"tr[data-reference='{best.reference}']")
    row.locator("select[name=outcome]").select_option("award")
    row.locator("input[name=amount]").fill("8000")
    with page.expect_navigation():
        row.locator("button[type=submit]").click()
    expect(page.locator(f"tr[data-reference='{best.reference}'] .errorlist")).to_be_visible()
    page.screenshot(path=SHOTS / f"staff-{language}-6-over-budget.png", full_page=True)
    assert not Decision.objects.filter(application=best).exists()
    row = page.locator(f"tr[data-reference='{best.reference}']")
    row.locator("input[name=amount]").fill("6000")
    with page.expect_navigation():
        row.locator("button[type=submit]").click()
    row = page.locator(f"tr[data-reference='{second.reference}']")
    row.locator("select[name=outcome]").select_option("reserve")
    row.locator("input[name=amount]").fill("")
    with page.expect_navigation():
        row.locator("button[type=submit]").click()
    expect(page.locator("[data-testid=awarded]")).to_contain_text("6000")
    expect(page.locator("[data-testid=remaining]")).to_contain_text("9000")
    assert Decision.objects.get(application=best).amount == Decimal("6000")
    assert Decision.objects.get(application=second).outcome == Outcome.RESERVE

    # Tell the applicants, then publish.
    with page.expect_navigation():
        page.locator(f"form[action$='/calls/{call.pk}/notify/'] button[type=submit]").click()
    assert not Decision.objects.filter(notified_at__isnull=True).exists()
    page.locator(f"textarea[name=results_announcement_{language}]").fill("Synthetic results of the call.")
    page.screenshot(path=SHOTS / f"staff-{language}-7-decisions.png", full_page=True)
    with page.expect_navigation():
        page.locator(f"form[action$='/calls/{call.pk}/publish-results/'] button[type=submit]").click()
    call.refresh_from_db()
    assert call.status == CallStatus.RESULTS_PUBLISHED
    award = Award.objects.get(call=call)
    assert (award.recipient_name, award.amount, award.partner_municipality.slug) == (
        "Synthetic GUS Youth",
        Decimal("6000"),
        "gjilan",
    )

    # The public sees the award on the region's hub and on its own page.
    public = browser.new_page()
    public.goto(f"{site}/{language}/western-balkans/")
    grants_section = public.locator(".hub-grants")
    expect(grants_section).to_contain_text("Synthetic GUS Youth")
    public.screenshot(path=SHOTS / f"staff-{language}-8-hub.png", full_page=True)
    grants_section.locator(f"a[href$='/awards/{award.slug}/']").click()
    expect(public.locator("main")).to_contain_text("Synthetic river park")
    public.screenshot(path=SHOTS / f"staff-{language}-9-award.png", full_page=True)
    public.close()
    assert not errors, errors
    # Written in the admin's language: the Arabic column when staff work in Arabic.
    assert getattr(Call.objects.get(pk=call.pk), f"results_announcement_{language}") == "Synthetic results of the call."
    context.close()

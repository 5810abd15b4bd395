"""A city's focal point and their city's action plan, in English and in Arabic: they sign in through the real
form, open their city's advisory page and its plan, report progress on an action, see it awaiting staff
review, and download the plan as a PDF in the city's language and in English. Another city's plan is a 404.
They also score a draft assessment; when staff saved meanwhile, their save is refused and what they typed stays.
"""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from citynet.accounts.tests import factories as people
from citynet.advisory.models import PlanStatus, ProgressUpdate, ReviewState
from citynet.advisory.tests import factories as advisory
from citynet.network.models import Municipality

from .test_focal_point import sign_in

LANGUAGES = ["en", "ar"]


def synthetic_plan(city):
    plan = advisory.PlanFactory(
        municipality=city,
        status=PlanStatus.ADOPTED,
        language="sq",
        title_en="Synthetic local action plan",
        title_ar="خطة عمل محلية تجريبية",
        title_sq="Plan veprimi lokal sintetik",
        budget=25000,
        funding_sources="Synthetic municipal budget; synthetic donor grant.",
    )
    goal = advisory.GoalFactory(plan=plan, text_en="Synthetic goal: a prevention council that meets")
    action = advisory.ActionFactory(
        plan=plan,
        goal=goal,
        title_en="Synthetic action: hold the council's first meeting",
        title_ar="إجراء تجريبي: عقد الاجتماع الأول للمجلس",
        owner_department="Synthetic department of social affairs",
    )
    advisory.IndicatorFactory(action=action, name_en="Synthetic indicator: meetings held", target=4, baseline=0)
    advisory.ActionFactory(
        plan=plan,
        goal=goal,
        title_en="Synthetic overdue action",
        due_on=timezone.localdate() - datetime.timedelta(days=10),
    )
    return plan, action


@pytest.mark.parametrize("language", LANGUAGES)
def test_focal_point_reports_progress_on_their_citys_plan_and_downloads_it(site, page, artifacts, language):
    cair = Municipality.objects.get(slug="cair")
    plan, action = synthetic_plan(cair)
    other_plan = advisory.PlanFactory(municipality=Municipality.objects.get(slug="gjilan"))
    user = people.focal_point(cair)
    sign_in(page, site, user)

    page.goto(f"{site}/{language}/municipalities/cair/advisory/")
    expect(page.locator("html")).to_have_attribute("dir", "rtl" if language == "ar" else "ltr")
    page.screenshot(path=artifacts / f"advisory-city-{language}.png", full_page=True)
    with page.expect_navigation():
        page.locator(f"a[href='/{language}/municipalities/cair/advisory/plans/{plan.pk}/']").click()
    card = page.locator(f"#action-{action.pk}")
    expect(card).to_be_visible()
    expect(page.locator("a.pdf-link")).to_have_count(2)  # the city's language and English

    with page.expect_navigation():
        card.locator("a.button").click()
    form = page.locator("form.progress-form")
    form.locator("select[name=status]").select_option("in_progress")
    form.locator("input[name=percent]").fill("50")
    form.locator("textarea[name=evidence]").fill("Synthetic minutes of the council's first meeting.")
    with page.expect_navigation():
        form.locator("button[type=submit]").click()

    # Back on the plan, at the action: the report waits for staff review; the action itself has not moved.
    assert f"/plans/{plan.pk}/" in page.url
    expect(page.locator(".messages")).to_be_visible()
    card = page.locator(f"#action-{action.pk}")
    expect(card.locator(".update-pending .badge-pending")).to_have_count(1)
    update = ProgressUpdate.objects.get(action=action)
    assert update.review == ReviewState.PENDING and update.percent == 50 and update.reported_by == user
    action.refresh_from_db()
    assert action.percent == 0
    page.screenshot(path=artifacts / f"advisory-plan-awaiting-review-{language}.png", full_page=True)

    # The PDF, in each language offered: the same session's cookies fetch it.
    for link in page.locator("a.pdf-link").all():
        code = link.get_attribute("hreflang")
        response = page.request.get(f"{site}{link.get_attribute('href')}")
        assert response.status == 200
        assert response.headers["content-type"] == "application/pdf"
        assert response.body().startswith(b"%PDF")
        (artifacts / f"advisory-plan-{language}-page-{code}.pdf").write_bytes(response.body())

    # Another city's plan, even at this city's address, does not exist for them.
    response = page.goto(f"{site}/{language}/municipalities/cair/advisory/plans/{other_plan.pk}/")
    assert response.status == 404
    assert not page.problems.script_errors, str(page.problems)


@pytest.mark.parametrize("language", LANGUAGES)
def test_focal_point_scores_a_draft_assessment_and_a_stale_save_keeps_what_they_typed(site, page, artifacts, language):
    from citynet.advisory.models import Assessment, AssessmentKind, Score

    cair = Municipality.objects.get(slug="cair")
    framework = advisory.FrameworkFactory()
    first, second = (
        advisory.CapacityAreaFactory(framework=framework, name_en="Synthetic coordination", name_ar="تنسيق تجريبي"),
        advisory.CapacityAreaFactory(framework=framework, name_en="Synthetic referral", name_ar="إحالة تجريبية"),
    )
    draft = advisory.AssessmentFactory(municipality=cair, framework=framework, kind=AssessmentKind.BASELINE)
    sign_in(page, site, people.focal_point(cair))

    page.goto(f"{site}/{language}/municipalities/cair/advisory/assessments/{draft.pk}/")
    form = page.locator("form.score-form")
    form.locator(f"select[name='score-{first.pk}']").select_option("2")
    form.locator(f"textarea[name='evidence-{first.pk}']").fill("Synthetic evidence: the council's statute.")
    with page.expect_navigation():
        form.locator("button[type=submit]").click()
    expect(page.locator(".messages")).to_be_visible()
    assert Score.objects.get(assessment=draft, area=first).score == 2

    # A staff member saves meanwhile: the next save is refused, and what was typed stays.
    Assessment.objects.filter(pk=draft.pk).update(version=draft.version + 5)
    form = page.locator("form.score-form")
    form.locator(f"select[name='score-{second.pk}']").select_option("3")
    form.locator(f"textarea[name='evidence-{second.pk}']").fill("Synthetic evidence typed during a staff save.")
    with page.expect_navigation():
        form.locator("button[type=submit]").click()
    expect(page.locator("form.score-form [role=alert]").first).to_be_visible()
    expect(page.locator(f"textarea[name='evidence-{second.pk}']")).to_have_value(
        "Synthetic evidence typed during a staff save."
    )
    assert not Score.objects.filter(assessment=draft, area=second).exists()
    page.screenshot(path=artifacts / f"advisory-assessment-stale-{language}.png", full_page=True)

    # Saving again applies what they typed, deliberately.
    with page.expect_navigation():
        page.locator("form.score-form button[type=submit]").click()
    assert Score.objects.get(assessment=draft, area=second).score == 3
    assert not page.problems.script_errors, str(page.problems)

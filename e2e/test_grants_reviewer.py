"""A reviewer, in English and in Arabic, declares no conflict, scores, saves a draft and submits."""

from pathlib import Path

import pytest
from playwright.sync_api import expect

from citynet.accounts.tests import factories as people
from citynet.grants.models import Review, ReviewStatus
from citynet.grants.tests import factories as grants

SHOTS = Path("/tmp/shots")  # noqa: S108 - where the session looks at the journeys' screenshots


def sign_in(page, base, user, language):
    page.goto(f"{base}/{language}/accounts/login/")
    form = page.locator("form:has(input[name=password])")
    form.locator("input[name=login]").fill(user.email)
    form.locator("input[name=password]").fill(people.PASSWORD)
    with page.expect_navigation():
        form.locator("button[type=submit]").click()
    assert "/accounts/login/" not in page.url, f"still on the login page: {page.url}"


@pytest.mark.parametrize("language", ["en", "ar"])
def test_reviewer_declares_scores_saves_and_submits_when_assigned(
    django_db_serialized_rollback, live_server, page, language
):
    SHOTS.mkdir(exist_ok=True)
    call = grants.CallFactory(title_en="Synthetic call for reviewers", title_ar="منحة تجريبية للمراجعين")
    question = grants.QuestionFactory(call=call, label_en="What will you do?", label_ar="ماذا ستفعلون؟")
    relevance = grants.CriterionFactory(call=call, name_en="Relevance", name_ar="الصلة", scale_min=1, scale_max=5)
    partnership = grants.CriterionFactory(
        call=call, name_en="Partnership", name_ar="الشراكة", allow_not_applicable=True
    )
    organisation = grants.ApplicantOrganisationFactory(name="Synthetic Hope Association")
    application = grants.submitted_application(
        call=call,
        organisation=organisation,
        title="Youth centre run by Synthetic Hope Association",
        answers={str(question.pk): "Synthetic Hope Association will train 40 youth workers (synthetic)."},
    )
    assignment = grants.AssignmentFactory(application=application, declaration="pending", declared_at=None)
    sign_in(page, live_server.url, assignment.reviewer, language)

    page.goto(f"{live_server.url}/{language}/reviews/")
    expect(page.locator("html")).to_have_attribute("dir", "rtl" if language == "ar" else "ltr")
    page.locator(f"a[href$='/reviews/{assignment.pk}/']").click()
    expect(page.locator("input[name=action][value=declare]")).to_have_count(1)
    expect(page.locator("main")).not_to_contain_text("Synthetic Hope")
    page.screenshot(path=SHOTS / f"reviewer-{language}-1-declare.png", full_page=True)

    page.locator("input[name=conflict][value=no]").check()
    page.locator(".review-declaration button[type=submit]").click()
    expect(page.locator(".review-rubric")).to_be_visible()
    expect(page.locator(".review-application")).to_contain_text("will train 40 youth workers")
    expect(page.locator(".review-application")).not_to_contain_text("Synthetic Hope")

    page.locator(f"input[name=score_{relevance.pk}][value='4']").check()
    page.locator(f"textarea[name=comment_{relevance.pk}]").fill("Clear and focused (synthetic).")
    page.locator("textarea[name=comment]").fill("A promising draft (synthetic).")
    page.locator("button[name=action][value=save]").click()
    expect(page.locator(".messages")).to_be_visible()
    expect(page.locator(f"input[name=score_{relevance.pk}][value='4']")).to_be_checked()
    review = Review.objects.get(assignment=assignment)
    assert review.status == ReviewStatus.DRAFT
    page.screenshot(path=SHOTS / f"reviewer-{language}-2-draft.png", full_page=True)

    page.locator(f"input[name=score_{partnership.pk}][value=na]").check()
    page.locator("button[name=action][value=submit]").click()
    expect(page.locator(".messages")).to_be_visible()
    assert Review.objects.get(assignment=assignment).status == ReviewStatus.SUBMITTED
    page.screenshot(path=SHOTS / f"reviewer-{language}-3-queue.png", full_page=True)

    page.goto(f"{live_server.url}/{language}/reviews/{assignment.pk}/")
    expect(page.locator("button[name=action][value=submit]")).to_have_count(0)
    page.screenshot(path=SHOTS / f"reviewer-{language}-4-submitted.png", full_page=True)
    assert not page.problems, str(page.problems)

"""A case study from a city's focal point to the public library, in English and in Arabic (right to left):
the focal point opens their city's profile, proposes a case study, submits it half written (the form says
what is missing), completes it and submits it; a coordinator of the region signs in with their second factor
and publishes it from the admin's review queue; the public library then shows it to anyone.
Screenshots go to e2e/artifacts/ and /tmp/shots/.
"""

import shutil
import tempfile
from pathlib import Path

import pytest
from allauth.mfa.totp.internal.auth import TOTP
from playwright.sync_api import expect
from wagtail.users.models import UserProfile

from citynet.accounts.models import Role
from citynet.accounts.services import assign_role
from citynet.accounts.tests import factories as people
from citynet.core.actors import SYSTEM
from citynet.library.models import Resource, ResourceStatus
from citynet.network.models import Municipality

from .test_focal_point import sign_in
from .test_staff_admin import SECRET, sign_in_with_code

LANGUAGES = ["en", "ar"]
SHOTS = Path(tempfile.gettempdir()) / "shots"  # /tmp/shots: to look at after a run
TEXTS = {
    "en": {
        "title": "Synthetic case study: Čair's youth council",
        "summary": "A synthetic summary of how a youth council was set up.",
        "context": "Synthetic context: young people had no say in the city's prevention work.",
        "approach": "Synthetic approach: the city set up a youth council that meets every month.",
        "results": "Synthetic results: the council proposed three projects, two of them funded.",
    },
    "ar": {
        "title": "دراسة حالة تجريبية: مجلس الشباب في تشاير",
        "summary": "ملخص تجريبي لكيفية إنشاء مجلس للشباب.",
        "context": "سياق تجريبي: لم يكن للشباب رأي في عمل المدينة الوقائي.",
        "approach": "نهج تجريبي: أنشأت المدينة مجلسا للشباب يجتمع كل شهر.",
        "results": "نتائج تجريبية: اقترح المجلس ثلاثة مشاريع مُوِّل اثنان منها.",
    },
}


def keep(path: Path) -> None:
    """A copy of the screenshot in /tmp/shots/ too."""
    SHOTS.mkdir(exist_ok=True)
    shutil.copy(path, SHOTS / path.name)


def shot(page, artifacts, name: str) -> None:
    path = artifacts / f"{name}.png"
    page.screenshot(path=path, full_page=True)
    keep(path)


def coordinator_of(region, language: str):
    coordinator = people.UserFactory(email=f"library-coordinator-{language}@example.test")
    assign_role(actor=SYSTEM, user=coordinator, role=Role.REGIONAL_COORDINATOR, region=region)
    TOTP.activate(coordinator, SECRET)
    profile = UserProfile.get_for_user(coordinator)
    profile.preferred_language = language
    profile.save()
    return coordinator


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_focal_point_proposes_a_case_study_staff_publish_it_and_the_library_shows_it(
    site, browser, page, artifacts, language
):
    cair = Municipality.objects.get(slug="cair")
    texts = TEXTS[language]
    column = language.replace("-", "_")
    focal_point = people.focal_point(cair)
    sign_in(page, site, focal_point)

    # From the city's profile, the focal point's way to propose.
    page.goto(f"{site}/{language}/municipalities/cair/")
    expect(page.locator("html")).to_have_attribute("dir", "rtl" if language == "ar" else "ltr")
    page.locator(".municipality-case-studies").screenshot(path=artifacts / f"library-profile-propose-{language}.png")
    keep(artifacts / f"library-profile-propose-{language}.png")
    with page.expect_navigation():
        page.locator(".propose-links a.button").click()
    assert page.url.endswith(f"/{language}/my/case-studies/new/cair/")
    form = page.locator("form.proposal-form")
    # The page's language comes first and open.
    expect(form.locator("details.language-group").first).to_have_attribute("lang", language)
    form.locator(f"input[name=title_{column}]").fill(texts["title"])
    form.locator(f"textarea[name=summary_{column}]").fill(texts["summary"])
    form.locator(f"textarea[name=context_{column}]").fill(texts["context"])
    shot(page, artifacts, f"library-proposal-new-{language}")

    # Submitted half written: saved as a draft, and the page says what is missing.
    with page.expect_navigation():
        form.locator("button[name=submit]").click()
    resource = Resource.objects.get(proposed_by=focal_point)
    assert resource.status == ResourceStatus.DRAFT
    expect(page.locator(".messages")).to_be_visible()
    expect(page.locator(".missing li")).to_have_count(2)  # the approach and the results
    shot(page, artifacts, f"library-proposal-missing-{language}")

    form = page.locator("form.proposal-form")
    form.locator(f"textarea[name=approach_{column}]").fill(texts["approach"])
    form.locator(f"textarea[name=results_{column}]").fill(texts["results"])
    with page.expect_navigation():
        form.locator("button[name=submit]").click()
    assert page.url.endswith(f"/{language}/my/case-studies/")
    row = page.locator(f"tr.proposal:has(a[href='/{language}/my/case-studies/{resource.pk}/'])")
    expect(row.locator(".status-proposed")).to_be_visible()
    shot(page, artifacts, f"library-proposals-submitted-{language}")
    resource.refresh_from_db()
    assert resource.status == ResourceStatus.PROPOSED
    assert not page.problems.script_errors, str(page.problems)

    # A coordinator of the region publishes it from the admin's review queue.
    staff_context = browser.new_context(viewport={"width": 1280, "height": 900})
    staff_page = staff_context.new_page()
    try:
        sign_in_with_code(staff_page, site, coordinator_of(cair.country.region, language), language=language)
        staff_page.goto(f"{site}/admin/library/review/")
        expect(staff_page.locator("html")).to_have_attribute("dir", "rtl" if language == "ar" else "ltr")
        queued = staff_page.locator(f"tr:has(a[href='/admin/library/resources/{resource.pk}/page/'])")
        expect(queued).to_have_count(1)
        staff_page.screenshot(path=artifacts / f"library-review-queue-{language}.png", full_page=True)
        keep(artifacts / f"library-review-queue-{language}.png")
        with staff_page.expect_navigation():
            queued.locator("form.inline button[type=submit]").click()
        expect(staff_page.locator(f"a[href='/admin/library/resources/{resource.pk}/page/']")).to_have_count(0)
    finally:
        staff_context.close()
    resource.refresh_from_db()
    assert resource.status == ResourceStatus.PUBLISHED

    # The public library shows it to anyone: the focal point's list says so, and a visitor reads it.
    page.goto(f"{site}/{language}/my/case-studies/")
    expect(row.locator(".status-published")).to_be_visible()
    visitor = browser.new_context(viewport={"width": 1280, "height": 900})
    public = visitor.new_page()
    try:
        public.goto(f"{site}/{language}/library/?kind=case_study")
        card = public.locator(f"a[href='/{language}/library/{resource.slug}/']")
        expect(card.first).to_contain_text(texts["title"])
        public.screenshot(path=artifacts / f"library-published-list-{language}.png", full_page=True)
        keep(artifacts / f"library-published-list-{language}.png")
        with public.expect_navigation():
            card.first.click()
        expect(public.locator("main")).to_contain_text(texts["results"])
        public.screenshot(path=artifacts / f"library-published-case-study-{language}.png", full_page=True)
        keep(artifacts / f"library-published-case-study-{language}.png")
    finally:
        visitor.close()

"""Advisory assessments end to end, in English and in Arabic: a regional coordinator signs in with their
second factor, opens a city's draft reassessment, changes a score, finalises it, and compares it with the
baseline side by side, each area's change shown as a number and a word (never a colour alone)."""

import datetime

import pytest
from allauth.mfa.totp.internal.auth import TOTP
from django.utils import timezone
from playwright.sync_api import expect
from wagtail.users.models import UserProfile

from citynet.accounts.models import Role
from citynet.accounts.services import assign_role
from citynet.accounts.tests import factories
from citynet.advisory.models import AssessmentKind, AssessmentStatus, Score
from citynet.advisory.tests import factories as advisory
from citynet.core.actors import SYSTEM
from citynet.network.models import Municipality

from .test_staff_admin import SECRET, sign_in_with_code

LANGUAGES = ["en", "ar"]
AREAS = [
    ("coordination", "Synthetic coordination structures", "هياكل التنسيق (تجريبي)"),
    ("referral", "Synthetic referral mechanisms", "آليات الإحالة (تجريبي)"),
]


def coordinator_of(region, language):
    user = factories.UserFactory(email=f"assessment-coordinator-{language}@example.test", preferred_language=language)
    assign_role(actor=SYSTEM, user=user, role=Role.REGIONAL_COORDINATOR, region=region)
    TOTP.activate(user, SECRET)
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = language
    profile.save()
    return user


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_coordinator_scores_finalises_and_compares_a_reassessment(site, page, artifacts, language):
    page.set_default_timeout(30_000)
    city = Municipality.objects.get(slug="gjilan")
    framework = advisory.FrameworkFactory(name_en=f"Synthetic capacity framework ({language})")
    areas = [
        advisory.CapacityAreaFactory(framework=framework, code=code, name_en=name_en, name_ar=name_ar, sort_order=i)
        for i, (code, name_en, name_ar) in enumerate(AREAS)
    ]
    today = timezone.localdate()
    baseline = advisory.AssessmentFactory(
        municipality=city,
        framework=framework,
        status=AssessmentStatus.FINAL,
        conducted_on=today - datetime.timedelta(days=365),
    )
    reassessment = advisory.AssessmentFactory(
        municipality=city,
        framework=framework,
        kind=AssessmentKind.REASSESSMENT,
        conducted_on=today - datetime.timedelta(days=3),
    )
    for area in areas:
        advisory.ScoreFactory(assessment=baseline, area=area, score=1, evidence="Synthetic baseline evidence.")
        advisory.ScoreFactory(assessment=reassessment, area=area, score=1, evidence="Synthetic evidence.")
    coordinator = coordinator_of(city.country.region, language)

    sign_in_with_code(page, site, coordinator, language=language)

    # The draft reassessment: one row per area, its score on the framework's scale with its label.
    page.goto(f"{site}/admin/advisory/assessments/{reassessment.pk}/")
    expect(page.locator("html")).to_have_attribute("dir", "rtl" if language == "ar" else "ltr")
    expect(page.locator(f"#area-{areas[0].pk} legend").first).to_contain_text(AREAS[0][2 if language == "ar" else 1])
    page.locator(f"input[name='score-{areas[0].pk}'][value='3']").check()
    page.locator(f"#evidence-{areas[0].pk}").fill("Synthetic evidence: a coordination board meets monthly.")
    page.screenshot(path=artifacts / f"advisory-assessment-scoring-{language}.png", full_page=True)
    with page.expect_navigation():
        page.locator("form[action$='/score/'] button[type=submit]").click()
    assert Score.objects.get(assessment=reassessment, area=areas[0]).score == 3

    # Finalise it: it becomes read-only.
    with page.expect_navigation():
        page.locator("form[action$='/finalise/'] button[type=submit]").click()
    reassessment.refresh_from_db()
    assert reassessment.status == AssessmentStatus.FINAL
    expect(page.locator(f"input[name='score-{areas[0].pk}']")).to_have_count(0)

    # Compare it with the baseline, side by side per area, with the change.
    page.locator(f"a[href$='/admin/advisory/assessments/compare/{city.pk}/']").first.click()
    page.wait_for_url(f"**/admin/advisory/assessments/compare/{city.pk}/")
    table = page.locator(".advisory-comparison table")
    expect(table.locator("thead th")).to_have_count(4)  # area, baseline, reassessment, change
    first, second = table.locator("tbody tr").nth(0), table.locator("tbody tr").nth(1)
    expect(first.locator(".advisory-change")).to_contain_text("+2")
    expect(first.locator("td").nth(0)).to_contain_text("1 / 4")
    expect(first.locator("td").nth(1)).to_contain_text("3 / 4")
    expect(second.locator(".advisory-change")).to_contain_text("0")
    if language == "en":
        expect(first.locator(".advisory-change")).to_contain_text("improved")
        expect(second.locator(".advisory-change")).to_contain_text("unchanged")
    page.screenshot(path=artifacts / f"advisory-assessment-compare-{language}.png", full_page=True)

    # The region's capacity: the city's latest final assessment on the heat map.
    # The comparison links to it; it is on the site's side, in the staff's language.
    capacity = f"/advisory/capacity/{city.country.region.slug}/"
    page.locator(f"a[href$='{capacity}']").first.click()
    page.wait_for_url(f"**{capacity}")
    expect(page.locator(".advisory-heat-map")).to_contain_text(AREAS[0][2 if language == "ar" else 1])
    page.screenshot(path=artifacts / f"advisory-capacity-{language}.png", full_page=True)
    assert not page.problems, str(page.problems)

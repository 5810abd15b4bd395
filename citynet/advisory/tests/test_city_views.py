"""A city's own advisory pages, as a small story: the synthetic city "advised-city" has a final baseline, a
draft reassessment and an adopted plan; its focal point and the region's staff open them, score the draft,
report progress and print the plan; another city's focal point, another region's coordinator, a member, a
plain account and the anonymous see none of it (a 404, or the sign-in page)."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from citynet.accounts.models import Role
from citynet.accounts.tests import factories as people
from citynet.advisory.models import (
    Assessment,
    AssessmentKind,
    AssessmentStatus,
    PlanStatus,
    ProgressUpdate,
    ReviewState,
    Score,
)
from citynet.advisory.tests import factories as advisory
from citynet.core.testing import assert_queries_do_not_grow, sign_in, staff
from citynet.network.tests.factories import (
    CountryFactory,
    MunicipalityFactory,
    OrganisationFactory,
    RegionFactory,
    TopicFactory,
    member_municipality,
)

pytestmark = pytest.mark.django_db

NOTES = "Synthetic confidential notes: never public."


@pytest.fixture
def region():
    return RegionFactory(slug="here")


@pytest.fixture
def city(region):
    country = CountryFactory(code="XK", region=region)
    return member_municipality(country=country, slug="advised-city", name_en="Synthetic advised city")


@pytest.fixture
def neighbour(city):
    return member_municipality(country=city.country, slug="neighbour-city", name_en="Synthetic neighbour")


@pytest.fixture
def story(city, neighbour, region):
    engagement = advisory.EngagementFactory(region=region, municipalities=[city, neighbour])
    visit = advisory.VisitFactory(engagement=engagement)
    advisory.MeetingFactory(visit=visit, municipality=city, notes=NOTES)
    framework = advisory.FrameworkFactory()
    areas = [advisory.CapacityAreaFactory(framework=framework, name_en=f"Synthetic area {n}") for n in (1, 2)]
    baseline = advisory.AssessmentFactory(municipality=city, framework=framework, status=AssessmentStatus.FINAL)
    draft = advisory.AssessmentFactory(
        municipality=city,
        framework=framework,
        kind=AssessmentKind.REASSESSMENT,
        conducted_on=timezone.localdate() - datetime.timedelta(days=5),
    )
    for area in areas:
        advisory.ScoreFactory(assessment=baseline, area=area, score=1)
    advisory.ScoreFactory(assessment=draft, area=areas[0], score=3)
    topic = TopicFactory(slug="youth", name_en="Synthetic youth topic")
    TopicFactory(slug="uncovered", name_en="Synthetic uncovered topic")
    project = advisory.ProjectFactory(
        organisation=OrganisationFactory(name_en="Synthetic partner NGO"), municipality=city, country=city.country
    )
    project.topics.set([topic])
    plan = advisory.PlanFactory(
        municipality=city, language="ar", title_en="Synthetic plan", title_ar="خطة تجريبية", budget=1000
    )
    goal = advisory.GoalFactory(plan=plan, text_en="Synthetic goal")
    action = advisory.ActionFactory(plan=plan, goal=goal, title_en="Synthetic action", title_ar="إجراء تجريبي")
    overdue = advisory.ActionFactory(
        plan=plan, goal=goal, title_en="Synthetic late action", due_on=timezone.localdate() - datetime.timedelta(3)
    )
    advisory.IndicatorFactory(action=action, name_en="Synthetic indicator", current=12)
    advisory.ProgressUpdateFactory(
        action=overdue,
        review=ReviewState.RETURNED,
        review_note="Synthetic note from staff: add the minutes.",
        percent=10,
    )
    draft_plan = advisory.PlanFactory(municipality=city, status=PlanStatus.DRAFT, title_en="Synthetic draft plan")
    advisory.ActionFactory(plan=draft_plan)
    neighbour_plan = advisory.PlanFactory(municipality=neighbour, title_en="Synthetic neighbour plan")
    neighbour_action = advisory.ActionFactory(plan=neighbour_plan)
    neighbour_assessment = advisory.AssessmentFactory(municipality=neighbour, framework=framework)
    return type(
        "Story",
        (),
        {
            "city": city,
            "neighbour": neighbour,
            "areas": areas,
            "baseline": baseline,
            "draft": draft,
            "plan": plan,
            "action": action,
            "overdue": overdue,
            "draft_plan": draft_plan,
            "neighbour_plan": neighbour_plan,
            "neighbour_action": neighbour_action,
            "neighbour_assessment": neighbour_assessment,
        },
    )


def who(role, city, region):
    if role == "focal_point":
        return people.focal_point(city)
    if role == "coordinator":
        return staff(Role.REGIONAL_COORDINATOR, region)
    if role == "secretariat":
        return staff(Role.SECRETARIAT)
    if role == "other_focal_point":
        return people.focal_point(MunicipalityFactory())
    if role == "neighbour_focal_point":
        return people.focal_point(city.country.municipalities.exclude(pk=city.pk).first())
    if role == "other_coordinator":
        return staff(Role.REGIONAL_COORDINATOR, RegionFactory(slug="elsewhere"))
    if role == "member":
        return people.member(city)
    return people.UserFactory()


ALLOWED = ["focal_point", "coordinator", "secretariat"]
DENIED = ["other_focal_point", "neighbour_focal_point", "other_coordinator", "member", "user"]


def pages(s):
    slug = s.city.slug
    return {
        "overview": reverse("advisory:city", args=[slug]),
        "assessment": reverse("advisory:city-assessment", args=[slug, s.draft.pk]),
        "final": reverse("advisory:city-assessment", args=[slug, s.baseline.pk]),
        "plan": reverse("advisory:city-plan", args=[slug, s.plan.pk]),
        "draft_plan": reverse("advisory:city-plan", args=[slug, s.draft_plan.pk]),
        "print": reverse("advisory:city-plan-print", args=[slug, s.plan.pk]),
        "pdf": reverse("advisory:city-plan-pdf", args=[slug, s.plan.pk]),
        "progress": reverse("advisory:city-progress", args=[slug, s.plan.pk, s.action.pk]),
    }


# --- Who may --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ALLOWED)
def test_every_page_opens_for_the_city_focal_point_and_the_region_staff(client, story, region, role):
    sign_in(client, who(role, story.city, region))
    for name, url in pages(story).items():
        response = client.get(url)
        assert response.status_code == 200, name
        if name != "pdf":
            assert NOTES not in response.content.decode(), name


@pytest.mark.parametrize("role", DENIED)
def test_every_page_and_post_is_a_404_for_anyone_else_signed_in(client, story, region, role):
    sign_in(client, who(role, story.city, region))
    for name, url in pages(story).items():
        assert client.get(url).status_code == 404, name
    assert client.post(pages(story)["assessment"], {"version": 1}).status_code == 404
    assert client.post(pages(story)["progress"], {"status": "done", "percent": 100}).status_code == 404
    assert not ProgressUpdate.objects.filter(action=story.action).exists()


def test_the_anonymous_are_asked_to_sign_in_and_told_nothing(client, story):
    for name, url in pages(story).items():
        response = client.get(url)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"], name
    assert client.post(pages(story)["progress"], {}).status_code == 302


def test_an_unknown_city_is_a_404_like_a_forbidden_one(client, story, region):
    sign_in(client, who("focal_point", story.city, region))
    assert client.get(reverse("advisory:city", args=["no-such-city"])).status_code == 404


def test_another_citys_plan_assessment_and_action_are_never_shown_under_this_city(client, story, region):
    sign_in(client, who("secretariat", story.city, region))
    slug = story.city.slug
    assert client.get(reverse("advisory:city-plan", args=[slug, story.neighbour_plan.pk])).status_code == 404
    assert (
        client.get(reverse("advisory:city-assessment", args=[slug, story.neighbour_assessment.pk])).status_code == 404
    )
    url = reverse("advisory:city-progress", args=[slug, story.plan.pk, story.neighbour_action.pk])
    assert client.get(url).status_code == 404
    url = reverse("advisory:city-plan-pdf", args=[slug, story.neighbour_plan.pk])
    assert client.get(url).status_code == 404


def test_the_focal_point_never_sees_another_citys_plan_even_by_its_own_slug(client, story, region):
    sign_in(client, who("focal_point", story.city, region))
    url = reverse("advisory:city-plan", args=[story.neighbour.slug, story.neighbour_plan.pk])
    assert client.get(url).status_code == 404
    overview = client.get(pages(story)["overview"]).content.decode()
    assert "Synthetic neighbour plan" not in overview


def test_staff_without_their_second_factor_are_sent_to_enter_it(client, story, region):
    client.force_login(staff(Role.REGIONAL_COORDINATOR, region))
    response = client.get(pages(story)["overview"])
    assert response.status_code == 302 and "reauthenticate" in response["Location"]


# --- The overview -----------------------------------------------------------------------------------------


def test_the_overview_shows_assessments_comparison_plans_and_the_map_with_its_gaps(client, story, region):
    sign_in(client, who("focal_point", story.city, region))
    response = client.get(pages(story)["overview"])
    page = response.content.decode()
    assert reverse("advisory:city-assessment", args=[story.city.slug, story.draft.pk]) in page
    assert "Reassessment" in page and "Baseline" in page
    assert response.context["comparison"].assessments == [story.baseline]
    assert "Synthetic plan" in page and "Synthetic draft plan" in page
    [adopted] = [p for p in response.context["plans"] if p.pk == story.plan.pk]
    assert adopted.overdue_count == 1 and adopted.next_due == story.overdue.due_on
    assert "Synthetic partner NGO" in page
    assert "Synthetic uncovered topic" in page  # a gap
    assert NOTES not in page
    assert "are in the admin" not in page  # the staff's pointer is for staff


def test_staff_are_pointed_to_the_admin_for_their_own_work(client, story, region):
    sign_in(client, who("coordinator", story.city, region))
    assert "are in the admin" in client.get(pages(story)["overview"]).content.decode()


def test_the_overview_costs_the_same_queries_whatever_the_data(client, story, region, django_assert_max_num_queries):
    sign_in(client, who("focal_point", story.city, region))
    url = pages(story)["overview"]

    def grow(n):
        for _ in range(n // 5 or 1):
            plan = advisory.PlanFactory(municipality=story.city)
            advisory.ActionFactory(plan=plan)
            assessment = advisory.AssessmentFactory(
                municipality=story.city, framework=story.baseline.framework, status=AssessmentStatus.FINAL
            )
            advisory.ScoreFactory(assessment=assessment, area=story.areas[0])
            advisory.ProjectFactory(municipality=story.city, country=story.city.country)

    count = assert_queries_do_not_grow(lambda: client.get(url), grow, sizes=(5, 50))
    assert count <= 30


# --- Scoring an assessment --------------------------------------------------------------------------------


def score_data(s, version, **values):
    first, second = s.areas
    data = {
        "version": version,
        f"score-{first.pk}": "3",
        f"evidence-{first.pk}": "Synthetic evidence.",
        f"comment-{first.pk}": "",
        f"score-{second.pk}": "",
        f"evidence-{second.pk}": "",
        f"comment-{second.pk}": "",
    }
    data.update(values)
    return data


@pytest.mark.parametrize("role", ALLOWED)
def test_the_focal_point_and_staff_score_a_draft_together(client, story, region, role):
    sign_in(client, who(role, story.city, region))
    second = story.areas[1]
    data = score_data(story, story.draft.version, **{f"score-{second.pk}": "2", f"comment-{second.pk}": "Synthetic."})
    response = client.post(pages(story)["assessment"], data)
    assert response.status_code == 302
    saved = Score.objects.get(assessment=story.draft, area=second)
    assert saved.score == 2 and saved.comment == "Synthetic."
    story.draft.refresh_from_db()
    assert story.draft.version == 2
    assert "The scores were saved." in client.get(response["Location"]).content.decode()


def test_a_stale_version_is_refused_keeps_what_was_typed_and_moves_to_the_saved_version(client, story, region):
    sign_in(client, who("focal_point", story.city, region))
    first, second = story.areas
    # Someone else scored meanwhile.
    Assessment.objects.filter(pk=story.draft.pk).update(version=5)
    data = score_data(story, 1, **{f"score-{second.pk}": "4", f"evidence-{second.pk}": "Synthetic typed evidence"})
    response = client.post(pages(story)["assessment"], data)
    assert response.status_code == 422
    page = response.content.decode()
    assert "Someone else saved this assessment" in page
    assert "Synthetic typed evidence" in page  # kept
    assert response.context["form"]["version"].value() == "5"
    assert not Score.objects.filter(assessment=story.draft, area=second).exists()
    assert Score.objects.get(assessment=story.draft, area=first).score == 3


@pytest.mark.parametrize("bad", ["9", "two", "-1", "2.5"])
def test_a_score_out_of_scale_or_not_a_number_is_refused_and_nothing_is_half_saved(client, story, region, bad):
    sign_in(client, who("coordinator", story.city, region))
    first, second = story.areas
    data = score_data(story, story.draft.version, **{f"score-{first.pk}": "1", f"score-{second.pk}": bad})
    response = client.post(pages(story)["assessment"], data)
    assert response.status_code == 422
    assert "Give a score from 0 to 4." in response.content.decode()
    assert Score.objects.get(assessment=story.draft, area=first).score == 3  # the valid one was undone
    assert not Score.objects.filter(assessment=story.draft, area=second).exists()


def test_a_hostile_version_is_a_form_error_not_a_500(client, story, region):
    sign_in(client, who("focal_point", story.city, region))
    response = client.post(pages(story)["assessment"], score_data(story, "x"))
    assert response.status_code == 422
    assert "This page is out of date" in response.content.decode()


def test_a_final_assessment_reads_only(client, story, region):
    sign_in(client, who("focal_point", story.city, region))
    response = client.get(pages(story)["final"])
    assert response.status_code == 200 and response.context["form"] is None
    assert "<form" not in response.content.decode().split('id="main"', 1)[1]
    response = client.post(pages(story)["final"], score_data(story, story.baseline.version))
    assert response.status_code == 302
    assert Score.objects.filter(assessment=story.baseline, score=3).count() == 0


# --- The plan -----------------------------------------------------------------------------------------------


def test_the_plan_shows_goals_actions_indicators_overdue_history_and_budget(client, story, region):
    sign_in(client, who("focal_point", story.city, region))
    response = client.get(pages(story)["plan"])
    page = response.content.decode()
    assert "Synthetic goal" in page and "Synthetic action" in page
    assert "Synthetic department" in page
    assert "Synthetic indicator" in page and "12" in page
    assert "overdue" in page and f'id="action-{story.overdue.pk}"' in page
    assert "Returned for changes" in page and "Synthetic note from staff: add the minutes." in page
    assert "1000" in page
    pdf = reverse("advisory:city-plan-pdf", args=[story.city.slug, story.plan.pk])
    assert f"{pdf}?language=ar" in page and f"{pdf}?language=en" in page
    assert reverse("advisory:city-progress", args=[story.city.slug, story.plan.pk, story.action.pk]) in page
    assert NOTES not in page


def test_the_plan_links_only_the_public_supporting_events(client, story, region):
    from citynet.events.tests.factories import EventFactory

    public = EventFactory(status="published", title_en="Synthetic public event")
    hidden = EventFactory(status="draft", title_en="Synthetic draft event")
    story.action.events.set([public, hidden])
    story.action.save()
    sign_in(client, who("focal_point", story.city, region))
    page = client.get(pages(story)["plan"]).content.decode()
    assert reverse("events:detail", args=[public.slug]) in page
    assert "Synthetic draft event" not in page


def test_a_draft_plan_offers_no_progress_report(client, story, region):
    sign_in(client, who("focal_point", story.city, region))
    page = client.get(pages(story)["draft_plan"]).content.decode()
    assert "Progress is reported once the plan is adopted." in page
    assert "/progress/" not in page


def test_the_plan_page_costs_the_same_queries_whatever_its_size(client, story, region, django_assert_max_num_queries):
    sign_in(client, who("coordinator", story.city, region))
    url = pages(story)["plan"]

    def grow(n):
        for _ in range(n):
            action = advisory.ActionFactory(plan=story.plan, goal=story.action.goal)
            advisory.IndicatorFactory(action=action)
            advisory.ProgressUpdateFactory(action=action)

    count = assert_queries_do_not_grow(lambda: client.get(url), grow, sizes=(5, 40))
    assert count <= 30


def test_the_print_page_has_the_whole_plan_without_links_to_act(client, story, region):
    sign_in(client, who("focal_point", story.city, region))
    page = client.get(pages(story)["print"]).content.decode()
    assert "Synthetic action" in page and "Synthetic indicator" in page
    assert "advisory/city.css" in page
    assert "/progress/" not in page


# --- The PDF ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize("language", ["ar", "en"])
def test_the_pdf_is_a_pdf_in_the_citys_language_and_in_english(client, story, region, language):
    sign_in(client, who("focal_point", story.city, region))
    response = client.get(pages(story)["pdf"], {"language": language})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert response["Content-Disposition"] == f'attachment; filename="action-plan-{story.plan.pk}-{language}.pdf"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "no-store" in response["Cache-Control"]


def test_the_pdf_in_another_language_is_a_404(client, story, region):
    sign_in(client, who("focal_point", story.city, region))
    assert client.get(pages(story)["pdf"], {"language": "sq"}).status_code == 404
    assert client.get(pages(story)["pdf"], {"language": "<script>"}).status_code == 404


def test_a_draft_plans_pdf_is_marked_draft(client, story, region):
    sign_in(client, who("focal_point", story.city, region))
    url = reverse("advisory:city-plan-pdf", args=[story.city.slug, story.draft_plan.pk])
    response = client.get(url, {"language": "en"})
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
    assert response["Content-Disposition"].endswith('-en-draft.pdf"')


def test_the_pdf_text_is_in_the_language_asked_for(story, rf):
    from django.template.loader import render_to_string
    from django.utils import translation

    from citynet.advisory.selectors.plans import plan_for
    from citynet.advisory.views import city as views

    user = people.focal_point(story.city)
    request = rf.get("/")
    request.user = user
    plan = plan_for(user, story.draft_plan.pk)
    with translation.override("en"):
        html = render_to_string("advisory/city/plan_pdf.html", {**views._plan_context(request, plan), "language": "en"})
    assert "DRAFT: not adopted" in html
    plan = plan_for(user, story.plan.pk)
    with translation.override("ar"):
        html = render_to_string("advisory/city/plan_pdf.html", {**views._plan_context(request, plan), "language": "ar"})
    assert "خطة تجريبية" in html and "إجراء تجريبي" in html


# --- Reporting progress -----------------------------------------------------------------------------------


def progress_data(**values):
    return {
        "status": "in_progress",
        "percent": "60",
        "evidence": "Synthetic minutes of the council.",
        "reported_on": timezone.localdate().isoformat(),
        **values,
    }


def test_the_focal_point_reports_progress_and_it_waits_for_review(client, story, region):
    sign_in(client, who("focal_point", story.city, region))
    response = client.post(pages(story)["progress"], progress_data())
    assert response.status_code == 302
    assert response["Location"] == pages(story)["plan"] + f"#action-{story.action.pk}"
    update = ProgressUpdate.objects.get(action=story.action)
    assert update.review == ReviewState.PENDING and update.percent == 60
    story.action.refresh_from_db()
    assert story.action.percent == 0  # unchanged until staff accept it
    page = client.get(response["Location"]).content.decode()
    assert "It waits for staff review" in page and "Awaiting review" in page
    assert "Awaiting review" in client.get(pages(story)["progress"]).content.decode()


def test_a_double_submit_makes_one_report(client, story, region):
    sign_in(client, who("focal_point", story.city, region))
    client.post(pages(story)["progress"], progress_data())
    client.post(pages(story)["progress"], progress_data())
    assert ProgressUpdate.objects.filter(action=story.action).count() == 1


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ({"percent": "140"}, "Ensure this value is less than or equal to 100."),
        ({"percent": "many"}, "Enter a whole number."),
        ({"status": "done", "percent": "50"}, "An action that is done is 100 % done."),
        ({"status": "finished"}, "Select a valid choice."),
        ({"reported_on": "yesterday"}, "Enter a valid date."),
    ],
)
def test_bad_progress_is_refused_with_a_message_and_nothing_saved(client, story, region, values, message):
    sign_in(client, who("focal_point", story.city, region))
    response = client.post(pages(story)["progress"], progress_data(**values))
    assert response.status_code == 422
    assert message in response.content.decode()
    assert not ProgressUpdate.objects.filter(action=story.action).exists()


def test_no_progress_is_reported_on_a_draft_plan(client, story, region):
    sign_in(client, who("focal_point", story.city, region))
    action = story.draft_plan.actions.first()
    url = reverse("advisory:city-progress", args=[story.city.slug, story.draft_plan.pk, action.pk])
    assert "Progress is reported once the plan is adopted." in client.get(url).content.decode()
    response = client.post(url, progress_data())
    assert response.status_code == 302
    assert not ProgressUpdate.objects.filter(action=action).exists()


def test_the_action_must_belong_to_the_plan_in_the_url(client, story, region):
    sign_in(client, who("focal_point", story.city, region))
    url = reverse("advisory:city-progress", args=[story.city.slug, story.draft_plan.pk, story.action.pk])
    assert client.post(url, progress_data()).status_code == 404

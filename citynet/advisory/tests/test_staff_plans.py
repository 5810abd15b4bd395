"""The staff's admin for local action plans, on a small story: the region's coordinator (or the secretariat)
opens a synthetic city's plan, adds goals, actions and indicators, adopts and closes it, reviews the focal
point's progress and exports the plan; another region's coordinator finds nothing, and a focal point, a
member and an anonymous visitor never pass the admin's door."""

import csv
import io
from urllib.parse import urlsplit

import pytest
from django.urls import reverse
from wagtail.models import ModelLogEntry
from wagtail.users.models import UserProfile

from citynet.accounts.models import Role
from citynet.accounts.tests.factories import UserFactory, focal_point, member
from citynet.advisory.models import Action, ActionStatus, Goal, Indicator, Plan, PlanStatus, PlanVersion, ReviewState
from citynet.advisory.services import plans as services
from citynet.advisory.tests import factories as advisory
from citynet.advisory.tests.factories import in_days
from citynet.core.testing import assert_queries_do_not_grow, sign_in, staff
from citynet.network.tests.factories import CountryFactory, MunicipalityFactory, RegionFactory

pytestmark = pytest.mark.django_db

FORMULA = '=HYPERLINK("http://example.test","Synthetic click")'


@pytest.fixture
def region():
    return RegionFactory(slug="here")


@pytest.fixture
def city(region):
    return MunicipalityFactory(country=CountryFactory(code="XK", region=region), name_en="Synthetic Prizren-like")


@pytest.fixture
def coordinator(region):
    return staff(Role.REGIONAL_COORDINATOR, region)


@pytest.fixture
def plan(city):
    plan = advisory.PlanFactory(municipality=city, title_en="Synthetic plan", share_publicly=True)
    goal = advisory.GoalFactory(plan=plan, text_en="Synthetic goal: safer schools")
    action = advisory.ActionFactory(plan=plan, goal=goal, title_en="Synthetic action: train teachers")
    advisory.IndicatorFactory(action=action, name_en="Synthetic teachers trained", baseline=0, target=40, current=12)
    return plan


@pytest.fixture
def action(plan):
    return plan.actions.get()


@pytest.fixture
def update(action):
    return advisory.ProgressUpdateFactory(
        action=action, status=ActionStatus.IN_PROGRESS, percent=60, reported_by=focal_point(action.plan.municipality)
    )


def page(name, *args):
    return reverse(f"advisory_plans_staff:{name}", args=args)


def signed_in(client, user):
    sign_in(client, user)
    return client


def messages_of(response) -> list[str]:
    return [str(message) for message in response.wsgi_request._messages]


def follow(client, response):
    return client.get(response["Location"])


def said(client, response) -> list[str]:
    """The messages the page a POST redirected to shows (follow it right away: they show once)."""
    return messages_of(follow(client, response))


# --- Who may ---------------------------------------------------------------------------------------------


def other_coordinator():
    return staff(Role.REGIONAL_COORDINATOR, RegionFactory(slug="elsewhere"))


def people(city):
    return {
        "secretariat": lambda: staff(Role.SECRETARIAT),
        "coordinator": lambda: staff(Role.REGIONAL_COORDINATOR, city.country.region),
        "other_coordinator": other_coordinator,
        "focal_point": lambda: focal_point(city),
        "member": lambda: member(city),
        "anonymous": lambda: None,
    }


PLAN_PAGES = [
    ("GET", lambda p, a, u: page("plan", p.pk)),
    ("GET", lambda p, a, u: page("goal-new", p.pk)),
    ("GET", lambda p, a, u: page("goal", p.pk, p.goals.get().pk)),
    ("GET", lambda p, a, u: page("action-new", p.pk)),
    ("GET", lambda p, a, u: page("action", p.pk, a.pk)),
    ("GET", lambda p, a, u: page("indicator-new", p.pk, a.pk)),
    ("GET", lambda p, a, u: page("indicator", p.pk, a.pk, a.indicators.get().pk)),
    ("GET", lambda p, a, u: page("export", p.pk, "csv")),
    ("GET", lambda p, a, u: reverse("advisory_plans:edit", args=[p.pk])),
    ("GET", lambda p, a, u: reverse("advisory_plans:history", args=[p.pk])),
    ("POST", lambda p, a, u: page("adopt", p.pk)),
    ("POST", lambda p, a, u: page("close", p.pk)),
    ("POST", lambda p, a, u: page("goal-new", p.pk)),
    ("POST", lambda p, a, u: page("action", p.pk, a.pk)),
    ("POST", lambda p, a, u: page("record-progress", p.pk, a.pk)),
    ("POST", lambda p, a, u: reverse("advisory_progress:review", args=[u.pk])),
]
LISTS = ["advisory_plans:index", "advisory_progress:index", "advisory_overdue:index"]


def is_login(response) -> bool:
    return response.status_code == 302 and "login" in urlsplit(response["Location"]).path


@pytest.mark.parametrize("method,url", PLAN_PAGES, ids=[f"{m} {i}" for i, (m, _u) in enumerate(PLAN_PAGES)])
@pytest.mark.parametrize(
    "role", ["secretariat", "coordinator", "other_coordinator", "focal_point", "member", "anonymous"]
)
def test_a_plans_pages_open_to_its_regions_staff_only(client, city, plan, action, update, role, method, url):
    user = people(city)[role]()
    if user is not None:
        sign_in(client, user)
    address = url(plan, action, update)
    response = client.get(address) if method == "GET" else client.post(address, {})

    if role in ("secretariat", "coordinator"):
        assert response.status_code in (200, 302, 422) and not is_login(response)
    elif role == "other_coordinator":
        assert response.status_code == 404  # another region's plan does not exist for them
    else:
        assert is_login(response)  # nobody but staff passes the admin's door
    if role not in ("secretariat", "coordinator"):
        update.refresh_from_db()
        plan.refresh_from_db()
        assert update.review == ReviewState.PENDING and plan.status == PlanStatus.ADOPTED


@pytest.mark.parametrize("name", LISTS)
@pytest.mark.parametrize(
    "role", ["secretariat", "coordinator", "other_coordinator", "focal_point", "member", "anonymous"]
)
def test_the_lists_show_each_staff_their_regions_only(client, city, plan, update, role, name):
    advisory.ActionFactory(plan=plan, title_en="Synthetic late action", due_on=in_days(-3))
    user = people(city)[role]()
    if user is not None:
        sign_in(client, user)

    response = client.get(reverse(name))

    if role in ("secretariat", "coordinator"):
        assert response.status_code == 200
        assert "Synthetic Prizren-like" in response.text
    elif role == "other_coordinator":
        assert response.status_code == 200
        assert "Synthetic Prizren-like" not in response.text and "Synthetic late action" not in response.text
    else:
        assert is_login(response)


# --- The plans' list, creating and editing a plan ----------------------------------------------------------


def test_the_list_filters_by_status_and_counts_actions(client, city, plan, coordinator):
    advisory.PlanFactory(municipality=city, title_en="Synthetic draft plan", status=PlanStatus.DRAFT)
    advisory.ActionFactory(plan=plan, due_on=in_days(-3))
    signed_in(client, coordinator)

    adopted = client.get(reverse("advisory_plans:index") + "?status=adopted").text
    bogus = client.get(reverse("advisory_plans:index") + "?status=nonsense")

    assert "Synthetic plan" in adopted and "Synthetic draft plan" not in adopted
    assert "2 actions, 0 done" in adopted and "1 overdue" in adopted
    assert bogus.status_code == 200  # an unknown status is a filter error shown, never a 500


def test_the_list_searches_titles(client, city, plan, coordinator):
    advisory.PlanFactory(municipality=city, title_en="Synthetic other plan")
    signed_in(client, coordinator)

    text = client.get(reverse("advisory_plans:index") + "?q=other").text

    assert "Synthetic other plan" in text and ">Synthetic plan<" not in text


def test_the_plan_page_reads_in_arabic(client, plan, coordinator):
    profile = UserProfile.get_for_user(coordinator)
    profile.preferred_language = "ar"
    profile.save()
    signed_in(client, coordinator)

    response = client.get(page("plan", plan.pk))

    assert response.status_code == 200 and 'dir="rtl"' in response.text


def plan_form(city, **changes):
    data = {
        "municipality": city.pk,
        "language": "sq",
        "title_en": "Synthetic new plan",
        "starts_on": "2026-01-01",
        "ends_on": "2027-12-31",
        "currency": "EUR",
        "budget": "12000",
        "funding_sources": "Synthetic municipal budget",
        "public_summary_en": "Synthetic summary",
        "share_publicly": "on",
    }
    data.update(changes)
    return data


def test_staff_create_a_plan_with_its_budget_language_and_summary(client, city, coordinator):
    signed_in(client, coordinator)

    response = client.post(reverse("advisory_plans:add"), plan_form(city))

    assert response.status_code == 302
    plan = Plan.objects.get(title_en="Synthetic new plan")
    assert plan.status == PlanStatus.DRAFT and plan.language == "sq" and plan.share_publicly
    assert str(plan.budget) == "12000.00"
    assert ModelLogEntry.objects.filter(object_id=str(plan.pk), action="wagtail.create").exists()


def test_a_plan_ending_before_it_starts_is_refused_with_a_message(client, city, coordinator):
    signed_in(client, coordinator)

    response = client.post(reverse("advisory_plans:add"), plan_form(city, ends_on="2025-01-01"))

    assert response.status_code == 200
    assert "cannot end before it starts" in response.text
    assert not Plan.objects.filter(title_en="Synthetic new plan").exists()


def test_a_city_of_another_region_cannot_be_picked(client, coordinator):
    far = MunicipalityFactory(country=CountryFactory(code="RS", region=RegionFactory(slug="far")))
    signed_in(client, coordinator)

    response = client.post(reverse("advisory_plans:add"), plan_form(far))

    assert response.status_code == 200
    assert not Plan.objects.filter(title_en="Synthetic new plan").exists()


def test_a_stale_plan_form_is_refused_and_nothing_is_saved(client, plan, coordinator):
    signed_in(client, coordinator)
    url = reverse("advisory_plans:edit", args=[plan.pk])
    data = plan_form(plan.municipality, title_en="Synthetic late title", based_on_version=plan.version)
    services.save_plan(actor=coordinator, instance=plan, values={"funding_sources": "Synthetic other"})

    response = client.post(url, data)

    assert "Someone else changed this record" in response.text
    plan.refresh_from_db()
    assert plan.title_en == "Synthetic plan"


def test_a_draft_may_be_deleted_an_adopted_plan_never(client, city, plan, coordinator):
    draft = advisory.PlanFactory(municipality=city, status=PlanStatus.DRAFT)
    signed_in(client, coordinator)

    client.post(reverse("advisory_plans:delete", args=[draft.pk]))
    refused = client.post(reverse("advisory_plans:delete", args=[plan.pk]), follow=True)

    assert not Plan.objects.filter(pk=draft.pk).exists()
    assert Plan.objects.filter(pk=plan.pk).exists()
    assert "Only a draft plan" in refused.text


# --- The plan's page ----------------------------------------------------------------------------------------


def test_the_plan_page_shows_goals_actions_indicators_overdue_and_accepted_progress(client, plan, action, coordinator):
    late = advisory.ActionFactory(plan=plan, title_en="Synthetic late action", due_on=in_days(-5))
    accepted = advisory.ProgressUpdateFactory(
        action=action, evidence="Synthetic attendance sheets", percent=30, reported_by=UserFactory()
    )
    services.review_progress(actor=coordinator, update=accepted, accept=True)
    signed_in(client, coordinator)

    text = client.get(page("plan", plan.pk)).text

    assert "Synthetic goal: safer schools" in text and "Synthetic action: train teachers" in text
    assert "Synthetic teachers trained" in text and "40" in text
    assert "Synthetic attendance sheets" in text
    assert f'id="action-{late.pk}"' in text and "Overdue" in text


def test_staff_add_a_goal_an_action_and_an_indicator(client, plan, coordinator):
    signed_in(client, coordinator)
    goal_response = client.post(page("goal-new", plan.pk), {"text_en": "Synthetic second goal", "sort_order": 2})
    goal = Goal.objects.get(text_en="Synthetic second goal")

    action_response = client.post(
        page("action-new", plan.pk),
        {
            "goal": goal.pk,
            "title_en": "Synthetic youth council",
            "owner_department": "Synthetic youth department",
            "starts_on": in_days(1).isoformat(),
            "due_on": in_days(90).isoformat(),
            "budget": "2500",
            "funding_source": "Synthetic donor",
            "sort_order": 0,
        },
    )
    action = Action.objects.get(title_en="Synthetic youth council")
    indicator_response = client.post(
        page("indicator-new", plan.pk, action.pk),
        {"name_en": "Synthetic meetings held", "unit": "meetings", "baseline": "0", "target": "6"},
    )

    assert goal_response.status_code == action_response.status_code == indicator_response.status_code == 302
    assert action.goal == goal and action.funding_source == "Synthetic donor"
    assert Indicator.objects.get(action=action).target == 6


def test_an_action_due_before_it_starts_gets_a_message_and_nothing_is_saved(client, plan, coordinator):
    signed_in(client, coordinator)

    response = client.post(
        page("action-new", plan.pk),
        {
            "title_en": "Synthetic backwards action",
            "owner_department": "Synthetic department",
            "starts_on": in_days(30).isoformat(),
            "due_on": in_days(10).isoformat(),
            "sort_order": 0,
        },
    )

    assert response.status_code == 422
    assert "cannot be due before it starts" in response.text
    assert not Action.objects.filter(title_en="Synthetic backwards action").exists()


def test_a_stale_action_form_is_refused_and_nothing_is_saved(client, plan, action, coordinator):
    signed_in(client, coordinator)
    form = client.get(page("action", plan.pk, action.pk)).context["form"]
    data = {name: value for name, value in form.initial.items() if value is not None and name in form.fields}
    data.update(title_en="Synthetic my title", based_on=form["based_on"].value(), sort_order=0)
    data["due_on"] = action.due_on.isoformat()
    data.pop("areas", None), data.pop("events", None), data.pop("awards", None)
    services.save_action(actor=coordinator, instance=action, values={"owner_department": "Synthetic others' edit"})

    response = client.post(page("action", plan.pk, action.pk), data)

    assert response.status_code == 422
    assert "Someone else changed this record" in response.text
    action.refresh_from_db()
    assert action.title_en == "Synthetic action: train teachers"


def test_an_unchanged_action_form_saves(client, plan, action, coordinator):
    signed_in(client, coordinator)
    form = client.get(page("action", plan.pk, action.pk)).context["form"]

    response = client.post(
        page("action", plan.pk, action.pk),
        {
            "based_on": form["based_on"].value(),
            "goal": action.goal_id,
            "title_en": "Synthetic renamed action",
            "owner_department": action.owner_department,
            "due_on": action.due_on.isoformat(),
            "sort_order": 0,
        },
    )

    assert response.status_code == 302
    action.refresh_from_db()
    assert action.title_en == "Synthetic renamed action"


def test_progress_staff_record_with_bad_values_gets_a_message(client, plan, action, coordinator):
    signed_in(client, coordinator)
    url = page("record-progress", plan.pk, action.pk)

    def post(status, percent):
        return said(client, client.post(url, {"status": status, "percent": percent, "reported_on": "2026-01-01"}))

    assert any("less than or equal to 100" in m for m in post("in_progress", "140"))
    assert any("valid choice" in m for m in post("finished-ish", "40"))
    assert any("100 % done" in m for m in post("done", "40"))
    assert not action.updates.exists()


def test_adopting_keeps_a_version_readable_as_adopted_and_twice_is_refused(client, city, coordinator):
    draft = advisory.PlanFactory(municipality=city, status=PlanStatus.DRAFT, title_en="Synthetic draft")
    advisory.ActionFactory(plan=draft, title_en="Synthetic first action")
    signed_in(client, coordinator)

    first = said(client, client.post(page("adopt", draft.pk), {"version": draft.version}))
    # The same page sent twice: its version is stale now.
    again = said(client, client.post(page("adopt", draft.pk), {"version": draft.version}))

    draft.refresh_from_db()
    assert draft.status == PlanStatus.ADOPTED and PlanVersion.objects.filter(plan=draft).count() == 1
    assert any("adopted" in m for m in first)
    assert any("Someone else changed" in m for m in again)
    fresh = said(client, client.post(page("adopt", draft.pk), {"version": draft.version}))
    assert any("nothing was changed" in m for m in fresh)
    assert PlanVersion.objects.filter(plan=draft).count() == 1
    Action.objects.filter(plan=draft).update(title_en="Synthetic changed later")
    version = client.get(page("version", draft.pk, 1)).text
    assert "Synthetic first action" in version and "Synthetic changed later" not in version


def test_a_plan_without_actions_is_not_adopted(client, city, coordinator):
    draft = advisory.PlanFactory(municipality=city, status=PlanStatus.DRAFT)
    signed_in(client, coordinator)

    response = client.post(page("adopt", draft.pk), {"version": draft.version})

    assert any("at least one action" in m for m in said(client, response))
    draft.refresh_from_db()
    assert draft.status == PlanStatus.DRAFT


def test_closing_a_closed_plan_or_a_draft_is_refused(client, city, plan, coordinator):
    draft = advisory.PlanFactory(municipality=city, status=PlanStatus.DRAFT)
    signed_in(client, coordinator)

    closed = said(client, client.post(page("close", plan.pk), {"version": plan.version}))
    plan.refresh_from_db()
    twice = said(client, client.post(page("close", plan.pk), {"version": plan.version}))
    of_draft = said(client, client.post(page("close", draft.pk), {"version": draft.version}))

    assert plan.status == PlanStatus.CLOSED
    assert any("is closed" in m for m in closed)
    assert any("closed already" in m for m in twice)
    assert any("Only an adopted plan" in m for m in of_draft)
    goal = client.post(page("goal-new", plan.pk), {"text_en": "Synthetic too late", "sort_order": 0})
    assert goal.status_code == 422 and not Goal.objects.filter(text_en="Synthetic too late").exists()


# --- Review of progress, overdue actions ----------------------------------------------------------------------


def test_accepting_a_report_moves_the_action_and_a_double_submit_is_harmless(client, action, update, coordinator):
    signed_in(client, coordinator)
    url = reverse("advisory_progress:review", args=[update.pk])

    queue = client.get(reverse("advisory_progress:index")).text
    client.post(url, {"decision": "accept"})
    twice = client.post(url, {"decision": "accept"})

    assert "Synthetic evidence of progress." in queue and "Synthetic Prizren-like" in queue
    action.refresh_from_db()
    update.refresh_from_db()
    assert update.review == ReviewState.ACCEPTED
    assert (action.status, action.percent) == (ActionStatus.IN_PROGRESS, 60)
    assert any("recorded already" in m for m in said(client, twice))
    assert "Synthetic evidence of progress." not in client.get(reverse("advisory_progress:index")).text


def test_returning_a_report_needs_a_note_and_leaves_the_action(client, action, update, coordinator):
    signed_in(client, coordinator)
    url = reverse("advisory_progress:review", args=[update.pk])

    without_note = client.post(url, {"decision": "return"})
    update.refresh_from_db()
    assert update.review == ReviewState.PENDING
    assert any("Say what should change" in m for m in said(client, without_note))

    client.post(url, {"decision": "return", "note": "Synthetic: add the attendance sheets"})

    update.refresh_from_db()
    action.refresh_from_db()
    assert update.review == ReviewState.RETURNED
    assert (action.status, action.percent) == (ActionStatus.NOT_STARTED, 0)


def test_a_decision_that_is_neither_is_refused(client, update, coordinator):
    signed_in(client, coordinator)

    response = client.post(reverse("advisory_progress:review", args=[update.pk]), {"decision": "erase"})

    assert response.status_code == 302
    update.refresh_from_db()
    assert update.review == ReviewState.PENDING


def test_overdue_actions_are_listed_longest_first(client, plan, coordinator):
    advisory.ActionFactory(plan=plan, title_en="Synthetic a bit late", due_on=in_days(-2))
    advisory.ActionFactory(plan=plan, title_en="Synthetic very late", due_on=in_days(-40))
    advisory.ActionFactory(plan=plan, title_en="Synthetic done late", due_on=in_days(-40), status=ActionStatus.DONE)
    signed_in(client, coordinator)

    text = client.get(reverse("advisory_overdue:index")).text

    assert text.index("Synthetic very late") < text.index("Synthetic a bit late")
    assert "Synthetic done late" not in text and "40 days overdue" in text


# --- Exports --------------------------------------------------------------------------------------------------


def test_the_plans_actions_export_neutralises_formulas_and_is_logged(client, plan, action, coordinator):
    Action.objects.filter(pk=action.pk).update(title_en=FORMULA)
    accepted = advisory.ProgressUpdateFactory(action=action, evidence=FORMULA, reported_by=UserFactory())
    services.review_progress(actor=coordinator, update=accepted, accept=True)
    signed_in(client, coordinator)

    response = client.get(page("export", plan.pk, "csv"))

    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[1][1] == "'" + FORMULA and rows[1][-1] == "'" + FORMULA
    assert "Synthetic teachers trained: 0.00 → 40.00 (12.00) people" in rows[1]
    assert ModelLogEntry.objects.filter(object_id=str(plan.pk), action="advisory.export").exists()
    assert client.get(page("export", plan.pk, "xlsx")).status_code == 200
    assert client.get(page("export", plan.pk, "pdf")).status_code == 404


def test_the_plan_list_export_neutralises_formulas_and_is_logged(client, plan, coordinator):
    Plan.objects.filter(pk=plan.pk).update(title_en=FORMULA)
    signed_in(client, coordinator)

    response = client.get(reverse("advisory_plans:index") + "?export=csv")

    text = b"".join(response.streaming_content).decode("utf-8-sig") if response.streaming else response.text
    assert "'" + FORMULA.replace('"', '""') in text
    assert ModelLogEntry.objects.filter(action="advisory.export").exists()


# --- Bounded queries ------------------------------------------------------------------------------------------


def test_the_lists_the_plan_page_and_the_queue_do_not_grow_with_data(client, region, plan, coordinator):
    signed_in(client, coordinator)
    countries = CountryFactory(code="MK", region=region)

    def more_plans(n):
        for _ in range(n):
            other = advisory.PlanFactory(municipality=MunicipalityFactory(country=countries))
            late = advisory.ActionFactory(plan=other, due_on=in_days(-3))
            advisory.ProgressUpdateFactory(action=late)

    def more_actions(n):
        for _ in range(n):
            late = advisory.ActionFactory(plan=plan, goal=plan.goals.first(), due_on=in_days(-3))
            advisory.IndicatorFactory(action=late)
            accepted = advisory.ProgressUpdateFactory(action=late, review=ReviewState.ACCEPTED)
            assert accepted

    for url in (
        reverse("advisory_plans:index"),
        reverse("advisory_progress:index"),
        reverse("advisory_overdue:index"),
    ):
        assert assert_queries_do_not_grow(lambda u=url: client.get(u), more_plans, sizes=(2, 12))
    assert assert_queries_do_not_grow(lambda: client.get(page("plan", plan.pk)), more_actions, sizes=(2, 12))
    assert assert_queries_do_not_grow(lambda: client.get(page("export", plan.pk, "csv")), more_actions, sizes=(14, 24))


def test_the_advisory_menu_offers_plans_reviews_and_overdue_actions(client, coordinator):
    signed_in(client, coordinator)

    text = client.get("/admin/").text

    assert "Action plans" in text and "Progress to review" in text and "Overdue actions" in text


def test_a_user_without_a_role_is_sent_to_sign_in(client, plan):
    signed_in(client, UserFactory())

    assert is_login(client.get(page("plan", plan.pk)))

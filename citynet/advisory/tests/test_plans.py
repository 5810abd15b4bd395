"""Local action plans on a small story: a synthetic city of a region drafts a plan with the region's staff,
adopts it, reports progress through its focal point, and staff review it; another region's coordinator,
another city's focal point and the public see and change nothing."""

import datetime
from decimal import Decimal

import pytest
from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.core import mail
from wagtail.models import ModelLogEntry

from citynet.accounts.tests.factories import UserFactory, coordinator, focal_point, secretariat
from citynet.advisory.models import (
    Action,
    ActionStatus,
    Goal,
    Indicator,
    Plan,
    PlanStatus,
    PlanVersion,
    ProgressUpdate,
    ReviewState,
)
from citynet.advisory.selectors import plans as selectors
from citynet.advisory.services import plans as services
from citynet.advisory.tests import factories as advisory
from citynet.advisory.tests.factories import in_days
from citynet.core.exceptions import Conflict, InvalidInput, InvalidTransition, NotPermitted
from citynet.core.testing import actor, assert_queries_do_not_grow
from citynet.events.tests.factories import EventFactory
from citynet.grants.tests.factories import AwardFactory
from citynet.network.tests.factories import CountryFactory, MunicipalityFactory, OrganisationFactory, RegionFactory

pytestmark = pytest.mark.django_db

ALLOWED_STAFF = ["secretariat", "coordinator"]
NEVER = ["other_coordinator", "focal_point", "other_focal_point", "anonymous"]
REPORTERS = ["secretariat", "coordinator", "focal_point"]
NOT_REPORTERS = ["other_coordinator", "other_focal_point", "anonymous"]


@pytest.fixture
def region():
    return RegionFactory(slug="here")


@pytest.fixture
def city(region):
    return MunicipalityFactory(country=CountryFactory(code="XK", region=region), name_en="Synthetic city")


@pytest.fixture
def staff(region):
    return coordinator(region)


@pytest.fixture
def draft(city):
    return advisory.PlanFactory(municipality=city, status=PlanStatus.DRAFT)


@pytest.fixture
def adopted(city):
    return advisory.PlanFactory(municipality=city, status=PlanStatus.ADOPTED)


def as_role(role, city, region):
    return actor(role, city=city, region=region)


def plan_values(city, **overrides):
    return {
        "municipality": city,
        "title_en": "Synthetic local action plan",
        "title_sq": "Plan lokal sintetik",
        "starts_on": datetime.date(2026, 1, 1),
        "ends_on": datetime.date(2027, 12, 31),
        "budget": Decimal("25000.00"),
        "funding_sources": "Synthetic municipal budget",
        **overrides,
    }


# --- Writing a plan ----------------------------------------------------------------------------------------


def test_staff_write_a_plan_with_goals_actions_owners_links_and_indicators(city, staff):
    plan = services.save_plan(actor=staff, values=plan_values(city))
    goal = services.save_goal(actor=staff, plan=plan, values={"text_en": "Synthetic goal: referral works"})
    framework_area = advisory.CapacityAreaFactory()
    event, award = EventFactory(), AwardFactory()
    partner = OrganisationFactory()
    action = services.save_action(
        actor=staff,
        plan=plan,
        values={
            "goal": goal,
            "title_en": "Synthetic referral protocol",
            "owner_organisation": partner,
            "starts_on": datetime.date(2026, 2, 1),
            "due_on": datetime.date(2026, 6, 30),
            "budget": Decimal("5000"),
            "areas": [framework_area],
            "events": [event],
            "awards": [award],
        },
    )
    indicator = services.save_indicator(
        actor=staff, action=action, values={"name_en": "Synthetic cases referred", "unit": "cases", "target": 20}
    )

    action.refresh_from_db()
    assert plan.status == PlanStatus.DRAFT and plan.title_sq == "Plan lokal sintetik"
    assert action.goal == goal and action.owner_organisation == partner
    assert list(action.areas.all()) == [framework_area]
    assert list(action.events.all()) == [event] and list(action.awards.all()) == [award]
    assert list(action.indicators.all()) == [indicator]
    # Each write left its audit entry.
    for record in (plan, goal, action, indicator):
        assert ModelLogEntry.objects.for_instance(record).filter(action="wagtail.create").exists()


@pytest.mark.parametrize("role", ALLOWED_STAFF)
def test_the_regions_staff_change_a_plan(role, city, region, draft):
    person = as_role(role, city, region)
    plan = services.save_plan(actor=person, instance=draft, values={"title_en": "Synthetic renamed plan"})
    assert plan.title_en == "Synthetic renamed plan" and plan.version == 2


@pytest.mark.parametrize("role", NEVER)
def test_nobody_else_writes_a_plan_or_its_parts(role, city, region, draft):
    person = as_role(role, city, region)
    action = advisory.ActionFactory(plan=draft)
    with pytest.raises(NotPermitted):
        services.save_plan(actor=person, instance=draft, values={"title_en": "Synthetic takeover"})
    with pytest.raises(NotPermitted):
        services.save_plan(actor=person, values=plan_values(city))
    with pytest.raises(NotPermitted):
        services.save_goal(actor=person, plan=draft, values={"text_en": "Synthetic goal"})
    with pytest.raises(NotPermitted):
        services.save_action(actor=person, instance=action, values={"title_en": "Synthetic takeover"})
    with pytest.raises(NotPermitted):
        services.save_indicator(actor=person, action=action, values={"name_en": "Synthetic indicator"})
    with pytest.raises(NotPermitted):
        services.adopt_plan(actor=person, plan=draft)
    draft.refresh_from_db()
    assert draft.title_en.startswith("Synthetic action plan") and draft.status == PlanStatus.DRAFT
    assert Plan.objects.count() == 1 and not Goal.objects.exists() and not Indicator.objects.exists()


def test_a_plan_cannot_end_before_it_starts_and_nothing_is_saved(city, staff):
    with pytest.raises(InvalidInput) as refused:
        services.save_plan(
            actor=staff,
            values=plan_values(city, starts_on=datetime.date(2027, 1, 1), ends_on=datetime.date(2026, 1, 1)),
        )
    assert "ends_on" in refused.value.errors
    assert not Plan.objects.exists() and not ModelLogEntry.objects.exists()


def test_a_stale_version_is_a_conflict(draft, staff):
    services.save_plan(actor=staff, instance=draft, values={"title_en": "Synthetic first edit"}, version=1)
    with pytest.raises(Conflict):
        services.save_plan(actor=staff, instance=draft, values={"title_en": "Synthetic lost edit"}, version=1)
    draft.refresh_from_db()
    assert draft.title_en == "Synthetic first edit"


def test_a_plans_assessment_is_of_its_own_city(draft, staff):
    elsewhere = advisory.AssessmentFactory()
    with pytest.raises(InvalidInput) as refused:
        services.save_plan(actor=staff, instance=draft, values={"baseline": elsewhere})
    assert "baseline" in refused.value.errors


@pytest.mark.parametrize(
    "values, field",
    [
        ({"owner_department": "", "owner_organisation": None}, "owner_department"),
        ({"owner_department": "   "}, "owner_department"),
        ({"starts_on": datetime.date(2026, 5, 1), "due_on": datetime.date(2026, 4, 1)}, "due_on"),
        ({"due_on": datetime.date(2020, 1, 1)}, "due_on"),
        ({"percent": 50}, None),  # written by a review, never by the action's form
    ],
)
def test_an_action_with_bad_input_is_refused_and_nothing_is_saved(values, field, city, staff):
    plan = advisory.PlanFactory(municipality=city, status=PlanStatus.DRAFT, starts_on=datetime.date(2026, 1, 1))
    good = {"title_en": "Synthetic action", "owner_department": "Synthetic department", "due_on": in_days(90)}
    with pytest.raises(InvalidInput) as refused:
        services.save_action(actor=staff, plan=plan, values={**good, **values})
    if field:
        assert field in refused.value.errors
    assert not Action.objects.exists() and not ModelLogEntry.objects.exists()


def test_an_actions_areas_come_from_one_framework_the_plans_assessments(city, staff):
    baseline = advisory.AssessmentFactory(municipality=city)
    plan = advisory.PlanFactory(municipality=city, status=PlanStatus.DRAFT, baseline=baseline)
    own = advisory.CapacityAreaFactory(framework=baseline.framework)
    foreign = advisory.CapacityAreaFactory()
    good = {"title_en": "Synthetic action", "owner_department": "Synthetic department", "due_on": in_days(90)}
    for areas in ([foreign], [own, foreign]):
        with pytest.raises(InvalidInput) as refused:
            services.save_action(actor=staff, plan=plan, values={**good, "areas": areas})
        assert "areas" in refused.value.errors
    other_plan_goal = advisory.GoalFactory()
    with pytest.raises(InvalidInput):
        services.save_action(actor=staff, plan=plan, values={**good, "goal": other_plan_goal})
    assert not Action.objects.exists()
    action = services.save_action(actor=staff, plan=plan, values={**good, "areas": [own]})
    assert list(action.areas.all()) == [own]


# --- Adopting: what was agreed stays as agreed -------------------------------------------------------------


def test_the_adopted_snapshot_does_not_change_with_later_edits(city, staff):
    plan = services.save_plan(actor=staff, values=plan_values(city))
    goal = services.save_goal(actor=staff, plan=plan, values={"text_en": "Synthetic goal", "text_sq": "Qëllim"})
    action = services.save_action(
        actor=staff,
        plan=plan,
        values={
            "goal": goal,
            "title_en": "Synthetic training of teachers",
            "title_sq": "Trajnim sintetik",
            "owner_department": "Synthetic education department",
            "due_on": datetime.date(2026, 9, 1),
            "budget": Decimal("1200.50"),
        },
    )
    services.save_indicator(
        actor=staff, action=action, values={"name_en": "Synthetic teachers trained", "baseline": 0, "target": 40}
    )

    adopted = services.adopt_plan(actor=staff, plan=plan, version=plan.version)
    assert adopted.status == PlanStatus.ADOPTED and adopted.number == 1
    first = PlanVersion.objects.get(plan=plan)
    agreed = dict(first.snapshot)
    assert agreed["title"] == {"en": "Synthetic local action plan", "sq": "Plan lokal sintetik"}
    assert agreed["goals"][0]["text"] == {"en": "Synthetic goal", "sq": "Qëllim"}
    [snapshot_action] = agreed["actions"]
    assert snapshot_action["title"] == {"en": "Synthetic training of teachers", "sq": "Trajnim sintetik"}
    assert snapshot_action["owner_department"] == "Synthetic education department"
    assert snapshot_action["due_on"] == "2026-09-01" and snapshot_action["budget"] == "1200.50"
    assert snapshot_action["indicators"][0]["target"] == "40.00"

    # Later edits change the plan, never what was agreed.
    services.save_plan(actor=staff, instance=adopted, values={"title_en": "Synthetic revised plan"})
    services.save_action(actor=staff, instance=action, values={"due_on": datetime.date(2026, 12, 1)})
    services.save_indicator(actor=staff, action=action, values={"name_en": "Synthetic schools reached"})
    first.refresh_from_db()
    assert first.snapshot == agreed

    # Adopted again after changes: the next version, the first as it was.
    plan.refresh_from_db()
    again = services.adopt_plan(actor=staff, plan=plan, version=plan.version)
    assert again.number == 2
    second = PlanVersion.objects.get(plan=plan, number=2)
    assert second.snapshot["title"]["en"] == "Synthetic revised plan"
    assert second.snapshot["actions"][0]["due_on"] == "2026-12-01"
    assert len(second.snapshot["actions"][0]["indicators"]) == 2
    first.refresh_from_db()
    assert first.snapshot == agreed

    # Adopting once more without a change is a no-op.
    plan.refresh_from_db()
    assert services.adopt_plan(actor=staff, plan=plan).number == 2
    assert PlanVersion.objects.filter(plan=plan).count() == 2


def test_progress_does_not_count_as_a_change_of_the_plan(adopted, staff):
    action = advisory.ActionFactory(plan=adopted)
    services.adopt_plan(actor=staff, plan=adopted)
    Action.objects.filter(pk=action.pk).update(status=ActionStatus.IN_PROGRESS, percent=30)
    services.adopt_plan(actor=staff, plan=adopted)
    assert PlanVersion.objects.filter(plan=adopted).count() == 1


def test_an_empty_plan_is_not_adopted_and_a_closed_plan_is_not_changed(draft, staff):
    with pytest.raises(InvalidTransition):
        services.adopt_plan(actor=staff, plan=draft)
    with pytest.raises(InvalidTransition):
        services.close_plan(actor=staff, plan=draft)  # never agreed: nothing to close
    action = advisory.ActionFactory(plan=draft)
    services.adopt_plan(actor=staff, plan=draft)
    closed = services.close_plan(actor=staff, plan=draft)
    assert closed.status == PlanStatus.CLOSED
    assert services.close_plan(actor=staff, plan=closed).status == PlanStatus.CLOSED
    with pytest.raises(InvalidTransition):
        services.save_plan(actor=staff, instance=closed, values={"title_en": "Synthetic late edit"})
    with pytest.raises(InvalidTransition):
        services.save_action(actor=staff, instance=action, values={"title_en": "Synthetic late edit"})
    with pytest.raises(InvalidTransition):
        services.adopt_plan(actor=staff, plan=closed)
    action.refresh_from_db()
    with pytest.raises(NotPermitted):  # no more progress on a closed plan
        services.report_progress(
            actor=focal_point(draft.municipality),
            action=action,
            status=ActionStatus.IN_PROGRESS,
            percent=10,
            evidence="",
            reported_on=in_days(0),
        )


# --- Progress and its review --------------------------------------------------------------------------------


def report(person, action, **overrides):
    values = {
        "status": ActionStatus.IN_PROGRESS,
        "percent": 40,
        "evidence": "Synthetic minutes of the first meeting.",
        "reported_on": in_days(0),
        **overrides,
    }
    return services.report_progress(actor=person, action=action, **values)


@pytest.mark.parametrize("role", REPORTERS)
def test_the_citys_focal_point_and_the_regions_staff_report_progress(role, city, region, adopted):
    action = advisory.ActionFactory(plan=adopted)
    update = report(as_role(role, city, region), action)
    assert update.review == ReviewState.PENDING and update.percent == 40
    action.refresh_from_db()
    assert action.status == ActionStatus.NOT_STARTED and action.percent == 0  # not until reviewed


@pytest.mark.parametrize("role", NOT_REPORTERS)
def test_nobody_else_reports_progress(role, city, region, adopted):
    action = advisory.ActionFactory(plan=adopted)
    with pytest.raises(NotPermitted):
        report(as_role(role, city, region), action)
    assert not ProgressUpdate.objects.exists()


def test_no_progress_is_reported_on_a_draft(draft, city):
    action = advisory.ActionFactory(plan=draft)
    with pytest.raises(NotPermitted):
        report(focal_point(city), action)


@pytest.mark.parametrize(
    "overrides, field",
    [
        ({"percent": 101}, "percent"),
        ({"percent": -1}, "percent"),
        ({"percent": "a lot"}, "percent"),
        ({"status": ActionStatus.DONE, "percent": 90}, "percent"),
        ({"status": "finished-ish"}, "status"),
        ({"reported_on": None}, "reported_on"),
    ],
)
def test_bad_progress_is_refused_and_nothing_is_saved(overrides, field, city, adopted):
    action = advisory.ActionFactory(plan=adopted)
    with pytest.raises(InvalidInput) as refused:
        report(focal_point(city), action, **overrides)
    assert field in refused.value.errors
    assert not ProgressUpdate.objects.exists()


def test_a_double_submit_returns_the_first_update(city, adopted):
    action = advisory.ActionFactory(plan=adopted)
    person = focal_point(city)
    first = report(person, action)
    assert report(person, action) == first
    assert ProgressUpdate.objects.count() == 1
    assert report(person, action, percent=45) != first  # other values: a new report
    assert report(focal_point(city), action) != first  # another person: a new report
    assert ProgressUpdate.objects.count() == 3


def test_accepting_an_update_sets_the_actions_status_and_percent(city, adopted, staff):
    action = advisory.ActionFactory(plan=adopted)
    update = report(focal_point(city), action, status=ActionStatus.DONE, percent=100)
    reviewed = services.review_progress(actor=staff, update=update, accept=True, note="")
    action.refresh_from_db()
    assert reviewed.review == ReviewState.ACCEPTED and reviewed.reviewed_by == staff
    assert action.status == ActionStatus.DONE and action.percent == 100
    assert ModelLogEntry.objects.for_instance(action).filter(action="wagtail.edit").exists()
    with pytest.raises(InvalidTransition, match="already reviewed"):
        services.review_progress(actor=staff, update=update, accept=False, note="Synthetic second thoughts")
    update.refresh_from_db()
    assert update.review == ReviewState.ACCEPTED


def test_returning_an_update_needs_a_note_and_leaves_the_action(city, adopted, staff):
    action = advisory.ActionFactory(plan=adopted)
    update = report(focal_point(city), action, percent=80)
    with pytest.raises(InvalidInput) as refused:
        services.review_progress(actor=staff, update=update, accept=False, note="  ")
    assert "review_note" in refused.value.errors
    update.refresh_from_db()
    assert update.review == ReviewState.PENDING
    services.review_progress(actor=staff, update=update, accept=False, note="Synthetic: add the minutes.")
    update.refresh_from_db()
    action.refresh_from_db()
    assert update.review == ReviewState.RETURNED and update.review_note == "Synthetic: add the minutes."
    assert action.status == ActionStatus.NOT_STARTED and action.percent == 0


def test_an_older_update_accepted_late_does_not_move_the_action_back(city, adopted, staff):
    action = advisory.ActionFactory(plan=adopted)
    person = focal_point(city)
    older = report(person, action, percent=20, reported_on=in_days(-10))
    newer = report(person, action, percent=60, reported_on=in_days(-1))
    services.review_progress(actor=staff, update=newer, accept=True)
    services.review_progress(actor=staff, update=older, accept=True)
    action.refresh_from_db()
    assert action.percent == 60


@pytest.mark.parametrize("role", ["other_coordinator", "focal_point", "other_focal_point", "anonymous"])
def test_only_the_regions_staff_review(role, city, region, adopted):
    update = report(focal_point(city), advisory.ActionFactory(plan=adopted))
    with pytest.raises(NotPermitted):
        services.review_progress(actor=as_role(role, city, region), update=update, accept=True)
    update.refresh_from_db()
    assert update.review == ReviewState.PENDING


def test_the_regions_staff_hear_of_a_focal_points_report_in_their_language(
    city, region, adopted, django_capture_on_commit_callbacks
):
    arabic_staff = coordinator(region)
    arabic_staff.preferred_language = "ar"
    arabic_staff.save()
    coordinator(RegionFactory(slug="elsewhere"))  # another region's staff hear nothing
    action = advisory.ActionFactory(plan=adopted, title_en="Synthetic youth council", title_ar="مجلس شباب اصطناعي")
    with django_capture_on_commit_callbacks(execute=True):
        report(focal_point(city), action)
    [message] = mail.outbox
    assert message.to == [arabic_staff.email]
    assert "مجلس شباب اصطناعي" in message.body and "Synthetic youth council" not in message.body
    assert "/admin/advisory/progress/" in message.body  # where to review it


def test_staff_reporting_themselves_tell_no_one(city, adopted, staff, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        report(staff, advisory.ActionFactory(plan=adopted))
    assert mail.outbox == []


def test_the_focal_point_hears_of_the_review_in_their_language(
    city, adopted, staff, django_capture_on_commit_callbacks
):
    person = focal_point(city)
    person.preferred_language = "sq"
    person.save()
    focal_point(MunicipalityFactory(country=city.country))  # another city's focal point hears nothing
    action = advisory.ActionFactory(plan=adopted, title_en="Synthetic youth council", title_sq="Këshill rinor")
    update = report(person, action)
    with django_capture_on_commit_callbacks(execute=True):
        services.review_progress(actor=staff, update=update, accept=False, note="Synthetic: add the minutes.")
    [message] = mail.outbox
    assert message.to == [person.email]
    assert "Këshill rinor" in message.subject and "Synthetic: add the minutes." in message.body
    # A link to the plan, in their language, on the site's own address.
    assert (
        f"{settings.WAGTAILADMIN_BASE_URL.rstrip('/')}/sq/municipalities/{city.slug}/advisory/plans/{adopted.pk}/"
        in (message.body)
    )


# --- Reads --------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ["secretariat", "coordinator", "focal_point"])
def test_the_plan_reaches_its_staff_and_its_citys_focal_point(role, city, region, adopted):
    assert selectors.plan_for(as_role(role, city, region), adopted.pk) == adopted
    assert list(selectors.plans_for(as_role(role, city, region))) == [adopted]


@pytest.mark.parametrize("role", NOT_REPORTERS)
def test_the_plan_never_reaches_anyone_else(role, city, region, adopted):
    advisory.ActionFactory(plan=adopted, due_on=in_days(-3))
    person = as_role(role, city, region)
    assert selectors.plan_for(person, adopted.pk) is None
    assert list(selectors.plans_for(person)) == []
    assert list(selectors.overdue_actions(person)) == []


def test_a_plan_with_its_last_accepted_updates_and_overdue_flags(city, adopted, staff):
    late = advisory.ActionFactory(plan=adopted, due_on=in_days(-5))
    finished = advisory.ActionFactory(plan=adopted, due_on=in_days(-5))
    ahead = advisory.ActionFactory(plan=adopted, due_on=in_days(20))
    person = focal_point(city)
    first = report(person, finished, percent=50, reported_on=in_days(-20))
    services.review_progress(actor=staff, update=first, accept=True)
    last = report(person, finished, status=ActionStatus.DONE, percent=100, reported_on=in_days(-6))
    services.review_progress(actor=staff, update=last, accept=True)
    report(person, late, percent=10)  # awaiting review: not the action's progress yet

    plan = selectors.plan_for(staff, adopted.pk)
    by_pk = {action.pk: action for action in plan.action_list}
    assert by_pk[finished.pk].last_accepted == last and by_pk[late.pk].last_accepted is None
    assert [by_pk[a.pk].is_overdue for a in (late, finished, ahead)] == [True, False, False]
    assert list(selectors.overdue_actions(staff)) == [late]
    assert list(selectors.overdue_actions(person, on=in_days(30))) == [late, ahead]
    [listed] = selectors.plans_for(staff)
    assert (listed.action_count, listed.done_count, listed.overdue_count) == (3, 1, 1)


def test_a_drafts_late_actions_are_not_overdue(draft, staff):
    advisory.ActionFactory(plan=draft, due_on=in_days(-5))
    assert list(selectors.overdue_actions(staff)) == []
    assert selectors.plan_for(staff, draft.pk).action_list[0].is_overdue is False


def test_reading_a_plan_costs_the_same_few_queries_whatever_its_size(city, adopted, staff):
    framework = advisory.FrameworkFactory()
    event, award = EventFactory(), AwardFactory()
    person = focal_point(city)

    def grow(n):
        for _ in range(n):
            goal = advisory.GoalFactory(plan=adopted)
            action = advisory.ActionFactory(plan=adopted, goal=goal, owner_organisation=OrganisationFactory())
            action.areas = [advisory.CapacityAreaFactory(framework=framework)]
            action.events = [event]
            action.awards = [award]
            action.save()
            advisory.IndicatorFactory(action=action)
            update = advisory.ProgressUpdateFactory(action=action, reported_by=person, review=ReviewState.ACCEPTED)
            advisory.ProgressUpdateFactory(action=action, reported_by=person, reported_on=update.reported_on)

    def read():
        plan = selectors.plan_for(staff, adopted.pk)
        for action in plan.action_list:
            str(action.goal), str(action.owner_organisation), action.last_accepted
            list(action.indicators.all()), list(action.areas.all()), list(action.events.all())
            list(action.awards.all())
        return plan

    queries = assert_queries_do_not_grow(read, grow, sizes=(2, 20))
    assert queries <= 9
    assert len(read().action_list) == 20


def test_lists_cost_the_same_queries_whatever_their_length(city, region, staff):
    person = focal_point(city)

    def grow(n):
        for _ in range(n):
            plan = advisory.PlanFactory(municipality=city)
            action = advisory.ActionFactory(plan=plan, due_on=in_days(-1))
            advisory.ProgressUpdateFactory(action=action, reported_by=person)

    def read():
        for plan in selectors.plans_for(staff):
            str(plan.municipality), plan.overdue_count
        for action in selectors.overdue_actions(staff):
            str(action.plan.municipality), str(action.owner_organisation)
        for update in selectors.review_queue(staff):
            str(update.action.plan.municipality), str(update.reported_by)

    assert assert_queries_do_not_grow(read, grow, sizes=(2, 15)) <= 3


@pytest.mark.parametrize("role", ["secretariat", "coordinator"])
def test_the_review_queue_holds_the_regions_pending_updates(role, city, region, adopted):
    action = advisory.ActionFactory(plan=adopted)
    waiting = advisory.ProgressUpdateFactory(action=action)
    advisory.ProgressUpdateFactory(action=action, review=ReviewState.ACCEPTED)
    far = MunicipalityFactory(country=CountryFactory(code="TN", region=RegionFactory()))  # another region
    elsewhere = advisory.ProgressUpdateFactory(
        action=advisory.ActionFactory(plan=advisory.PlanFactory(municipality=far))
    )
    queue = list(selectors.review_queue(as_role(role, city, region)))
    assert waiting in queue and len(queue) == (2 if role == "secretariat" else 1)
    assert (elsewhere in queue) == (role == "secretariat")


@pytest.mark.parametrize("role", ["other_coordinator", "focal_point", "other_focal_point", "anonymous"])
def test_the_review_queue_is_empty_for_anyone_else(role, city, region, adopted):
    advisory.ProgressUpdateFactory(action=advisory.ActionFactory(plan=adopted))
    assert list(selectors.review_queue(as_role(role, city, region))) == []


# --- The public -------------------------------------------------------------------------------------------


def test_the_public_sees_a_shared_plans_summary_and_progress_only(city):
    plan = advisory.PlanFactory(
        municipality=city,
        share_publicly=True,
        title_en="Synthetic shared plan",
        public_summary_en="Synthetic public summary.",
        budget=Decimal("99999"),
    )
    advisory.ActionFactory(
        plan=plan,
        title_en="Synthetic public action",
        status=ActionStatus.IN_PROGRESS,
        percent=35,
        owner_department="Synthetic confidential department",
        budget=Decimal("4321"),
    )
    shown = selectors.public_plan(city.pk)
    assert shown.title == "Synthetic shared plan" and shown.public_summary == "Synthetic public summary."
    [action] = shown.actions
    assert (action.title, action.status, action.percent) == ("Synthetic public action", "in_progress", 35)
    assert action.status_label == "In progress"
    everything = repr(shown)
    assert "confidential" not in everything and "4321" not in everything and "99999" not in everything


@pytest.mark.parametrize(
    "status, shared", [(PlanStatus.DRAFT, True), (PlanStatus.ADOPTED, False), (PlanStatus.CLOSED, False)]
)
def test_a_plan_not_shared_or_not_adopted_is_not_public(status, shared, city):
    advisory.PlanFactory(municipality=city, status=status, share_publicly=shared)
    assert selectors.public_plan(city.pk) is None


def test_a_closed_shared_plan_stays_public(city):
    advisory.PlanFactory(municipality=city, status=PlanStatus.CLOSED, share_publicly=True)
    assert selectors.public_plan(city.pk) is not None


def test_the_public_plan_costs_two_queries_whatever_its_size(city):
    plan = advisory.PlanFactory(municipality=city, share_publicly=True)

    def grow(n):
        for _ in range(n):
            advisory.IndicatorFactory(action=advisory.ActionFactory(plan=plan))

    assert assert_queries_do_not_grow(lambda: selectors.public_plan(city.pk), grow, sizes=(2, 20)) == 2


def test_an_anonymous_or_plain_account_is_refused_everywhere(city, adopted):
    for person in (AnonymousUser(), UserFactory()):
        assert selectors.plan_for(person, adopted.pk) is None
        assert list(selectors.review_queue(person)) == []


def test_a_region_without_coordinators_has_its_reports_read_by_the_secretariat(
    city, adopted, django_capture_on_commit_callbacks
):
    head_office = secretariat()
    with django_capture_on_commit_callbacks(execute=True):
        report(focal_point(city), advisory.ActionFactory(plan=adopted))
    assert [message.to for message in mail.outbox] == [[head_office.email]]

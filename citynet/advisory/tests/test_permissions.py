"""Who may do what with advisory work, as one table per rule: for each actor (the secretariat, the region's
coordinator, another region's coordinator, the city's focal point, another city's focal point, a member of
the city, an anonymous visitor and an inactive user), exactly which records each check allows, and that the
queryset of the same rule returns exactly those records.

The world: region A with "the city" and "another city", region B with a city of its own. Record names say
where they are: no prefix is the city's (or region A's, for engagements, visits and meetings), "other_" is
the other city's, "b_" is region B's.
"""

import pytest
from django.contrib.auth.models import AnonymousUser

from citynet.accounts.models import Role
from citynet.accounts.tests.factories import RoleFactory, UserFactory, coordinator, focal_point, member, secretariat
from citynet.advisory import permissions
from citynet.advisory.models import (
    Action,
    Assessment,
    AssessmentStatus,
    Engagement,
    Meeting,
    Plan,
    PlanStatus,
    ProgressUpdate,
    Project,
    Visit,
)
from citynet.advisory.tests.factories import (
    ActionFactory,
    AssessmentFactory,
    EngagementFactory,
    MeetingFactory,
    PlanFactory,
    ProgressUpdateFactory,
    ProjectFactory,
    VisitFactory,
)
from citynet.network.tests.factories import CountryFactory, MunicipalityFactory, RegionFactory

pytestmark = pytest.mark.django_db

MODELS = [Engagement, Visit, Meeting, Project, Assessment, Plan, Action, ProgressUpdate]
# The models with a city: the focal point's reach (engagements, visits and meetings are the staff's).
CITY_MODELS = [Project, Assessment, Plan, Action, ProgressUpdate]

CITY = {
    "project",
    "draft_assessment",
    "final_assessment",
    "draft_plan",
    "adopted_plan",
    "shared_plan",
    "closed_plan",
    "action",
    "draft_action",
    "update",
}
OTHER_CITY = {"other_project", "other_assessment", "other_plan", "other_action", "other_update"}
REGION_A = CITY | OTHER_CITY | {"engagement", "visit", "published_visit", "meeting", "public_meeting", "hidden_meeting"}
REGION_B = {"b_engagement", "b_visit", "b_meeting", "b_project", "b_assessment", "b_plan", "b_action", "b_update"}
EVERYTHING = REGION_A | REGION_B
NOBODY = {"focal_point", "other_focal_point", "member", "anonymous", "inactive"}
ACTORS = ["secretariat", "coordinator", "other_coordinator", *sorted(NOBODY)]


@pytest.fixture
def world():
    region_a, region_b = RegionFactory(), RegionFactory()
    city = MunicipalityFactory(country=CountryFactory(code="AL", region=region_a))
    other_city = MunicipalityFactory(country=city.country)
    b_city = MunicipalityFactory(country=CountryFactory(code="RS", region=region_b))

    records = {}
    engagement = records["engagement"] = EngagementFactory(region=region_a, municipalities=[city, other_city])
    records["visit"] = VisitFactory(engagement=engagement)
    published = records["published_visit"] = VisitFactory(engagement=engagement, is_published=True)
    records["meeting"] = MeetingFactory(visit=records["visit"], municipality=city)
    records["public_meeting"] = MeetingFactory(visit=published, municipality=city)
    records["hidden_meeting"] = MeetingFactory(visit=published, is_public=False)
    records["project"] = ProjectFactory(municipality=city)
    records["draft_assessment"] = AssessmentFactory(municipality=city)
    records["final_assessment"] = AssessmentFactory(municipality=city, status=AssessmentStatus.FINAL)
    # A draft is never public, even where the city agreed to share its plan.
    records["draft_plan"] = PlanFactory(municipality=city, status=PlanStatus.DRAFT, share_publicly=True)
    records["adopted_plan"] = PlanFactory(municipality=city)
    records["shared_plan"] = PlanFactory(municipality=city, share_publicly=True)
    records["closed_plan"] = PlanFactory(municipality=city, status=PlanStatus.CLOSED, share_publicly=True)
    records["action"] = ActionFactory(plan=records["adopted_plan"])
    records["draft_action"] = ActionFactory(plan=records["draft_plan"])
    records["update"] = ProgressUpdateFactory(action=records["action"])

    records["other_project"] = ProjectFactory(municipality=other_city)
    records["other_assessment"] = AssessmentFactory(municipality=other_city)
    records["other_plan"] = PlanFactory(municipality=other_city)
    records["other_action"] = ActionFactory(plan=records["other_plan"])
    records["other_update"] = ProgressUpdateFactory(action=records["other_action"])

    b_engagement = records["b_engagement"] = EngagementFactory(region=region_b, municipalities=[b_city])
    records["b_visit"] = VisitFactory(engagement=b_engagement, is_published=True)
    records["b_meeting"] = MeetingFactory(visit=records["b_visit"], municipality=b_city)
    records["b_project"] = ProjectFactory(municipality=b_city)
    records["b_assessment"] = AssessmentFactory(municipality=b_city)
    records["b_plan"] = PlanFactory(municipality=b_city)
    records["b_action"] = ActionFactory(plan=records["b_plan"])
    records["b_update"] = ProgressUpdateFactory(action=records["b_action"])
    assert set(records) == EVERYTHING

    inactive = UserFactory()
    RoleFactory(user=inactive, role=Role.SECRETARIAT)
    RoleFactory(user=inactive, role=Role.REGIONAL_COORDINATOR, region=region_a)
    RoleFactory(user=inactive, role=Role.FOCAL_POINT, municipality=city)
    inactive.is_active = False
    inactive.save()
    actors = {
        "secretariat": secretariat(),
        "coordinator": coordinator(region_a),
        "other_coordinator": coordinator(region_b),
        "focal_point": focal_point(city),
        "other_focal_point": focal_point(other_city),
        "member": member(city),
        "anonymous": AnonymousUser(),
        "inactive": inactive,
    }
    return records, actors


def allowed(check, actor, records: dict, models=MODELS) -> set[str]:
    """The names of the records of `models` that `check(actor, record)` allows (each read afresh)."""
    return {
        name
        for name, record in records.items()
        if type(record) in models and check(actor, type(record).objects.get(pk=record.pk))
    }


def scoped(scope, actor, records: dict, models=MODELS) -> set[str]:
    """The names of the records that `scope(Model.objects.all(), actor)` returns, model by model."""
    names = {(type(record), record.pk): name for name, record in records.items()}
    found = set()
    for model in models:
        found |= {names[(model, pk)] for pk in scope(model.objects.all(), actor).values_list("pk", flat=True)}
    return found


def only(names: set[str], *models) -> set[str]:
    return {name for name in names if any(name.endswith(model) for model in models)}


def assert_table(table: dict, got) -> None:
    """`got(actor_name)` for every actor matches the table (missing actors: nothing allowed)."""
    for actor in ACTORS:
        assert got(actor) == table.get(actor, set()), actor


# --- Staff -------------------------------------------------------------------------------------------------


def test_can_run_advisory_is_the_secretariat_and_every_regional_coordinator(world):
    _records, actors = world
    runs = {name for name, actor in actors.items() if permissions.can_run_advisory(actor)}
    assert runs == {"secretariat", "coordinator", "other_coordinator"}


STAFF = {"secretariat": EVERYTHING, "coordinator": REGION_A, "other_coordinator": REGION_B}


@pytest.mark.parametrize("check", [permissions.is_region_staff, permissions.can_manage])
def test_the_regions_staff_manage_its_records_and_nobody_else_does(world, check):
    records, actors = world
    assert_table(STAFF, lambda actor: allowed(check, actors[actor], records))


def test_scope_staff_returns_exactly_what_is_region_staff_allows(world):
    records, actors = world
    for name, actor in actors.items():
        assert scoped(permissions.scope_staff, actor, records) == STAFF.get(name, set()), name
        assert scoped(permissions.scope_staff, actor, records) == allowed(permissions.is_region_staff, actor, records)


def test_notes_are_the_region_staffs_only_never_the_citys_focal_point(world):
    records, actors = world
    meetings = {"meeting", "public_meeting", "hidden_meeting", "b_meeting"}
    table = {name: meetings & reach for name, reach in STAFF.items()}
    assert_table(table, lambda actor: allowed(permissions.can_see_notes, actors[actor], records, [Meeting]))
    # The meeting was in the focal point's own city: its notes are still not theirs.
    assert records["meeting"].municipality == records["project"].municipality
    assert not permissions.can_see_notes(actors["focal_point"], records["meeting"])


# --- The city's focal point ------------------------------------------------------------------------------


def test_is_city_focal_point_is_the_own_city_only_never_by_role_elsewhere(world):
    records, actors = world
    table = {"focal_point": CITY, "other_focal_point": OTHER_CITY}
    assert_table(table, lambda actor: allowed(permissions.is_city_focal_point, actors[actor], records))


VIEW = {**STAFF, "focal_point": CITY, "other_focal_point": OTHER_CITY}


def test_can_view_is_the_regions_staff_and_the_own_citys_focal_point(world):
    records, actors = world
    assert_table(VIEW, lambda actor: allowed(permissions.can_view, actors[actor], records))


def test_scope_visible_returns_exactly_what_can_view_allows(world):
    records, actors = world
    for name, actor in actors.items():
        got = scoped(permissions.scope_visible, actor, records)
        assert got == VIEW.get(name, set()), name
        assert got == allowed(permissions.can_view, actor, records), name


def test_a_focal_point_never_sees_another_citys_assessment_plan_or_projects(world):
    records, actors = world
    for name in OTHER_CITY | only(REGION_B, "project", "assessment", "plan", "action", "update"):
        assert not permissions.can_view(actors["focal_point"], records[name]), name
    for model in CITY_MODELS:
        visible = permissions.scope_visible(model.objects.all(), actors["focal_point"])
        assert all(r.pk in {records[n].pk for n in CITY if type(records[n]) is model} for r in visible)


def test_only_staff_and_the_own_focal_point_score_and_the_focal_point_only_a_draft(world):
    records, actors = world
    assessments = {"draft_assessment", "final_assessment", "other_assessment", "b_assessment"}
    table = {name: assessments & reach for name, reach in STAFF.items()}
    table |= {"focal_point": {"draft_assessment"}, "other_focal_point": {"other_assessment"}}
    assert_table(table, lambda actor: allowed(permissions.can_score, actors[actor], records, [Assessment]))


def test_only_the_regions_staff_finalise(world):
    records, actors = world
    assessments = {"draft_assessment", "final_assessment", "other_assessment", "b_assessment"}
    table = {name: assessments & reach for name, reach in STAFF.items()}
    assert_table(table, lambda actor: allowed(permissions.can_finalise, actors[actor], records, [Assessment]))


def test_progress_is_reported_on_an_adopted_plan_by_its_citys_focal_point_and_the_staff(world):
    records, actors = world
    adopted = {"action", "other_action", "b_action"}  # "draft_action" is on a draft plan: nobody reports
    table = {name: adopted & reach for name, reach in STAFF.items()}
    table |= {"focal_point": {"action"}, "other_focal_point": {"other_action"}}
    assert_table(table, lambda actor: allowed(permissions.can_report_progress, actors[actor], records, [Action]))


def test_only_the_regions_staff_review_progress(world):
    records, actors = world
    updates = {"update", "other_update", "b_update"}
    table = {name: updates & reach for name, reach in STAFF.items()}
    assert_table(
        table, lambda actor: allowed(permissions.can_review_progress, actors[actor], records, [ProgressUpdate])
    )


# --- The public ----------------------------------------------------------------------------------------


def test_an_unpublished_visit_is_its_staffs_only_and_a_published_one_everyones(world):
    records, actors = world
    published = {"published_visit", "b_visit"}
    table = dict.fromkeys(ACTORS, published) | {
        "secretariat": published | {"visit"},
        "coordinator": published | {"visit"},
    }
    assert_table(table, lambda actor: allowed(permissions.can_see_published_visit, actors[actor], records, [Visit]))
    assert set(permissions.scope_published_visits(Visit.objects.all())) == {records[n] for n in published}
    # What every actor may see of visits, but no staff of them, is exactly the published queryset.
    assert allowed(permissions.can_see_published_visit, actors["anonymous"], records, [Visit]) == published


def test_the_public_meetings_are_those_marked_public_of_published_visits(world):
    records, _actors = world
    public = set(permissions.scope_public_meetings(Meeting.objects.all()))
    assert public == {records["public_meeting"], records["b_meeting"]}
    assert records["meeting"] not in public and records["hidden_meeting"] not in public


def test_a_plan_is_public_only_when_adopted_or_closed_and_shared(world):
    records, _actors = world
    plans = {name for name, record in records.items() if isinstance(record, Plan)}
    public = {name for name in plans if permissions.is_plan_public(records[name])}
    assert public == {"shared_plan", "closed_plan"}
    assert set(permissions.scope_public_plans(Plan.objects.all())) == {records[n] for n in public}

"""The advisory API for those who run it: each caller gets their own slice, a 404 for anyone else's
record, and a meeting's notes only where they may read them."""

import pytest
from django.utils import timezone

from citynet.accounts.models import Role
from citynet.accounts.tests.factories import UserFactory, focal_point, member
from citynet.accounts.tests.factories import coordinator as coordinator_without_authenticator
from citynet.advisory.models import AssessmentStatus, PlanStatus
from citynet.advisory.tests import factories as advisory
from citynet.core.testing import assert_queries_do_not_grow, sign_in, staff
from citynet.network.tests.factories import CountryFactory, RegionFactory, member_municipality

pytestmark = pytest.mark.django_db

NOTES = "Synthetic confidential notes: never public."


@pytest.fixture
def scene():
    region = RegionFactory(slug="here")
    country = CountryFactory(code="XK", region=region)
    city = member_municipality(country=country, slug="advised-city")
    neighbour = member_municipality(country=country, slug="neighbour-city")
    engagement = advisory.EngagementFactory(region=region, municipalities=[city, neighbour])
    visit = advisory.VisitFactory(engagement=engagement, slug="unpublished-visit")
    meeting = advisory.MeetingFactory(visit=visit, municipality=city)
    framework = advisory.FrameworkFactory()
    area = advisory.CapacityAreaFactory(framework=framework, code="risk-assessment")
    assessment = advisory.AssessmentFactory(municipality=city, framework=framework, status=AssessmentStatus.FINAL)
    advisory.ScoreFactory(assessment=assessment, area=area, score=3, evidence="Synthetic evidence of capacity.")
    neighbour_assessment = advisory.AssessmentFactory(municipality=neighbour, framework=framework)
    plan = advisory.PlanFactory(municipality=city)
    goal = advisory.GoalFactory(plan=plan)
    action = advisory.ActionFactory(plan=plan, goal=goal)
    advisory.IndicatorFactory(action=action)
    draft_plan = advisory.PlanFactory(municipality=city, status=PlanStatus.DRAFT)
    neighbour_plan = advisory.PlanFactory(municipality=neighbour)
    elsewhere = advisory.VisitFactory(engagement=advisory.EngagementFactory(), slug="elsewhere-visit")
    return {
        "region": region,
        "city": city,
        "engagement": engagement,
        "visit": visit,
        "meeting": meeting,
        "assessment": assessment,
        "neighbour_assessment": neighbour_assessment,
        "plan": plan,
        "draft_plan": draft_plan,
        "neighbour_plan": neighbour_plan,
        "elsewhere": elsewhere,
    }


CALLERS = {
    "user": lambda s: UserFactory(),
    "member": lambda s: member(s["city"]),
    "focal_point": lambda s: focal_point(s["city"]),
    "other_focal_point": lambda s: focal_point(member_municipality()),
    "coordinator": lambda s: staff(Role.REGIONAL_COORDINATOR, s["region"]),
    "other_coordinator": lambda s: staff(Role.REGIONAL_COORDINATOR, RegionFactory(slug="another-synthetic-region")),
    "secretariat": lambda s: staff(Role.SECRETARIAT),
}
STAFF = {"coordinator", "secretariat"}
CITY = {"focal_point", "coordinator", "secretariat"}


def ids(response) -> set:
    assert response.status_code == 200, response.content
    return {item["id"] for item in response.json()["items"]}


PATHS = [
    "/api/v1/staff/advisory/engagements",
    "/api/v1/staff/advisory/visits",
    "/api/v1/staff/advisory/assessments",
    "/api/v1/staff/advisory/plans",
]


@pytest.mark.parametrize("path", PATHS)
def test_the_anonymous_are_asked_to_sign_in(client, scene, path):
    assert client.get(path).status_code == 401


def test_staff_without_their_second_factor_are_refused(client, scene):
    client.force_login(coordinator_without_authenticator(scene["region"]))
    assert client.get("/api/v1/staff/advisory/visits").status_code == 403


@pytest.mark.parametrize("who", list(CALLERS))
def test_engagements_and_visits_are_their_regions_staffs_only(client, scene, who):
    sign_in(client, CALLERS[who](scene))
    engagements = client.get("/api/v1/staff/advisory/engagements")
    visits = client.get("/api/v1/staff/advisory/visits")
    detail = client.get(f"/api/v1/staff/advisory/visits/{scene['visit'].pk}")
    if who in STAFF:
        assert scene["engagement"].pk in ids(engagements)
        assert scene["visit"].pk in ids(visits)
        assert detail.status_code == 200
        assert detail.json()["meetings"][0]["notes"] == NOTES
    elif who == "other_coordinator":
        assert ids(engagements) == set() and ids(visits) == set()
        assert detail.status_code == 404
    else:
        assert engagements.status_code == 403 and visits.status_code == 403
        assert detail.status_code == 404
        assert NOTES not in detail.content.decode()


def test_a_coordinator_sees_their_regions_visits_and_not_another_regions(client, scene):
    sign_in(client, staff(Role.REGIONAL_COORDINATOR, scene["region"]))
    assert ids(client.get("/api/v1/staff/advisory/visits")) == {scene["visit"].pk}
    assert client.get(f"/api/v1/staff/advisory/visits/{scene['elsewhere'].pk}").status_code == 404
    sign_in(client, staff(Role.SECRETARIAT))
    assert ids(client.get("/api/v1/staff/advisory/visits")) == {scene["visit"].pk, scene["elsewhere"].pk}


@pytest.mark.parametrize("who", list(CALLERS))
def test_assessments_are_the_regions_staffs_and_the_citys_focal_points_only(client, scene, who):
    sign_in(client, CALLERS[who](scene))
    listed = ids(client.get("/api/v1/staff/advisory/assessments"))
    detail = client.get(f"/api/v1/staff/advisory/assessments/{scene['assessment'].pk}")
    neighbours = client.get(f"/api/v1/staff/advisory/assessments/{scene['neighbour_assessment'].pk}")
    if who in CITY:
        assert scene["assessment"].pk in listed
        assert detail.status_code == 200
        score = detail.json()["scores"][0]
        assert score["area"] == "risk-assessment" and score["score"] == 3
        assert (neighbours.status_code == 200) is (who in STAFF)  # never another city's focal point
    else:
        assert listed == set()
        assert detail.status_code == 404 and neighbours.status_code == 404
        assert "Synthetic evidence of capacity." not in detail.content.decode()


@pytest.mark.parametrize("who", list(CALLERS))
def test_plans_drafts_included_are_the_regions_staffs_and_the_citys_focal_points_only(client, scene, who):
    sign_in(client, CALLERS[who](scene))
    listed = ids(client.get("/api/v1/staff/advisory/plans"))
    detail = client.get(f"/api/v1/staff/advisory/plans/{scene['plan'].pk}")
    draft = client.get(f"/api/v1/staff/advisory/plans/{scene['draft_plan'].pk}")
    if who in CITY:
        assert {scene["plan"].pk, scene["draft_plan"].pk} <= listed
        assert (scene["neighbour_plan"].pk in listed) is (who in STAFF)
        assert detail.status_code == 200 and draft.status_code == 200
        body = detail.json()
        assert len(body["goals"]) == 1 and body["actions"][0]["indicators"][0]["name"] == "Synthetic indicator"
    else:
        assert listed == set()
        assert detail.status_code == 404 and draft.status_code == 404


@pytest.mark.parametrize(
    "path",
    [
        *PATHS,
        "/api/v1/staff/advisory/visits/1",
        "/api/v1/staff/advisory/assessments/1",
        "/api/v1/staff/advisory/plans/1",
    ],
)
def test_writes_are_refused(client, scene, path):
    sign_in(client, staff(Role.SECRETARIAT))
    for method in ("post", "put", "patch", "delete"):
        assert getattr(client, method)(path).status_code == 405


def test_each_list_and_record_runs_a_fixed_number_of_queries(client, scene):
    sign_in(client, staff(Role.SECRETARIAT))
    city, engagement, visit, plan = scene["city"], scene["engagement"], scene["visit"], scene["plan"]

    def grow(n):
        for _ in range(n):
            other = advisory.VisitFactory(engagement=engagement)
            other.municipalities.set([city])
            other.save()  # a cluster's many-to-many is written on save
            advisory.MeetingFactory(visit=visit, municipality=city)
            advisory.AssessmentFactory(municipality=city)
            advisory.EngagementFactory(region=scene["region"], municipalities=[city])
            action = advisory.ActionFactory(plan=plan)
            advisory.IndicatorFactory(action=action)
            advisory.PlanFactory(municipality=city)

    for path in [
        *(f"{p}?limit=200" for p in PATHS),
        f"/api/v1/staff/advisory/visits/{visit.pk}",
        f"/api/v1/staff/advisory/plans/{plan.pk}",
    ]:
        assert_queries_do_not_grow(lambda path=path: client.get(path), grow, sizes=(2, 12))


def test_a_published_visit_stays_in_the_staff_api_with_its_notes(client, scene):
    visit = scene["visit"]
    visit.is_published, visit.published_at = True, timezone.now()
    visit.save()
    sign_in(client, staff(Role.SECRETARIAT))
    assert client.get(f"/api/v1/staff/advisory/visits/{visit.pk}").json()["meetings"][0]["notes"] == NOTES

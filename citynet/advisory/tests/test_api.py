"""The public advisory API: published consultations and a city's shared action plan, the same for every
caller; never a meeting's notes, a draft visit, an assessment or a draft plan."""

import pytest
from django.utils import timezone

from citynet.accounts.models import Role
from citynet.accounts.tests.factories import UserFactory, focal_point
from citynet.advisory.models import MeetingKind, PlanStatus
from citynet.advisory.tests import factories as advisory
from citynet.core.testing import assert_queries_do_not_grow, sign_in, staff
from citynet.network.tests.factories import CountryFactory, OrganisationFactory, RegionFactory, member_municipality

pytestmark = pytest.mark.django_db

NOTES = "Synthetic confidential notes: never public."


def published(**kwargs):
    return advisory.VisitFactory(is_published=True, published_at=timezone.now(), **kwargs)


@pytest.fixture
def scene():
    region = RegionFactory(slug="here")
    city = member_municipality(country=CountryFactory(code="XK", region=region), slug="advised-city")
    engagement = advisory.EngagementFactory(region=region, municipalities=[city])
    visit = published(engagement=engagement, slug="published-visit", title_en="Synthetic published visit")
    visit.municipalities.set([city])
    visit.save()  # a cluster's many-to-many is written on save
    advisory.MeetingFactory(
        visit=visit,
        kind=MeetingKind.MAYOR,
        municipality=city,
        organisation=OrganisationFactory(name_en="Synthetic org"),
    )
    advisory.MeetingFactory(visit=visit, is_public=False, counterpart="Synthetic hidden counterpart")
    draft = advisory.VisitFactory(engagement=engagement, slug="unpublished-visit", title_en="Synthetic draft visit")
    advisory.MeetingFactory(visit=draft)
    elsewhere = published(engagement=advisory.EngagementFactory(), slug="elsewhere-visit")
    plan = advisory.PlanFactory(municipality=city, share_publicly=True, public_summary_en="Synthetic shared summary.")
    advisory.ActionFactory(plan=plan, title_en="Synthetic public action", percent=40)
    advisory.AssessmentFactory(municipality=city)
    return {"region": region, "city": city, "visit": visit, "draft": draft, "elsewhere": elsewhere, "plan": plan}


CALLERS = {
    "anonymous": lambda s: None,
    "user": lambda s: UserFactory(),
    "focal_point": lambda s: focal_point(s["city"]),
    "coordinator": lambda s: staff(Role.REGIONAL_COORDINATOR, s["region"]),
    "secretariat": lambda s: staff(Role.SECRETARIAT),
}


def as_caller(client, scene, who):
    user = CALLERS[who](scene)
    if user is not None:
        sign_in(client, user)


@pytest.mark.parametrize("who", list(CALLERS))
def test_the_list_has_the_published_consultations_only_whoever_asks(client, scene, who):
    as_caller(client, scene, who)
    body = client.get("/api/v1/consultations").json()
    assert {item["slug"] for item in body["items"]} == {"published-visit", "elsewhere-visit"}
    assert body["count"] == 2
    text = str(body)
    assert NOTES not in text and "Synthetic hidden counterpart" not in text and "unpublished-visit" not in text


def test_the_list_filters_by_region_and_refuses_an_unknown_one(client, scene):
    body = client.get("/api/v1/consultations?region=here").json()
    assert [item["slug"] for item in body["items"]] == ["published-visit"]
    item = body["items"][0]
    assert item["region"] == "here" and item["municipalities"][0]["slug"] == "advised-city"
    assert item["meetings_by_kind"] == [{"kind": "mayor", "label": "Mayor", "count": 1}]
    assert client.get("/api/v1/consultations?region=atlantis").status_code == 422
    assert client.get("/api/v1/consultations?limit=1000").status_code == 422


@pytest.mark.parametrize("who", list(CALLERS))
def test_a_consultation_has_its_public_meetings_and_never_notes_or_a_draft(client, scene, who):
    as_caller(client, scene, who)
    response = client.get("/api/v1/consultations/published-visit")
    assert response.status_code == 200
    body = response.json()
    assert [(m["kind"], m["counterpart"]) for m in body["meetings"]] == [("mayor", "Synthetic org")]
    assert NOTES not in response.content.decode()
    assert "notes" not in body["meetings"][0]
    assert client.get("/api/v1/consultations/unpublished-visit").status_code == 404
    assert client.get("/api/v1/consultations/no-such-visit").status_code == 404


def test_a_shared_adopted_plan_is_public_with_its_progress_only(client, scene):
    response = client.get("/api/v1/municipalities/advised-city/action-plan")
    assert response.status_code == 200
    body = response.json()
    assert body["public_summary"] == "Synthetic shared summary."
    assert body["actions"][0]["title"] == "Synthetic public action" and body["actions"][0]["percent"] == 40
    assert "Synthetic department" not in response.content.decode()  # an action's owner is not public


@pytest.mark.parametrize("share, status", [(False, PlanStatus.ADOPTED), (True, PlanStatus.DRAFT)])
def test_a_plan_not_shared_or_still_a_draft_is_not_found(client, share, status):
    city = member_municipality(slug="synthetic-private-city")
    advisory.PlanFactory(municipality=city, share_publicly=share, status=status)
    sign_in(client, staff(Role.SECRETARIAT))
    assert client.get("/api/v1/municipalities/synthetic-private-city/action-plan").status_code == 404
    assert client.get("/api/v1/municipalities/no-such-city/action-plan").status_code == 404


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/consultations",
        "/api/v1/consultations/published-visit",
        "/api/v1/municipalities/advised-city/action-plan",
    ],
)
def test_writes_are_refused(client, scene, path):
    for method in ("post", "put", "patch", "delete"):
        assert getattr(client, method)(path).status_code == 405


def test_the_list_and_a_consultation_run_a_fixed_number_of_queries(client, scene):
    def grow(n):
        for _ in range(n):
            visit = published(engagement=scene["visit"].engagement)
            visit.municipalities.set([scene["city"]])
            visit.save()  # a cluster's many-to-many is written on save
            advisory.MeetingFactory(visit=visit)
            advisory.MeetingFactory(visit=scene["visit"])

    assert_queries_do_not_grow(lambda: client.get("/api/v1/consultations?limit=200"), grow, sizes=(2, 20))
    assert_queries_do_not_grow(lambda: client.get("/api/v1/consultations/published-visit"), grow, sizes=(2, 20))

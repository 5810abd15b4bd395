"""The events API for people inside an event: each caller gets their own slice of participants, and nothing else."""

import pytest

from citynet.accounts.models import Role
from citynet.accounts.tests.factories import UserFactory, focal_point
from citynet.accounts.tests.factories import coordinator as coordinator_without_authenticator
from citynet.core.testing import assert_queries_do_not_grow, sign_in, staff
from citynet.events.models import Gender, ParticipationStatus
from citynet.events.tests import factories as events
from citynet.network.tests.factories import CountryFactory, RegionFactory, member_municipality

pytestmark = pytest.mark.django_db


@pytest.fixture
def scene():
    region = RegionFactory(slug="here")
    country = CountryFactory(code="AL", region=region)
    city, neighbour = member_municipality(country=country), member_municipality(country=country)
    event = events.EventFactory(region=region, slug="here-training")
    participant = UserFactory()
    own = events.participant_with_account(event, user=participant)
    delegate = events.ParticipationFactory(
        event=event, municipality=city, gender=Gender.WOMAN, dietary_needs="Vegetarian", name="City delegate"
    )
    other = events.ParticipationFactory(event=event, municipality=neighbour, name="Neighbour delegate")
    elsewhere = events.ParticipationFactory(event=events.EventFactory(slug="elsewhere"), name="Elsewhere")
    return {
        "region": region,
        "city": city,
        "event": event,
        "participant": participant,
        "own": own,
        "delegate": delegate,
        "other": other,
        "elsewhere": elsewhere,
    }


def _names(response) -> set:
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["count"] == len(body["items"])
    return {item["name"] for item in body["items"]}


def test_the_events_coordinator_lists_its_participants_with_their_details(client, scene):
    sign_in(client, staff(Role.REGIONAL_COORDINATOR, scene["region"]))
    response = client.get("/api/v1/events/here-training/participants")
    assert _names(response) == {scene["own"].name, "City delegate", "Neighbour delegate"}
    item = next(i for i in response.json()["items"] if i["name"] == "City delegate")
    assert item["gender"] == "woman" and item["dietary_needs"] == "Vegetarian" and item["email"]
    assert item["municipality"] == scene["city"].slug and item["event"] == "here-training"


def test_the_participant_list_filters_by_status_when_asked(client, scene):
    events.ParticipationFactory(event=scene["event"], status=ParticipationStatus.WAITING, name="Waiting person")
    sign_in(client, staff(Role.SECRETARIAT))
    assert _names(client.get("/api/v1/events/here-training/participants?status=waiting")) == {"Waiting person"}


@pytest.mark.parametrize("who", ["other_coordinator", "focal_point", "participant", "user"])
def test_nobody_but_the_events_staff_reaches_its_participants(client, scene, who):
    actor = {
        "other_coordinator": lambda: staff(Role.REGIONAL_COORDINATOR, RegionFactory()),
        "focal_point": lambda: focal_point(scene["city"]),
        "participant": lambda: scene["participant"],
        "user": UserFactory,
    }[who]()
    sign_in(client, actor)
    response = client.get("/api/v1/events/here-training/participants")
    assert response.status_code == 404
    assert b"City delegate" not in response.content


def test_a_participant_lists_only_their_own_participations(client, scene):
    sign_in(client, scene["participant"])
    assert _names(client.get("/api/v1/participations")) == {scene["own"].name}


def test_a_focal_point_lists_their_citys_delegates_and_no_other_citys(client, scene):
    sign_in(client, focal_point(scene["city"]))
    assert _names(client.get("/api/v1/participations")) == {"City delegate"}


def test_a_coordinator_lists_their_regions_participations_and_no_other_regions(client, scene):
    sign_in(client, staff(Role.REGIONAL_COORDINATOR, scene["region"]))
    assert _names(client.get("/api/v1/participations")) == {scene["own"].name, "City delegate", "Neighbour delegate"}
    assert _names(client.get("/api/v1/participations?event=elsewhere")) == set()


def test_another_regions_coordinator_and_a_plain_account_list_nothing(client, scene):
    sign_in(client, staff(Role.REGIONAL_COORDINATOR, RegionFactory()))
    assert _names(client.get("/api/v1/participations")) == set()
    sign_in(client, UserFactory())
    assert _names(client.get("/api/v1/participations")) == set()


def test_the_secretariat_lists_every_participation(client, scene):
    sign_in(client, staff(Role.SECRETARIAT))
    assert "Elsewhere" in _names(client.get("/api/v1/participations"))


def test_anonymous_callers_are_asked_to_sign_in(client, scene):
    for path in ["/api/v1/participations", "/api/v1/events/here-training/participants"]:
        response = client.get(path)
        assert response.status_code == 401
        assert "detail" in response.json()


def test_staff_without_their_second_factor_are_refused(client, scene):
    client.force_login(coordinator_without_authenticator(scene["region"]))
    response = client.get("/api/v1/events/here-training/participants")
    assert response.status_code == 403
    assert "second factor" in response.json()["detail"]


def test_participant_paths_refuse_writes(client, scene):
    sign_in(client, staff(Role.SECRETARIAT))
    for path in ["/api/v1/participations", "/api/v1/events/here-training/participants"]:
        assert client.post(path).status_code == 405


def test_participant_lists_keep_a_fixed_number_of_queries(client, scene):
    sign_in(client, staff(Role.SECRETARIAT))
    event = scene["event"]

    def grow(n):
        for _n in range(n // 10 + 1):
            participation = events.ParticipationFactory(event=event, municipality=member_municipality())
            events.AttendanceFactory(participation=participation)

    for path in ["/api/v1/events/here-training/participants?limit=200", "/api/v1/participations?limit=200"]:
        # the session and the account (with roles), the event, a count, a page, its attendance
        assert assert_queries_do_not_grow(lambda path=path: client.get(path), grow, sizes=(5, 60)) <= 12

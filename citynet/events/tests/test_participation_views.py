"""Participants' and focal points' pages: registering (for oneself, through an invitation, for a city), a
participation's actions (each POST twice is harmless), who is refused, and bounded lists."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from citynet.accounts.tests import factories as people
from citynet.core.testing import assert_queries_do_not_grow, sign_in
from citynet.events.models import Participation, ParticipationStatus, RegistrationMode
from citynet.events.tests import factories as events
from citynet.network.tests.factories import CountryFactory, RegionFactory, member_municipality

pytestmark = pytest.mark.django_db


@pytest.fixture
def region():
    region = RegionFactory(slug="here")
    CountryFactory(code="AL", region=region)
    return region


@pytest.fixture
def city(region):
    return member_municipality(country=region.countries.first())


def register_url(event, **query):
    url = reverse("events:register", args=[event.slug])
    return url + ("?invitation=" + query["invitation"] if query else "")


def detail(participation, action=""):
    name = f"events:{action}" if action else "events:participation"
    return reverse(name, args=[participation.event.slug, participation.pk])


def person_data(**values):
    return {"name": "Synthetic person", "language": "sq", "role": "official", "gender": "", **values}


# --- Registering oneself -------------------------------------------------------------------------------


def test_anonymous_visitor_is_sent_to_sign_in_and_back(client, region):
    event = events.EventFactory(region=region)
    response = client.get(register_url(event))
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"] and "next=" in response["Location"]


def test_form_is_prefilled_from_the_account_and_explains_the_gender_question(client, region):
    event = events.EventFactory(region=region)
    user = people.UserFactory(preferred_language="mk")
    sign_in(client, user)
    response = client.get(register_url(event))
    assert response.status_code == 200
    form = response.context["form"]
    assert form.initial["name"] == str(user) and form.initial["language"] == "mk"
    assert "donors" in response.content.decode()


def test_registering_confirms_a_seat_and_a_second_submit_shows_the_first(client, region, city):
    event = events.EventFactory(region=region, capacity=5)
    user = people.UserFactory()
    sign_in(client, user)
    response = client.post(register_url(event), person_data(municipality=city.pk, dietary_needs="vegetarian"))
    participation = Participation.objects.get(event=event)
    assert response.status_code == 302 and response["Location"] == detail(participation)
    assert participation.status == ParticipationStatus.CONFIRMED
    assert participation.user == user and participation.email == user.email.lower()
    assert participation.municipality == city and participation.language == "sq"
    again = client.post(register_url(event), person_data())
    assert again.status_code == 302 and again["Location"] == detail(participation)
    assert Participation.objects.filter(event=event).count() == 1


def test_the_last_seat_taken_the_next_person_waits_and_sees_their_position(client, region):
    event = events.EventFactory(region=region, capacity=1)
    events.ParticipationFactory(event=event)
    user = people.UserFactory()
    sign_in(client, user)
    client.post(register_url(event), person_data())
    participation = Participation.objects.get(event=event, user=user)
    assert participation.status == ParticipationStatus.WAITING
    page = client.get(detail(participation)).content.decode()
    assert "waiting list: 1" in page


def test_a_municipality_outside_the_region_is_refused_at_the_field(client, region):
    event = events.EventFactory(region=region)
    elsewhere = member_municipality(country=CountryFactory(code="RS", region=RegionFactory(slug="elsewhere")))
    sign_in(client, people.UserFactory())
    response = client.post(register_url(event), person_data(municipality=elsewhere.pk))
    assert response.status_code == 422
    assert response.context["form"].errors["municipality"]
    assert not Participation.objects.filter(event=event).exists()


def test_a_missing_name_is_shown_at_its_field(client, region):
    event = events.EventFactory(region=region)
    sign_in(client, people.UserFactory())
    response = client.post(register_url(event), person_data(name=""))
    assert response.status_code == 422 and response.context["form"].errors["name"]


@pytest.mark.parametrize(
    "change",
    [
        {"registration_mode": RegistrationMode.NONE},
        {"registration_closes_at": timezone.now() - datetime.timedelta(days=1)},
        {"registration_mode": RegistrationMode.INVITATION},
    ],
)
def test_nothing_open_is_a_message_never_a_register_form(client, region, change):
    event = events.EventFactory(region=region, **change)
    sign_in(client, people.UserFactory())
    page = client.get(register_url(event))
    assert page.status_code == 200 and page.context.get("form") is None and page.context["refusal"]
    refused = client.post(register_url(event), person_data(), follow=True)
    assert refused.status_code == 200
    assert not Participation.objects.filter(event=event).exists()


def test_an_invitation_lets_a_person_register_for_its_city(client, region, city):
    event = events.EventFactory(region=region, registration_mode=RegistrationMode.INVITATION)
    invitation = events.InvitationFactory(event=event, municipality=city)
    sign_in(client, people.UserFactory())
    landing = client.get(reverse("events:invitation", args=[event.slug, invitation.token]))
    assert landing.status_code == 200 and f"?invitation={invitation.token}" in landing.content.decode()
    response = client.post(register_url(event), person_data(invitation=invitation.token))
    assert response.status_code == 302
    participation = Participation.objects.get(event=event)
    assert participation.municipality == city and participation.invitation == invitation


def test_a_revoked_invitation_is_not_found(client, region, city):
    event = events.EventFactory(region=region)
    invitation = events.InvitationFactory(event=event, municipality=city, revoked_at=timezone.now())
    assert client.get(reverse("events:invitation", args=[event.slug, invitation.token])).status_code == 404


# --- A city's delegates --------------------------------------------------------------------------------


def delegates_url(event):
    return reverse("events:delegates", args=[event.slug])


def test_focal_point_registers_a_delegate_and_a_resubmit_adds_nobody(client, region, city):
    event = events.EventFactory(region=region)
    sign_in(client, people.focal_point(city))
    data = person_data(email="Delegate@Example.test", name="Synthetic delegate")
    response = client.post(delegates_url(event), data)
    assert response.status_code == 302
    delegate = Participation.objects.get(event=event)
    assert delegate.municipality == city and delegate.user is None and delegate.email == "delegate@example.test"
    assert client.post(delegates_url(event), data).status_code == 302
    assert Participation.objects.filter(event=event).count() == 1
    page = client.get(delegates_url(event)).content.decode()
    assert "Synthetic delegate" in page


def test_invitation_only_event_needs_the_citys_invitation(client, region, city):
    event = events.EventFactory(region=region, registration_mode=RegistrationMode.INVITATION)
    sign_in(client, people.focal_point(city))
    assert client.get(delegates_url(event)).context["refusal"]
    client.post(delegates_url(event), person_data(email="d@example.test"))
    assert not Participation.objects.filter(event=event).exists()
    events.InvitationFactory(event=event, municipality=city)
    client.post(delegates_url(event), person_data(email="d@example.test"))
    assert Participation.objects.get(event=event).invitation.municipality == city


def test_a_quota_puts_the_third_delegate_on_the_waiting_list(client, region, city):
    event = events.EventFactory(region=region, seats_per_city=2)
    sign_in(client, people.focal_point(city))
    for n in range(3):
        client.post(delegates_url(event), person_data(email=f"d{n}@example.test"))
    statuses = list(Participation.objects.filter(event=event).order_by("pk").values_list("status", flat=True))
    assert statuses == ["confirmed", "confirmed", "waiting"]


@pytest.mark.parametrize("who", ["another city's focal point", "user", "member"])
def test_others_do_not_reach_a_citys_delegates(client, region, city, who):
    event = events.EventFactory(region=region)
    elsewhere = member_municipality(country=CountryFactory(code="RS", region=RegionFactory(slug="elsewhere")))
    user = {
        "another city's focal point": lambda: people.focal_point(elsewhere),
        "user": people.UserFactory,
        "member": lambda: people.member(city),
    }[who]()
    sign_in(client, user)
    assert client.get(delegates_url(event)).status_code == 404
    assert client.post(delegates_url(event), person_data(email="x@example.test")).status_code == 404
    assert not Participation.objects.exists()


def test_a_focal_point_of_two_cities_chooses_one(client, region, city):
    event = events.EventFactory(region=region)
    other = member_municipality(country=city.country)
    user = people.focal_point(city)
    people.RoleFactory(user=user, role="focal_point", municipality=other)
    sign_in(client, user)
    page = client.get(delegates_url(event) + f"?city={other.pk}")
    assert page.context["city"] == other and len(page.context["cities"]) == 2
    client.post(delegates_url(event), person_data(email="d@example.test", city=other.pk))
    assert Participation.objects.get(event=event).municipality == other


def test_delegates_page_queries_do_not_grow(client, region, city, django_assert_max_num_queries):
    event = events.EventFactory(region=region, capacity=None)
    sign_in(client, people.focal_point(city))

    def grow(n):
        for _ in range(n):
            events.ParticipationFactory(event=event, municipality=city)

    count = assert_queries_do_not_grow(lambda: client.get(delegates_url(event)), grow, sizes=(3, 30))
    assert count < 40


# --- One participation's actions -----------------------------------------------------------------------


def test_cancelling_twice_is_harmless_and_promotes_the_next_person(client, region):
    event = events.EventFactory(region=region, capacity=1)
    own = events.participant_with_account(event)
    waiting = events.ParticipationFactory(event=event, status=ParticipationStatus.WAITING, confirmed_at=None)
    sign_in(client, own.user)
    for _ in range(2):
        response = client.post(detail(own, "cancel"))
        assert response.status_code == 302 and response["Location"] == detail(own)
    own.refresh_from_db()
    waiting.refresh_from_db()
    assert own.status == ParticipationStatus.CANCELLED and waiting.status == ParticipationStatus.CONFIRMED


def test_a_get_to_an_action_is_refused(client, region):
    own = events.participant_with_account(events.EventFactory(region=region))
    sign_in(client, own.user)
    assert client.get(detail(own, "cancel")).status_code == 405


def test_confirming_an_offer_twice_confirms_once(client, region):
    event = events.EventFactory(region=region, requires_confirmation=True)
    own = events.participant_with_account(
        event,
        status=ParticipationStatus.OFFERED,
        confirmed_at=None,
        offer_expires_at=timezone.now() + datetime.timedelta(hours=5),
    )
    sign_in(client, own.user)
    page = client.get(detail(own)).content.decode()
    assert "Confirm my place" in page
    for _ in range(2):
        assert client.post(detail(own, "confirm")).status_code == 302
    own.refresh_from_db()
    assert own.status == ParticipationStatus.CONFIRMED


def test_a_late_confirmation_is_a_message_and_the_seat_is_gone(client, region):
    event = events.EventFactory(region=region, requires_confirmation=True, capacity=1)
    own = events.participant_with_account(
        event,
        status=ParticipationStatus.OFFERED,
        confirmed_at=None,
        offer_expires_at=timezone.now() - datetime.timedelta(minutes=1),
    )
    sign_in(client, own.user)
    response = client.post(detail(own, "confirm"), follow=True)
    assert response.status_code == 200 and "lapsed" in response.content.decode()
    own.refresh_from_db()
    assert own.status == ParticipationStatus.LAPSED


def test_focal_point_approves_where_the_city_approves_and_twice_is_harmless(client, region, city):
    event = events.EventFactory(region=region, registration_mode=RegistrationMode.APPROVAL, city_approval=True)
    request = events.ParticipationFactory(
        event=event, municipality=city, status=ParticipationStatus.PENDING, confirmed_at=None
    )
    sign_in(client, people.focal_point(city))
    assert "Approve" in client.get(detail(request)).content.decode()
    for _ in range(2):
        assert client.post(detail(request, "approve")).status_code == 302
    request.refresh_from_db()
    assert request.status == ParticipationStatus.CONFIRMED
    client.post(detail(request, "decline"))
    request.refresh_from_db()
    assert request.status == ParticipationStatus.CONFIRMED  # already decided: nothing changes


def test_focal_point_cannot_approve_where_the_event_does_not_ask_cities(client, region, city):
    event = events.EventFactory(region=region, registration_mode=RegistrationMode.APPROVAL)
    request = events.ParticipationFactory(
        event=event, municipality=city, status=ParticipationStatus.PENDING, confirmed_at=None
    )
    sign_in(client, people.focal_point(city))
    client.post(detail(request, "approve"))
    request.refresh_from_db()
    assert request.status == ParticipationStatus.PENDING


def test_focal_point_substitutes_a_delegate_who_keeps_the_seat(client, region, city):
    event = events.EventFactory(region=region)
    old = events.ParticipationFactory(event=event, municipality=city)
    sign_in(client, people.focal_point(city))
    response = client.post(detail(old, "substitute"), person_data(email="new@example.test", name="Synthetic new"))
    new = Participation.objects.get(email="new@example.test")
    assert response.status_code == 302 and response["Location"] == detail(new)
    old.refresh_from_db()
    assert old.replaced_by == new and new.status == ParticipationStatus.CONFIRMED
    again = client.post(detail(old, "substitute"), person_data(email="other@example.test"))
    assert again.status_code == 302 and not Participation.objects.filter(email="other@example.test").exists()


def test_substituting_with_someone_registered_is_shown_at_the_email(client, region, city):
    event = events.EventFactory(region=region)
    old = events.ParticipationFactory(event=event, municipality=city)
    taken = events.ParticipationFactory(event=event)
    sign_in(client, people.focal_point(city))
    response = client.post(detail(old, "substitute"), person_data(email=taken.email))
    assert response.status_code == 422 and response.context["form"].errors["email"]


@pytest.mark.parametrize("who", ["another city's focal point", "another user", "member"])
def test_a_participation_does_not_exist_for_others(client, region, city, who):
    event = events.EventFactory(region=region)
    delegate = events.ParticipationFactory(event=event, municipality=city)
    elsewhere = member_municipality(country=CountryFactory(code="RS", region=RegionFactory(slug="elsewhere")))
    user = {
        "another city's focal point": lambda: people.focal_point(elsewhere),
        "another user": people.UserFactory,
        "member": lambda: people.member(city),
    }[who]()
    sign_in(client, user)
    assert client.get(detail(delegate)).status_code == 404
    for action in ("cancel", "confirm", "approve", "decline", "substitute"):
        assert client.post(detail(delegate, action)).status_code == 404
    delegate.refresh_from_db()
    assert delegate.status == ParticipationStatus.CONFIRMED


def test_the_online_link_is_for_confirmed_participants_only(client, region):
    event = events.EventFactory(region=region, online_url="https://meet.example.test/synthetic")
    confirmed = events.participant_with_account(event)
    waiting = events.participant_with_account(event, status=ParticipationStatus.WAITING, confirmed_at=None)
    sign_in(client, confirmed.user)
    assert "meet.example.test" in client.get(detail(confirmed)).content.decode()
    sign_in(client, waiting.user)
    assert "meet.example.test" not in client.get(detail(waiting)).content.decode()


# --- My events --------------------------------------------------------------------------------------


def test_my_events_lists_own_and_city_and_awaiting(client, region, city):
    user = people.focal_point(city)
    own = events.participant_with_account(events.EventFactory(region=region, title_en="Synthetic own"), user=user)
    delegate = events.ParticipationFactory(event=own.event, municipality=city, name="Synthetic city delegate")
    approval = events.EventFactory(region=region, registration_mode=RegistrationMode.APPROVAL, city_approval=True)
    events.ParticipationFactory(
        event=approval, municipality=city, status=ParticipationStatus.PENDING, name="Synthetic asking"
    )
    events.ParticipationFactory(event=own.event, name="Synthetic stranger")
    sign_in(client, user)
    page = client.get(reverse("events:mine")).content.decode()
    assert "Synthetic own" in page and delegate.name in page and "Synthetic asking" in page
    assert "Synthetic stranger" not in page


def test_my_events_queries_do_not_grow(client, region, city, django_assert_max_num_queries):
    user = people.focal_point(city)
    sign_in(client, user)

    def grow(n):
        for _ in range(n):
            event = events.EventFactory(region=region)
            events.participant_with_account(event, user=user)
            events.ParticipationFactory(event=event, municipality=city)

    count = assert_queries_do_not_grow(lambda: client.get(reverse("events:mine")), grow, sizes=(3, 20))
    assert count < 30


def test_a_person_their_city_registered_is_told_so_not_registered_twice(client, region, city):
    event = events.EventFactory(region=region)
    user = people.UserFactory()
    events.ParticipationFactory(event=event, municipality=city, email=user.email.lower())
    sign_in(client, user)
    response = client.post(register_url(event), person_data())
    assert response.status_code == 302 and response["Location"] == reverse("events:mine")
    assert Participation.objects.filter(event=event).count() == 1

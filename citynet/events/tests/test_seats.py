"""Seats, the waiting list, quotas, approval and offers: the rules of services/seats.py and participation.py."""

import datetime

import pytest
from django.utils import timezone

from citynet.accounts.tests.factories import UserFactory, focal_point
from citynet.core.exceptions import InvalidInput, InvalidTransition, NotPermitted
from citynet.events.models import ParticipationStatus as Status
from citynet.events.models import RegistrationMode
from citynet.events.services import participation as services
from citynet.events.services import seats
from citynet.events.tests.factories import EventFactory, InvitationFactory, ParticipationFactory, in_days
from citynet.network.tests.factories import member_municipality

pytestmark = pytest.mark.django_db


def ask(event, user=None, **values):
    return services.register(actor=user or UserFactory(), event=event, values=values)


def delegate(event, focal, city, n, invitation=None):
    return services.register(
        actor=focal,
        event=event,
        values={"name": f"Synthetic delegate {n}", "email": f"delegate{n}@example.test", "municipality": city},
        invitation=invitation,
        for_self=False,
    )


def statuses(*participations):
    return [type(p).objects.get(pk=p.pk).status for p in participations]


def test_the_last_seat_goes_to_the_first_to_ask_and_the_next_person_waits():
    event = EventFactory(capacity=2)
    first, second, third = ask(event), ask(event), ask(event)
    assert statuses(first, second, third) == [Status.CONFIRMED, Status.CONFIRMED, Status.WAITING]
    assert seats.seats_of(event).free == 0


def test_a_cancellation_promotes_the_next_person_at_once_and_tells_them(mailoutbox, django_capture_on_commit_callbacks):
    event = EventFactory(capacity=1)
    first = ask(event)
    waiting = ask(event)
    later = ask(event)
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.cancel(actor=first.user, participation=first)
    assert statuses(first, waiting, later) == [Status.CANCELLED, Status.CONFIRMED, Status.WAITING]
    assert sorted(m.to[0] for m in mailoutbox) == sorted([first.email, waiting.email])


def test_cancelling_twice_is_harmless_and_promotes_one_person_only():
    event = EventFactory(capacity=1)
    first = ask(event)
    waiting, later = ask(event), ask(event)
    services.cancel(actor=first.user, participation=first)
    services.cancel(actor=first.user, participation=first)
    assert statuses(waiting, later) == [Status.CONFIRMED, Status.WAITING]


def test_an_offer_holds_the_seat_until_it_lapses_then_passes_to_the_next_person():
    event = EventFactory(capacity=1, requires_confirmation=True, offer_hours=24)
    first = ask(event)
    offered, next_in_line = ask(event), ask(event)
    services.cancel(actor=first.user, participation=first)
    offered.refresh_from_db()
    assert offered.status == Status.OFFERED
    assert offered.offer_expires_at > timezone.now() + datetime.timedelta(hours=23)
    assert seats.seats_of(event).free == 0  # the offer holds the seat

    seats.fill_seats(event, now=timezone.now() + datetime.timedelta(hours=25))
    assert statuses(offered, next_in_line) == [Status.LAPSED, Status.OFFERED]


def test_an_offer_confirmed_in_time_becomes_a_place():
    event = EventFactory(capacity=1, requires_confirmation=True)
    first = ask(event)
    offered = ask(event)
    services.cancel(actor=first.user, participation=first)
    confirmed = services.confirm_offer(actor=offered.user, participation=offered)
    assert confirmed.status == Status.CONFIRMED
    assert confirmed.offer_expires_at is None


def test_a_lapsed_offer_cannot_be_confirmed():
    event = EventFactory(capacity=1, requires_confirmation=True, offer_hours=1)
    first = ask(event)
    offered = ask(event)
    services.cancel(actor=first.user, participation=first)
    type(offered).objects.filter(pk=offered.pk).update(offer_expires_at=timezone.now() - datetime.timedelta(minutes=1))
    with pytest.raises(InvalidTransition):
        services.confirm_offer(actor=offered.user, participation=offered)
    assert statuses(offered) == [Status.LAPSED]


def test_a_request_awaiting_approval_never_blocks_a_seat():
    event = EventFactory(capacity=1, registration_mode=RegistrationMode.APPROVAL)
    pending = ask(event)
    assert pending.status == Status.PENDING
    assert seats.seats_of(event).free == 1
    approved = services.approve(actor=_staff(event), participation=pending)
    assert approved.status == Status.CONFIRMED


def test_approval_when_the_seats_are_gone_joins_the_waiting_list():
    event = EventFactory(capacity=1, registration_mode=RegistrationMode.APPROVAL)
    first, second = ask(event), ask(event)
    staff = _staff(event)
    services.approve(actor=staff, participation=first)
    assert services.approve(actor=staff, participation=second).status == Status.WAITING


def test_only_staff_approve_and_a_participant_cannot_approve_themselves():
    event = EventFactory(registration_mode=RegistrationMode.APPROVAL)
    pending = ask(event)
    with pytest.raises(NotPermitted):
        services.approve(actor=pending.user, participation=pending)


def test_city_quotas_keep_seats_for_invited_cities_until_the_release_date():
    event = EventFactory(capacity=5, seats_per_city=2, quota_release_on=in_days(10))
    city_a, city_b = member_municipality(), member_municipality()
    for city in (city_a, city_b):
        InvitationFactory(event=event, municipality=city)
    focal_a = focal_point(city_a)
    a1, a2, a3 = (delegate(event, focal_a, city_a, n) for n in range(3))
    assert statuses(a1, a2, a3) == [Status.CONFIRMED, Status.CONFIRMED, Status.WAITING]
    expert, second_expert = ask(event), ask(event)  # from no city: one shared seat (5 - 2 kept for B - 2 A)
    assert statuses(expert, second_expert) == [Status.CONFIRMED, Status.WAITING]
    b1 = delegate(event, focal_point(city_b), city_b, 10)
    assert b1.status == Status.CONFIRMED  # B's kept seat was there for it

    # The release date comes: B's unused seat goes to the waiting list, first come first served.
    seats.fill_seats(event, now=timezone.now() + datetime.timedelta(days=11))
    assert statuses(a3, second_expert) == [Status.CONFIRMED, Status.WAITING]


def test_invitation_only_events_need_an_invitation_and_bind_the_city():
    event = EventFactory(registration_mode=RegistrationMode.INVITATION)
    with pytest.raises(NotPermitted):
        ask(event)
    city = member_municipality()
    invitation = InvitationFactory(event=event, municipality=city)
    participation = services.register(actor=UserFactory(), event=event, values={}, invitation=invitation, for_self=True)
    assert participation.municipality == city
    assert participation.status == Status.CONFIRMED


def test_a_personal_invitation_is_for_its_own_address_only():
    event = EventFactory(registration_mode=RegistrationMode.INVITATION)
    invitation = InvitationFactory(event=event, email="invited@example.test")
    with pytest.raises(NotPermitted):
        services.register(actor=UserFactory(), event=event, values={}, invitation=invitation)
    invited = UserFactory(email="invited@example.test")
    assert services.register(actor=invited, event=event, values={}, invitation=invitation).status == Status.CONFIRMED


def test_city_approval_sends_self_registrations_to_the_focal_point():
    city = member_municipality()
    event = EventFactory(city_approval=True)
    person = services.register(actor=UserFactory(), event=event, values={"municipality": city})
    assert person.status == Status.PENDING
    with pytest.raises(NotPermitted):
        services.approve(actor=focal_point(member_municipality()), participation=person)
    assert services.approve(actor=focal_point(city), participation=person).status == Status.CONFIRMED


def test_a_focal_points_own_delegates_need_no_approval():
    city = member_municipality()
    event = EventFactory(city_approval=True)
    assert delegate(event, focal_point(city), city, 1).status == Status.CONFIRMED


def test_registering_twice_gives_the_first_request_back(mailoutbox, django_capture_on_commit_callbacks):
    event = EventFactory()
    user = UserFactory()
    with django_capture_on_commit_callbacks(execute=True):
        first = ask(event, user)
        again = ask(event, user)
    assert first.pk == again.pk
    assert len(mailoutbox) == 1


def test_a_focal_point_cannot_register_the_same_person_twice():
    city = member_municipality()
    focal = focal_point(city)
    event = EventFactory()
    delegate(event, focal, city, 1)
    with pytest.raises(InvalidInput):
        delegate(event, focal, city, 1)


def test_a_focal_point_registers_only_their_own_citys_delegates():
    city, elsewhere = member_municipality(), member_municipality()
    with pytest.raises(NotPermitted):
        delegate(EventFactory(), focal_point(elsewhere), city, 1)


def test_a_substitute_keeps_the_seat_and_nobody_else_moves():
    city = member_municipality()
    focal = focal_point(city)
    event = EventFactory(capacity=1)
    first = delegate(event, focal, city, 1)
    waiting = ask(event)
    new = services.substitute(
        actor=focal, participation=first, values={"name": "Synthetic substitute", "email": "sub@example.test"}
    )
    first.refresh_from_db()
    assert (first.status, first.replaced_by) == (Status.CANCELLED, new)
    assert (new.status, new.municipality, new.queued_at) == (Status.CONFIRMED, city, first.queued_at)
    assert statuses(waiting) == [Status.WAITING]


def test_another_citys_focal_point_cannot_substitute_or_cancel():
    city = member_municipality()
    event = EventFactory()
    first = delegate(event, focal_point(city), city, 1)
    other = focal_point(member_municipality())
    with pytest.raises(NotPermitted):
        services.substitute(actor=other, participation=first, values={"email": "x@example.test"})
    with pytest.raises(NotPermitted):
        services.cancel(actor=other, participation=first)


def test_registration_closes_with_its_window_and_is_not_open_for_drafts_or_past_events():
    closed = EventFactory(registration_closes_at=timezone.now() - datetime.timedelta(minutes=1))
    with pytest.raises(InvalidTransition):
        ask(closed)
    with pytest.raises(InvalidTransition):
        ask(EventFactory(registration_mode=RegistrationMode.NONE))


def test_unlimited_events_seat_everyone():
    event = EventFactory(capacity=None)
    assert {p.status for p in (ask(event) for _ in range(5))} == {Status.CONFIRMED}


def test_confirmed_seats_never_exceed_capacity_when_rows_are_added_by_hand():
    event = EventFactory(capacity=2)
    ParticipationFactory.create_batch(2, event=event)
    assert ask(event).status == Status.WAITING


def _staff(event):
    from citynet.accounts.tests.factories import coordinator

    return coordinator(event.region)

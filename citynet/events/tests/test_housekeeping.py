"""Timed work: reminders (once per participant) and the housekeeping that lapses overdue offers and
promotes the next person, as the commands run them."""

import datetime
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from citynet.events.models import ParticipationStatus, RegistrationMode
from citynet.events.tasks import reminders
from citynet.events.tests import factories as events
from citynet.events.tests.factories import in_days

pytestmark = pytest.mark.django_db


def test_confirmed_participants_are_reminded_once(django_capture_on_commit_callbacks):
    soon = events.EventFactory(starts_on=in_days(2), ends_on=in_days(3))
    confirmed = events.ParticipationFactory(event=soon, language="en")
    events.ParticipationFactory(event=soon, status=ParticipationStatus.WAITING, confirmed_at=None)
    later = events.EventFactory(starts_on=in_days(10), ends_on=in_days(10))
    events.ParticipationFactory(event=later)
    with django_capture_on_commit_callbacks(execute=True):
        out = StringIO()
        call_command("send_event_reminders", stdout=out)
    assert "1 reminder" in out.getvalue()
    assert [m.to for m in mail.outbox] == [[confirmed.email]]
    confirmed.refresh_from_db()
    assert confirmed.reminded_at is not None
    with django_capture_on_commit_callbacks(execute=True):
        assert reminders.send_reminders() == 0
    assert len(mail.outbox) == 1


def test_housekeeping_lapses_an_overdue_offer_and_offers_the_seat_to_the_next(django_capture_on_commit_callbacks):
    event = events.EventFactory(capacity=1, requires_confirmation=True, offer_hours=24)
    overdue = events.ParticipationFactory(
        event=event,
        status=ParticipationStatus.OFFERED,
        confirmed_at=None,
        offer_expires_at=timezone.now() - datetime.timedelta(minutes=5),
    )
    nxt = events.ParticipationFactory(event=event, status=ParticipationStatus.WAITING, confirmed_at=None)
    with django_capture_on_commit_callbacks(execute=True):
        out = StringIO()
        call_command("event_housekeeping", "--no-reminders", stdout=out)
    overdue.refresh_from_db()
    nxt.refresh_from_db()
    assert overdue.status == ParticipationStatus.LAPSED
    assert nxt.status == ParticipationStatus.OFFERED and nxt.offer_expires_at > timezone.now()
    assert "1 person(s) promoted" in out.getvalue()
    assert {m.to[0] for m in mail.outbox} == {overdue.email, nxt.email}
    # A second run changes nothing.
    assert reminders.housekeeping()["promoted"] == 0


def test_housekeeping_releases_the_cities_unused_seats_on_the_day(django_capture_on_commit_callbacks):
    from citynet.network.tests.factories import member_municipality

    city = member_municipality()
    event = events.EventFactory(capacity=2, seats_per_city=1, quota_release_on=in_days(-1))
    events.InvitationFactory(event=event, municipality=city)
    events.ParticipationFactory(event=event, municipality=city)
    second = events.ParticipationFactory(
        event=event, municipality=city, status=ParticipationStatus.WAITING, confirmed_at=None
    )
    reminders.housekeeping()
    second.refresh_from_db()
    assert second.status == ParticipationStatus.CONFIRMED


def test_housekeeping_skips_events_without_registration_or_over():
    events.EventFactory(registration_mode=RegistrationMode.NONE)
    events.past_event()
    taking = events.EventFactory()
    assert list(reminders.events_taking_registrations()) == [taking]

"""Participants' emails: one per notice, in the participant's language whatever the page's, with the link
to their registration and what to do next."""

import datetime

import pytest
from django.core import mail
from django.utils import timezone, translation

from citynet.events.models import ParticipationStatus
from citynet.events.tasks import notices
from citynet.events.tests import factories as events

pytestmark = pytest.mark.django_db


def test_a_notice_is_written_in_the_participants_language():
    event = events.EventFactory(title_en="Synthetic training", title_ar="تدريب اصطناعي")
    participation = events.ParticipationFactory(event=event, language="ar")
    with translation.override("en"):
        assert notices.send_notice.call(participation_id=participation.pk, notice="registered") == 1
    message = mail.outbox[-1]
    assert message.to == [participation.email]
    assert "تدريب اصطناعي" in message.subject and "تدريب اصطناعي" in message.body
    assert "Synthetic training" not in message.body
    assert f"/ar/events/{event.slug}/participations/{participation.pk}/" in message.body


def test_an_english_participant_reads_english():
    event = events.EventFactory(title_en="Synthetic training", title_ar="تدريب اصطناعي")
    participation = events.ParticipationFactory(event=event, language="en")
    with translation.override("ar"):
        notices.send(participation, "confirmed")
    assert "Synthetic training" in mail.outbox[-1].body and "/en/events/" in mail.outbox[-1].body


def test_an_offer_says_until_when_to_confirm():
    event = events.EventFactory(time_zone="Europe/Tirane")
    participation = events.ParticipationFactory(
        event=event,
        language="en",
        status=ParticipationStatus.OFFERED,
        offer_expires_at=timezone.now() + datetime.timedelta(hours=48),
    )
    notices.send(participation, "promoted")
    body = mail.outbox[-1].body
    assert "A place has become free for you." in body and "Europe/Tirane" in body and "confirm" in body


def test_a_waiting_person_is_told_they_need_do_nothing():
    participation = events.ParticipationFactory(language="en", status=ParticipationStatus.WAITING)
    notices.send(participation, "registered")
    assert "waiting list" in mail.outbox[-1].body


def test_a_reminder_has_its_own_subject_and_the_online_link():
    event = events.EventFactory(title_en="Synthetic online", online_url="https://meet.example.test/s")
    participation = events.ParticipationFactory(event=event, language="en")
    notices.send(participation, "reminder")
    assert mail.outbox[-1].subject.startswith("Reminder") and "meet.example.test" in mail.outbox[-1].body


def test_an_unknown_participation_or_notice_sends_nothing():
    assert notices.send_notice.call(participation_id=0, notice="registered") == 0
    participation = events.ParticipationFactory()
    assert notices.send_notice.call(participation_id=participation.pk, notice="unheard-of") == 0
    assert mail.outbox == []

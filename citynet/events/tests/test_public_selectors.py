"""The public selectors: which events are upcoming, what an event's page holds, whose participation is live."""

import datetime

import pytest
from django.contrib.auth.models import AnonymousUser

from citynet.events.models import Event, EventStatus, ParticipationStatus, RegistrationMode
from citynet.events.selectors import public as selectors
from citynet.events.tests import factories as events
from citynet.network.models import DatePrecision
from citynet.network.tests.factories import PersonFactory, member_municipality

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 6, 15)


def known_to(precision, start, end):
    return events.EventFactory(
        starts_on=start, ends_on=end, date_precision=precision, registration_mode=RegistrationMode.NONE
    )


@pytest.mark.parametrize(
    ("precision", "start", "end", "upcoming"),
    [
        (DatePrecision.DAY, datetime.date(2026, 6, 14), datetime.date(2026, 6, 15), True),
        (DatePrecision.DAY, datetime.date(2026, 6, 13), datetime.date(2026, 6, 14), False),
        (DatePrecision.MONTH, datetime.date(2026, 6, 1), datetime.date(2026, 6, 1), True),
        (DatePrecision.MONTH, datetime.date(2026, 5, 1), datetime.date(2026, 5, 1), False),
        (DatePrecision.YEAR, datetime.date(2026, 1, 1), datetime.date(2026, 1, 1), True),
        (DatePrecision.YEAR, datetime.date(2025, 1, 1), datetime.date(2025, 12, 31), False),
    ],
)
def test_an_event_is_upcoming_until_its_last_day_as_precisely_as_it_is_known(precision, start, end, upcoming):
    event = known_to(precision, start, end)
    assert Event.objects.filter(selectors.upcoming_q(TODAY), pk=event.pk).exists() is upcoming
    assert event.has_ended(TODAY) is not upcoming  # the same rule as the model's


def test_list_events_never_holds_a_draft():
    events.EventFactory(status=EventStatus.DRAFT)
    shown = events.EventFactory(status=EventStatus.CANCELLED)
    assert [card.pk for card in selectors.list_events(selectors.Filters())[0:20]] == [shown.pk]


def test_get_event_holds_only_public_speakers_documents_and_commitments_and_no_draft():
    event = events.EventFactory()
    listed = events.SpeakerFactory(event=event, person=PersonFactory(), guest_name="")
    events.SpeakerFactory(event=event, listed_publicly=False)
    events.CommitmentFactory(event=event, municipality=member_municipality(), is_public=False)
    found = selectors.get_event(event.slug)
    assert found["speakers"] == [listed]
    assert found["commitments"] == []
    assert selectors.get_event(events.EventFactory(status=EventStatus.DRAFT).slug) is None
    assert selectors.get_event("no-such-event") is None


def test_own_participation_is_the_live_one_of_the_signed_in_person_only():
    event = events.EventFactory()
    cancelled = events.participant_with_account(event, status=ParticipationStatus.CANCELLED)
    assert selectors.own_participation(event, cancelled.user) is None
    live = events.participant_with_account(event, status=ParticipationStatus.PENDING, confirmed_at=None)
    assert selectors.own_participation(event, live.user) == live
    assert selectors.own_participation(event, AnonymousUser()) is None


def test_the_feed_skips_events_not_known_to_the_day_and_those_over_a_year_ago():
    kept = events.past_event()
    known_to(DatePrecision.YEAR, datetime.date(2030, 1, 1), datetime.date(2030, 1, 1))
    events.EventFactory(starts_on=events.in_days(-400), ends_on=events.in_days(-400))
    assert selectors.feed_events(None) == [kept]

"""Events under simultaneous registrations and cancellations: never above capacity, nobody promoted twice.

Threads, each with its own database connection, act at the same moment through the services
(`services/participation.py`). Every change to seats locks the event's row (`seats.lock`): on PostgreSQL
select_for_update orders the threads; on SQLite the database lock does. CI runs this file on both
(`.ci/run`): the issue asks for PostgreSQL. Like the grants' file, it needs a transactional test database
and runs in a pytest process of its own (`make test-concurrency`).
"""

import pytest

from citynet.accounts.tests.factories import UserFactory
from citynet.core.exceptions import DomainError
from citynet.events.models import SEATED, Event, Participation, ParticipationStatus
from citynet.events.services import participation as services
from citynet.events.tests import factories as events
from concurrency.threads import at_once, read, shared_database

pytestmark = pytest.mark.django_db(transaction=True)


def _register(person, event_pk):
    return services.register(
        actor=person, event=Event.objects.get(pk=event_pk), values={"name": str(person), "language": "en"}
    )


def _statuses(event_pk) -> dict[int, str]:
    return dict(Participation.objects.filter(event_id=event_pk).values_list("pk", "status"))


def test_two_people_taking_the_last_seat_at_once_get_one_seat_and_one_waits(tmp_path):
    event = events.EventFactory(capacity=2)
    events.ParticipationFactory(event=event)  # one seat left
    first, second = UserFactory(), UserFactory()
    with shared_database(tmp_path):
        results = at_once([lambda p=p: _register(p, event.pk) for p in (first, second)])
        errors = [r for r in results if isinstance(r, Exception)]
        assert not errors, errors
        statuses = read(lambda: _statuses(event.pk))
    assert sorted(r.status for r in results) == [ParticipationStatus.CONFIRMED, ParticipationStatus.WAITING]
    assert sum(1 for status in statuses.values() if status in SEATED) == 2  # the capacity, never more


def test_many_people_at_once_never_fill_more_than_the_capacity(tmp_path):
    event = events.EventFactory(capacity=3)
    people = [UserFactory() for _ in range(8)]
    with shared_database(tmp_path):
        results = at_once([lambda p=p: _register(p, event.pk) for p in people])
        errors = [r for r in results if isinstance(r, Exception) and not isinstance(r, DomainError)]
        assert not errors, errors
        statuses = read(lambda: _statuses(event.pk))
    assert sum(1 for status in statuses.values() if status in SEATED) == 3
    assert sum(1 for status in statuses.values() if status == ParticipationStatus.WAITING) == 5


def test_two_cancellations_at_once_promote_exactly_two_people_and_nobody_twice(tmp_path):
    event = events.EventFactory(capacity=2)
    leaving = [events.participant_with_account(event) for _ in range(2)]
    waiting = [
        events.ParticipationFactory(event=event, status=ParticipationStatus.WAITING, confirmed_at=None)
        for _ in range(3)
    ]
    with shared_database(tmp_path):
        results = at_once(
            [
                (lambda p=p: services.cancel(actor=p.user, participation=Participation.objects.get(pk=p.pk)))
                for p in leaving
            ]
        )
        errors = [r for r in results if isinstance(r, Exception)]
        assert not errors, errors
        statuses = read(lambda: _statuses(event.pk))
    assert [statuses[p.pk] for p in leaving] == [ParticipationStatus.CANCELLED] * 2
    # The first two in the queue move up, once each; the third still waits.
    assert [statuses[p.pk] for p in waiting] == [
        ParticipationStatus.CONFIRMED,
        ParticipationStatus.CONFIRMED,
        ParticipationStatus.WAITING,
    ]
    assert sum(1 for status in statuses.values() if status in SEATED) == 2

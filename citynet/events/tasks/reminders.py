"""Timed work on events, run by commands (a systemd timer, docs/events-participating.md):

- `send_reminders`: confirmed participants hear a few days before the event's first day, once each
  (`Participation.reminded_at`), in their own language (`manage.py send_event_reminders`, daily);
- `housekeeping`: for every event taking registrations, overdue offers lapse and pass to the next
  person, and on the quota release date the cities' unused seats go to the waiting list
  (`manage.py event_housekeeping`, every 15 minutes).
"""

import datetime

from django.db import transaction
from django.utils import timezone

from ..models import Event, EventStatus, Participation, ParticipationStatus, RegistrationMode
from .notices import send_notice

REMINDER_DAYS = 3


@transaction.atomic
def send_reminders(*, today: datetime.date | None = None, days_before: int = REMINDER_DAYS) -> int:
    """Queue a reminder for each confirmed participant of an event starting within `days_before` days
    (from today on), once per participation; returns how many."""
    today = today or timezone.localdate()
    due = list(
        Participation.objects.select_for_update()
        .filter(
            status=ParticipationStatus.CONFIRMED,
            reminded_at__isnull=True,
            event__status=EventStatus.PUBLISHED,
            event__starts_on__gte=today,
            event__starts_on__lte=today + datetime.timedelta(days=days_before),
        )
        .values_list("pk", flat=True)
    )
    Participation.objects.filter(pk__in=due).update(reminded_at=timezone.now())
    for pk in due:
        transaction.on_commit(lambda pk=pk: send_notice.enqueue(participation_id=pk, notice="reminder"))
    return len(due)


def events_taking_registrations(today: datetime.date | None = None):
    """Published events with registration on this site that are not over (a day's margin for time zones)."""
    today = today or timezone.localdate()
    return (
        Event.objects.filter(status=EventStatus.PUBLISHED, ends_on__gte=today - datetime.timedelta(days=1))
        .exclude(registration_mode=RegistrationMode.NONE)
        .order_by("pk")
    )


def housekeeping(*, today: datetime.date | None = None) -> dict:
    """Lapse overdue offers and give freed (or released) seats to the waiting list, event by event (each
    in its own transaction, under its lock). Returns {"events": n, "promoted": n}."""
    from ..services import seats

    events = promoted = 0
    for event in events_taking_registrations(today).iterator():
        events += 1
        promoted += len(seats.refill(event))
    return {"events": events, "promoted": promoted}

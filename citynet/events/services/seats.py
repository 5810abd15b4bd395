"""Seats: who holds one, who waits, who is promoted, and never one more than the event has.

The rules, in one place:

- Only `offered` and `confirmed` participations hold a seat (models.SEATED). A request awaiting
  approval, the waiting list, a cancelled or lapsed place hold none.
- An event without `capacity` has no limit. With one, the seats held never exceed it.
- Per-city quotas (`seats_per_city`), until the organisers' release date: a city holds at most its
  quota; the seats the invited cities have not yet taken are kept for them, so people from elsewhere
  (experts, partners, cities not invited) share what is left. From the release date every seat is
  shared and first come, first served.
- When a seat frees (a cancellation, a lapsed or declined offer, more seats, the quota release), the
  waiting list is walked in the order people joined it and each person who now fits gets the seat at
  that moment: confirmed at once, or, where the event asks for confirmation, offered and held for
  `offer_hours`; an offer not confirmed in time lapses and passes to the next person.

Every change of seats locks the event's row first (`select_for_update`), so two people taking the last
seat at once are served one after the other: one gets it, the other waits (concurrency/ proves it on
PostgreSQL). Emails go out as tasks once the transaction has committed.
"""

import datetime
from collections import Counter
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from citynet.core import records
from citynet.core.actors import SYSTEM

from .. import permissions
from ..models import SEATED, Event, Invitation, Participation, ParticipationStatus


@dataclass(frozen=True)
class Seats:
    """The seats of one event at one moment (read under the event's lock when it decides anything)."""

    capacity: int | None
    taken: int
    by_city: Counter
    quota: int | None  # the per-city quota while it binds, else None
    invited_city_ids: frozenset

    @property
    def kept_for_cities(self) -> int:
        """Seats the invited cities have not taken yet, kept for them while the quotas bind."""
        if self.quota is None:
            return 0
        return sum(max(0, self.quota - self.by_city[city]) for city in self.invited_city_ids)

    @property
    def free(self) -> int | None:
        """Seats anyone may still take (None: no limit)."""
        if self.capacity is None:
            return None
        return max(0, self.capacity - self.taken)

    def fits(self, municipality_id: int | None) -> bool:
        """May one more person from `municipality_id` (None: from no city) take a seat now?"""
        if self.quota is not None and municipality_id is not None and self.by_city[municipality_id] >= self.quota:
            return False
        if self.capacity is None:
            return True
        if self.taken >= self.capacity:
            return False
        if self.quota is not None and municipality_id in self.invited_city_ids:
            return True  # one of the seats kept for this city
        return self.taken + self.kept_for_cities < self.capacity

    def with_one_more(self, municipality_id: int | None) -> "Seats":
        by_city = Counter(self.by_city)
        if municipality_id is not None:
            by_city[municipality_id] += 1
        return Seats(self.capacity, self.taken + 1, by_city, self.quota, self.invited_city_ids)


def seats_of(event: Event, today: datetime.date | None = None) -> Seats:
    """The event's seats as they stand (two queries)."""
    seated = Participation.objects.filter(event=event, status__in=SEATED).values_list("municipality_id", flat=True)
    by_city = Counter(city for city in seated if city is not None)
    quota = event.seats_per_city if event.quotas_apply(today) else None
    invited = frozenset()
    if quota is not None:
        invited = frozenset(
            Invitation.objects.filter(event=event, municipality__isnull=False, revoked_at__isnull=True).values_list(
                "municipality_id", flat=True
            )
        )
    return Seats(event.capacity, len(seated), by_city, quota, invited)


def lock(event: Event) -> Event:
    """The event's row, locked until the transaction ends: every decision about its seats holds this."""
    return Event.objects.select_for_update().get(pk=event.pk)


def _set_status(participation: Participation, status: str, **extra) -> Participation:
    """Write a status change (and its moments) as the system, audited like every other write."""
    values = {"status": status, **extra}
    return records.save(
        actor=SYSTEM,
        instance=participation,
        values=values,
        fields=list(values),
        may=lambda actor, record: permissions.can_manage_event(actor, record.event),
    )


def seat_status(event: Event, now: datetime.datetime) -> dict:
    """What a person who gets a seat becomes: confirmed, or offered and held until a moment."""
    if event.requires_confirmation:
        return {
            "status": ParticipationStatus.OFFERED,
            "offer_expires_at": now + datetime.timedelta(hours=event.offer_hours),
        }
    return {"status": ParticipationStatus.CONFIRMED, "confirmed_at": now}


def lapse_offers(event: Event, now: datetime.datetime | None = None) -> list[Participation]:
    """Offers not confirmed in time lapse (call with the event locked). Returns the lapsed ones."""
    now = now or timezone.now()
    overdue = Participation.objects.filter(
        event=event, status=ParticipationStatus.OFFERED, offer_expires_at__lte=now
    ).order_by("offer_expires_at", "pk")
    lapsed = [_set_status(p, ParticipationStatus.LAPSED, cancelled_at=now) for p in overdue]
    for participation in lapsed:
        _notify(participation, "lapsed")
    return lapsed


def fill_seats(event: Event, now: datetime.datetime | None = None) -> list[Participation]:
    """Give free seats to the waiting list, in order, to each person who fits (call with the event locked).

    Lapses overdue offers first. Returns the people promoted; each is told once the transaction commits.
    """
    now = now or timezone.now()
    lapse_offers(event, now)
    seats = seats_of(event, now.astimezone(event.zone).date())
    if seats.free == 0:
        return []
    promoted = []
    waiting = Participation.objects.filter(event=event, status=ParticipationStatus.WAITING).order_by("queued_at", "pk")
    for participation in waiting.iterator():
        if seats.free == 0:
            break
        if not seats.fits(participation.municipality_id):
            continue
        promoted.append(_set_status(participation, **seat_status(event, now)))
        seats = seats.with_one_more(participation.municipality_id)
    for participation in promoted:
        _notify(participation, "promoted")
    return promoted


def place(event: Event, municipality_id: int | None, now: datetime.datetime) -> dict:
    """The status (and moments) of a new or approved request: a seat when one fits, else the waiting list.

    A person who asks while a seat is free takes it at once (no offer to confirm: they just asked).
    """
    seats = seats_of(event, now.astimezone(event.zone).date())
    if seats.fits(municipality_id):
        return {"status": ParticipationStatus.CONFIRMED, "confirmed_at": now}
    return {"status": ParticipationStatus.WAITING}


@transaction.atomic
def refill(event: Event) -> list[Participation]:
    """Lock the event, lapse overdue offers and promote whoever now fits (after a change of seats,
    the quota release, or from the housekeeping command)."""
    return fill_seats(lock(event))


def _notify(participation: Participation, notice: str) -> None:
    from ..tasks.notices import send_notice

    participation_id = participation.pk
    transaction.on_commit(lambda: send_notice.enqueue(participation_id=participation_id, notice=notice))
    if notice == "promoted" and participation.status == ParticipationStatus.OFFERED:
        from ..tasks.notices import schedule_offer_expiry

        expires = participation.offer_expires_at
        transaction.on_commit(lambda: schedule_offer_expiry(event_id=participation.event_id, at=expires))


notify = _notify

"""Keeping each event's counted figures (`EventFigures`) current.

`recount(event_id)` runs in the transaction of every change of a participation or an attendance (the
app's signals, apps.py), so the figures commit with the change that moved them; `recount_all()` counts
every event again in two queries and is run by `manage.py event_housekeeping` (a safety net for changes
made around the models' save, e.g. a municipality's deletion setting its participants' city to none)
and by the migration that brought the table.
"""

from django.db.models import Count, Q

from ..models import Event, EventFigures, Participation, ParticipationStatus

FIELDS = ("participants", "attended", "cities", "countries")


def _counted(event_ids=None) -> dict[int, dict]:
    """{event id: {participants, attended, cities, countries}} over confirmed places (one query)."""
    confirmed = Participation.objects.filter(status=ParticipationStatus.CONFIRMED)
    if event_ids is not None:
        confirmed = confirmed.filter(event_id__in=event_ids)
    return {
        row.pop("event_id"): row
        for row in confirmed.order_by()
        .values("event_id")
        .annotate(
            participants=Count("pk", distinct=True),
            attended=Count("pk", filter=Q(attendances__isnull=False), distinct=True),
            cities=Count("municipality", distinct=True),
            countries=Count("municipality__country", distinct=True),
        )
    }


def _save(rows: list[EventFigures]) -> None:
    # One upsert: two changes of one event at once (two check-ins) never collide on the insert.
    EventFigures.objects.bulk_create(
        rows, batch_size=2000, update_conflicts=True, unique_fields=["event"], update_fields=list(FIELDS)
    )


def recount(event_id: int, *, create: bool = True) -> None:
    """Count one event's figures again and store them (two queries). After a deletion, only an existing
    row is updated (`create=False`): the event itself may be on its way out, with its figures."""
    row = _counted([event_id]).get(event_id, dict.fromkeys(FIELDS, 0))
    if create:
        _save([EventFigures(event_id=event_id, **row)])
    else:
        EventFigures.objects.filter(event_id=event_id).update(**row)


def recount_all() -> int:
    """Count every event's figures again (events with no confirmed place get zeros); the events stored."""
    counted = _counted()
    ids = set(counted) | set(EventFigures.objects.values_list("event_id", flat=True))
    ids &= set(Event.objects.filter(pk__in=ids).values_list("pk", flat=True))
    _save([EventFigures(event_id=pk, **counted.get(pk, dict.fromkeys(FIELDS, 0))) for pk in sorted(ids)])
    return len(ids)

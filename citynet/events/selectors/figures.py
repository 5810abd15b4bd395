"""The public facts of events: how many people took part, from how many cities and countries.

Counted from the participations when the site has them (confirmed places; those checked in on at
least one day once attendance is taken), else the figures the sources report (the seed's 2017 workshop:
member cities from all six countries). Never a name: these are counts only.

`figures_for(ids)` answers for a page of events in one query, whatever their number of participants.
"""

from dataclasses import dataclass

from django.db.models import Count, Q

from ..models import Event, Participation, ParticipationStatus


@dataclass(frozen=True)
class Figures:
    participants: int | None
    attended: int | None
    cities: int | None
    countries: int | None
    reported: bool  # True: the sources' figures, not counted here

    @property
    def known(self) -> bool:
        return any(value for value in (self.participants, self.cities, self.countries))


def figures_for(events: list[Event]) -> dict[int, Figures]:
    """{event id: Figures} for `events` (one query for all of them)."""
    ids = [event.pk for event in events]
    counted = {
        row["event_id"]: row
        for row in Participation.objects.filter(event_id__in=ids, status=ParticipationStatus.CONFIRMED)
        .values("event_id")
        .annotate(
            participants=Count("pk", distinct=True),
            attended=Count("pk", filter=Q(attendances__isnull=False), distinct=True),
            cities=Count("municipality", distinct=True),
            countries=Count("municipality__country", distinct=True),
        )
    }
    figures = {}
    for event in events:
        row = counted.get(event.pk)
        if row:
            figures[event.pk] = Figures(
                row["participants"], row["attended"], row["cities"], row["countries"], reported=False
            )
        else:
            figures[event.pk] = Figures(
                event.reported_participants, None, event.reported_cities, event.reported_countries, reported=True
            )
    return figures


def figures_of(event: Event) -> Figures:
    return figures_for([event])[event.pk]

"""The public facts of events: how many people took part, from how many cities and countries.

Counted from the participations when the site has them (confirmed places; those checked in on at
least one day once attendance is taken), else the figures the sources report (the seed's 2017
workshop: member cities from all six countries). Never a name: these are counts only.

The counts are kept in `EventFigures` at every change (services/figures.py): `annotations()` joins
them to an event's row, so a page's events come with their figures in the same query;
`figures_for(events)` answers for events read without them, in one query.
"""

from dataclasses import dataclass
from types import SimpleNamespace

from django.db.models import F, QuerySet

from ..models import Event
from ..services.figures import FIELDS


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


def annotations() -> dict[str, F]:
    """The counted figures as columns of an event's row (`figure_participants`, `figure_attended`,
    `figure_cities`, `figure_countries`), joined from `EventFigures` (kept current by
    services/figures.py): NULL or 0 where it has no confirmed place. One rule for every reader: the
    list's cards, an event's page (in its one query) and `figures_for`."""
    return {f"figure_{name}": F(f"counted__{name}") for name in FIELDS}


def figures_from(row) -> Figures:
    """An event's Figures from a row read with `annotations()` (a model instance or an object with the
    same attributes): counted where it has confirmed places, else the sources' reported figures."""
    if row.figure_participants:
        return Figures(
            row.figure_participants, row.figure_attended, row.figure_cities, row.figure_countries, reported=False
        )
    return Figures(row.reported_participants, None, row.reported_cities, row.reported_countries, reported=True)


def figures_for(events: list[Event]) -> dict[int, Figures]:
    """{event id: Figures} for `events` (one query for all of them)."""
    counted = {
        row["pk"]: SimpleNamespace(**row)
        for row in QuerySet(Event)
        .filter(pk__in=[event.pk for event in events])
        .values("pk", "reported_participants", "reported_cities", "reported_countries")
        .annotate(**annotations())
    }
    return {event.pk: figures_from(counted[event.pk]) for event in events if event.pk in counted}


def figures_of(event: Event) -> Figures:
    return figures_for([event])[event.pk]

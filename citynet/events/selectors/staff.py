"""Reads for the event's staff: their events, an event's participants (with their needs: organisers only),
its invitations, its seats, the check-in list of one day, the sign-in sheet, and the rows of the exports.

Every list is scoped through events.permissions and has its joins done, so a page costs the same few
queries whatever the number of participants.
"""

from dataclasses import dataclass

from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.utils.translation import gettext as _

from citynet.network.models import Municipality, Region

from .. import permissions
from ..models import LIVE, SEATED, Attendance, Event, Invitation, Participation, ParticipationStatus
from ..services import seats as seat_services
from . import reports


def get_managed_event(*, actor, pk) -> Event | None:
    """The event if `actor` runs it, else None (the views answer 404)."""
    event = Event.objects.select_related("region", "host_municipality").filter(pk=pk).first()
    if event is None or not permissions.can_manage_event(actor, event):
        return None
    return event


def list_participants(*, event: Event, status: str | None = None, q: str | None = None) -> QuerySet[Participation]:
    queryset = Participation.objects.filter(event=event).select_related("municipality__country", "organisation", "user")
    if status == "live":
        queryset = queryset.filter(status__in=LIVE)
    elif status:
        queryset = queryset.filter(status=status)
    if q:
        queryset = queryset.filter(
            Q(name__icontains=q)
            | Q(email__icontains=q)
            | Q(organisation_name__icontains=q)
            | Q(municipality__name_en__icontains=q)
        )
    return queryset.order_by("queued_at", "pk")


def status_counts(event: Event) -> dict[str, int]:
    return dict(Participation.objects.filter(event=event).order_by().values_list("status").annotate(count=Count("pk")))


@dataclass(frozen=True)
class CitySeats:
    municipality: Municipality
    taken: int
    waiting: int
    quota: int | None


@dataclass(frozen=True)
class SeatSummary:
    capacity: int | None
    taken: int
    free: int | None
    waiting: int
    pending: int
    quota: int | None
    quotas_apply: bool
    cities: list[CitySeats]


def seat_summary(event: Event) -> SeatSummary:
    """Seats taken, free and waiting, and each city's seats against its quota (four queries)."""
    seats = seat_services.seats_of(event)
    rows = (
        Participation.objects.filter(event=event, municipality__isnull=False)
        .order_by()
        .values("municipality")
        .annotate(
            taken=Count("pk", filter=Q(status__in=SEATED)),
            waiting=Count("pk", filter=Q(status=ParticipationStatus.WAITING)),
        )
    )
    counts = {row["municipality"]: row for row in rows}
    invited = set(
        Invitation.objects.filter(event=event, municipality__isnull=False, revoked_at__isnull=True).values_list(
            "municipality_id", flat=True
        )
    )
    cities = Municipality.objects.filter(pk__in=set(counts) | invited).order_by("name_en")
    statuses = status_counts(event)
    return SeatSummary(
        capacity=event.capacity,
        taken=seats.taken,
        free=seats.free,
        waiting=statuses.get(ParticipationStatus.WAITING, 0),
        pending=statuses.get(ParticipationStatus.PENDING, 0),
        quota=event.seats_per_city,
        quotas_apply=event.quotas_apply(),
        cities=[
            CitySeats(
                city,
                counts.get(city.pk, {}).get("taken", 0),
                counts.get(city.pk, {}).get("waiting", 0),
                event.seats_per_city,
            )
            for city in cities
        ],
    )


def list_invitations(event: Event) -> QuerySet[Invitation]:
    return (
        Invitation.objects.filter(event=event)
        .select_related("municipality")
        .annotate(registered=Count("participations", filter=Q(participations__status__in=LIVE)))
        .order_by("revoked_at", "pk")
    )


def invitable_municipalities(event: Event, actor) -> QuerySet[Municipality]:
    """Cities the staff may invite: those of the event's region (any region for a network-wide event)
    that they manage."""
    from citynet.network import permissions as network

    queryset = Municipality.objects.select_related("country")
    if event.region_id is not None:
        queryset = queryset.filter(country__region_id=event.region_id)
    return network.scope_managed(queryset, actor).order_by("name_en")


def check_in_list(event: Event, day, q: str | None = None) -> QuerySet[Participation]:
    """The confirmed participants with whether they are checked in on `day`, by city then name."""
    queryset = (
        Participation.objects.filter(event=event, status=ParticipationStatus.CONFIRMED)
        .select_related("municipality", "organisation")
        .annotate(checked_in=Exists(Attendance.objects.filter(participation=OuterRef("pk"), day=day)))
    )
    if q:
        queryset = queryset.filter(
            Q(name__icontains=q) | Q(organisation_name__icontains=q) | Q(municipality__name_en__icontains=q)
        )
    return queryset.order_by("municipality__name_en", "organisation__name_en", "organisation_name", "name", "pk")


def check_in_counts(event: Event, day) -> dict:
    confirmed = Participation.objects.filter(event=event, status=ParticipationStatus.CONFIRMED)
    return {
        "confirmed": confirmed.count(),
        "checked_in": Attendance.objects.filter(participation__in=confirmed, day=day).count(),
    }


def get_participation(event: Event, pk) -> Participation | None:
    return Participation.objects.select_related("event").filter(event=event, pk=pk).first()


# --- Reports across events ---------------------------------------------------------------------------------


def report_regions(actor) -> QuerySet[Region]:
    """The regions whose reports `actor` may read."""
    from citynet.network import permissions as network

    return network.scope_managed(Region.objects.all(), actor).order_by("name_en")


def report_events(*, actor, region: Region | None) -> QuerySet[Event]:
    """The events of a region (or of the whole network, the secretariat's: region None), as `actor` runs them."""
    events = permissions.scope_managed_events(Event.objects.exclude(status="draft"), actor)
    if region is not None:
        events = events.filter(region=region)
    return events


def report_of(events) -> dict:
    """Every table of a report for `events` (a queryset): a fixed number of queries."""
    participations = Participation.objects.filter(event__in=events)
    return {
        "breakdown": reports.participant_breakdown(participations),
        "turnout": reports.turnout(participations),
        "cities_per_topic": reports.cities_per_topic(events),
        "knowledge": reports.knowledge_change(events),
        "satisfaction": reports.satisfaction(events),
        "by_event": reports.questionnaires_by_event(events),
    }


# --- Exports -------------------------------------------------------------------------------------------------


def participant_rows(event: Event) -> tuple[list[str], list[list]]:
    """The participant list with their needs (personal data: the view warns before it and logs it)."""
    headings = [
        _("Name"),
        _("Email"),
        _("Municipality"),
        _("Country"),
        _("Organisation"),
        _("Role"),
        _("Gender"),
        _("Status"),
        _("Asked at"),
        _("Days attended"),
        _("Accessibility needs"),
        _("Dietary needs"),
        _("Asks for travel support"),
    ]
    queryset = (
        Participation.objects.filter(event=event)
        .select_related("municipality__country", "organisation")
        .annotate(days=Count("attendances"))
        .order_by("queued_at", "pk")
    )
    rows = [
        [
            p.name,
            p.email,
            str(p.municipality) if p.municipality_id else "",
            p.municipality.country.code.name if p.municipality_id else "",
            str(p.organisation) if p.organisation_id else p.organisation_name,
            p.get_role_display(),
            p.get_gender_display() if p.gender else "",
            p.get_status_display(),
            p.queued_at,
            p.days,
            p.accessibility_needs,
            p.dietary_needs,
            p.needs_travel_support,
        ]
        for p in queryset
    ]
    return headings, rows


def report_rows(report: dict) -> tuple[list[str], list[list]]:
    """One table of every figure of a report: section, key, label, then the numbers."""
    headings = [_("Table"), _("Key"), _("Label"), _("Count"), _("Attended")]
    rows = []
    sections = (
        ("by_country", _("Participants by country")),
        ("by_municipality", _("Participants by municipality")),
        ("by_gender", _("Participants by gender")),
        ("by_role", _("Participants by role")),
    )
    for key, title in sections:
        for row in report["breakdown"][key]:
            rows.append([title, row["key"], row["label"], row["count"], row["attended"]])
    for row in report["cities_per_topic"]:
        rows.append([_("Cities reached per topic"), row["topic"], row["label"], row["cities"], ""])
    knowledge_headings = [_("Responses"), _("Paired"), _("Before"), _("After"), _("Change")]
    rows.append([])
    rows.append([_("Table"), _("Key"), _("Label"), *knowledge_headings])
    for row in report["knowledge"]:
        rows.append(
            [
                _("Knowledge by topic"),
                row["topic"],
                row["label"],
                row["responses"],
                row["paired"],
                row["before"],
                row["after"],
                row["change"],
            ]
        )
    satisfaction = report["satisfaction"]
    rows.append([_("Satisfaction"), "average", _("Average (1–5)"), satisfaction["responses"], satisfaction["average"]])
    return headings, rows

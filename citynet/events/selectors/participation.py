"""Participants' and focal points' reads: one's own participations, a city's delegates, requests awaiting a
city's approval, a place on the waiting list, the municipalities a person may register from.

Every list is fetched in a fixed number of queries (select_related) and bounded (`LIMIT`), whatever the
number of events and participations; nobody reads a participation the permissions do not let them see.
"""

from django.db.models import Q, QuerySet
from django.utils import timezone

from citynet.network import selectors as network
from citynet.network.models import MembershipStatus, Municipality, Organisation

from .. import permissions
from ..models import LIVE, Event, Invitation, Participation, ParticipationStatus

# The most a personal page lists of each kind (the newest events first).
LIMIT = 100


def visible_event(actor, slug: str) -> Event | None:
    """A published event by slug (a draft for its staff only), or None."""
    event = Event.objects.select_related("region", "host_municipality").filter(slug=slug).first()
    if event is None or not permissions.can_see_event(actor, event):
        return None
    return event


def participation_for(actor, slug: str, pk: int) -> Participation | None:
    """Participation `pk` of event `slug`, if `actor` may see it (else None: it does not exist for them)."""
    participation = (
        Participation.objects.select_related("event__region", "municipality", "organisation", "replaced_by")
        .filter(pk=pk, event__slug=slug)
        .first()
    )
    if participation is None or not permissions.can_view_participation(actor, participation):
        return None
    return participation


def own_participation(actor, event: Event) -> Participation | None:
    """`actor`'s own live participation at `event` (registered with their account), or None."""
    if not getattr(actor, "is_authenticated", False):
        return None
    return Participation.objects.filter(event=event, status__in=LIVE, user=actor).first()


def waiting_position(participation: Participation) -> int | None:
    """Where a person stands on the waiting list (1 = next), or None when they are not on it."""
    if participation.status != ParticipationStatus.WAITING:
        return None
    ahead = Participation.objects.filter(
        event_id=participation.event_id,
        status=ParticipationStatus.WAITING,
        queued_at__lt=participation.queued_at,
    ).count()
    ties = Participation.objects.filter(
        event_id=participation.event_id,
        status=ParticipationStatus.WAITING,
        queued_at=participation.queued_at,
        pk__lt=participation.pk,
    ).count()
    return ahead + ties + 1


def municipality_choices(event: Event) -> QuerySet[Municipality]:
    """Where a participant may come from: the member municipalities of the event's region (any member for
    a network-wide event)."""
    if event.region_id is None:
        return Municipality.objects.filter(
            pk__in=network.list_municipalities(status=MembershipStatus.MEMBER).values("pk")
        ).select_related("country")
    return network.members_of(event.region)


def organisation_choices() -> QuerySet[Organisation]:
    return Organisation.objects.order_by("name", "pk")


def delegate_cities(actor, event: Event) -> list[Municipality]:
    """The cities `actor` may register delegates of for `event`: those they are the focal point of that are
    in the event's region or invited to it (any city for a network-wide event); for the event's staff, the
    members of its region."""
    ids = permissions.focal_point_city_ids(actor)
    cities = Municipality.objects.filter(pk__in=ids).select_related("country__region")
    if event.region_id is not None:
        invited = Invitation.objects.filter(event=event, municipality__isnull=False, revoked_at__isnull=True)
        cities = cities.filter(Q(country__region_id=event.region_id) | Q(pk__in=invited.values("municipality_id")))
    found = [city for city in cities.order_by("name", "pk") if permissions.can_register_for_city(actor, city)]
    if not found and permissions.can_manage_event(actor, event):
        found = list(municipality_choices(event).select_related("country__region").order_by("name", "pk")[:LIMIT])
    return found


def city_invitation(event: Event, municipality) -> Invitation | None:
    return Invitation.objects.filter(event=event, municipality=municipality, revoked_at__isnull=True).first()


def city_delegates(event: Event, municipality) -> QuerySet[Participation]:
    """A city's delegates at an event, live ones first, then the rest (cancelled, replaced)."""
    return (
        Participation.objects.filter(event=event, municipality=municipality)
        .select_related("replaced_by")
        .order_by("queued_at", "pk")[:LIMIT]
    )


def my_participations(actor) -> QuerySet[Participation]:
    """The person's own participations, the newest events first."""
    return (
        Participation.objects.filter(user=actor)
        .select_related("event", "municipality")
        .order_by("-event__starts_on", "-pk")[:LIMIT]
    )


def my_cities_delegates(actor) -> QuerySet[Participation]:
    """The delegates of the cities `actor` is the focal point of, at events not over yet."""
    ids = permissions.focal_point_city_ids(actor)
    if not ids:
        return Participation.objects.none()
    today = timezone.localdate()
    return (
        Participation.objects.filter(municipality_id__in=ids, event__ends_on__gte=today, status__in=LIVE)
        .select_related("event", "municipality")
        .order_by("event__starts_on", "municipality__name", "queued_at", "pk")[:LIMIT]
    )


def awaiting_my_approval(actor) -> QuerySet[Participation]:
    """Requests from `actor`'s cities waiting for their approval (events where cities approve their people)."""
    ids = permissions.focal_point_city_ids(actor)
    if not ids:
        return Participation.objects.none()
    return (
        Participation.objects.filter(
            municipality_id__in=ids, status=ParticipationStatus.PENDING, event__city_approval=True
        )
        .select_related("event", "municipality")
        .order_by("queued_at", "pk")[:LIMIT]
    )

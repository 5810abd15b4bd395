"""Who may do what with events: each rule once, as a check on one record and as a queryset.

- An event is run by its region's staff: the secretariat and the region's coordinators
  (`citynet.network.permissions.can_manage_region`); a network-wide event (no region), by the
  secretariat alone.
- The public sees published events and their public facts; never a participant's name or details.
- A participation is seen by its own person (the account it belongs to), by the focal point of the
  participant's city (for their own city only), and by the event's staff; nobody else.
- A city's focal point registers, substitutes, cancels and (where the event asks for it) approves
  their city's delegates; never another city's.

`can_<verb>(actor, obj)` list what they allow and end in `return False`; `scope_<things>(qs, actor)`
are the same rules as querysets. Views, the admin, the API, exports and services call these.
"""

from django.db.models import Q, QuerySet

from citynet.network import permissions as network
from citynet.network.permissions import focal_point_city_ids

from .models import Event, EventStatus, Participation


def _is_signed_in(actor) -> bool:
    return bool(getattr(actor, "is_authenticated", False)) and bool(getattr(actor, "is_active", False))


# --- Events -----------------------------------------------------------------------------------------


def can_manage_events(actor) -> bool:
    """Run some events at all: the secretariat and every regional coordinator."""
    region_ids = network.managed_region_ids(actor)
    if region_ids is network.EVERY_REGION:
        return True
    if region_ids:
        return True
    return False


def can_manage_event(actor, event: Event) -> bool:
    """Edit an event, its programme and participants, take attendance: the staff of its region;
    a network-wide event, the secretariat."""
    if event.region_id is None and network.manages_every_region(actor):
        return True
    if event.region_id is not None and network.can_manage_region(actor, event.region):
        return True
    return False


def scope_managed_events(queryset: QuerySet[Event], actor) -> QuerySet[Event]:
    region_ids = network.managed_region_ids(actor)
    if region_ids is network.EVERY_REGION:
        return queryset
    return queryset.filter(region_id__in=region_ids or [])


def can_see_event(actor, event: Event) -> bool:
    """A published (or cancelled) event is public; a draft, its staff's only."""
    if event.status != EventStatus.DRAFT:
        return True
    if can_manage_event(actor, event):
        return True
    return False


def scope_public_events(queryset: QuerySet[Event]) -> QuerySet[Event]:
    return queryset.exclude(status=EventStatus.DRAFT)


# --- Participation ------------------------------------------------------------------------------------


def is_own(actor, participation: Participation) -> bool:
    if _is_signed_in(actor) and participation.user_id == actor.pk:
        return True
    return False


def is_city_focal_point(actor, participation: Participation) -> bool:
    """`actor` is the focal point of the participant's city."""
    if participation.municipality_id and participation.municipality_id in focal_point_city_ids(actor):
        return True
    return False


def can_register(actor) -> bool:
    """Ask for a place for oneself: anyone signed in (the event's mode and seats are the services' rules)."""
    if _is_signed_in(actor):
        return True
    return False


def can_register_for_city(actor, municipality) -> bool:
    """Register delegates of a city: its focal point, and the staff of its region."""
    if municipality is None:
        return False
    if municipality.pk in focal_point_city_ids(actor):
        return True
    if network.can_manage_region(actor, municipality.country.region):
        return True
    return False


def can_view_participation(actor, participation: Participation) -> bool:
    """A participant's record in full (needs included): the person, their city's focal point, the event's staff."""
    if is_own(actor, participation):
        return True
    if is_city_focal_point(actor, participation):
        return True
    if can_manage_event(actor, participation.event):
        return True
    return False


def can_cancel(actor, participation: Participation) -> bool:
    """Give up a place or a request: the person, their city's focal point, the event's staff."""
    return can_view_participation(actor, participation)


def can_substitute(actor, participation: Participation) -> bool:
    """Send another delegate in a delegate's place: the city's focal point and the event's staff."""
    if participation.municipality_id is None:
        return False
    if is_city_focal_point(actor, participation):
        return True
    if can_manage_event(actor, participation.event):
        return True
    return False


def can_approve(actor, participation: Participation) -> bool:
    """Decide on a request awaiting approval: the event's staff; the city's focal point where the event
    asks cities to approve their people."""
    if can_manage_event(actor, participation.event):
        return True
    if participation.event.city_approval and is_city_focal_point(actor, participation):
        return True
    return False


def can_take_attendance(actor, event: Event) -> bool:
    """Check people in and print the sign-in sheet: the event's staff."""
    return can_manage_event(actor, event)


def can_answer_questionnaire(actor, participation: Participation) -> bool:
    """Answer the before/after questionnaire: the participant themselves."""
    return is_own(actor, participation)


def can_download_certificate(actor, participation: Participation) -> bool:
    """A certificate of attendance: the participant and the event's staff."""
    if is_own(actor, participation):
        return True
    if can_manage_event(actor, participation.event):
        return True
    return False


def scope_visible_participations(queryset: QuerySet[Participation], actor) -> QuerySet[Participation]:
    """Every participation `actor` may read: their own, their city's, the events they run."""
    if not _is_signed_in(actor):
        return queryset.none()
    rule = Q(user=actor) | Q(municipality_id__in=focal_point_city_ids(actor))
    region_ids = network.managed_region_ids(actor)
    if region_ids is network.EVERY_REGION:
        return queryset
    if region_ids:
        rule |= Q(event__region_id__in=region_ids)
    return queryset.filter(rule)


def scope_managed_participations(queryset: QuerySet[Participation], actor) -> QuerySet[Participation]:
    """The participations of the events `actor` runs."""
    return queryset.filter(event__in=scope_managed_events(Event.objects.all(), actor))


def can_see_document(actor, document) -> bool:
    """An event's document: public ones of a public event for everyone; the others, its staff."""
    if document.is_public and can_see_event(actor, document.event):
        return True
    if can_manage_event(actor, document.event):
        return True
    return False

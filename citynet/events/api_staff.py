"""The events API for the people inside an event: participants' records, for those allowed to see them.

Signed in only (the site's session; 401 otherwise); staff need their second factor in that session
(403 otherwise), as on every staff page. Each list is the caller's own slice, from the same rules as the
pages (`citynet.events.permissions`):
- `/events/{slug}/participants`: the event's staff only (its region's coordinators, the secretariat);
  every other caller, another region's coordinator included, gets a 404, as for an event they do not run;
- `/participations`: the caller's own participations, their city's delegates for a focal point, and the
  participants of the events they run for staff (`scope_visible_participations`).
Personal fields (email, gender, needs, travel support) are included: these are organisers' records.
Read-only, a fixed number of queries per list. Public events and figures are in `api.py`.
"""

from typing import Annotated, Literal

from django.db.models import Prefetch
from ninja import Query, Router
from ninja.pagination import paginate

from citynet.core.api import SLUG, WRITE_METHODS, BoundedPagination, refuse_collection, refused
from citynet.core.exceptions import NotFound
from citynet.grants.api_staff import SignedIn

from . import permissions
from .models import Attendance, Event, Participation, ParticipationStatus
from .schemas import ErrorOut, ParticipationOut

router = Router(tags=["events: participants and staff"])

AUTH = SignedIn()

StatusFilter = Annotated[
    Literal[tuple(ParticipationStatus.values)] | None, Query(description="Only participations in this status.")
]
EventFilter = Annotated[str | None, Query(max_length=120, pattern=SLUG, description="Only this event's (its slug).")]


def _with_details(participations):
    return participations.select_related("event", "municipality", "organisation").prefetch_related(
        Prefetch("attendances", queryset=Attendance.objects.order_by("day", "pk"))
    )


@router.get(
    "/events/{slug}/participants",
    response={200: list[ParticipationOut], 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut},
    auth=AUTH,
    url_name="event-participants",
)
@paginate(BoundedPagination)
def list_participants(request, slug: str, status: StatusFilter = None):
    """Every participation of one event, in the waiting list's order: the event's staff only."""
    event = permissions.scope_managed_events(Event.objects.all(), request.user).filter(slug=slug).first()
    if event is None or not permissions.can_manage_event(request.user, event):
        raise NotFound()
    participations = _with_details(event.participations.all())
    if status:
        participations = participations.filter(status=status)
    return participations.order_by("queued_at", "pk")


@router.get(
    "/participations",
    response={200: list[ParticipationOut], 401: ErrorOut, 403: ErrorOut, 422: ErrorOut},
    auth=AUTH,
    url_name="participation-list",
)
@paginate(BoundedPagination)
def list_participations(request, event: EventFilter = None, status: StatusFilter = None):
    """The participations the caller may read: their own, their city's (focal points), their events' (staff)."""
    participations = _with_details(permissions.scope_visible_participations(Participation.objects.all(), request.user))
    if event:
        participations = participations.filter(event__slug=event)
    if status:
        participations = participations.filter(status=status)
    return participations.order_by("-event__starts_on", "event_id", "queued_at", "pk")


def refuse_participants(request, slug: str):
    return refused()


for _path, _refuse in [
    ("/events/{slug}/participants", refuse_participants),
    ("/participations", refuse_collection),
]:
    router.api_operation(WRITE_METHODS, _path, include_in_schema=False)(_refuse)

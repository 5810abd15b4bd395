"""Taking part: asking for a place, approval, cancelling, confirming an offer, substituting a delegate.

Every function here locks the event's row before it looks at seats (services/seats.py), writes through
`citynet.core.records` (permission, row lock, audit) and tells people by email once the transaction has
committed. Submitting the same registration twice gives the same participation back (idempotent).
"""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from citynet.core import records
from citynet.core.exceptions import InvalidInput, InvalidTransition, NotPermitted

from .. import permissions
from ..models import (
    LIVE,
    SEATED,
    Event,
    Invitation,
    Participation,
    ParticipationStatus,
    RegistrationMode,
)
from . import seats

# What a registration form may write; status, queue and moments are the services' own.
PERSON_FIELDS = [
    "name",
    "email",
    "language",
    "municipality",
    "organisation",
    "organisation_name",
    "role",
    "gender",
    "accessibility_needs",
    "dietary_needs",
    "needs_travel_support",
    "travel_support_note",
]
OWN_FIELDS = [*PERSON_FIELDS, "user", "invitation", "registered_by", "queued_at"]


def live_invitation(event: Event, token: str | None) -> Invitation | None:
    if not token:
        return None
    return (
        Invitation.objects.select_related("municipality")
        .filter(event=event, token=token, revoked_at__isnull=True)
        .first()
    )


def _may_write(actor, participation: Participation) -> bool:
    """Who may create or change this participation: the person, their city's focal point, the event's staff."""
    if participation.pk is None:
        if participation.user_id is not None and participation.user_id == getattr(actor, "pk", None):
            return True
        if participation.municipality_id and permissions.can_register_for_city(actor, participation.municipality):
            return True
        if permissions.can_manage_event(actor, participation.event):
            return True
        return False
    return permissions.can_cancel(actor, participation)


def _check_open(event: Event, actor, invitation: Invitation | None, municipality) -> None:
    staff = permissions.can_manage_event(actor, event)
    if not event.registration_is_open() and not staff:
        raise InvalidTransition(_("Registration for this event is not open."))
    if event.registration_mode == RegistrationMode.INVITATION and not staff:
        invited_city = invitation is not None and invitation.municipality_id is not None
        if invitation is None:
            raise NotPermitted(_("This event is by invitation only."))
        if invited_city and municipality is not None and municipality.pk != invitation.municipality_id:
            raise NotPermitted(_("This invitation is for another municipality."))


def _needs_approval(event: Event, actor, municipality) -> bool:
    """A request waits for a decision when the event is open with approval, or when the city approves its
    people and the one registering is not that city's focal point (nor the event's staff)."""
    if permissions.can_manage_event(actor, event):
        return False
    if event.registration_mode == RegistrationMode.APPROVAL:
        return True
    if event.city_approval and municipality is not None:
        return municipality.pk not in permissions.focal_point_city_ids(actor)
    return False


@transaction.atomic
def register(
    *, actor, event: Event, values: dict, invitation: Invitation | None = None, for_self: bool = True
) -> Participation:
    """Ask for a place at `event`: for oneself (`for_self`), or for a city's delegate (focal points, staff).

    Returns the participation: confirmed when a seat fits, on the waiting list when none does, awaiting
    approval where the event asks for it. The same person asking twice gets their first request back.
    """
    event = seats.lock(event)
    values = dict(values)
    email = (values.get("email") or "").strip().lower()
    if for_self:
        if not permissions.can_register(actor):
            raise NotPermitted(_("Sign in to register."))
        email = actor.email.lower()
        values.setdefault("name", str(actor))
        values.setdefault("language", getattr(actor, "preferred_language", "") or "en")
    if not email:
        raise InvalidInput(_("Give the participant's email address."), errors={"email": [_("This field is required.")]})
    values["email"] = email
    if invitation is not None and invitation.municipality_id is not None:
        values["municipality"] = invitation.municipality
    if invitation is not None and invitation.municipality_id is None and invitation.email.lower() != email:
        raise NotPermitted(_("This invitation was sent to another email address."))
    municipality = values.get("municipality")
    _check_open(event, actor, invitation, municipality)

    existing = Participation.objects.filter(event=event, email=email, status__in=LIVE).first()
    if existing is not None:
        if for_self and existing.user_id in (None, actor.pk):
            return existing  # a second submit of the same request: the first one stands
        raise InvalidInput(
            _("%(email)s is already registered for this event.") % {"email": email},
            errors={"email": [_("Already registered for this event.")]},
        )

    now = timezone.now()
    if _needs_approval(event, actor, municipality):
        placement = {"status": ParticipationStatus.PENDING}
    else:
        placement = seats.place(event, getattr(municipality, "pk", None), now)
    participation = Participation(event=event)
    fields = {
        **{name: values[name] for name in PERSON_FIELDS if name in values},
        "user": actor if for_self else None,
        "invitation": invitation,
        "registered_by": actor if getattr(actor, "is_authenticated", False) else None,
        "queued_at": now,
    }
    participation = records.save(
        actor=actor,
        instance=participation,
        values={**fields, **placement},
        fields=[*OWN_FIELDS, "status", "confirmed_at"],
        may=_may_write,
    )
    seats.notify(participation, "registered")
    return participation


@transaction.atomic
def approve(*, actor, participation: Participation) -> Participation:
    """Approve a request: it takes a seat if one fits, else joins the waiting list where it asked."""
    event = seats.lock(participation.event)
    participation = Participation.objects.select_related("event", "municipality").get(pk=participation.pk)
    if not permissions.can_approve(actor, participation):
        raise NotPermitted()
    if participation.status != ParticipationStatus.PENDING:
        raise InvalidTransition(_("Only a request awaiting approval can be approved."))
    seats.lapse_offers(event)
    placement = seats.place(event, participation.municipality_id, timezone.now())
    participation = records.save(
        actor=actor, instance=participation, values=placement, fields=list(placement), may=permissions.can_approve
    )
    seats.notify(participation, "approved")
    return participation


@transaction.atomic
def decline(*, actor, participation: Participation) -> Participation:
    """Refuse a request awaiting approval (it never held a seat, so nobody moves)."""
    seats.lock(participation.event)
    participation = Participation.objects.select_related("event").get(pk=participation.pk)
    if not permissions.can_approve(actor, participation):
        raise NotPermitted()
    if participation.status != ParticipationStatus.PENDING:
        raise InvalidTransition(_("Only a request awaiting approval can be declined."))
    participation = records.save(
        actor=actor,
        instance=participation,
        values={"status": ParticipationStatus.DECLINED, "cancelled_at": timezone.now()},
        fields=["status", "cancelled_at"],
        may=permissions.can_approve,
    )
    seats.notify(participation, "declined")
    return participation


@transaction.atomic
def cancel(*, actor, participation: Participation) -> Participation:
    """Give up a place or a request. A freed seat goes to the next person on the waiting list at once.

    Cancelling what is already cancelled changes nothing (a second click is harmless).
    """
    event = seats.lock(participation.event)
    participation = Participation.objects.select_related("event").get(pk=participation.pk)
    if not permissions.can_cancel(actor, participation):
        raise NotPermitted()
    if participation.status not in LIVE:
        return participation
    held_seat = participation.status in SEATED
    participation = records.save(
        actor=actor,
        instance=participation,
        values={"status": ParticipationStatus.CANCELLED, "cancelled_at": timezone.now()},
        fields=["status", "cancelled_at"],
        may=permissions.can_cancel,
    )
    seats.notify(participation, "cancelled")
    if held_seat:
        seats.fill_seats(event)
    return participation


def confirm_offer(*, actor, participation: Participation) -> Participation:
    """Take up a place offered from the waiting list, while the offer holds.

    Overdue offers lapse first, in a transaction of their own, so that a late confirmation is refused
    and the place stays with the next person even though this call ends in an error.
    """
    seats.refill(participation.event)
    with transaction.atomic():
        seats.lock(participation.event)
        participation = Participation.objects.select_related("event").get(pk=participation.pk)
        if not permissions.can_cancel(actor, participation):
            raise NotPermitted()
        if participation.status == ParticipationStatus.CONFIRMED:
            return participation
        if participation.status == ParticipationStatus.LAPSED:
            raise InvalidTransition(_("This offer has lapsed: the place went to the next person on the waiting list."))
        if participation.status != ParticipationStatus.OFFERED:
            raise InvalidTransition(_("There is no place on offer to confirm."))
        participation = records.save(
            actor=actor,
            instance=participation,
            values={"status": ParticipationStatus.CONFIRMED, "confirmed_at": timezone.now(), "offer_expires_at": None},
            fields=["status", "confirmed_at", "offer_expires_at"],
            may=permissions.can_cancel,
        )
        seats.notify(participation, "confirmed")
        return participation


@transaction.atomic
def substitute(*, actor, participation: Participation, values: dict) -> Participation:
    """Send another delegate of the same city in `participation`'s place: the new person keeps its seat
    (or its place in the queue), the old one is cancelled; nobody else moves."""
    event = seats.lock(participation.event)
    participation = Participation.objects.select_related("event", "municipality").get(pk=participation.pk)
    if not permissions.can_substitute(actor, participation):
        raise NotPermitted()
    if participation.status not in LIVE:
        raise InvalidTransition(_("Only a live registration can be handed to another delegate."))
    email = (values.get("email") or "").strip().lower()
    if not email:
        raise InvalidInput(
            _("Give the new delegate's email address."), errors={"email": [_("This field is required.")]}
        )
    if Participation.objects.filter(event=event, email=email, status__in=LIVE).exists():
        raise InvalidInput(
            _("%(email)s is already registered for this event.") % {"email": email},
            errors={"email": [_("Already registered for this event.")]},
        )
    now = timezone.now()
    kept = {
        "status": participation.status,
        "queued_at": participation.queued_at,
        "offer_expires_at": participation.offer_expires_at,
        "confirmed_at": now if participation.status == ParticipationStatus.CONFIRMED else None,
    }
    person = {name: values[name] for name in PERSON_FIELDS if name in values}
    person.update(email=email, municipality=participation.municipality)
    old = records.save(
        actor=actor,
        instance=participation,
        values={"status": ParticipationStatus.CANCELLED, "cancelled_at": now},
        fields=["status", "cancelled_at"],
        may=permissions.can_substitute,
    )
    new = records.save(
        actor=actor,
        instance=Participation(event=event),
        values={**person, **kept, "registered_by": actor, "invitation": participation.invitation},
        fields=[*OWN_FIELDS, "status", "confirmed_at", "offer_expires_at"],
        may=_may_write,
    )
    records.save(
        actor=actor, instance=old, values={"replaced_by": new}, fields=["replaced_by"], may=permissions.can_substitute
    )
    seats.notify(old, "substituted")
    seats.notify(new, "registered")
    return new

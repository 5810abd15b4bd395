"""What the event's staff do around participants: invite a city or a person, revoke an invitation, check
people in on each day of the event (and undo it).

Each write goes through `citynet.core.records` (the event's staff only, audited). A person's invitation
email is a background task started once the invitation is saved. Inviting the same city or address twice
gives back the live invitation; checking in twice keeps one attendance (idempotent).
"""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from citynet.core import records
from citynet.core.exceptions import InvalidInput, InvalidTransition
from citynet.core.permissions import ensure_can

from .. import permissions
from ..models import Attendance, Event, Invitation, Participation, ParticipationStatus


def _may_invite(actor, invitation: Invitation) -> bool:
    return permissions.can_manage_event(actor, invitation.event)


def _may_take_attendance(actor, attendance: Attendance) -> bool:
    return permissions.can_take_attendance(actor, attendance.participation.event)


@transaction.atomic
def invite_city(*, actor, event: Event, municipality) -> Invitation:
    """A city's invitation link (for its delegates); the city's live invitation when it already has one."""
    ensure_can(permissions.can_manage_event, actor, event)
    if municipality is None:
        message = _("Choose a municipality.")
        raise InvalidInput(message, errors={"municipality": [message]})
    existing = Invitation.objects.filter(event=event, municipality=municipality, revoked_at__isnull=True).first()
    if existing is not None:
        return existing
    return records.save(
        actor=actor,
        instance=Invitation(event=event),
        values={"municipality": municipality, "invited_by": actor},
        fields=["municipality", "invited_by"],
        may=_may_invite,
    )


@transaction.atomic
def invite_person(*, actor, event: Event, email: str, language: str = "") -> Invitation:
    """One person's invitation, mailed to them (in `language`) once saved; the same address invited twice
    gets their live invitation back (and no second email)."""
    ensure_can(permissions.can_manage_event, actor, event)
    email = (email or "").strip().lower()
    if not email:
        message = _("Give the person's email address.")
        raise InvalidInput(message, errors={"email": [message]})
    existing = Invitation.objects.filter(
        event=event, municipality__isnull=True, email__iexact=email, revoked_at__isnull=True
    ).first()
    if existing is not None:
        return existing
    invitation = records.save(
        actor=actor,
        instance=Invitation(event=event),
        values={"email": email, "invited_by": actor},
        fields=["email", "invited_by"],
        may=_may_invite,
    )
    from ..tasks.invitations import send_invitation

    invitation_id = invitation.pk
    transaction.on_commit(lambda: send_invitation.enqueue(invitation_id=invitation_id, language=language))
    return invitation


def revoke_invitation(*, actor, invitation: Invitation) -> Invitation:
    """Its link stops working (people who registered with it keep their places); revoking twice is a no-op."""
    if invitation.revoked_at is not None:
        ensure_can(_may_invite, actor, invitation)
        return invitation
    return records.save(
        actor=actor,
        instance=invitation,
        values={"revoked_at": timezone.now()},
        fields=["revoked_at"],
        may=_may_invite,
    )


def _check_day(participation: Participation, day) -> None:
    if day not in participation.event.days():
        raise InvalidInput(_("This day is not one of the event's days."))


@transaction.atomic
def check_in(*, actor, participation: Participation, day) -> Attendance:
    """Mark a confirmed participant as there on `day` (one of the event's days); twice is once."""
    ensure_can(permissions.can_take_attendance, actor, participation.event)
    _check_day(participation, day)
    if participation.status != ParticipationStatus.CONFIRMED:
        raise InvalidTransition(_("Only confirmed participants can be checked in."))
    existing = Attendance.objects.filter(participation=participation, day=day).first()
    if existing is not None:
        return existing
    return records.save(
        actor=actor,
        instance=Attendance(participation=participation, day=day),
        values={"checked_in_by": actor},
        fields=["checked_in_by"],
        may=_may_take_attendance,
    )


@transaction.atomic
def undo_check_in(*, actor, participation: Participation, day) -> None:
    """Take back a check-in (a wrong tap); when there is none, nothing happens."""
    ensure_can(permissions.can_take_attendance, actor, participation.event)
    _check_day(participation, day)
    attendance = Attendance.objects.filter(participation=participation, day=day).first()
    if attendance is not None:
        records.delete(actor=actor, instance=attendance, may=_may_take_attendance)

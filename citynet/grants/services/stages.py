"""Two-stage calls: the call's staff invite an organisation whose expression of interest passed screening
to send a full proposal, or withdraw that invitation.

The invitation is `Application.invited_to_full_proposal` on the expression of interest; the applicant's
side (`services.applications.stage_to_start`) reads it to start the full proposal, whose own deadline is
`Call.full_proposals_close_at`. Each change is written through `citynet.core.records.save` (row lock,
permission, one audit entry) and, after the commit, the organisation's people are told by email.

Rules (decided here, documented in docs/grants-staff.md):
- only the call's staff (`permissions.can_manage_call`);
- only a submitted expression of interest of a two-stage call, screened eligible;
- only before the full proposals' deadline;
- inviting twice, or withdrawing an invitation that is not there, is a no-op (no entry, no email);
- an invitation cannot be withdrawn once the organisation started its full proposal (a draft or more):
  staff exclude that proposal at screening instead, so nobody's work disappears silently.
"""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from citynet.core import records
from citynet.core.exceptions import InvalidTransition
from citynet.core.permissions import ensure_can

from .. import permissions
from ..models import Application, ApplicationStatus, CallStages, Screening, Stage

FIELDS = ("invited_to_full_proposal",)


def _may_manage(actor, application: Application) -> bool:
    return permissions.can_manage_call(actor, application.call)


def _locked(actor, application: Application) -> Application:
    current = Application.objects.select_for_update().select_related("call", "organisation").get(pk=application.pk)
    ensure_can(_may_manage, actor, current)
    return current


def _ensure_invitable(application: Application, now) -> None:
    call = application.call
    if call.stages != CallStages.TWO_STAGES or application.stage != Stage.EXPRESSION_OF_INTEREST:
        raise InvalidTransition(_("Only an expression of interest in a two-stage call leads to a full proposal."))
    if application.status != ApplicationStatus.SUBMITTED:
        raise InvalidTransition(_("Only a submitted expression of interest can lead to a full proposal."))
    if application.screening != Screening.ELIGIBLE:
        raise InvalidTransition(_("Screen the expression of interest as eligible before inviting a full proposal."))
    if call.full_proposals_close_at is None or now >= call.full_proposals_close_at:
        raise InvalidTransition(_("The full proposals' deadline has passed: nobody can be invited any more."))


def full_proposal_of(application: Application) -> Application | None:
    """The organisation's full proposal to the same call, if it started one."""
    return Application.objects.filter(
        call_id=application.call_id, organisation_id=application.organisation_id, stage=Stage.FULL
    ).first()


@transaction.atomic
def invite_to_full_proposal(*, actor, application: Application, now=None) -> Application:
    """Invite the organisation of a screened-eligible expression of interest to send a full proposal.

    Only the call's staff, before the full proposals' deadline. Inviting again is a no-op. Side effects:
    one audit entry; after the commit, each person of the organisation gets an email in their own
    language with the link to apply and the deadline in the call's time zone.
    """
    now = now or timezone.now()
    current = _locked(actor, application)
    if current.invited_to_full_proposal:
        return current
    _ensure_invitable(current, now)
    saved = records.save(
        actor=actor, instance=current, values={"invited_to_full_proposal": True}, fields=FIELDS, may=_may_manage
    )
    from ..tasks.stages import notify_invitation

    transaction.on_commit(lambda: notify_invitation.enqueue(application_id=saved.pk))
    return saved


@transaction.atomic
def withdraw_invitation(*, actor, application: Application, now=None) -> Application:
    """Withdraw the invitation to a full proposal, while the organisation has not started one.

    Only the call's staff, before the full proposals' deadline. Withdrawing an invitation that is not
    there is a no-op. Side effects: one audit entry; after the commit, the organisation's people are told.
    """
    now = now or timezone.now()
    current = _locked(actor, application)
    if not current.invited_to_full_proposal:
        return current
    if current.call.full_proposals_close_at is None or now >= current.call.full_proposals_close_at:
        raise InvalidTransition(_("The full proposals' deadline has passed: the invitation stays as it was."))
    if full_proposal_of(current) is not None:
        raise InvalidTransition(
            _(
                "The organisation has started its full proposal: the invitation can no longer be withdrawn. "
                "Screen the full proposal instead."
            )
        )
    saved = records.save(
        actor=actor, instance=current, values={"invited_to_full_proposal": False}, fields=FIELDS, may=_may_manage
    )
    from ..tasks.stages import notify_invitation_withdrawn

    transaction.on_commit(lambda: notify_invitation_withdrawn.enqueue(application_id=saved.pk))
    return saved

"""Two-stage calls: telling an organisation it is invited to send a full proposal (or that the invitation
was withdrawn). Enqueued on commit by `services.stages`; each task reloads the application and writes
only what is still true (an invitation withdrawn before the task runs sends no invitation).
"""

from django.utils import timezone
from django_tasks import task

from ..mail import people_of, send_each, site_url
from ..models import Application


def _application(application_id: int) -> Application | None:
    return Application.objects.select_related("call", "organisation").filter(pk=application_id).first()


def _context(application: Application):
    call = application.call

    def build(user) -> dict:
        # Built inside the recipient's language: the call's title, the link's language prefix, the date.
        return {
            "application": application,
            "call": call,
            "call_title": call.title,
            "organisation": application.organisation,
            "deadline": timezone.localtime(call.full_proposals_close_at, call.zone),
            "zone": call.time_zone,
            "url": site_url("grants:call-apply", call.slug),
        }

    return build


@task()
def notify_invitation(*, application_id: int) -> int:
    """Tell the organisation's people they are invited to send a full proposal: the link to apply and the
    full proposals' deadline in the call's time zone. Returns how many emails were sent."""
    application = _application(application_id)
    if application is None or not application.invited_to_full_proposal or not application.call.full_proposals_close_at:
        return 0
    return send_each(people_of(application.organisation), "grants/email/stages/invited", _context(application))


@task()
def notify_invitation_withdrawn(*, application_id: int) -> int:
    """Tell the organisation's people that their invitation to a full proposal was withdrawn."""
    application = _application(application_id)
    if application is None or application.invited_to_full_proposal or not application.call.full_proposals_close_at:
        return 0
    return send_each(people_of(application.organisation), "grants/email/stages/withdrawn", _context(application))

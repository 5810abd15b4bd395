"""Telling applicants about screening and decisions: enqueued on commit by the services, never inside
their transaction. Each task takes ids, reads what it needs and writes to every person of the applying
organisation in that person's own language; running one twice sends the same news again, never news
that is not true (the services decide when to enqueue).
"""

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.utils import translation
from django_tasks import task

from ..models import Application, Decision, Screening


def _recipients(application: Application):
    return [
        member.user
        for member in application.organisation.members.select_related("user").filter(user__is_active=True)
        if member.user.email
    ]


def _send(application: Application, template: str, extra: dict) -> int:
    sent = 0
    for user in _recipients(application):
        with translation.override(user.preferred_language or settings.LANGUAGE_CODE):
            context = {
                "recipient": user,
                "application": application,
                "call_title": application.call.title,  # modeltranslation: the active language, else English
                **extra,
            }
            subject = render_to_string(f"grants/staff/email/{template}_subject.txt", context).strip()
            body = render_to_string(f"grants/staff/email/{template}.txt", context)
        send_mail(subject, body, None, [user.email])
        sent += 1
    return sent


@task()
def notify_screening(*, application_id: int) -> int:
    """Tell the applicant the outcome of eligibility screening (and the reason for an exclusion)."""
    application = Application.objects.select_related("call", "organisation").filter(pk=application_id).first()
    if application is None or application.screening == Screening.PENDING:
        return 0
    return _send(application, "screening", {"excluded": application.screening == Screening.EXCLUDED})


@task()
def notify_decision(*, decision_id: int) -> int:
    """Tell the applicant the call's decision on their application, with the amount of an award."""
    decision = (
        Decision.objects.select_related("application__call", "application__organisation").filter(pk=decision_id).first()
    )
    if decision is None:
        return 0
    return _send(decision.application, "decision", {"decision": decision})

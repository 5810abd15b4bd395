"""Telling applicants about screening and decisions: enqueued on commit by the services, never inside
their transaction. Each task takes ids, reads what it needs and writes to every person of the applying
organisation in that person's own language; running one twice sends the same news again, never news
that is not true (the services decide when to enqueue).
"""

from django_tasks import task

from ..mail import people_of, send_each
from ..models import Application, Decision, Screening


def _send(application: Application, template: str, extra: dict) -> int:
    def context(user) -> dict:
        # modeltranslation: the call's title in the recipient's language (send_each activates it), else English
        return {"application": application, "call_title": application.call.title, **extra}

    return send_each(people_of(application.organisation), f"grants/staff/email/{template}", context)


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

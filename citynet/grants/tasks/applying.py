"""Applicants' background work: the receipt of a submission, by email, in the applicant's own language."""

from django.utils import timezone
from django_tasks import task

from ..mail import people_of, send_each, site_url
from ..models import Application, ApplicationStatus
from ..selectors.applications import receipt_pdf


@task()
def send_receipt(*, application_id: int) -> int:
    """Mail the receipt (with its PDF) to the person who submitted and the organisation's other people.

    Each in their own `preferred_language`. Returns the number of emails sent; a withdrawn or missing
    application gets none.
    """
    application = Application.objects.select_related("call", "organisation").filter(pk=application_id).first()
    if application is None or application.status != ApplicationStatus.SUBMITTED:
        return 0

    def context(user) -> dict:
        return {
            "application": application,
            "call": application.call,
            "submitted_at": timezone.localtime(application.submitted_at, application.call.zone),
            "url": site_url("grants:application-detail", application.pk),
        }

    def attachments(user, language) -> list:
        return [(f"{application.reference}.pdf", receipt_pdf(application, language), "application/pdf")]

    return send_each(
        people_of(application.organisation), "grants/email/applying/receipt", context, attachments=attachments
    )

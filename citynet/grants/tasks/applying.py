"""Applicants' background work: the receipt of a submission, by email, in the applicant's own language."""

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django_tasks import task

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
    people = [m.user for m in application.organisation.members.select_related("user") if m.user.is_active]
    sent = 0
    base = settings.WAGTAILADMIN_BASE_URL.rstrip("/")
    for user in people:
        language = user.preferred_language or settings.LANGUAGE_CODE
        with translation.override(language):
            context = {
                "recipient": user,
                "application": application,
                "call": application.call,
                "submitted_at": timezone.localtime(application.submitted_at, application.call.zone),
                "url": base + reverse("grants:application-detail", args=[application.pk]),
            }
            subject = render_to_string("grants/email/applying/receipt_subject.txt", context).strip()
            body = render_to_string("grants/email/applying/receipt.txt", context)
        message = EmailMessage(subject, body, None, [user.email])
        message.attach(f"{application.reference}.pdf", receipt_pdf(application, language), "application/pdf")
        message.send()
        sent += 1
    return sent

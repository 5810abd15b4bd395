"""The email that carries one person's invitation to an event, sent once the invitation is saved."""

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.utils import translation
from django_tasks import task

from citynet.core.mail import absolute

from ..models import Invitation


def invitation_url(invitation: Invitation) -> str:
    """The invitation's public link, in the active language (the registration page reads its token)."""
    from django.urls import NoReverseMatch, reverse

    try:
        path = reverse("events:invitation", args=[invitation.event.slug, invitation.token])
    except NoReverseMatch:
        prefix = translation.get_language() or settings.LANGUAGE_CODE
        path = f"/{prefix}/events/{invitation.event.slug}/invitation/{invitation.token}/"
    return absolute(path)


@task()
def send_invitation(*, invitation_id: int, language: str = "") -> None:
    """Mail one person their invitation, in `language`; a revoked invitation is not sent."""
    invitation = Invitation.objects.select_related("event").filter(pk=invitation_id).first()
    if invitation is None or not invitation.is_live or not invitation.email:
        return
    with translation.override(language or settings.LANGUAGE_CODE):
        data = {"invitation": invitation, "event": invitation.event, "url": invitation_url(invitation)}
        subject = render_to_string("events/staff/email/invitation_subject.txt", data).strip()
        body = render_to_string("events/staff/email/invitation.txt", data)
    EmailMessage(subject, body, None, [invitation.email]).send()

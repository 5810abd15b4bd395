"""Emails about grants, each written in its recipient's own language.

The tasks of every part of the cycle (receipts, screening, decisions, grantees' reports) send through
`send_each`, so that the language, the site's address and the template pair (subject and body) are
chosen one way everywhere.
"""

from collections.abc import Callable, Iterable

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.utils import translation

from citynet.core.mail import site_url

__all__ = ["people_of", "send_each", "site_url"]


def people_of(organisation) -> list:
    """The active people of an applicant organisation: who hears about its applications and grants."""
    return [m.user for m in organisation.members.select_related("user") if m.user.is_active and m.user.email]


def send_each(
    recipients: Iterable,
    template: str,
    context: Callable[[object], dict],
    attachments: Callable[[object, str], list[tuple[str, bytes, str]]] | None = None,
) -> int:
    """Send `template`_subject.txt / `template`.txt to each recipient in their preferred language.

    `context(user)` is built inside the recipient's language (links, dates, labels translate);
    `attachments(user, language)` gives (file name, content, content type) triples. Returns how many.
    """
    sent = 0
    for user in recipients:
        language = user.preferred_language or settings.LANGUAGE_CODE
        with translation.override(language):
            data = {"recipient": user, **context(user)}
            subject = render_to_string(f"{template}_subject.txt", data).strip()
            body = render_to_string(f"{template}.txt", data)
            message = EmailMessage(subject, body, None, [user.email])
            for name, content, content_type in attachments(user, language) if attachments else ():
                message.attach(name, content, content_type)
        message.send()
        sent += 1
    return sent

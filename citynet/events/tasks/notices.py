"""Participants' emails and the lapse of offers, as background tasks started once a change has committed.

Each email is written in the participant's own language (`Participation.language`): a city's delegate
may have no account, so the participation carries the language and the address.
"""

import datetime

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _
from django_tasks import default_task_backend, task

from citynet.core.mail import site_url

from ..models import Event, Participation

# What each notice says first; the rest of the email (the event, the status, the link) is the same.
NOTICES = {
    "registered": _("We received your registration."),
    "approved": _("Your registration was approved."),
    "declined": _("Your registration was not approved."),
    "confirmed": _("Your place is confirmed."),
    "promoted": _("A place has become free for you."),
    "cancelled": _("Your registration was cancelled."),
    "event_cancelled": _("This event was cancelled."),
    "substituted": _("Your city sent another delegate in your place."),
    "lapsed": _("The place offered to you was not confirmed in time and has gone to the next person."),
    "reminder": _("A reminder: the event is coming up."),
}


def event_url(participation: Participation) -> str:
    return site_url("events:participation", participation.event.slug, participation.pk)


def send(participation: Participation, notice: str) -> None:
    """Mail one notice to one participant, in their language."""
    with translation.override(participation.language or settings.LANGUAGE_CODE):
        data = {
            "participation": participation,
            "event": participation.event,
            "lead": NOTICES[notice],
            "notice": notice,
            "url": event_url(participation),
        }
        subject = render_to_string("events/email/notice_subject.txt", data).strip()
        body = render_to_string("events/email/notice.txt", data)
    EmailMessage(subject, body, None, [participation.email]).send()


@task()
def send_notice(*, participation_id: int, notice: str) -> int:
    """Tell a participant what just happened to their registration. Returns the number of emails sent."""
    participation = (
        Participation.objects.select_related("event__host_municipality", "municipality")
        .filter(pk=participation_id)
        .first()
    )
    if participation is None or notice not in NOTICES:
        return 0
    send(participation, notice)
    return 1


@task()
def lapse_due_offers(*, event_id: int) -> int:
    """Lapse the event's overdue offers and pass the seats on. Returns how many were promoted."""
    from ..services import seats

    event = Event.objects.filter(pk=event_id).first()
    if event is None:
        return 0
    return len(seats.refill(event))


def schedule_offer_expiry(*, event_id: int, at: datetime.datetime | None) -> None:
    """Run `lapse_due_offers` when the offer expires, where the task backend can wait; otherwise the
    housekeeping command (`manage.py event_housekeeping`, every few minutes) and the next change of
    seats at that event lapse it."""
    if at is None or not default_task_backend.supports_defer:
        return
    lapse_due_offers.using(run_after=max(at, timezone.now())).enqueue(event_id=event_id)

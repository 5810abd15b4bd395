"""Background work of the registry. Each task is enqueued on commit by a service, never inside its transaction.

This is the pattern later apps copy: the task gets ids (JSON-safe), reads what it needs, and writes
each recipient's email in that person's own language.
"""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.utils import translation
from django_tasks import task

from citynet.accounts.models import Role, RoleAssignment
from citynet.core.admin_forms import field_label
from citynet.core.mail import site_url

from .models import Municipality


@task()
def notify_profile_changed(*, municipality_id: int, fields: list[str], editor_id: int | None) -> int:
    """Tell the region's coordinators that a city's public profile changed, and what changed.

    Returns the number of emails sent (the editor never gets one about their own change).
    """
    municipality = Municipality.objects.select_related("country__region").filter(pk=municipality_id).first()
    if municipality is None:
        return 0
    coordinators = (
        RoleAssignment.objects.filter(
            role=Role.REGIONAL_COORDINATOR, region=municipality.country.region, user__is_active=True
        )
        .exclude(user_id=editor_id)
        .select_related("user")
    )
    recipients = {assignment.user.pk: assignment.user for assignment in coordinators}.values()
    editor = get_user_model().objects.filter(pk=editor_id).first() if editor_id else None
    sent = 0
    for user in recipients:
        with translation.override(user.preferred_language or settings.LANGUAGE_CODE):
            context = {
                "recipient": user,
                "municipality": municipality,
                "editor": editor,
                "fields": [field_label(Municipality, name) for name in fields],
                "url": site_url("hub:municipality-detail", municipality.slug),
            }
            subject = render_to_string("network/email/profile_changed_subject.txt", context).strip()
            body = render_to_string("network/email/profile_changed.txt", context)
        send_mail(subject, body, None, [user.email])
        sent += 1
    return sent

"""Emails of a case study's moderation, as background tasks (django-tasks), enqueued by
services/proposals.py once its write has committed:

- `proposal_submitted`: the staff who may review it (the secretariat and the coordinators of its city's
  region, as `permissions.can_review` says) hear that a focal point proposed a case study;
- `proposal_reviewed`: its proposer hears that staff published it, or returned it with their note.

A task gets ids, reads what it needs, and writes each recipient's email in their own language
(`User.preferred_language`); the case study's title follows that language where it has one. A task
whose proposal has moved on since (reviewed before the email went, say) sends nothing: safe to run twice
in that sense, and never about a state that is no longer true.
"""

from django.conf import settings
from django.core.mail import EmailMessage
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django_tasks import task

from citynet.accounts.models import Role, RoleAssignment
from citynet.core.mail import absolute, site_url

from .. import permissions
from ..models import Resource, ResourceStatus


def _proposal(resource_id: int) -> Resource | None:
    return Resource.objects.select_related("proposed_by").defer("search_text").filter(pk=resource_id).first()


def reviewers_of(resource: Resource) -> list:
    """Who may review `resource` (the secretariat; the coordinators of the regions it concerns), each once,
    with an active account, never its proposer."""
    region_ids = permissions.region_ids_of(resource)
    assignments = RoleAssignment.objects.filter(
        Q(role=Role.SECRETARIAT) | Q(role=Role.REGIONAL_COORDINATOR, region_id__in=region_ids),
        user__is_active=True,
    ).select_related("user")
    people = {a.user.pk: a.user for a in assignments if a.user.pk != resource.proposed_by_id}
    return [user for user in people.values() if permissions.can_review(user, resource)]


def send_each(recipients, template: str, context: dict, links=None) -> int:
    """Mail `template` (its _subject.txt and .txt) to each recipient, in their language; `links()` gives
    the email's links, made in that language. Returns how many were sent."""
    sent = 0
    for user in recipients:
        if not user.email:
            continue
        with translation.override(user.preferred_language or settings.LANGUAGE_CODE):
            data = {**context, **(links() if links else {}), "recipient": user}
            subject = " ".join(render_to_string(f"{template}_subject.txt", data).split())
            body = render_to_string(f"{template}.txt", data)
        EmailMessage(subject, body, None, [user.email]).send()
        sent += 1
    return sent


def _context(resource: Resource) -> dict:
    return {"resource": resource, "city": resource.municipalities.order_by("name").first()}


@task()
def proposal_submitted(*, resource_id: int) -> int:
    """Tell the staff who may review it that a case study was proposed (not once it was reviewed).
    Returns the number of emails sent."""
    resource = _proposal(resource_id)
    if resource is None or resource.status != ResourceStatus.PROPOSED:
        return 0
    return send_each(
        reviewers_of(resource),
        "library/emails/proposal_submitted",
        _context(resource),
        links=lambda: {"url": absolute(reverse("library_review:index"))},
    )


@task()
def proposal_reviewed(*, resource_id: int, reviewer_id: int | None = None) -> int:
    """Tell its proposer that staff published their case study, or returned it with a note (not a
    reviewer of their own, and not once it moved on again). Returns the number of emails sent."""
    resource = _proposal(resource_id)
    if resource is None or resource.status not in (ResourceStatus.PUBLISHED, ResourceStatus.RETURNED):
        return 0
    proposer = resource.proposed_by
    if proposer is None or not proposer.is_active or proposer.pk == reviewer_id:
        return 0
    if resource.status == ResourceStatus.PUBLISHED:
        links = lambda: {"url": site_url("library:resource", resource.slug)}  # noqa: E731
    else:
        links = lambda: {"url": site_url("library:proposal", resource.pk)}  # noqa: E731
    return send_each([proposer], "library/emails/proposal_reviewed", _context(resource), links=links)

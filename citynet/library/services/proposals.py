"""A city's focal point proposes a case study about their city; the region's staff publish it or return it.

The moderation runs on the resource's status: a proposal starts as a DRAFT its proposer changes, is
PROPOSED when they submit it (it then waits in the staff's queue, `permissions.scope_review_queue`), and is
PUBLISHED by staff or RETURNED to its proposer with a note, who changes it and submits it again. Its
proposer never reviews it, even when they are staff too.

Each write goes through `citynet.core.records` (see resources.py): the resource's version guards the
resource and its case study's body together, one audit entry pictures both. Telling the proposer and
the staff by email waits for the commit (tasks/proposals.py, each in their own language): a submitted
proposal is told to the staff who may review it (the secretariat and the coordinators of its city's
region, never its proposer); a published or returned one to its proposer, with the staff's note when
returned. A repeat that changes nothing sends nothing.
"""

import datetime

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from citynet.core import records
from citynet.core.exceptions import InvalidInput, NotPermitted
from citynet.core.permissions import ensure_can
from citynet.network.models import Municipality
from citynet.network.services import unique_slug

from .. import permissions
from ..models import Access, CaseStudy, Resource, ResourceKind, ResourceStatus
from .resources import (
    BODY_FIELDS,
    ESSENTIAL_SECTIONS,
    LANGUAGE_CODES,
    column,
    locked,
    publish_now,
    resource_picture,
    save_with_body,
    slug_source,
    titled,
)

RESENT_WITHIN = datetime.timedelta(minutes=10)  # a proposal sent again within this is the same one

__all__ = [
    "propose_case_study",
    "update_proposal",
    "submit_proposal",
    "publish_proposal",
    "return_proposal",
    "missing_for_review",
]

# What the proposer writes of the resource itself: its title and summary in each language, its topics
# and work streams. Its kind, access, city and status are set here.
PROPOSER_FIELDS = [
    *(column(name, code) for name in ("title", "summary") for code in LANGUAGE_CODES),
    "topics",
    "work_streams",
]
CREATED_FIELDS = [*PROPOSER_FIELDS, "slug", "kind", "access", "status", "proposed_by", "municipalities"]


def _split(values: dict) -> tuple[dict, dict]:
    """The resource's values and the body's; anything else is refused (a programming error)."""
    unknown = set(values) - set(PROPOSER_FIELDS) - set(BODY_FIELDS)
    if unknown:
        raise InvalidInput(
            _("These fields cannot be changed here: %(fields)s.") % {"fields": ", ".join(sorted(unknown))}
        )
    resource_values = {name: value for name, value in values.items() if name in PROPOSER_FIELDS}
    for name in ("topics", "work_streams"):
        if name in resource_values:
            resource_values[name] = list(resource_values[name] or [])
    return resource_values, {name: value for name, value in values.items() if name in BODY_FIELDS}


def _form_language() -> str:
    """The language the proposer writes in, for a message at a field: the page's, else English."""
    language = (get_language() or settings.LANGUAGE_CODE).lower()
    return language if language in LANGUAGE_CODES else "en"


def _has_title(values: dict, instance) -> bool:
    return any((records.value_after(values, instance, column("title", code)) or "").strip() for code in LANGUAGE_CODES)


def _title_required() -> InvalidInput:
    return InvalidInput.at(column("title", _form_language()), _("Give the case study a title."))


@transaction.atomic
def propose_case_study(*, actor, municipality, values: dict) -> Resource:
    """A draft case study about `municipality`, by its focal point: public once published, about that
    city, with its title, summary, topics and work streams and its body's sections (`context_en`, ...,
    `contact`: a public position of the city) from `values`. It needs a title; it waits for its proposer
    to submit it (`submit_proposal`).

    Idempotent: the same proposal sent again (a double click, a resent form) while its draft is new gives
    that draft back. The city's row is locked first, so two such requests at once make one draft."""
    ensure_can(permissions.can_propose, actor, municipality)
    resource_values, body_values = _split(values)
    instance = Resource()
    if not _has_title(resource_values, instance):
        raise _title_required()
    Municipality.objects.select_for_update().filter(pk=municipality.pk).first()
    titles = {name: value for name, value in resource_values.items() if name.startswith("title_")}
    resent = (
        Resource.objects.filter(
            proposed_by=actor,
            municipalities=municipality,
            status=ResourceStatus.DRAFT,
            created_at__gte=timezone.now() - RESENT_WITHIN,
            **titles,
        )
        .order_by("-pk")
        .first()
    )
    if resent is not None:
        return resent
    resource_values.update(
        kind=ResourceKind.CASE_STUDY,
        access=Access.PUBLIC,
        status=ResourceStatus.DRAFT,
        proposed_by=actor,
        municipalities=[municipality],
        slug=unique_slug(Resource, slug_source(resource_values, instance, f"case study {municipality}")),
    )
    return save_with_body(
        actor=actor,
        instance=instance,
        values=resource_values,
        fields=CREATED_FIELDS,
        body_values=body_values,
        may=lambda who, _record: permissions.can_propose(who, municipality),
        proposer_city=municipality,
    )


@transaction.atomic
def update_proposal(*, actor, resource: Resource, values: dict, expected_version: int | None = None) -> Resource:
    """The proposer changes their case study while it is a draft or returned to them (the same fields as
    `propose_case_study`). A stale `expected_version` (the resource's) is a Conflict."""
    resource = locked(resource)
    ensure_can(permissions.can_change_proposal, actor, resource)
    resource_values, body_values = _split(values)
    if not _has_title(resource_values, resource):
        raise _title_required()
    return save_with_body(
        actor=actor,
        instance=resource,
        values=resource_values,
        fields=PROPOSER_FIELDS,
        body_values=body_values,
        may=permissions.can_change_proposal,
        expected_version=expected_version,
        proposer_city=resource.municipalities.first(),
    )


def _tell_after_commit(task_name: str, **kwargs) -> None:
    """Enqueue one of tasks/proposals.py's emails once the transaction commits (nothing on a rollback)."""
    from ..tasks import proposals as tasks

    task = getattr(tasks, task_name)
    transaction.on_commit(lambda: task.enqueue(**kwargs))


def missing_for_review(resource: Resource) -> dict:
    """What a proposal still lacks before its proposer may submit it, at its fields ({} when ready): the
    same check as `submit_proposal`, for the proposer's page to show before they try."""
    return _incomplete(resource)


def _incomplete(resource: Resource) -> dict:
    """What a proposal lacks before review, at its fields: a title; the body's context, approach and
    results in one language (the messages point at the language most nearly complete, else the page's)."""
    errors = {}
    if not _has_title({}, resource):
        errors[column("title", _form_language())] = [_("Give the case study a title.")]
    body = CaseStudy.objects.filter(resource=resource).first() or CaseStudy()

    def missing(code: str) -> list[str]:
        return [s for s in ESSENTIAL_SECTIONS if not (getattr(body, column(s, code), "") or "").strip()]

    first = _form_language()
    nearest = min([first, *LANGUAGE_CODES], key=lambda code: len(missing(code)))
    messages = {
        "context": _("Describe the context: the city, and what the situation was."),
        "approach": _("Describe the approach: what the city did."),
        "results": _("Describe the results: what changed."),
    }
    for section in missing(nearest):
        errors[column(section, nearest)] = [messages[section]]
    return errors


@transaction.atomic
def submit_proposal(*, actor, resource: Resource, expected_version: int | None = None) -> Resource:
    """The proposer hands their case study to the staff for review: it needs a title and its context,
    approach and results in one language (InvalidInput at those fields). Submitting it again while it
    waits is a no-op. The staff who may review it are told by email once this commits."""
    resource = locked(resource)
    if resource.status == ResourceStatus.PROPOSED and permissions.is_proposer(actor, resource):
        return resource
    ensure_can(permissions.can_change_proposal, actor, resource)
    errors = _incomplete(resource)
    if errors:
        raise InvalidInput(
            _("The case study is not ready for review: %(missing)s")
            % {"missing": " ".join(str(m) for messages in errors.values() for m in messages)},
            errors=errors,
        )
    with titled({}, resource):
        saved = records.save(
            actor=actor,
            instance=resource,
            values={"status": ResourceStatus.PROPOSED},
            fields=["status"],
            may=permissions.is_proposer,
            expected_version=expected_version,
            extra_snapshot=resource_picture,
        )
    _tell_after_commit("proposal_submitted", resource_id=saved.pk)
    return saved


def _ensure_reviewer(actor, resource: Resource) -> None:
    ensure_can(permissions.can_review, actor, resource)
    if permissions.is_proposer(actor, resource):
        raise NotPermitted(_("A case study is reviewed by someone other than its proposer."))


@transaction.atomic
def publish_proposal(*, actor, resource: Resource) -> Resource:
    """Staff who may edit a proposed case study (never its proposer) publish it: it is public from now.
    Publishing it again is a no-op. Its proposer is told by email once this commits."""
    resource = locked(resource)
    if resource.status == ResourceStatus.PUBLISHED:
        ensure_can(permissions.can_edit, actor, resource)
        return resource
    _ensure_reviewer(actor, resource)
    published = publish_now(actor, resource, permissions.can_edit)
    _tell_after_commit("proposal_reviewed", resource_id=published.pk, reviewer_id=actor.pk)
    return published


@transaction.atomic
def return_proposal(*, actor, resource: Resource, note: str) -> Resource:
    """Staff who may edit a proposed case study (never its proposer) return it to its proposer with a
    note saying what to change (required, at "review_note"). Returning it again is a no-op. Its proposer
    is told by email, with the note, once this commits."""
    resource = locked(resource)
    if resource.status == ResourceStatus.RETURNED:
        ensure_can(permissions.can_edit, actor, resource)
        return resource
    _ensure_reviewer(actor, resource)
    note = (note or "").strip()
    if not note:
        raise InvalidInput.at("review_note", _("Say what the proposer should change."))
    with titled({}, resource):
        returned = records.save(
            actor=actor,
            instance=resource,
            values={"status": ResourceStatus.RETURNED, "review_note": note},
            fields=["status", "review_note"],
            may=permissions.can_edit,
            extra_snapshot=resource_picture,
        )
    _tell_after_commit("proposal_reviewed", resource_id=returned.pk, reviewer_id=actor.pk)
    return returned

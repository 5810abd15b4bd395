"""Applicants' writes: their organisation's profile and people, and their applications from the first
draft to the submission (or withdrawal).

Every write goes through `citynet.core.records.save` (permission, row lock, version check, validation,
one audit entry) or, for attachments and people, logs its own audit entry. The deadline is the
server's: `submit` compares the database's application with the clock at the second, in the call's own
time zone (the moments are stored in UTC, so a change of daylight saving time moves nothing).
"""

from collections.abc import Iterable
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from citynet.core import audit, records
from citynet.core.exceptions import InvalidInput, InvalidTransition, NotPermitted
from citynet.core.permissions import ensure_can

from .. import answers
from ..models import (
    ApplicantOrganisation,
    Application,
    ApplicationStatus,
    Attachment,
    AttachmentKind,
    BudgetLine,
    Call,
    CallStages,
    OrganisationMember,
    Question,
    QuestionKind,
    Stage,
)
from ..permissions import can_edit_application, can_edit_organisation, organisation_ids_of
from ..uploads import check_upload

ORGANISATION_FIELDS = (
    "name",
    "acronym",
    "kind",
    "country",
    "city",
    "founded_year",
    "registration_number",
    "website",
    "email",
)
DRAFT_FIELDS = ("title", "answers", "partner_municipality", "requested_amount")


def _forget_memberships(actor) -> None:
    # permissions.organisation_ids_of caches the actor's organisations for the request.
    if hasattr(actor, "_citynet_applicant_organisations"):
        del actor._citynet_applicant_organisations


# --- Organisations ---------------------------------------------------------------------------------------


def save_organisation(
    *, actor, organisation: ApplicantOrganisation | None = None, values: dict, expected_version: int | None = None
) -> ApplicantOrganisation:
    """Create an applicant organisation's profile (its creator becomes its manager) or change it (its managers).

    A stale `expected_version` raises Conflict; invalid values, InvalidInput with the fields' messages.
    """
    instance = organisation or ApplicantOrganisation()
    creating = instance.pk is None

    def then(saved):
        if creating:
            OrganisationMember.objects.create(organisation=saved, user=actor, is_manager=True)
            _forget_memberships(actor)

    return records.save(
        actor=actor,
        instance=instance,
        values=values,
        fields=ORGANISATION_FIELDS,
        may=can_edit_organisation,
        expected_version=expected_version,
        then=then if creating else None,
    )


@transaction.atomic
def add_organisation_member(
    *, actor, organisation: ApplicantOrganisation, email: str, is_manager: bool = False
) -> OrganisationMember:
    """Add the person with account `email` to `organisation` (its managers only); adding them twice is a no-op.

    The person must have an account (they sign up first); an unknown address is InvalidInput at `email`.
    """
    ensure_can(can_edit_organisation, actor, organisation)
    user = get_user_model().objects.filter(email__iexact=(email or "").strip(), is_active=True).first()
    if user is None:
        message = _("No account uses this address yet: ask them to sign up first, then add them.")
        raise InvalidInput(message, errors={"email": [message]})
    before = sorted(organisation.members.values_list("user_id", flat=True))
    member, created = OrganisationMember.objects.get_or_create(
        organisation=organisation, user=user, defaults={"is_manager": is_manager}
    )
    if created:
        # Accounts by id: their addresses are private and never enter the log.
        audit.record(
            actor=actor,
            instance=organisation,
            action="wagtail.edit",
            before={"people": before},
            after={"people": sorted([*before, user.pk])},
        )
        _forget_memberships(user)
    return member


# --- Applications --------------------------------------------------------------------------------------


def stage_to_start(call: Call, organisation: ApplicantOrganisation) -> str:
    """One-stage calls take full applications; two-stage calls an expression of interest, then a full
    proposal from those invited."""
    if call.stages != CallStages.TWO_STAGES:
        return Stage.FULL
    invited = Application.objects.filter(
        call=call, organisation=organisation, stage=Stage.EXPRESSION_OF_INTEREST, invited_to_full_proposal=True
    ).exists()
    return Stage.FULL if invited else Stage.EXPRESSION_OF_INTEREST


def start_application(*, actor, call: Call, organisation: ApplicantOrganisation, now=None) -> Application:
    """The organisation's application to `call` at its current stage: the existing one, else a new draft.

    A second click (or two people at once) finds the first. A new one only while the call is open.
    """
    now = now or timezone.now()
    if organisation.pk not in organisation_ids_of(actor):
        raise NotPermitted(_("Only the people of an organisation can apply on its behalf."))
    stage = stage_to_start(call, organisation)
    existing = Application.objects.filter(call=call, organisation=organisation, stage=stage).first()
    if existing is not None:
        return existing
    if not call.is_published or not (call.opens_at <= now < call.closes_at_for(stage)):
        raise InvalidTransition(_("This call is not open for applications."))
    try:
        with transaction.atomic():
            return records.save(
                actor=actor,
                instance=Application(call=call, organisation=organisation, stage=stage, created_by=actor),
                values={},
                fields=(),
                may=can_edit_application,
            )
    except IntegrityError:
        # Someone of the same organisation started it at the same moment: theirs is ours.
        return Application.objects.get(call=call, organisation=organisation, stage=stage)


def _ensure_draft(application: Application) -> None:
    if application.status != ApplicationStatus.DRAFT:
        raise InvalidTransition(_("This application was submitted: it can no longer be changed."))


def _clean_answers(application: Application, given: dict) -> dict:
    """Keep the answers to this call's own questions (files and budget have their records), as text."""
    keys = {
        str(pk)
        for pk, kind in Question.objects.filter(call_id=application.call_id, stage=application.stage).values_list(
            "pk", "kind"
        )
        if kind not in (QuestionKind.FILE, QuestionKind.BUDGET)
    }
    return {key: "" if value is None else str(value) for key, value in (given or {}).items() if str(key) in keys}


def _clean_lines(lines: Iterable[dict]) -> list[dict]:
    """Budget rows as typed: empty rows dropped; an amount that is not a number, or is negative, is refused."""
    cleaned, problems = [], []
    for number, line in enumerate(lines, start=1):
        category = (line.get("category") or "").strip()
        description = (line.get("description") or "").strip()
        raw = line.get("amount")
        raw = "" if raw is None else str(raw).strip()
        if not (category or description or raw):
            continue
        amount = answers.parse_decimal(raw) if raw else Decimal(0)
        if amount is None:
            problems.append(_("Line %(line)s: give the amount as a number.") % {"line": number})
            continue
        if amount < 0:
            problems.append(_("Line %(line)s: the amount cannot be negative.") % {"line": number})
            continue
        cleaned.append(
            {"category": category[:120], "description": description[:300], "amount": amount.quantize(Decimal("0.01"))}
        )
    if problems:
        raise InvalidInput(" ".join(problems), errors={answers.BUDGET: problems})
    return cleaned


def _lines_of(application: Application) -> list[dict]:
    return [
        {"category": line.category, "description": line.description, "amount": line.amount}
        for line in application.budget_lines.all()
    ]


def _budget_snapshot(application: Application) -> dict:
    return {
        "budget_lines": [f"{line['category']}: {line['amount']}" for line in _lines_of(application)],
    }


def save_draft(
    *,
    actor,
    application: Application,
    values: dict,
    budget_lines: Iterable[dict] | None = None,
    expected_version: int | None = None,
) -> Application:
    """Save what the applicant typed so far (answers may be incomplete); returns it with its new version.

    Only a draft, only by the organisation's people. Someone of the same organisation who saved since
    `expected_version` was read makes this a Conflict: nothing is written, nobody's text is overwritten.
    `budget_lines` (rows of category, description, amount) replace the budget table when given.
    """
    values = dict(values)
    if "answers" in values:
        values["answers"] = _clean_answers(application, values["answers"])
    if "requested_amount" in values:
        amount = answers.parse_decimal(values["requested_amount"])
        if amount is None and str(values["requested_amount"] or "").strip():
            message = _("Give the amount as a number.")
            raise InvalidInput(message, errors={"requested_amount": [message]})
        values["requested_amount"] = (amount or Decimal(0)).quantize(Decimal("0.01"))
    lines = _clean_lines(budget_lines) if budget_lines is not None else None

    with transaction.atomic():
        current = Application.objects.select_for_update().get(pk=application.pk)
        ensure_can(can_edit_application, actor, current)
        _ensure_draft(current)
        if lines is not None and lines == _lines_of(current):
            lines = None  # the same table: nothing to replace

        def replace_lines(saved):
            saved.budget_lines.all().delete()
            BudgetLine.objects.bulk_create(
                BudgetLine(application=saved, sort_order=index, **line) for index, line in enumerate(lines)
            )

        return records.save(
            actor=actor,
            instance=current,
            values=values,
            fields=DRAFT_FIELDS,
            may=can_edit_application,
            expected_version=expected_version,
            then=replace_lines if lines is not None else None,
            extra_snapshot=_budget_snapshot,
        )


@transaction.atomic
def add_attachment(
    *,
    actor,
    application: Application,
    upload: UploadedFile,
    kind: str = AttachmentKind.ANSWER,
    question: Question | None = None,
) -> Attachment:
    """Attach a file to a draft: checked by its bytes (PDF, DOCX, XLSX, ODT, PNG, JPEG) and its size
    (`uploads.check_upload`), kept in the grants' private storage under a random name, with its SHA-256.
    It replaces the file given before for the same question (or the same letter of support)."""
    current = Application.objects.select_for_update().get(pk=application.pk)
    ensure_can(can_edit_application, actor, current)
    _ensure_draft(current)
    if kind not in AttachmentKind.values:
        raise InvalidInput(_("Unknown kind of attachment."))
    if kind == AttachmentKind.ANSWER:
        if question is None or question.call_id != current.call_id or question.kind != QuestionKind.FILE:
            raise InvalidInput(_("Attach answers' files to a file question of this call."))
    else:
        question = None
    key = answers.question_key(question) if question is not None else kind
    checked = check_upload(upload, field=key)

    previous = list(current.attachments.filter(kind=kind, question=question))
    attachment = Attachment(
        application=current,
        kind=kind,
        question=question,
        original_name=checked.original_name,
        content_type=checked.content_type,
        size=checked.size,
        sha256=checked.sha256,
        uploaded_by=actor,
    )
    attachment.file.save(checked.extension, upload, save=False)
    attachment.save()
    for old in previous:
        _delete_attachment(old)
    audit.record(
        actor=actor,
        instance=current,
        action="wagtail.edit",
        before={"attachments": [a.original_name for a in previous]},
        after={"attachments": [attachment.original_name], "sha256": attachment.sha256},
    )
    return attachment


def _delete_attachment(attachment: Attachment) -> None:
    storage, name = attachment.file.storage, attachment.file.name
    attachment.delete()
    # The file goes once the row is gone for good (a rolled-back transaction keeps both).
    transaction.on_commit(lambda: storage.delete(name))


@transaction.atomic
def remove_attachment(*, actor, attachment: Attachment) -> None:
    """Remove a file from a draft (its people only)."""
    current = Application.objects.select_for_update().get(pk=attachment.application_id)
    ensure_can(can_edit_application, actor, current)
    _ensure_draft(current)
    audit.record(
        actor=actor,
        instance=current,
        action="wagtail.edit",
        before={"attachments": [attachment.original_name]},
        after={"attachments": []},
    )
    _delete_attachment(attachment)


def deadline_passed_message(application: Application) -> str:
    deadline = timezone.localtime(application.deadline, application.call.zone)
    return _(
        "The deadline passed at %(deadline)s (%(zone)s time): the application can no longer be submitted. "
        "Your draft is kept."
    ) % {"deadline": date_format(deadline, "DATETIME_FORMAT"), "zone": application.call.time_zone}


def next_reference(call: Call) -> tuple[str, int]:
    """`<call code>-<4 digits>` and its number: the next in the call's sequence. The caller holds the
    call's row lock."""
    number = (Application.objects.filter(call=call).aggregate(last=Max("number"))["last"] or 0) + 1
    while True:
        reference = f"{call.code}-{number:04d}"
        if not Application.objects.filter(reference=reference).exists():
            return reference, number
        number += 1


@transaction.atomic
def submit(*, actor, application: Application, submission_key: str | None = None, now=None) -> Application:
    """Submit a draft before its deadline (to the second); give it the call's next reference; mail the receipt.

    Idempotent: a submitted application comes back as it is (a double click, a resent form, a second
    `submission_key`), with no second reference and no second email. After the deadline: InvalidTransition
    and the draft stays. Incomplete answers: InvalidInput with each field's messages.
    """
    now = now or timezone.now()
    current = Application.objects.select_for_update().select_related("call").get(pk=application.pk)
    ensure_can(can_edit_application, actor, current)
    if current.status == ApplicationStatus.SUBMITTED:
        return current
    if current.status != ApplicationStatus.DRAFT:
        raise InvalidTransition(_("This application was withdrawn: it cannot be submitted."))
    if not current.is_before_deadline(now):
        raise InvalidTransition(deadline_passed_message(current))
    problems = answers.check(current.call, current)
    if problems:
        raise InvalidInput(_("Some answers need your attention before you can submit."), errors=problems)
    call = Call.objects.select_for_update().get(pk=current.call_id)  # one reference at a time per call
    reference, number = next_reference(call)
    submitted = records.save(
        actor=actor,
        instance=current,
        values={"status": ApplicationStatus.SUBMITTED, "reference": reference, "number": number, "submitted_at": now},
        fields=("status", "reference", "number", "submitted_at"),
        may=can_edit_application,
    )
    from ..tasks.applying import send_receipt

    transaction.on_commit(lambda: send_receipt.enqueue(application_id=submitted.pk))
    return submitted


@transaction.atomic
def withdraw(*, actor, application: Application, now=None) -> Application:
    """Withdraw a submitted application before its deadline; withdrawing twice is a no-op."""
    now = now or timezone.now()
    current = Application.objects.select_for_update().select_related("call").get(pk=application.pk)
    ensure_can(can_edit_application, actor, current)
    if current.status == ApplicationStatus.WITHDRAWN:
        return current
    if current.status != ApplicationStatus.SUBMITTED:
        raise InvalidTransition(_("Only a submitted application can be withdrawn."))
    if not current.is_before_deadline(now):
        raise InvalidTransition(_("The deadline has passed: the application can no longer be withdrawn."))
    return records.save(
        actor=actor,
        instance=current,
        values={"status": ApplicationStatus.WITHDRAWN, "withdrawn_at": now},
        fields=("status", "withdrawn_at"),
        may=can_edit_application,
    )

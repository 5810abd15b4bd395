"""Writes to calls: the call itself with its questions and rubric, publishing it, one applicant's extension.

Every write goes through `citynet.core.records.save` (the staff of the call's region only, row lock,
version check, validation, one audit entry). Staff type opening and closing moments as wall-clock
times in the call's own time zone (Tirana's 23:59, not the server's); these are stored as aware
datetimes, so the deadline is exact on both sides of a daylight-saving change.
"""

import datetime
import zoneinfo

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from citynet.core import records
from citynet.core.exceptions import InvalidInput, InvalidTransition

from .. import permissions
from ..models import Application, ApplicationStatus, Call, CallStatus, Criterion, DeadlineExtension, Question

MOMENTS = ("opens_at", "closes_at", "full_proposals_close_at")
# Written by their own actions (publish_call, publish_results), never by the call's form.
NOT_EDITED_HERE = {"status", "results_published_at"}
CALL_FIELDS = records.editable_fields(Call, leave_out=NOT_EDITED_HERE)
QUESTION_FIELDS = records.editable_fields(Question, leave_out={"call"})
CRITERION_FIELDS = records.editable_fields(Criterion, leave_out={"call"})


def _may_manage(actor, call) -> bool:
    return permissions.can_manage_call(actor, call)


def local_moment(value: datetime.datetime | None, zone_name: str, *, field: str) -> datetime.datetime | None:
    """A wall-clock time in `zone_name` as an aware datetime; an aware value is kept as it is.

    A time that does not exist there (skipped when clocks go forward) is refused at its field; a time
    that happens twice (when clocks go back) is the first of the two (summer time).
    """
    if value is None or timezone.is_aware(value):
        return value
    zone = zoneinfo.ZoneInfo(zone_name)
    aware = value.replace(tzinfo=zone, fold=0)
    if aware.astimezone(datetime.UTC).astimezone(zone).replace(tzinfo=None) != value:
        raise InvalidInput(
            _("%(time)s does not exist in %(zone)s: the clocks skip it. Choose another time.")
            % {"time": value.strftime("%Y-%m-%d %H:%M"), "zone": zone_name},
            errors={field: [_("This time does not exist in the call's time zone (the clocks skip it).")]},
        )
    return aware


def wall_clock(value: datetime.datetime | None, zone_name: str) -> datetime.datetime | None:
    """The opposite of `local_moment`: what a stored moment reads on a clock in the call's time zone."""
    if value is None:
        return None
    return value.astimezone(zoneinfo.ZoneInfo(zone_name)).replace(tzinfo=None)


def _children_snapshot(call) -> dict:
    if call.pk is None:
        return {}
    return {
        "questions": [f"{q.sort_order}. {q.label} ({q.kind})" for q in Question.objects.filter(call=call)],
        "criteria": [
            f"{c.name} ×{c.weight} [{c.scale_min}–{c.scale_max}]" for c in Criterion.objects.filter(call=call)
        ],
    }


def _replace_children(call, model, fields, rows: list[dict] | None, prefix: str) -> None:
    """Make the call's `model` children what `rows` say: rows with an "id" change that child (kept, so the
    answers keyed by a question's id survive an edit), rows without one are new, the others go."""
    if rows is None:
        return
    existing = {child.pk: child for child in model.objects.filter(call=call)}
    kept, errors = set(), {}
    for index, row in enumerate(rows):
        child = existing.get(row.get("id")) or model(call=call)
        unknown = set(row) - set(fields) - {"id"}
        if unknown:
            raise InvalidInput(
                _("These fields cannot be changed here: %(fields)s.") % {"fields": ", ".join(sorted(unknown))}
            )
        for name, value in row.items():
            if name != "id":
                setattr(child, name, value)
        if not row.get("sort_order"):
            child.sort_order = index
        try:
            child.full_clean(exclude=["call"])
        except ValidationError as error:
            for name, messages in error.message_dict.items():
                errors.setdefault(f"{prefix}-{index}-{name}", []).extend(messages)
            continue
        child.save()
        kept.add(child.pk)
    if errors:
        message = " ".join(m for messages in errors.values() for m in messages)
        raise InvalidInput(message, errors=errors)
    model.objects.filter(call=call).exclude(pk__in=kept).delete()


@transaction.atomic
def save_call(
    *,
    actor,
    instance: Call | None = None,
    values: dict,
    expected_version: int | None = None,
    questions: list[dict] | None = None,
    criteria: list[dict] | None = None,
) -> Call:
    """Create or change a call: the staff of its region (before and after the change).

    `values` maps the call's fields to values; naive opening and closing moments are wall-clock times in
    the call's time zone (the new one when `values` changes it). `questions` and `criteria`, when given,
    are the call's form and rubric as they should be (dicts of field values; an "id" keeps that child).
    Side effects: one audit entry with the call's values and its children before and after.
    """
    instance = instance or Call()
    zone_name = values.get("time_zone") or instance.time_zone
    values = dict(values)
    for name in MOMENTS:
        if name in values:
            values[name] = local_moment(values[name], zone_name, field=name)

    def replace_children(call):
        _replace_children(call, Question, QUESTION_FIELDS, questions, "questions")
        _replace_children(call, Criterion, CRITERION_FIELDS, criteria, "criteria")

    with_children = questions is not None or criteria is not None
    return records.save(
        actor=actor,
        instance=instance,
        values=values,
        fields=CALL_FIELDS,
        may=_may_manage,
        expected_version=expected_version,
        then=replace_children if with_children else None,
        extra_snapshot=_children_snapshot,
    )


def publish_call(*, actor, call: Call) -> Call:
    """Publish a draft call (it then shows on the hub and its public page); publishing twice is a no-op.

    A call whose results are out cannot go back to being merely published (InvalidTransition).
    """
    if call.status == CallStatus.RESULTS_PUBLISHED:
        raise InvalidTransition(_("This call's results are already published."))
    return records.save(
        actor=actor,
        instance=call,
        values={"status": CallStatus.PUBLISHED},
        fields=["status"],
        may=_may_manage,
    )


def _may_extend(actor, extension) -> bool:
    return permissions.can_manage_call(actor, extension.application.call)


@transaction.atomic
def grant_extension(*, actor, application: Application, closes_at: datetime.datetime, reason: str) -> DeadlineExtension:
    """Give one application a later deadline (a power cut, a disaster): the call's staff, with a reason.

    `closes_at` naive is a wall-clock time in the call's time zone. It must fall after the call's own
    deadline for the application's stage. Granting again replaces the earlier extension. Logged; only
    that applicant sees it (`selectors.staff.extension_for`).
    """
    call = application.call
    errors = {}
    if not (reason or "").strip():
        errors["reason"] = [_("Say why this applicant gets more time.")]
    if closes_at is None:
        errors["closes_at"] = [_("Give the new deadline.")]
    if errors:
        raise InvalidInput(" ".join(m for ms in errors.values() for m in ms), errors=errors)
    closes_at = local_moment(closes_at, call.time_zone, field="closes_at")
    if closes_at <= call.closes_at_for(application.stage):
        raise InvalidInput(
            _("The new deadline must be after the call's own."),
            errors={"closes_at": [_("The new deadline must be after the call's own.")]},
        )
    if application.status == ApplicationStatus.WITHDRAWN:
        raise InvalidTransition(_("This application was withdrawn."))
    extension = DeadlineExtension.objects.filter(application=application).first() or DeadlineExtension(
        application=application
    )
    return records.save(
        actor=actor,
        instance=extension,
        values={"closes_at": closes_at, "reason": reason.strip(), "granted_by": actor},
        fields=["closes_at", "reason", "granted_by"],
        may=_may_extend,
    )

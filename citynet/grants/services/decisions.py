"""Decisions on applications, telling the applicants, and publishing a call's awards.

The budget is kept by locking the call's row: every decision of a call takes the same lock before it
adds up the awards, so two staff awarding at once cannot together pass the call's total.
"""

import datetime

from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from citynet.core import audit, records
from citynet.core.admin_forms import language_columns
from citynet.core.exceptions import InvalidInput, InvalidTransition
from citynet.core.names import to_latin
from citynet.core.permissions import ensure_can

from .. import permissions
from ..models import (
    Application,
    ApplicationStatus,
    Award,
    Call,
    CallStages,
    CallStatus,
    Decision,
    Outcome,
    Screening,
    Stage,
)

DECISION_FIELDS = ["outcome", "amount", "message", "decided_by", "notified_at"]


def _may_decide(actor, decision) -> bool:
    return permissions.can_manage_call(actor, decision.application.call)


def _amount_error(message: str) -> InvalidInput:
    return InvalidInput(message, errors={"amount": [message]})


def _lock_call(call_id: int) -> Call:
    return Call.objects.select_for_update().get(pk=call_id)


@transaction.atomic
def decide(
    *,
    actor,
    application: Application,
    outcome: str,
    amount=None,
    message: str = "",
    expected_version: int | None = None,
) -> Decision:
    """Decide on a submitted, eligible application: award (with an amount), reserve list, or reject.

    An award's amount may differ from the request; it stays within the call's minimum and maximum
    award, and the sum of the call's awards within its total budget (InvalidInput at "amount"). The
    call's row is locked while the awards are added up. Once results are published the decisions are
    final (InvalidTransition). Changing a decision the applicant was told about lets
    `notify_decisions` tell them again. Audited; `expected_version` guards an edited decision.
    """
    call = _lock_call(application.call_id)
    ensure_can(permissions.can_manage_call, actor, call)
    if call.status == CallStatus.RESULTS_PUBLISHED:
        raise InvalidTransition(_("This call's results are published: its decisions are final."))
    if application.status != ApplicationStatus.SUBMITTED:
        raise InvalidTransition(_("Only a submitted application can be decided on."))
    if outcome not in Outcome.values:
        raise InvalidInput(_("Choose an outcome."), errors={"outcome": [_("Choose an outcome.")]})
    if outcome != Outcome.AWARD:
        amount = None
    elif application.screening != Screening.ELIGIBLE:
        raise InvalidTransition(_("Screen the application as eligible before awarding it."))
    elif call.stages == CallStages.TWO_STAGES and application.stage != Stage.FULL:
        raise InvalidTransition(_("Award the invited full proposal, not the expression of interest."))
    else:
        if amount is None or amount <= 0:
            raise _amount_error(_("An award needs an amount."))
        if amount < call.min_award or amount > call.max_award:
            raise _amount_error(
                _("An award must be between %(min)s and %(max)s %(currency)s.")
                % {"min": call.min_award, "max": call.max_award, "currency": call.currency}
            )
        others = (
            Decision.objects.filter(application__call=call, outcome=Outcome.AWARD)
            .exclude(application=application)
            .aggregate(total=Sum("amount"))["total"]
            or 0
        )
        if others + amount > call.total_budget:
            raise _amount_error(
                _("This award would exceed the call's budget: %(remaining)s %(currency)s remain.")
                % {"remaining": call.total_budget - others, "currency": call.currency}
            )
    decision = Decision.objects.filter(application=application).first() or Decision(application=application)
    values = {"outcome": outcome, "amount": amount, "message": (message or "").strip(), "decided_by": actor}
    changes_news = decision.pk is not None and (decision.outcome, decision.amount, decision.message) != (
        outcome,
        amount,
        values["message"],
    )
    if changes_news:
        values["notified_at"] = None  # the applicant was told something else: tell them again
    return records.save(
        actor=actor,
        instance=decision,
        values=values,
        fields=DECISION_FIELDS,
        may=_may_decide,
        expected_version=expected_version,
    )


@transaction.atomic
def notify_decisions(*, actor, call: Call) -> int:
    """Tell each applicant not yet told of their decision, in their language, after the commit.

    Marks those decisions as told (`notified_at`), so calling it again sends nothing; returns how many
    decisions it announced. Logged on the call.
    """
    call = _lock_call(call.pk)
    ensure_can(permissions.can_manage_call, actor, call)
    pending = list(
        Decision.objects.select_for_update()
        .filter(application__call=call, notified_at__isnull=True, application__status=ApplicationStatus.SUBMITTED)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    if not pending:
        return 0
    Decision.objects.filter(pk__in=pending).update(notified_at=timezone.now())
    audit.record(
        actor=actor, instance=call, action="grants.notify_decisions", before={}, after={"applicants_told": len(pending)}
    )
    from ..tasks.decisions import notify_decision

    def enqueue():
        for pk in pending:
            notify_decision.enqueue(decision_id=pk)

    transaction.on_commit(enqueue)
    return len(pending)


def _award_slug(call: Call, application: Application) -> str:
    base = slugify(to_latin(f"{call.slug} {application.organisation.name}"))[:150] or f"award-{application.pk}"
    slug, n = base, 2
    while Award.objects.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


@transaction.atomic
def publish_results(
    *,
    actor,
    call: Call,
    announcement: str = "",
    announcements: dict[str, str] | None = None,
    announced_on: datetime.date | None = None,
) -> Call:
    """Publish a call's results: an Award per awarded application, and the call marked as such.

    Each award carries the recipient's name, the partner municipality, the amount, the project's title
    and the year. `announcements` ({"results_announcement_ar": text, ...}) fill the announcement's
    language columns; a single `announcement` goes to the active language's. Publishing twice is a no-op. Audited (the call's change and each award's creation).
    """
    call = _lock_call(call.pk)
    ensure_can(permissions.can_manage_call, actor, call)
    if call.status == CallStatus.RESULTS_PUBLISHED:
        return call
    if call.status == CallStatus.DRAFT:
        raise InvalidTransition(_("Publish the call before its results."))
    announced_on = announced_on or timezone.localdate()
    decisions = (
        Decision.objects.filter(
            application__call=call, outcome=Outcome.AWARD, application__status=ApplicationStatus.SUBMITTED
        )
        .select_related("application__organisation__registry_organisation", "application__partner_municipality")
        .order_by("pk")
    )
    for decision in decisions:
        application = decision.application
        if Award.objects.filter(application=application).exists():
            continue
        records.save(
            actor=actor,
            instance=Award(call=call, application=application),
            values={
                "slug": _award_slug(call, application),
                "recipient_name": application.organisation.name,
                "recipient": application.organisation.registry_organisation,
                "partner_municipality": application.partner_municipality,
                "amount": decision.amount,
                "project_title": application.title,
                "announced_on": announced_on,
                "announced_year": announced_on.year,
            },
            fields=[
                "slug",
                "recipient_name",
                "recipient",
                "partner_municipality",
                "amount",
                "project_title",
                "announced_on",
                "announced_year",
            ],
            may=lambda a, award: permissions.can_manage_call(a, award.call),
        )
    columns = language_columns("results_announcement")
    values = {"status": CallStatus.RESULTS_PUBLISHED, "results_published_at": timezone.now()}
    if announcement:
        values["results_announcement"] = announcement
    values.update({column: text for column, text in (announcements or {}).items() if column in columns})
    return records.save(
        actor=actor,
        instance=call,
        values=values,
        fields=["status", "results_published_at", "results_announcement", *columns],
        may=lambda a, c: permissions.can_manage_call(a, c),
    )

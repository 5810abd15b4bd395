"""After the award: the grant's agreement, its payment tranches, and the reports the grantee owes.

Staff of the call's region set a grant up (only for an awarded application, for the amount decided,
with tranches that add up to it) and record payments; the grantee's people upload each report before
its due date; staff approve it or return it with a comment, and the grantee is told. Reminders go out
a few days before a report is due (`send_report_reminders`, run daily by `manage.py
send_grant_reminders`). Every write is audited through `citynet.core.records`.
"""

import datetime
from decimal import Decimal

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from citynet.core import records
from citynet.core.exceptions import InvalidInput, InvalidTransition

from ..models import Application, Grant, GrantReport, Outcome, ReportKind, ReportStatus, Tranche
from ..permissions import can_manage_grant, can_report_on
from ..tasks import grantees as tasks
from ..uploads import check_upload

GRANT_FIELDS = ("application", "amount", "agreement_signed_on", "starts_on", "ends_on")
REMINDER_DAYS = 7


def _children(grant: Grant) -> dict:
    return {
        "tranches": [
            f"{t.due_on}: {t.amount}" + (f" (paid {t.paid_on})" if t.paid_on else "") for t in grant.tranches.all()
        ],
        "reports": [f"{r.due_on}: {r.title} ({r.get_status_display()})" for r in grant.reports.all()],
    }


def _may_set_up(actor, grant: Grant) -> bool:
    return can_manage_grant(actor, grant)


def set_up_grant(
    *,
    actor,
    application: Application,
    values: dict,
    tranches: list[dict],
    reports: list[dict],
    instance: Grant | None = None,
    expected_version: int | None = None,
) -> Grant:
    """Create or change the grant of an awarded application.

    `values`: amount (the decision's when not given), agreement_signed_on, starts_on, ends_on.
    `tranches`: [{"due_on", "amount", "paid_on"?}], which must add up to the amount.
    `reports`: [{"kind", "title", "due_on"}]; reports already submitted are kept as they are.
    """
    decision = getattr(application, "decision", None)
    if decision is None or decision.outcome != Outcome.AWARD:
        raise InvalidTransition(_("A grant follows an award: this application was not awarded."))
    values = {"amount": decision.amount, **values, "application": application}
    amount = Decimal(values["amount"] or 0)
    total = sum((Decimal(t["amount"]) for t in tranches), Decimal(0))
    if tranches and total != amount:
        message = _("The tranches add up to %(total)s, not to the grant's %(amount)s.") % {
            "total": total,
            "amount": amount,
        }
        raise InvalidInput(message, errors={"tranches": [message]})
    for report in reports:
        if report.get("kind") not in ReportKind.values or not report.get("title") or not report.get("due_on"):
            message = _("Each report needs a kind, a title and a due date.")
            raise InvalidInput(message, errors={"reports": [message]})

    def replace_children(grant: Grant) -> None:
        grant.tranches.all().delete()
        Tranche.objects.bulk_create(
            Tranche(grant=grant, due_on=t["due_on"], amount=t["amount"], paid_on=t.get("paid_on")) for t in tranches
        )
        # Submitted or reviewed reports are the grantee's work: never dropped by a change of plan.
        kept = set(grant.reports.exclude(status=ReportStatus.DUE).values_list("title", "due_on"))
        grant.reports.filter(status=ReportStatus.DUE).delete()
        GrantReport.objects.bulk_create(
            GrantReport(grant=grant, kind=r["kind"], title=r["title"], due_on=r["due_on"])
            for r in reports
            if (r["title"], r["due_on"]) not in kept
        )

    return records.save(
        actor=actor,
        instance=instance or Grant(),
        values=values,
        fields=GRANT_FIELDS,
        may=_may_set_up,
        expected_version=expected_version,
        then=replace_children,
        extra_snapshot=_children,
    )


@transaction.atomic
def record_payment(*, actor, tranche: Tranche, paid_on: datetime.date | None) -> Tranche:
    """Mark a tranche paid on a date (or not paid, with None)."""
    grant = Grant.objects.select_for_update().get(pk=tranche.grant_id)

    def mark(record: Grant) -> None:
        Tranche.objects.filter(pk=tranche.pk, grant=record).update(paid_on=paid_on)

    records.save(
        actor=actor, instance=grant, values={}, fields=(), may=_may_set_up, then=mark, extra_snapshot=_children
    )
    tranche.refresh_from_db()
    return tranche


def _may_report(actor, report: GrantReport) -> bool:
    return can_report_on(actor, report.grant)


def submit_report(
    *, actor, report: GrantReport, text: str = "", upload: UploadedFile | None = None, expected_version=None
) -> GrantReport:
    """The grantee hands in a report (its text, a file, or both), while it is due or after it was returned."""
    if report.status not in (ReportStatus.DUE, ReportStatus.RETURNED):
        raise InvalidTransition(_("This report was already handed in."))
    text = (text or "").strip()
    if not text and upload is None and not report.file:
        message = _("Write the report or attach its file.")
        raise InvalidInput(message, errors={"text": [message]})
    checked = check_upload(upload, field="file") if upload is not None else None

    def store_file(saved: GrantReport) -> None:
        if checked is not None:
            old = saved.file.name
            saved.file.save(f"{checked.extension}", upload, save=False)
            GrantReport.objects.filter(pk=saved.pk).update(
                file=saved.file.name, original_name=checked.original_name, content_type=checked.content_type
            )
            if old:
                storage = saved.file.storage
                transaction.on_commit(lambda: storage.delete(old))
        transaction.on_commit(lambda: tasks.report_handed_in.enqueue(report_id=saved.pk))

    return records.save(
        actor=actor,
        instance=report,
        values={"text": text, "status": ReportStatus.SUBMITTED, "submitted_at": timezone.now()},
        fields=("text", "status", "submitted_at"),
        may=_may_report,
        expected_version=expected_version,
        then=store_file,
    )


def review_report(*, actor, report: GrantReport, approve: bool, comment: str = "") -> GrantReport:
    """Staff approve a handed-in report, or return it with a comment saying what to change."""
    if report.status != ReportStatus.SUBMITTED:
        raise InvalidTransition(_("Only a report that was handed in can be approved or returned."))
    comment = (comment or "").strip()
    if not approve and not comment:
        message = _("Say what the grantee should change.")
        raise InvalidInput(message, errors={"comment": [message]})

    def tell(saved: GrantReport) -> None:
        transaction.on_commit(lambda: tasks.report_reviewed.enqueue(report_id=saved.pk))

    return records.save(
        actor=actor,
        instance=report,
        values={"status": ReportStatus.APPROVED if approve else ReportStatus.RETURNED, "staff_comment": comment},
        fields=("status", "staff_comment"),
        may=lambda a, r: can_manage_grant(a, r.grant),
        then=tell,
    )


@transaction.atomic
def send_report_reminders(*, today: datetime.date | None = None, days_before: int = REMINDER_DAYS) -> int:
    """Remind grantees of reports due within `days_before` days, once per report; returns how many."""
    today = today or timezone.localdate()
    due = list(
        GrantReport.objects.select_for_update()
        .filter(
            status__in=[ReportStatus.DUE, ReportStatus.RETURNED],
            due_on__gte=today,
            due_on__lte=today + datetime.timedelta(days=days_before),
            reminded_at__isnull=True,
        )
        .values_list("pk", flat=True)
    )
    GrantReport.objects.filter(pk__in=due).update(reminded_at=timezone.now())
    for pk in due:
        transaction.on_commit(lambda pk=pk: tasks.remind_report_due.enqueue(report_id=pk))
    return len(due)

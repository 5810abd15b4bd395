"""Grantees' background work: reminders before a report is due, and word of a report handed in or reviewed."""

from django_tasks import task

from citynet.accounts.models import Role, RoleAssignment

from ..mail import people_of, send_each, site_url
from ..models import GrantReport


def _report(report_id: int) -> GrantReport | None:
    return (
        GrantReport.objects.select_related("grant__application__call__region", "grant__application__organisation")
        .filter(pk=report_id)
        .first()
    )


def _context(report: GrantReport):
    def build(user) -> dict:
        return {
            "report": report,
            "call": report.grant.application.call,
            "organisation": report.grant.application.organisation,
            "url": site_url("grants:grant-detail", report.grant_id),
        }

    return build


@task()
def remind_report_due(*, report_id: int) -> int:
    """Remind the grantee's people that a report is due soon (sent once per report)."""
    report = _report(report_id)
    if report is None:
        return 0
    return send_each(
        people_of(report.grant.application.organisation), "grants/email/grantees/reminder", _context(report)
    )


@task()
def report_reviewed(*, report_id: int) -> int:
    """Tell the grantee's people that staff approved their report, or returned it with a comment."""
    report = _report(report_id)
    if report is None:
        return 0
    return send_each(
        people_of(report.grant.application.organisation), "grants/email/grantees/reviewed", _context(report)
    )


@task()
def report_handed_in(*, report_id: int) -> int:
    """Tell the call's regional coordinators that a grantee handed in a report to review."""
    report = _report(report_id)
    if report is None:
        return 0
    region = report.grant.application.call.region
    staff = {
        a.user.pk: a.user
        for a in RoleAssignment.objects.filter(
            role=Role.REGIONAL_COORDINATOR, region=region, user__is_active=True
        ).select_related("user")
    }
    return send_each(staff.values(), "grants/email/grantees/handed_in", _context(report))

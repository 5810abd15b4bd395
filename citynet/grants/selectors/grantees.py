"""Reads about grants after award: one grant with its tranches and reports, for those who may see it."""

from django.db.models import Prefetch

from citynet.core.exceptions import NotFound

from ..models import Grant, GrantReport, Tranche
from ..permissions import scope_visible_grants


def visible_grants(actor):
    return scope_visible_grants(Grant.objects.all(), actor).select_related(
        "application__call__region", "application__organisation"
    )


def grant_for(actor, pk: int) -> Grant:
    """The grant `pk` with its tranches and reports (three queries), or NotFound when `actor` may not see it."""
    grant = (
        visible_grants(actor)
        .prefetch_related(
            Prefetch("tranches", queryset=Tranche.objects.order_by("due_on", "pk")),
            Prefetch("reports", queryset=GrantReport.objects.order_by("due_on", "pk")),
        )
        .filter(pk=pk)
        .first()
    )
    if grant is None:
        raise NotFound()
    return grant


def report_of(grant: Grant, report_pk: int) -> GrantReport:
    """One of the grant's (already fetched) reports, or NotFound."""
    for report in grant.reports.all():
        if report.pk == report_pk:
            return report
    raise NotFound()

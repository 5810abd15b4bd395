"""Reads for the call's staff: their calls, a call's applications with their screening and decisions,
the budget tracker, an application's audit trail; and the one line an applicant reads about their
own deadline extension.

Every list is scoped through `permissions.scope_managed_*` and has its joins done, so a page costs the
same few queries whatever the number of applications.
"""

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Q, QuerySet, Sum
from django.utils import formats
from django.utils.translation import gettext as _
from wagtail.models import ModelLogEntry

from .. import permissions
from ..models import (
    Application,
    Assignment,
    Attachment,
    Call,
    DeadlineExtension,
    Decision,
    Outcome,
    Screening,
)


def extension_for(application: Application) -> str | None:
    """The translated line an applicant's page shows about their own extension, or None.

    Only the application's own page calls this (the applicant's and the staff's): nobody else learns of
    another applicant's extension. Says the new deadline in the call's time zone and why it was given.
    """
    extension = DeadlineExtension.objects.filter(application_id=application.pk).first() if application.pk else None
    if extension is None:
        return None
    call = application.call
    local = extension.closes_at.astimezone(call.zone)
    return _("Your deadline was extended to %(moment)s (%(zone)s). Reason: %(reason)s") % {
        "moment": formats.date_format(local, "DATETIME_FORMAT"),
        "zone": call.time_zone.replace("_", " "),
        "reason": extension.reason,
    }


def list_managed_calls(*, actor) -> QuerySet[Call]:
    return permissions.scope_managed_calls(Call.objects.select_related("region"), actor)


def get_managed_call(*, actor, pk: int) -> Call | None:
    """The call, if `actor` runs it (else None: the view answers 404)."""
    return list_managed_calls(actor=actor).filter(pk=pk).first()


def list_call_applications(
    *, actor, call: Call, screening: str | None = None, outcome: str | None = None, q: str | None = None
) -> QuerySet[Application]:
    """The call's submitted (and withdrawn) applications that `actor` may see, with organisation,
    partner, decision and assignment counts joined; filtered by screening, decision outcome and text."""
    queryset = (
        permissions.scope_managed_applications(Application.objects.filter(call=call), actor)
        .select_related("organisation", "partner_municipality", "decision", "extension")
        .annotate(assignment_count=Count("assignments", distinct=True))
        .order_by("reference", "pk")
    )
    if screening:
        queryset = queryset.filter(screening=screening)
    if outcome == "none":
        queryset = queryset.filter(decision__isnull=True)
    elif outcome:
        queryset = queryset.filter(decision__outcome=outcome)
    if q:
        queryset = queryset.filter(
            Q(reference__icontains=q) | Q(title__icontains=q) | Q(organisation__name__icontains=q)
        )
    return queryset


def get_managed_application(*, actor, call: Call, pk: int) -> Application | None:
    return (
        permissions.scope_managed_applications(Application.objects.filter(call=call), actor)
        .select_related("call__region", "organisation", "partner_municipality__country", "decision", "extension")
        .filter(pk=pk)
        .first()
    )


def list_attachments(application: Application) -> QuerySet[Attachment]:
    return Attachment.objects.filter(application=application).select_related("question")


def list_assignments(application: Application) -> QuerySet[Assignment]:
    return Assignment.objects.filter(application=application).select_related("reviewer", "review")


def audit_trail(*instances) -> QuerySet[ModelLogEntry]:
    """The log entries of these records (an application, its decision, its extension), newest first."""
    from django.contrib.contenttypes.models import ContentType

    condition = Q(pk__in=[])
    for instance in instances:
        if instance is None or instance.pk is None:
            continue
        condition |= Q(content_type=ContentType.objects.get_for_model(type(instance)), object_id=str(instance.pk))
    return ModelLogEntry.objects.filter(condition).select_related("user").order_by("-timestamp", "-pk")


@dataclass(frozen=True)
class Budget:
    total: Decimal
    awarded: Decimal
    remaining: Decimal
    awards: int
    currency: str


def budget_of(call: Call) -> Budget:
    """The budget tracker: the call's total, the sum of its awards so far, what remains."""
    totals = Decision.objects.filter(application__call=call, outcome=Outcome.AWARD).aggregate(
        awarded=Sum("amount"), awards=Count("pk")
    )
    awarded = totals["awarded"] or Decimal(0)
    return Budget(
        total=call.total_budget,
        awarded=awarded,
        remaining=call.total_budget - awarded,
        awards=totals["awards"],
        currency=call.currency,
    )


def screening_counts(call: Call) -> dict[str, int]:
    rows = Application.objects.filter(call=call).exclude(status="draft").values("screening").annotate(n=Count("pk"))
    counts = dict.fromkeys(Screening.values, 0)
    counts.update({row["screening"]: row["n"] for row in rows})
    return counts

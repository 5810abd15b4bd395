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
from django.utils.translation import gettext_lazy
from wagtail.models import ModelLogEntry

from citynet.network.models import Municipality

from .. import permissions
from ..models import (
    ApplicantOrganisation,
    Application,
    ApplicationStatus,
    Assignment,
    Attachment,
    Call,
    Decision,
    Declaration,
    DeclaredInterest,
    Outcome,
    PoolMember,
    ReviewStatus,
    Score,
    Screening,
)


def extension_for(application: Application) -> str | None:
    """The translated line an applicant's page shows about their own extension, or None.

    Only the application's own page calls this (the applicant's and the staff's): nobody else learns of
    another applicant's extension. Says the new deadline in the call's time zone and why it was given.
    """
    # The accessor's answer is kept on the application: its `deadline` asked the same question.
    extension = getattr(application, "extension", None) if application.pk else None
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


def extension_candidates(call: Call) -> QuerySet[Application]:
    """The applications staff may extend: drafts (the usual case: the applicant could not submit in time)
    and submitted ones, known by their organisation only."""
    return (
        Application.objects.filter(call=call)
        .exclude(status=ApplicationStatus.WITHDRAWN)
        .select_related("organisation")
        .order_by("organisation__name", "pk")
    )


def pool_loads(call: Call) -> QuerySet[PoolMember]:
    """The call's reviewer pool, each with their assignments in this call, conflicts and submitted reviews."""
    in_call = Q(reviewer__review_assignments__application__call=call)
    return (
        PoolMember.objects.filter(call=call)
        .select_related("reviewer")
        .annotate(
            assigned=Count("reviewer__review_assignments", filter=in_call, distinct=True),
            conflicts=Count(
                "reviewer__review_assignments",
                filter=in_call & Q(reviewer__review_assignments__declaration=Declaration.CONFLICT),
                distinct=True,
            ),
            submitted=Count(
                "reviewer__review_assignments",
                filter=in_call & Q(reviewer__review_assignments__review__status=ReviewStatus.SUBMITTED),
                distinct=True,
            ),
        )
        .order_by("reviewer__email")
    )


def assignment_coverage(call: Call) -> dict:
    """How many reviewable applications have 0, 1, 2, ... reviewers free of conflict (one query)."""
    counts = (
        Application.objects.filter(call=call, status=ApplicationStatus.SUBMITTED)
        .exclude(screening=Screening.EXCLUDED)
        .annotate(n=Count("assignments", filter=~Q(assignments__declaration=Declaration.CONFLICT)))
        .values_list("n", flat=True)
    )
    coverage: dict[int, int] = {}
    for n in counts:
        coverage[n] = coverage.get(n, 0) + 1
    wanted = call.reviewers_per_application
    return {
        "by_count": sorted(coverage.items()),
        "total": sum(coverage.values()),
        "short": sum(count for n, count in coverage.items() if n < wanted),
        "wanted": wanted,
    }


# --- Exports: (headings, rows) for the call's staff; personal data marked in EXPORT_LABELS ----------------


def _export_applications(*, actor, call: Call):
    headings = [
        _("Reference"),
        _("Project title"),
        _("Organisation"),
        _("Kind"),
        _("Country"),
        _("Contact email (personal data)"),
        _("Partner municipality"),
        _("Requested amount"),
        _("Status"),
        _("Submitted at"),
        _("Screening"),
        _("Reason"),
        _("Outcome"),
        _("Amount awarded"),
    ]
    rows = []
    for a in list_call_applications(actor=actor, call=call):
        decision = getattr(a, "decision", None)
        rows.append(
            [
                a.reference,
                a.title,
                a.organisation.name,
                a.organisation.get_kind_display(),
                a.organisation.country.code,
                a.organisation.email,
                a.partner_municipality.name if a.partner_municipality else "",
                a.requested_amount,
                a.get_status_display(),
                a.submitted_at,
                a.get_screening_display(),
                a.screening_reason,
                decision.get_outcome_display() if decision else "",
                decision.amount if decision else None,
            ]
        )
    return headings, rows


def _export_scores(*, actor, call: Call):
    headings = [
        _("Reference"),
        _("Organisation"),
        _("Reviewer (personal data)"),
        _("Review status"),
        _("Criterion"),
        _("Score"),
        _("Not applicable"),
        _("Comment"),
    ]
    applications = permissions.scope_managed_applications(Application.objects.filter(call=call), actor)
    scores = (
        Score.objects.filter(review__assignment__application__in=applications)
        .select_related("criterion", "review__assignment__reviewer", "review__assignment__application__organisation")
        .order_by("review__assignment__application__reference", "review__assignment__pk", "criterion__sort_order")
    )
    rows = [
        [
            s.review.assignment.application.reference,
            s.review.assignment.application.organisation.name,
            s.review.assignment.reviewer.email,
            s.review.get_status_display(),
            s.criterion.name,
            s.value,
            s.not_applicable,
            s.comment,
        ]
        for s in scores
    ]
    return headings, rows


def _export_decisions(*, actor, call: Call):
    from .ranking import ranking

    headings = [
        _("Rank"),
        _("Reference"),
        _("Organisation"),
        _("Raw score"),
        _("Normalised score"),
        _("Requested amount"),
        _("Outcome"),
        _("Amount awarded"),
        _("Message to the applicant"),
        _("Decided by (personal data)"),
        _("Applicant told at"),
    ]
    decided = {
        d.application_id: d for d in Decision.objects.filter(application__call=call).select_related("decided_by")
    }
    rows = []
    for row in ranking(call).rows:
        a = row.application
        d = decided.get(a.pk)
        rows.append(
            [
                row.rank,
                a.reference,
                a.organisation.name,
                None if row.raw is None else round(row.raw, 4),
                None if row.normalised is None else round(row.normalised, 4),
                a.requested_amount,
                d.get_outcome_display() if d else "",
                d.amount if d else None,
                d.message if d else "",
                d.decided_by.email if d and d.decided_by else "",
                d.notified_at if d else None,
            ]
        )
    return headings, rows


EXPORTS = {"applications": _export_applications, "scores": _export_scores, "decisions": _export_decisions}
EXPORT_LABELS = {
    "applications": gettext_lazy("Applications: contact emails of the applying organisations"),
    "scores": gettext_lazy("Scores: each reviewer's email, scores and comments"),
    "decisions": gettext_lazy("Decisions: the emails of the staff who decided"),
}


# --- The pool and assignments by hand --------------------------------------------------------------------


def find_account(email: str):
    """The active account with this email address, or None."""
    from django.contrib.auth import get_user_model

    email = (email or "").strip()
    if not email:
        return None
    return get_user_model().objects.filter(email__iexact=email, is_active=True).first()


def get_pool_member(call: Call, pk) -> PoolMember | None:
    return PoolMember.objects.filter(call=call, pk=pk).select_related("reviewer").first()


def pool_interests(call: Call) -> dict[int, list[DeclaredInterest]]:
    """What each member of the call's pool declared, by reviewer id (one query)."""
    found: dict[int, list[DeclaredInterest]] = {}
    for interest in (
        DeclaredInterest.objects.filter(reviewer__review_pools__call=call)
        .select_related("organisation", "municipality")
        .order_by("pk")
    ):
        found.setdefault(interest.reviewer_id, []).append(interest)
    return found


def interest_organisations(call: Call) -> QuerySet[ApplicantOrganisation]:
    """The organisations that applied to the call (drafts are not staff's business)."""
    applied = Application.objects.filter(call=call).exclude(status=ApplicationStatus.DRAFT)
    return ApplicantOrganisation.objects.filter(pk__in=applied.values("organisation_id")).order_by("name")


def region_municipalities(call: Call) -> QuerySet[Municipality]:
    return Municipality.objects.filter(country__region_id=call.region_id).order_by("name")


def get_assignment(application: Application, pk) -> Assignment | None:
    return Assignment.objects.filter(application=application, pk=pk).select_related("reviewer").first()


@dataclass
class Candidate:
    """A pool member as a reviewer of one application: free of conflict, or why not."""

    member: PoolMember
    available: bool
    reason: str


def _conflict_reason(ties, application: Application) -> str:
    municipality = application.partner_municipality
    if application.organisation_id in ties.organisations:
        return _("Declared an interest in the applicant organisation, or is one of its people.")
    if municipality is not None and municipality.pk in ties.municipalities:
        return _("Declared an interest in the partner municipality.")
    for country in (application.organisation.country, municipality.country.code if municipality else None):
        if country and str(country) in ties.countries:
            return _("Declared an interest in %(country)s.") % {"country": country.name}
    return _("Has a conflict of interest.")


def assignment_candidates(application: Application) -> list[Candidate]:
    """The call's pool members not yet assigned to `application`, each free of conflict or not (with the
    reason), least loaded first. The rule is `services.reviews`' (`ties_of`); three queries."""
    from ..services.reviews import _facts, ties_of

    members = list(pool_loads(application.call).exclude(reviewer__review_assignments__application=application))
    ties = ties_of([member.reviewer_id for member in members])
    facts = _facts(application)
    candidates = []
    for member in members:
        tied = ties.get(member.reviewer_id)
        conflicted = tied is not None and tied.conflict(*facts)
        candidates.append(Candidate(member, not conflicted, _conflict_reason(tied, application) if conflicted else ""))
    candidates.sort(key=lambda c: (not c.available, c.member.assigned, str(c.member.reviewer)))
    return candidates

"""The ranking of a call's applications: THE aggregation of its reviews. Staff pages, exports and the
API all call `ranking(call)`, so the figures are the same wherever they are shown.

The method, in order (docs/grants-reviewing.md says it in plain words):

1. Raw score of one review: the weighted mean of its criteria, each first put on 0–1 by its scale
   ((score − lowest) / (highest − lowest)). A criterion marked not applicable is left out of the sum
   AND of the weights: it never counts as zero. A review with no scored criterion has no raw score.
   Only submitted reviews by reviewers who declared no conflict count; drafts never do.
2. Raw score of an application: the mean of its reviews' raw scores.
3. Normalised score of one review (per-reviewer z-score): a reviewer's raw scores across all their
   reviews in the call have a mean m_r and a standard deviation s_r (population); the call's reviews
   together have a mean M and a standard deviation S. The review's normalised score is
   M + S × (raw − m_r) / s_r: how good the application is *for that reviewer*, re-expressed on the
   call's own scale, so a harsh and a lenient reviewer who order the same applications alike give them
   the same normalised scores. A reviewer with one review only leaves it unchanged (nothing tells
   whether they are harsh); a reviewer who gave every application the same score is only re-centred
   (raw − m_r + M).
4. Normalised score of an application: the mean of its reviews' normalised scores. The rank follows it
   (ties: the higher raw score, then the reference); applications without a counted review come last,
   unranked.
5. Disagreement: the spread (highest − lowest) of an application's raw review scores exceeds
   DISAGREEMENT_THRESHOLD (a quarter of the scale).
6. Budget cut line: walking down the ranking, each application's amount (the decided amount when an
   award was decided, nothing when it was rejected, else the requested amount) is added up; the rows
   whose cumulative amount stays within the call's total budget are above the line. The line is where
   the money first runs out: everything below it is below, even a smaller request that would still fit.
7. Agreement: Krippendorff's alpha (interval) over applications × reviewers of the raw review scores
   (rounded to 0.01 so that the computation stays small), None when fewer than two reviews share an
   application. 1 is perfect agreement, 0 what chance would give.
8. Progress per reviewer: assigned (conflicts included), declared (either way), conflicts, submitted.

A fixed number of queries (six) whatever the number of applications and reviews.
"""

import math
import statistics
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

import krippendorff
import numpy
from django.contrib.auth import get_user_model

from ..models import (
    Application,
    Assignment,
    Call,
    Criterion,
    Declaration,
    Outcome,
    PoolMember,
    ReviewStatus,
    Score,
)
from ..services.reviews import reviewable_applications

# What a row's application carries (the rest is deferred: reading another field costs a query per row).
# Building 5,000 full applications with their JSON answers took most of the ranking's time.
ROW_FIELDS = (
    "pk",
    "call_id",
    "organisation_id",
    "partner_municipality_id",
    "reference",
    "title",
    "stage",
    "status",
    "screening",
    "submitted_at",
    "requested_amount",
    "organisation__name",
    "organisation__acronym",
    "organisation__country",
    "decision__outcome",
    "decision__amount",
    "decision__application_id",
)

DISAGREEMENT_THRESHOLD = 0.25  # of the 0–1 scale: raw review scores further apart than this are flagged


@dataclass(frozen=True)
class ReviewScore:
    """One counted review of an application: its reviewer, raw and normalised scores (0–1 scale)."""

    assignment_id: int
    reviewer_id: int
    raw: float
    normalised: float


@dataclass
class RankingRow:
    application: Application  # ROW_FIELDS only, with .organisation and .decision (or none)
    reviews: list[ReviewScore] = field(default_factory=list)
    raw: float | None = None  # mean raw score
    normalised: float | None = None  # mean normalised score
    rank: int | None = None  # 1 = best; None: no counted review
    spread: float | None = None  # highest − lowest raw review score
    disagreement: bool = False
    amount: Decimal = Decimal(0)  # what counts towards the budget (see the module's docstring)
    amount_is_decided: bool = False
    cumulative: Decimal = Decimal(0)
    above_cut_line: bool = False

    @property
    def reference(self) -> str:
        return self.application.reference or ""


@dataclass
class ReviewerProgress:
    reviewer_id: int
    name: str
    in_pool: bool
    assigned: int = 0
    declared: int = 0
    conflicts: int = 0
    submitted: int = 0


@dataclass
class Ranking:
    call: Call
    rows: list[RankingRow]
    reviewers: list[ReviewerProgress]
    alpha: float | None
    total_budget: Decimal
    allocated: Decimal  # the cumulative amount above the cut line
    threshold: float = DISAGREEMENT_THRESHOLD

    @property
    def row_by_application(self) -> dict[int, RankingRow]:
        return {row.application.pk: row for row in self.rows}


def review_raw_scores(call: Call) -> dict[int, tuple[int, int, float]]:
    """{assignment id: (application id, reviewer id, raw score)} of the call's counted reviews (two queries)."""
    criteria = {
        pk: (float(weight), low, high)
        for pk, weight, low, high in Criterion.objects.filter(call=call).values_list(
            "pk", "weight", "scale_min", "scale_max"
        )
    }
    sums: dict[int, list] = {}
    rows = Score.objects.filter(
        review__assignment__application__in=reviewable_applications(call),
        review__status=ReviewStatus.SUBMITTED,
        review__assignment__declaration=Declaration.NO_CONFLICT,
        value__isnull=False,
        not_applicable=False,
    ).values_list(
        "review__assignment_id",
        "review__assignment__application_id",
        "review__assignment__reviewer_id",
        "criterion_id",
        "value",
    )
    for assignment_id, application_id, reviewer_id, criterion_id, value in rows:
        if criterion_id not in criteria:
            continue
        weight, low, high = criteria[criterion_id]
        entry = sums.setdefault(assignment_id, [application_id, reviewer_id, 0.0, 0.0])
        entry[2] += weight * (value - low) / (high - low)
        entry[3] += weight
    return {pk: (app, reviewer, total / weights) for pk, (app, reviewer, total, weights) in sums.items() if weights}


def normalise(raw: dict[int, tuple[int, int, float]]) -> dict[int, float]:
    """{assignment id: normalised score}: the per-reviewer z-score method of the module's docstring."""
    if not raw:
        return {}
    values = [score for _app, _reviewer, score in raw.values()]
    overall_mean = statistics.fmean(values)
    overall_sd = statistics.pstdev(values) if len(values) > 1 else 0.0
    by_reviewer = defaultdict(list)
    for _app, reviewer, score in raw.values():
        by_reviewer[reviewer].append(score)
    stats = {}
    for reviewer, scores in by_reviewer.items():
        stats[reviewer] = (len(scores), statistics.fmean(scores), statistics.pstdev(scores) if len(scores) > 1 else 0)
    normalised = {}
    for assignment_id, (_app, reviewer, score) in raw.items():
        count, mean, sd = stats[reviewer]
        if count < 2:
            normalised[assignment_id] = score
        elif sd == 0 or math.isclose(sd, 0, abs_tol=1e-12):
            normalised[assignment_id] = score - mean + overall_mean
        else:
            normalised[assignment_id] = overall_mean + overall_sd * (score - mean) / sd
    return normalised


def agreement(raw: dict[int, tuple[int, int, float]]) -> float | None:
    """Krippendorff's alpha (interval) of the raw review scores, applications × reviewers; None when
    no application has two counted reviews (or every score is the same)."""
    per_application = defaultdict(dict)
    for _pk, (application, reviewer, score) in raw.items():
        per_application[application][reviewer] = round(score, 2)
    units = [a for a, scores in per_application.items() if len(scores) > 1]
    if not units:
        return None
    reviewers = sorted({r for a in units for r in per_application[a]})
    column = {a: i for i, a in enumerate(units)}
    row = {r: i for i, r in enumerate(reviewers)}
    data = numpy.full((len(reviewers), len(units)), numpy.nan)
    for application in units:
        for reviewer, score in per_application[application].items():
            data[row[reviewer], column[application]] = score
    if len(numpy.unique(data[~numpy.isnan(data)])) < 2:
        return None
    try:
        alpha = krippendorff.alpha(reliability_data=data, level_of_measurement="interval")
    except (ValueError, ZeroDivisionError):
        return None
    return None if math.isnan(alpha) else float(alpha)


def _amount(application: Application) -> tuple[Decimal, bool]:
    decision = getattr(application, "decision", None)
    if decision is not None:
        if decision.outcome == Outcome.AWARD and decision.amount is not None:
            return decision.amount, True
        if decision.outcome == Outcome.REJECT:
            return Decimal(0), True
    return application.requested_amount or Decimal(0), False


def _progress(call: Call) -> list[ReviewerProgress]:
    User = get_user_model()
    pool = set(PoolMember.objects.filter(call=call).values_list("reviewer_id", flat=True))
    progress: dict[int, ReviewerProgress] = {}
    for reviewer_id, declaration, status in Assignment.objects.filter(application__call=call).values_list(
        "reviewer_id", "declaration", "review__status"
    ):
        entry = progress.setdefault(reviewer_id, ReviewerProgress(reviewer_id, "", reviewer_id in pool))
        entry.assigned += 1
        if declaration != Declaration.PENDING:
            entry.declared += 1
        if declaration == Declaration.CONFLICT:
            entry.conflicts += 1
        elif status == ReviewStatus.SUBMITTED:
            entry.submitted += 1
    for reviewer_id in pool - set(progress):
        progress[reviewer_id] = ReviewerProgress(reviewer_id, "", True)
    names = {
        pk: display_name or email
        for pk, display_name, email in User.objects.filter(pk__in=list(progress)).values_list(
            "pk", "display_name", "email"
        )
    }
    for entry in progress.values():
        entry.name = names.get(entry.reviewer_id, "")
    return sorted(progress.values(), key=lambda e: (e.name.casefold(), e.reviewer_id))


def ranking(call: Call) -> Ranking:
    """The call's ranked list with raw and normalised scores, disagreement flags, the budget cut line,
    the agreement figure and each reviewer's progress (the method: the module's docstring).

    Rows: the call's submitted applications not excluded at screening, best first, unranked last.
    Who may see it is the caller's business (`permissions.can_manage_call`): it names applicants.
    """
    raw = review_raw_scores(call)
    normalised = normalise(raw)
    per_application = defaultdict(list)
    for assignment_id, (application_id, reviewer_id, score) in raw.items():
        per_application[application_id].append(
            ReviewScore(assignment_id, reviewer_id, score, normalised[assignment_id])
        )
    applications = (
        reviewable_applications(call)
        .select_related("organisation", "decision")
        .only(*ROW_FIELDS)
        .order_by("reference", "pk")
    )
    rows = []
    for application in applications:
        reviews = sorted(per_application.get(application.pk, []), key=lambda r: r.assignment_id)
        row = RankingRow(application=application, reviews=reviews)
        row.amount, row.amount_is_decided = _amount(application)
        if reviews:
            raws = [r.raw for r in reviews]
            row.raw = statistics.fmean(raws)
            row.normalised = statistics.fmean(r.normalised for r in reviews)
            row.spread = max(raws) - min(raws)
            row.disagreement = len(reviews) > 1 and row.spread > DISAGREEMENT_THRESHOLD
        rows.append(row)
    ranked = sorted(
        (row for row in rows if row.normalised is not None),
        key=lambda row: (-row.normalised, -row.raw, row.reference, row.application.pk),
    )
    unranked = [row for row in rows if row.normalised is None]
    budget = call.total_budget or Decimal(0)
    cumulative, within = Decimal(0), True
    for position, row in enumerate(ranked, start=1):
        row.rank = position
        cumulative += row.amount
        row.cumulative = cumulative
        within = within and cumulative <= budget
        row.above_cut_line = within
    for row in unranked:
        cumulative += row.amount
        row.cumulative = cumulative
    allocated = max((row.cumulative for row in ranked if row.above_cut_line), default=Decimal(0))
    return Ranking(
        call=call,
        rows=ranked + unranked,
        reviewers=_progress(call),
        alpha=agreement(raw),
        total_budget=budget,
        allocated=allocated,
    )

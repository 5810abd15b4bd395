"""The grants API for the people inside a call: applications, reviews and a call's ranking.

Signed in only (the site's session; 401 otherwise); staff need their second factor in that session
(403 otherwise). Each list is the caller's own slice, from the same rules as the pages
(`citynet.grants.permissions`):
- `/applications`: the caller's organisation's applications, and the submitted applications of the
  calls they run; a reviewer sees none here (their work is under `/reviews`, blind where the call is);
- `/reviews`: the caller's own reviews, and every review of the calls they run; never another
  reviewer's, never an unassigned or conflicted application's;
- `/calls/{slug}/ranking`: the call's staff only; the same aggregation as the admin's ranking page
  (`selectors.ranking.ranking`).
Read-only, a fixed number of queries per list. Public calls and awards are in `api.py`.
"""

import datetime
from decimal import Decimal

from django.db.models import Prefetch
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema
from ninja.pagination import paginate
from ninja.security import SessionAuth

from citynet.accounts.second_factor import second_factor_redirect
from citynet.core.api import BoundedPagination as Pagination
from citynet.core.exceptions import NotFound, NotPermitted
from citynet.core.i18n import translated

from . import permissions
from .models import Application, Assignment, Call, Review, ReviewStatus, Score
from .schemas import ErrorOut
from .selectors.applications import owned_or_managed_applications
from .selectors.ranking import ranking

router = Router(tags=["grants: applicants, reviewers and staff"])


class SignedIn(SessionAuth):
    """The site's session; staff must also have used their second factor in it (as on every staff page)."""

    def authenticate(self, request, key):
        user = super().authenticate(request, key)
        if user is not None and second_factor_redirect(request) is not None:
            raise NotPermitted(_("Staff work needs a second factor: sign in with your authenticator code first."))
        return user


AUTH = SignedIn()


class DecisionOut(Schema):
    outcome: str
    amount: Decimal | None


class ApplicationOut(Schema):
    reference: str | None
    call: str = Field(alias="call_slug")
    stage: str
    status: str
    title: str
    organisation: str = Field(alias="organisation_name")
    country: str = Field(alias="country_code")
    partner_municipality: str | None = Field(alias="partner_slug")
    requested_amount: Decimal
    submitted_at: datetime.datetime | None
    screening: str | None = Field(alias="screening_for_caller")
    decision: DecisionOut | None = Field(alias="decision_for_caller")


class ScoreOut(Schema):
    criterion: str
    value: int | None
    not_applicable: bool
    comment: str


class ReviewOut(Schema):
    id: int
    application: str | None = Field(alias="application_reference")
    call: str = Field(alias="call_slug")
    reviewer: str = Field(alias="reviewer_name")
    status: str
    submitted_at: datetime.datetime | None
    comment: str
    scores: list[ScoreOut] = Field(alias="score_rows")


class RankingRowOut(Schema):
    rank: int | None
    application: str | None
    raw: float | None
    normalised: float | None
    spread: float | None
    disagreement: bool
    reviews: int
    amount: Decimal
    amount_is_decided: bool
    cumulative: Decimal
    above_cut_line: bool


class RankingOut(Schema):
    call: str
    method: str
    agreement_alpha: float | None
    total_budget: Decimal
    allocated: Decimal
    rows: list[RankingRowOut]


# --- Applications --------------------------------------------------------------------------------------


def _describe(application: Application, actor) -> Application:
    """Fill in what the schema reads; staff see screening and decisions, applicants the decision once told."""
    application.call_slug = application.call.slug
    application.organisation_name = application.organisation.name
    application.country_code = str(application.organisation.country)
    application.partner_slug = application.partner_municipality.slug if application.partner_municipality else None
    staff = permissions.can_manage_call(actor, application.call)
    application.screening_for_caller = application.screening if staff else None
    decision = getattr(application, "decision", None)
    told = decision is not None and (staff or decision.notified_at is not None)
    application.decision_for_caller = decision if told else None
    return application


@router.get(
    "/applications",
    response={200: list[ApplicationOut], 401: ErrorOut, 403: ErrorOut},
    auth=AUTH,
    url_name="application-list",
)
@paginate(Pagination)
def list_applications(request, call: str | None = None):
    """The caller's organisation's applications and the submitted applications of the calls they run."""
    applications = owned_or_managed_applications(request.user).select_related(
        "call__region", "organisation", "partner_municipality", "decision"
    )
    if call:
        applications = applications.filter(call__slug=call)
    return _Described(applications.order_by("call_id", "reference", "pk"), request.user)


class _Described:
    """A queryset whose page is described for the caller after slicing (two queries: count and page)."""

    def __init__(self, queryset, actor):
        self.queryset, self.actor = queryset, actor

    def count(self):
        return self.queryset.count()

    def __getitem__(self, page):
        return [_describe(a, self.actor) for a in self.queryset[page]]

    def __len__(self):
        return self.count()


@router.get(
    "/applications/{reference}",
    response={200: ApplicationOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut},
    auth=AUTH,
    url_name="application-detail",
)
def get_application(request, reference: str):
    application = (
        owned_or_managed_applications(request.user)
        .select_related("call__region", "organisation", "partner_municipality", "decision")
        .filter(reference=reference)
        .first()
    )
    if application is None:
        raise NotFound()
    return _describe(application, request.user)


# --- Reviews -------------------------------------------------------------------------------------------


def _reviews_of(actor):
    own = Review.objects.filter(assignment__in=permissions.scope_own_assignments(Assignment.objects.all(), actor))
    managed = Review.objects.filter(
        assignment__application__call__in=permissions.scope_managed_calls(Call.objects.all(), actor)
    )
    return (own | managed).distinct()


def _describe_review(review: Review, actor) -> Review:
    application = review.assignment.application
    review.application_reference = application.reference
    review.call_slug = application.call.slug
    review.reviewer_name = str(review.assignment.reviewer)
    review.score_rows = [
        {
            "criterion": _text(score.criterion, "name"),
            "value": score.value,
            "not_applicable": score.not_applicable,
            "comment": score.comment,
        }
        for score in review.scores.all()
    ]
    return review


def _text(obj, field: str) -> str:
    resolved = translated(obj, field)
    return resolved.text if resolved else ""


class _DescribedReviews(_Described):
    def __getitem__(self, page):
        return [_describe_review(r, self.actor) for r in self.queryset[page]]


@router.get(
    "/reviews", response={200: list[ReviewOut], 401: ErrorOut, 403: ErrorOut}, auth=AUTH, url_name="review-list"
)
@paginate(Pagination)
def list_reviews(request, call: str | None = None, status: str | None = None):
    """The caller's own reviews and every review of the calls they run, with their scores."""
    reviews = (
        _reviews_of(request.user)
        .select_related("assignment__application__call", "assignment__reviewer")
        .prefetch_related(
            Prefetch(
                "scores", queryset=Score.objects.select_related("criterion").order_by("criterion__sort_order", "pk")
            )
        )
    )
    if call:
        reviews = reviews.filter(assignment__application__call__slug=call)
    if status in ReviewStatus.values:
        reviews = reviews.filter(status=status)
    return _DescribedReviews(reviews.order_by("pk"), request.user)


# --- Ranking -------------------------------------------------------------------------------------------


METHOD = (
    "Weighted mean of the criteria scored (each on 0-1 by its scale; not applicable left out); "
    "normalised per reviewer (z-score of the reviewer's totals in the call, re-expressed on all reviews' "
    "mean and spread); ranked by the mean normalised score."
)


@router.get(
    "/calls/{slug}/ranking",
    response={200: RankingOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut},
    auth=AUTH,
    url_name="call-ranking",
)
def get_ranking(request, slug: str):
    """The call's ranked list with its budget cut line: the call's staff only."""
    call = (
        permissions.scope_managed_calls(Call.objects.select_related("region"), request.user).filter(slug=slug).first()
    )
    if call is None:
        raise NotFound()
    result = ranking(call)
    return {
        "call": call.slug,
        "method": METHOD,
        "agreement_alpha": result.alpha,
        "total_budget": result.total_budget,
        "allocated": result.allocated,
        "rows": [
            {
                "rank": row.rank,
                "application": row.application.reference,
                "raw": row.raw,
                "normalised": row.normalised,
                "spread": row.spread,
                "disagreement": row.disagreement,
                "reviews": len(row.reviews),
                "amount": row.amount,
                "amount_is_decided": row.amount_is_decided,
                "cumulative": row.cumulative,
                "above_cut_line": row.above_cut_line,
            }
            for row in result.rows
        ],
    }

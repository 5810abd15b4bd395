from decimal import Decimal

import pytest

from citynet.core.testing import assert_queries_do_not_grow
from citynet.grants.models import Decision, Declaration, Outcome, ReviewStatus
from citynet.grants.selectors.ranking import DISAGREEMENT_THRESHOLD, ranking
from citynet.grants.tests import factories as grants

pytestmark = pytest.mark.django_db


def _review(application, reviewer, scores, status=ReviewStatus.SUBMITTED, declaration=Declaration.NO_CONFLICT):
    """A review of `application` by `reviewer`: `scores` is {criterion: value, or "n/a"}."""
    assignment = grants.AssignmentFactory(application=application, reviewer=reviewer, declaration=declaration)
    review = grants.ReviewFactory(assignment=assignment, status=status)
    for criterion, value in scores.items():
        if value == "n/a":
            grants.ScoreFactory(review=review, criterion=criterion, value=None, not_applicable=True)
        else:
            grants.ScoreFactory(review=review, criterion=criterion, value=value)
    return review


def test_raw_score_is_a_weighted_mean_on_a_zero_to_one_scale_when_scored():
    call = grants.CallFactory()
    a = grants.CriterionFactory(call=call, weight=Decimal(3), scale_min=0, scale_max=10)
    b = grants.CriterionFactory(call=call, weight=Decimal(1), scale_min=1, scale_max=5)
    application = grants.submitted_application(call=call)
    _review(application, grants.UserFactory(), {a: 10, b: 1})
    row = ranking(call).rows[0]
    assert row.raw == pytest.approx((3 * 1.0 + 1 * 0.0) / 4)


def test_not_applicable_is_left_out_not_counted_as_zero_when_marked():
    call = grants.CallFactory()
    a = grants.CriterionFactory(call=call, scale_max=4)
    b = grants.CriterionFactory(call=call, scale_max=4, allow_not_applicable=True, weight=Decimal(5))
    application = grants.submitted_application(call=call)
    _review(application, grants.UserFactory(), {a: 4, b: "n/a"})
    assert ranking(call).rows[0].raw == pytest.approx(1.0)


def test_drafts_and_conflicts_do_not_count_when_ranking():
    call = grants.CallFactory()
    a = grants.CriterionFactory(call=call, scale_max=4)
    application = grants.submitted_application(call=call)
    _review(application, grants.UserFactory(), {a: 4})
    _review(application, grants.UserFactory(), {a: 0}, status=ReviewStatus.DRAFT)
    _review(application, grants.UserFactory(), {a: 0}, declaration=Declaration.CONFLICT)
    row = ranking(call).rows[0]
    assert len(row.reviews) == 1 and row.raw == pytest.approx(1.0)


def test_normalisation_makes_a_harsh_and_a_lenient_reviewer_agree_when_they_order_alike():
    call = grants.CallFactory()
    criterion = grants.CriterionFactory(call=call, scale_max=10)
    harsh, lenient = grants.UserFactory(), grants.UserFactory()
    applications = [grants.submitted_application(call=call) for _ in range(3)]
    for application, (low, high) in zip(applications, [(2, 6), (3, 8), (4, 10)], strict=True):
        _review(application, harsh, {criterion: low})
        _review(application, lenient, {criterion: high})
    result = ranking(call)
    for row in result.rows:
        harsh_score, lenient_score = sorted(row.reviews, key=lambda r: r.raw)
        assert harsh_score.raw < lenient_score.raw
        assert harsh_score.normalised == pytest.approx(lenient_score.normalised)
    assert [row.application.pk for row in result.rows] == [a.pk for a in reversed(applications)]
    assert [row.rank for row in result.rows] == [1, 2, 3]


def test_normalisation_stops_a_harsh_reviewer_from_sinking_an_application_when_reviewers_differ():
    call = grants.CallFactory(reviewers_per_application=1)
    criterion = grants.CriterionFactory(call=call, scale_max=10)
    harsh, lenient = grants.UserFactory(), grants.UserFactory()
    best_of_harsh = grants.submitted_application(call=call)
    _review(best_of_harsh, harsh, {criterion: 5})
    _review(grants.submitted_application(call=call), harsh, {criterion: 1})
    worst_of_lenient = grants.submitted_application(call=call)
    _review(worst_of_lenient, lenient, {criterion: 6})
    _review(grants.submitted_application(call=call), lenient, {criterion: 10})
    rows = ranking(call).row_by_application
    assert rows[best_of_harsh.pk].raw < rows[worst_of_lenient.pk].raw
    assert rows[best_of_harsh.pk].normalised > rows[worst_of_lenient.pk].normalised


def test_disagreement_is_flagged_when_raw_scores_spread_beyond_the_threshold():
    call = grants.CallFactory()
    criterion = grants.CriterionFactory(call=call, scale_max=4)
    split, close = grants.submitted_application(call=call), grants.submitted_application(call=call)
    _review(split, grants.UserFactory(), {criterion: 0})
    _review(split, grants.UserFactory(), {criterion: 4})
    _review(close, grants.UserFactory(), {criterion: 3})
    _review(close, grants.UserFactory(), {criterion: 4})
    rows = ranking(call).row_by_application
    assert rows[split.pk].disagreement and rows[split.pk].spread == pytest.approx(1.0)
    assert not rows[close.pk].disagreement and rows[close.pk].spread == pytest.approx(0.25)
    assert DISAGREEMENT_THRESHOLD == 0.25


def test_cut_line_falls_where_the_budget_runs_out_with_decided_amounts():
    call = grants.CallFactory(total_budget=Decimal("10000"))
    criterion = grants.CriterionFactory(call=call, scale_max=10)
    reviewer = grants.UserFactory()
    apps = []
    for score, amount in [(10, "4000"), (9, "5000"), (8, "3000"), (7, "500")]:
        application = grants.submitted_application(call=call, requested_amount=Decimal(amount))
        _review(application, reviewer, {criterion: score})
        apps.append(application)
    unreviewed = grants.submitted_application(call=call)
    result = ranking(call)
    assert [(r.rank, r.cumulative, r.above_cut_line) for r in result.rows] == [
        (1, Decimal("4000"), True),
        (2, Decimal("9000"), True),
        (3, Decimal("12000"), False),
        (4, Decimal("12500"), False),
        (None, Decimal("17500"), False),
    ]
    assert result.rows[-1].application.pk == unreviewed.pk and result.allocated == Decimal("9000")
    Decision.objects.create(application=apps[1], outcome=Outcome.AWARD, amount=Decimal("2000"))
    result = ranking(call)
    assert [r.above_cut_line for r in result.rows[:4]] == [True, True, True, True]
    assert result.rows[1].amount == Decimal("2000") and result.rows[1].amount_is_decided


def test_alpha_is_one_when_reviewers_agree_and_none_without_overlap():
    call = grants.CallFactory()
    criterion = grants.CriterionFactory(call=call, scale_max=10)
    first, second = grants.UserFactory(), grants.UserFactory()
    solo = grants.submitted_application(call=call)
    _review(solo, first, {criterion: 3})
    assert ranking(call).alpha is None
    for value in (2, 5, 9):
        application = grants.submitted_application(call=call)
        _review(application, first, {criterion: value})
        _review(application, second, {criterion: value})
    assert ranking(call).alpha == pytest.approx(1.0)


def test_alpha_is_low_when_reviewers_disagree():
    call = grants.CallFactory()
    criterion = grants.CriterionFactory(call=call, scale_max=10)
    first, second = grants.UserFactory(), grants.UserFactory()
    for a, b in [(0, 10), (10, 0), (5, 5), (2, 9)]:
        application = grants.submitted_application(call=call)
        _review(application, first, {criterion: a})
        _review(application, second, {criterion: b})
    assert ranking(call).alpha < 0.2


def test_reviewer_progress_counts_assigned_declared_and_submitted():
    call = grants.CallFactory()
    criterion = grants.CriterionFactory(call=call)
    reviewer = grants.PoolMemberFactory(call=call).reviewer
    idle = grants.PoolMemberFactory(call=call).reviewer
    _review(grants.submitted_application(call=call), reviewer, {criterion: 3})
    _review(grants.submitted_application(call=call), reviewer, {criterion: 3}, status=ReviewStatus.DRAFT)
    grants.AssignmentFactory(
        application=grants.submitted_application(call=call), reviewer=reviewer, declaration="pending"
    )
    progress = {p.reviewer_id: p for p in ranking(call).reviewers}
    assert (progress[reviewer.pk].assigned, progress[reviewer.pk].declared, progress[reviewer.pk].submitted) == (
        3,
        2,
        1,
    )
    assert progress[idle.pk].assigned == 0 and progress[idle.pk].in_pool


def test_ranking_makes_a_fixed_number_of_queries_when_applications_grow(django_assert_max_num_queries):
    call = grants.CallFactory()
    criteria = [grants.CriterionFactory(call=call) for _ in range(3)]
    reviewers = [grants.PoolMemberFactory(call=call).reviewer for _ in range(3)]

    def grow(n):
        for i in range(n):
            application = grants.submitted_application(call=call)
            for reviewer in reviewers[:2]:
                _review(application, reviewer, {c: (i + c.pk) % 6 for c in criteria})

    queries = assert_queries_do_not_grow(lambda: ranking(call), grow, sizes=(2, 12))
    assert queries <= 6

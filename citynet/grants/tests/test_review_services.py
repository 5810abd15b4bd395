from collections import Counter

import pytest
from wagtail.models import ModelLogEntry

from citynet.accounts.tests import factories as people
from citynet.core.exceptions import Conflict, InvalidInput, InvalidTransition, NotPermitted
from citynet.grants.models import Assignment, Declaration, Review, ReviewStatus, Score, Screening
from citynet.grants.services import reviews
from citynet.grants.tests import factories as grants
from citynet.network.tests.factories import CountryFactory, MunicipalityFactory

pytestmark = pytest.mark.django_db


def _call_with_pool(reviewers=6, applications=10, per_application=2, **call):
    staff = people.secretariat()
    call = grants.CallFactory(reviewers_per_application=per_application, **call)
    pool = [grants.PoolMemberFactory(call=call).reviewer for _ in range(reviewers)]
    apps = [grants.submitted_application(call=call) for _ in range(applications)]
    return staff, call, pool, apps


def _loads(call):
    return Counter(
        Assignment.objects.filter(application__call=call)
        .exclude(declaration=Declaration.CONFLICT)
        .values_list("reviewer_id", flat=True)
    )


def test_assign_automatically_gives_n_balanced_reviewers_when_unconstrained():
    staff, call, pool, apps = _call_with_pool(reviewers=7, applications=11, per_application=3)
    created = reviews.assign_automatically(actor=staff, call=call)
    assert len(created) == 33
    per_application = Counter(
        Assignment.objects.filter(application__call=call).values_list("application_id", flat=True)
    )
    assert set(per_application.values()) == {3}
    loads = _loads(call)
    assert set(loads) == {r.pk for r in pool}
    assert max(loads.values()) - min(loads.values()) <= 1
    assert ModelLogEntry.objects.filter(object_id=str(call.pk), action="wagtail.edit").exists()


def test_assign_automatically_is_a_no_op_when_run_again():
    staff, call, _pool, _apps = _call_with_pool()
    reviews.assign_automatically(actor=staff, call=call)
    before = set(Assignment.objects.values_list("application_id", "reviewer_id"))
    assert reviews.assign_automatically(actor=staff, call=call) == []
    assert set(Assignment.objects.values_list("application_id", "reviewer_id")) == before


def test_assign_automatically_never_assigns_a_conflicted_reviewer_when_interests_are_declared():
    staff, call, pool, apps = _call_with_pool(reviewers=5, applications=8, per_application=2)
    city = MunicipalityFactory(country=CountryFactory(code="ME"))
    apps[0].partner_municipality = city
    apps[0].save()
    serbian = grants.submitted_application(call=call, organisation=grants.ApplicantOrganisationFactory(country="RS"))
    reviews.declare_interest(actor=pool[0], reviewer=pool[0], organisation=apps[1].organisation)
    reviews.declare_interest(actor=staff, reviewer=pool[1], municipality=city)
    reviews.declare_interest(actor=pool[2], reviewer=pool[2], country="RS")
    grants.applicant_of(apps[2].organisation, user=pool[3])
    reviews.assign_automatically(actor=staff, call=call)
    pairs = set(Assignment.objects.values_list("application_id", "reviewer_id"))
    assert (apps[1].pk, pool[0].pk) not in pairs
    assert (apps[0].pk, pool[1].pk) not in pairs
    assert (serbian.pk, pool[2].pk) not in pairs
    assert (apps[2].pk, pool[3].pk) not in pairs
    assert all(n == 2 for n in Counter(a for a, _r in pairs).values())


def test_assign_automatically_conflicts_with_the_municipality_country_when_declared():
    staff, call, pool, apps = _call_with_pool(reviewers=3, applications=1, per_application=3)
    apps[0].partner_municipality = MunicipalityFactory(country=CountryFactory(code="MK"))
    apps[0].save()
    reviews.declare_interest(actor=pool[0], reviewer=pool[0], country="MK")
    reviews.assign_automatically(actor=staff, call=call)
    assert set(Assignment.objects.values_list("reviewer_id", flat=True)) == {pool[1].pk, pool[2].pk}


def test_assign_automatically_skips_excluded_withdrawn_and_drafts_when_assigning():
    staff, call, _pool, apps = _call_with_pool(applications=3)
    apps[0].screening = Screening.EXCLUDED
    apps[0].save()
    apps[1].status = "withdrawn"
    apps[1].save()
    grants.ApplicationFactory(call=call)
    reviews.assign_automatically(actor=staff, call=call)
    assert set(Assignment.objects.values_list("application_id", flat=True)) == {apps[2].pk}


def test_assign_automatically_respects_max_assignments_when_set():
    staff, call, pool, _apps = _call_with_pool(reviewers=3, applications=6, per_application=1)
    member = call.pool.get(reviewer=pool[0])
    member.max_assignments = 1
    member.save()
    reviews.assign_automatically(actor=staff, call=call)
    assert _loads(call)[pool[0].pk] == 1
    assert sum(_loads(call).values()) == 6


def test_assign_automatically_keeps_existing_and_refills_a_conflict_when_run_again():
    staff, call, pool, apps = _call_with_pool(reviewers=4, applications=2, per_application=2)
    reviews.assign_automatically(actor=staff, call=call)
    first = Assignment.objects.filter(application=apps[0]).first()
    reviews.declare(actor=first.reviewer, assignment=first, conflict=True, note="Synthetic tie")
    created = reviews.assign_automatically(actor=staff, call=call)
    assert len(created) == 1 and created[0][0] == apps[0].pk
    assert created[0][1] != first.reviewer_id
    assert Assignment.objects.filter(pk=first.pk, declaration=Declaration.CONFLICT).exists()


def test_assign_automatically_is_refused_when_not_staff_of_the_call():
    _staff, call, pool, _apps = _call_with_pool()
    with pytest.raises(NotPermitted):
        reviews.assign_automatically(actor=pool[0], call=call)
    with pytest.raises(NotPermitted):
        reviews.assign_automatically(actor=people.coordinator(grants.CallFactory().region), call=call)


def test_assign_by_hand_is_refused_when_conflicted_or_outside_the_pool():
    staff, call, pool, apps = _call_with_pool(applications=1)
    reviews.declare_interest(actor=pool[0], reviewer=pool[0], country="AL")
    with pytest.raises(InvalidInput):
        reviews.assign(actor=staff, application=apps[0], reviewer=pool[0])
    with pytest.raises(InvalidInput):
        reviews.assign(actor=staff, application=apps[0], reviewer=people.UserFactory())
    assignment = reviews.assign(actor=staff, application=apps[0], reviewer=pool[1])
    assert assignment.automatic is False and assignment.declaration == Declaration.PENDING
    assert reviews.assign(actor=staff, application=apps[0], reviewer=pool[1]).pk == assignment.pk


def test_unassign_is_refused_when_the_review_was_submitted():
    staff = people.secretariat()
    assignment = grants.AssignmentFactory(application=grants.submitted_application())
    grants.ReviewFactory(assignment=assignment, status=ReviewStatus.SUBMITTED)
    with pytest.raises(InvalidTransition):
        reviews.unassign(actor=staff, assignment=assignment)
    other = grants.AssignmentFactory(application=grants.submitted_application())
    grants.ReviewFactory(assignment=other)
    reviews.unassign(actor=staff, assignment=other)
    assert not Assignment.objects.filter(pk=other.pk).exists()


def test_pool_is_managed_by_staff_when_adding_and_removing():
    staff, call, pool, _apps = _call_with_pool(reviewers=1, applications=0)
    reviewer = people.UserFactory()
    member = reviews.add_to_pool(actor=staff, call=call, reviewer=reviewer, max_assignments=4)
    assert reviews.add_to_pool(actor=staff, call=call, reviewer=reviewer, max_assignments=4).pk == member.pk
    with pytest.raises(NotPermitted):
        reviews.add_to_pool(actor=pool[0], call=call, reviewer=people.UserFactory())
    reviews.remove_from_pool(actor=staff, call=call, reviewer=reviewer)
    assert not call.pool.filter(reviewer=reviewer).exists()


def _pending(call=None, **criteria):
    call = call or grants.CallFactory()
    assignment = grants.AssignmentFactory(
        application=grants.submitted_application(call=call), declaration=Declaration.PENDING, declared_at=None
    )
    return assignment


def test_declare_no_conflict_opens_the_application_when_the_assigned_reviewer_declares():
    assignment = _pending()
    declared = reviews.declare(actor=assignment.reviewer, assignment=assignment, conflict=False)
    assert declared.declaration == Declaration.NO_CONFLICT and declared.declared_at
    assert reviews.declare(actor=assignment.reviewer, assignment=assignment, conflict=False).pk == assignment.pk
    with pytest.raises(InvalidTransition):
        reviews.declare(actor=assignment.reviewer, assignment=assignment, conflict=True, note="Late")


def test_declare_conflict_needs_a_note_and_is_recorded_when_declared():
    assignment = _pending()
    with pytest.raises(InvalidInput):
        reviews.declare(actor=assignment.reviewer, assignment=assignment, conflict=True)
    reviews.declare(actor=assignment.reviewer, assignment=assignment, conflict=True, note="My cousin runs it")
    assignment.refresh_from_db()
    assert assignment.declaration == Declaration.CONFLICT and assignment.declaration_note == "My cousin runs it"
    assert ModelLogEntry.objects.filter(object_id=str(assignment.pk)).exists()


def test_declare_is_refused_when_someone_else_declares():
    assignment = _pending()
    with pytest.raises(NotPermitted):
        reviews.declare(actor=people.UserFactory(), assignment=assignment, conflict=False)


def _scored_call():
    call = grants.CallFactory()
    plain = grants.CriterionFactory(call=call, scale_min=1, scale_max=5)
    optional = grants.CriterionFactory(call=call, scale_min=0, scale_max=10, allow_not_applicable=True)
    assignment = grants.AssignmentFactory(application=grants.submitted_application(call=call))
    return assignment, plain, optional


def test_save_review_keeps_a_draft_when_scores_are_in_scale():
    assignment, plain, optional = _scored_call()
    review = reviews.save_review(
        actor=assignment.reviewer,
        assignment=assignment,
        scores={plain.pk: {"value": 4, "comment": "Clear"}, optional.pk: {"not_applicable": True}},
        comment="Promising",
    )
    assert review.status == ReviewStatus.DRAFT and review.comment == "Promising"
    assert {(s.criterion_id, s.value, s.not_applicable) for s in review.scores.all()} == {
        (plain.pk, 4, False),
        (optional.pk, None, True),
    }
    same = reviews.save_review(
        actor=assignment.reviewer, assignment=assignment, scores={plain.pk: {"value": 4, "comment": "Clear"}}
    )
    assert same.version == review.version
    assert ModelLogEntry.objects.filter(object_id=str(review.pk)).count() == 1


def test_save_review_is_refused_when_a_score_is_out_of_scale():
    assignment, plain, _optional = _scored_call()
    for value in (0, 6):
        with pytest.raises(InvalidInput) as error:
            reviews.save_review(actor=assignment.reviewer, assignment=assignment, scores={plain.pk: {"value": value}})
        assert f"score_{plain.pk}" in error.value.errors
    assert not Review.objects.exists()


def test_save_review_is_refused_when_not_applicable_is_not_allowed():
    assignment, plain, _optional = _scored_call()
    with pytest.raises(InvalidInput):
        reviews.save_review(
            actor=assignment.reviewer, assignment=assignment, scores={plain.pk: {"not_applicable": True}}
        )


def test_save_review_is_refused_when_stale_or_not_the_reviewer_or_conflicted():
    assignment, plain, _optional = _scored_call()
    review = reviews.save_review(actor=assignment.reviewer, assignment=assignment, scores={plain.pk: {"value": 2}})
    reviews.save_review(
        actor=assignment.reviewer,
        assignment=assignment,
        scores={plain.pk: {"value": 3}},
        expected_version=review.version,
    )
    with pytest.raises(Conflict):
        reviews.save_review(
            actor=assignment.reviewer,
            assignment=assignment,
            scores={plain.pk: {"value": 5}},
            expected_version=review.version,
        )
    with pytest.raises(NotPermitted):
        reviews.save_review(actor=people.UserFactory(), assignment=assignment, scores={plain.pk: {"value": 5}})
    pending = _pending(call=assignment.application.call)
    with pytest.raises(NotPermitted):
        reviews.save_review(actor=pending.reviewer, assignment=pending, scores={plain.pk: {"value": 5}})
    assert Score.objects.get(criterion=plain, review=review).value == 3


def test_submit_review_is_refused_when_a_criterion_is_missing():
    assignment, plain, optional = _scored_call()
    with pytest.raises(InvalidInput) as error:
        reviews.submit_review(actor=assignment.reviewer, assignment=assignment, scores={plain.pk: {"value": 4}})
    assert f"score_{optional.pk}" in error.value.errors
    assert Review.objects.get().status == ReviewStatus.DRAFT


def test_submit_review_is_final_and_idempotent_when_complete():
    assignment, plain, optional = _scored_call()
    scores = {plain.pk: {"value": 4}, optional.pk: {"not_applicable": True}}
    review = reviews.submit_review(actor=assignment.reviewer, assignment=assignment, scores=scores, comment="Good")
    assert review.status == ReviewStatus.SUBMITTED and review.submitted_at
    again = reviews.submit_review(actor=assignment.reviewer, assignment=assignment, scores=scores)
    assert again.pk == review.pk and again.version == review.version
    with pytest.raises(InvalidTransition):
        reviews.save_review(actor=assignment.reviewer, assignment=assignment, scores={plain.pk: {"value": 1}})
    assert Score.objects.get(criterion=plain).value == 4

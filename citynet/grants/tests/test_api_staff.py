"""The grants API for people inside a call: each caller gets their own slice, and nothing else."""

import pytest

from citynet.accounts.models import Role
from citynet.accounts.tests.factories import UserFactory
from citynet.accounts.tests.factories import coordinator as coordinator_without_authenticator
from citynet.core.testing import assert_queries_do_not_grow, sign_in, staff
from citynet.grants.models import Decision, Declaration, ReviewStatus
from citynet.grants.tests import factories as grants
from citynet.network.tests.factories import RegionFactory

pytestmark = pytest.mark.django_db


def coordinator(region):
    return staff(Role.REGIONAL_COORDINATOR, region)


def secretariat():
    return staff(Role.SECRETARIAT)


@pytest.fixture
def call():
    return grants.CallFactory()


def _references(response) -> set:
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["count"] == len(body["items"])
    return {item["reference"] for item in body["items"]}


def test_an_applicant_lists_only_their_organisations_applications(client, call):
    mine = grants.submitted_application(call=call)
    grants.submitted_application(call=call)
    draft = grants.ApplicationFactory(organisation=mine.organisation)
    sign_in(client, grants.applicant_of(mine.organisation))
    response = client.get("/api/v1/applications")
    assert _references(response) == {mine.reference, draft.reference}
    item = next(i for i in response.json()["items"] if i["reference"] == mine.reference)
    assert item["screening"] is None  # staff's business


def test_an_applicant_never_reaches_another_organisations_application(client, call):
    theirs = grants.submitted_application(call=call)
    sign_in(client, grants.applicant_of(grants.ApplicantOrganisationFactory()))
    assert client.get(f"/api/v1/applications/{theirs.reference}").status_code == 404


def test_staff_list_the_submitted_applications_of_their_region_only(client, call):
    here = grants.submitted_application(call=call)
    grants.ApplicationFactory(call=call)  # a draft: the applicant's own business
    grants.submitted_application()  # another region's call
    sign_in(client, coordinator(call.region))
    response = client.get("/api/v1/applications")
    assert _references(response) == {here.reference}
    assert response.json()["items"][0]["screening"] == "pending"


def test_a_reviewer_reads_no_application_through_the_applications_list(client, call):
    assignment = grants.AssignmentFactory(application=grants.submitted_application(call=call))
    sign_in(client, assignment.reviewer)
    assert _references(client.get("/api/v1/applications")) == set()
    assert client.get(f"/api/v1/applications/{assignment.application.reference}").status_code == 404


def test_the_applicant_sees_a_decision_only_once_told(client, call):
    application = grants.submitted_application(call=call)
    decision = Decision.objects.create(application=application, outcome="award", amount=5000)
    sign_in(client, grants.applicant_of(application.organisation))
    assert client.get(f"/api/v1/applications/{application.reference}").json()["decision"] is None
    decision.notified_at = decision.decided_at
    decision.save()
    assert client.get(f"/api/v1/applications/{application.reference}").json()["decision"]["outcome"] == "award"


def test_a_reviewer_lists_only_their_own_reviews(client, call):
    application = grants.submitted_application(call=call)
    mine = grants.ReviewFactory(assignment=grants.AssignmentFactory(application=application))
    grants.ScoreFactory(review=mine, value=4)
    grants.ReviewFactory(assignment=grants.AssignmentFactory(application=application))
    sign_in(client, mine.assignment.reviewer)
    items = client.get("/api/v1/reviews").json()["items"]
    assert [item["id"] for item in items] == [mine.pk]
    assert items[0]["scores"][0]["value"] == 4


def test_a_conflicted_or_unassigned_reviewer_gets_no_review(client, call):
    application = grants.submitted_application(call=call)
    grants.ReviewFactory(assignment=grants.AssignmentFactory(application=application))
    conflicted = grants.AssignmentFactory(application=application, declaration=Declaration.CONFLICT)
    for person in (conflicted.reviewer, grants.PoolMemberFactory(call=call).reviewer):
        client.logout()
        sign_in(client, person)
        assert client.get("/api/v1/reviews").json() == {"items": [], "count": 0}


def test_staff_list_every_review_of_their_calls_and_filter_by_status(client, call):
    application = grants.submitted_application(call=call)
    done = grants.ReviewFactory(
        assignment=grants.AssignmentFactory(application=application), status=ReviewStatus.SUBMITTED
    )
    grants.ReviewFactory(assignment=grants.AssignmentFactory(application=application))
    grants.ReviewFactory(assignment=grants.AssignmentFactory(application=grants.submitted_application()))
    sign_in(client, coordinator(call.region))
    assert client.get("/api/v1/reviews").json()["count"] == 2
    assert [i["id"] for i in client.get("/api/v1/reviews?status=submitted").json()["items"]] == [done.pk]


def test_the_ranking_is_the_calls_staffs_alone(client, call):
    application = grants.submitted_application(call=call)
    criterion = grants.CriterionFactory(call=call)
    review = grants.ReviewFactory(assignment=grants.AssignmentFactory(application=application), status="submitted")
    grants.ScoreFactory(review=review, criterion=criterion, value=5)
    sign_in(client, coordinator(RegionFactory()))
    assert client.get(f"/api/v1/calls/{call.slug}/ranking").status_code == 404
    client.logout()
    sign_in(client, secretariat())
    body = client.get(f"/api/v1/calls/{call.slug}/ranking").json()
    assert body["rows"][0]["application"] == application.reference
    assert body["rows"][0]["rank"] == 1


def test_staff_without_their_second_factor_are_refused_in_json(client, call):
    client.force_login(coordinator_without_authenticator(call.region))  # a password, no authenticator code
    response = client.get("/api/v1/applications")
    assert response.status_code == 403
    assert "second factor" in response.json()["detail"]


def test_anonymous_callers_are_asked_to_sign_in(client):
    response = client.get("/api/v1/reviews")
    assert response.status_code == 401
    assert "detail" in response.json()


def test_the_lists_read_a_fixed_number_of_queries(client, call):
    sign_in(client, secretariat())

    def grow(n):
        for _ in range(n):
            application = grants.submitted_application(call=call)
            grants.ScoreFactory(
                review=grants.ReviewFactory(assignment=grants.AssignmentFactory(application=application))
            )

    assert_queries_do_not_grow(lambda: client.get("/api/v1/applications"), grow, sizes=(2, 12))
    assert_queries_do_not_grow(lambda: client.get("/api/v1/reviews"), grow, sizes=(2, 12))


def test_a_signed_in_stranger_gets_empty_lists(client, call):
    grants.ReviewFactory(assignment=grants.AssignmentFactory(application=grants.submitted_application(call=call)))
    sign_in(client, UserFactory())
    assert client.get("/api/v1/applications").json() == {"items": [], "count": 0}
    assert client.get("/api/v1/reviews").json() == {"items": [], "count": 0}

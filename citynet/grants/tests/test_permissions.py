"""The grants' rules, each as a check and as a queryset: the two must agree, and both default to deny."""

import pytest
from django.contrib.auth.models import AnonymousUser

from citynet.accounts.tests.factories import UserFactory, coordinator, focal_point, secretariat
from citynet.grants import permissions
from citynet.grants.models import Application, ApplicationStatus, Assignment, Call, CallStatus, Declaration
from citynet.grants.tests import factories as grants
from citynet.network.tests.factories import MunicipalityFactory, RegionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def call():
    return grants.CallFactory()


def test_a_call_is_run_by_the_staff_of_its_region_only(call):
    assert permissions.can_manage_call(secretariat(), call)
    assert permissions.can_manage_call(coordinator(call.region), call)
    assert not permissions.can_manage_call(coordinator(RegionFactory()), call)
    assert not permissions.can_manage_call(focal_point(MunicipalityFactory()), call)
    assert not permissions.can_manage_call(UserFactory(), call)
    assert not permissions.can_manage_call(AnonymousUser(), call)


def test_the_managed_calls_queryset_agrees_with_the_check(call):
    elsewhere = grants.CallFactory()
    own = coordinator(call.region)
    assert list(permissions.scope_managed_calls(Call.objects.all(), own)) == [call]
    assert set(permissions.scope_managed_calls(Call.objects.all(), secretariat())) == {call, elsewhere}
    assert not permissions.scope_managed_calls(Call.objects.all(), UserFactory()).exists()
    assert permissions.can_manage_calls(own) and not permissions.can_manage_calls(UserFactory())


def test_a_draft_call_is_seen_only_by_its_staff_when_it_is_not_published(call):
    draft = grants.CallFactory(status=CallStatus.DRAFT, region=call.region)
    assert permissions.can_see_call(AnonymousUser(), call)
    assert not permissions.can_see_call(AnonymousUser(), draft)
    assert permissions.can_see_call(coordinator(call.region), draft)
    assert list(permissions.scope_public_calls(Call.objects.all())) == [call]


def test_an_application_is_its_organisations_and_no_one_elses_when_it_is_a_draft(call):
    application = grants.ApplicationFactory(call=call)
    owner = grants.applicant_of(application.organisation)
    colleague = grants.applicant_of(application.organisation, is_manager=False)
    stranger = grants.applicant_of(grants.ApplicantOrganisationFactory())
    staff = coordinator(call.region)

    for person in (owner, colleague):
        assert permissions.can_edit_application(person, application)
        assert permissions.can_view_application(person, application)
    assert not permissions.can_edit_application(stranger, application)
    assert not permissions.can_view_application(stranger, application)
    # Staff read applications, but never edit them for the applicant; drafts are not theirs to list.
    assert not permissions.can_edit_application(staff, application)
    assert not permissions.scope_managed_applications(Application.objects.all(), staff).exists()
    assert list(permissions.scope_visible_applications(Application.objects.all(), owner)) == [application]
    assert not permissions.scope_visible_applications(Application.objects.all(), stranger).exists()


def test_submitted_applications_are_listed_for_the_staff_of_their_region_only(call):
    application = grants.submitted_application(call=call)
    assert list(permissions.scope_managed_applications(Application.objects.all(), coordinator(call.region))) == [
        application
    ]
    assert not permissions.scope_managed_applications(Application.objects.all(), coordinator(RegionFactory())).exists()
    assert permissions.can_view_application(secretariat(), application)


def test_a_reviewer_reads_an_application_only_once_assigned_and_free_of_conflict(call):
    application = grants.submitted_application(call=call)
    pending = grants.AssignmentFactory(application=application, declaration=Declaration.PENDING)
    clear = grants.AssignmentFactory(application=application)
    conflicted = grants.AssignmentFactory(application=application, declaration=Declaration.CONFLICT)
    unassigned = grants.PoolMemberFactory(call=call).reviewer

    assert permissions.can_view_application(clear.reviewer, application)
    assert permissions.can_review(clear.reviewer, clear)
    for assignment in (pending, conflicted):
        assert not permissions.can_view_application(assignment.reviewer, application)
        assert not permissions.can_review(assignment.reviewer, assignment)
    assert not permissions.can_view_application(unassigned, application)
    # Declaring is the assigned reviewer's alone.
    assert permissions.can_declare(pending.reviewer, pending)
    assert not permissions.can_declare(clear.reviewer, pending)
    visible = Application.objects.all()
    assert list(permissions.scope_visible_applications(visible, clear.reviewer)) == [application]
    assert not permissions.scope_visible_applications(visible, conflicted.reviewer).exists()
    assert list(permissions.scope_own_assignments(Assignment.objects.all(), pending.reviewer)) == [pending]


def test_a_withdrawn_application_is_no_longer_reviewed(call):
    assignment = grants.AssignmentFactory(application=grants.submitted_application(call=call))
    Application.objects.filter(pk=assignment.application_id).update(status=ApplicationStatus.WITHDRAWN)
    assignment.refresh_from_db()
    assert not permissions.can_review(assignment.reviewer, assignment)
    assert not permissions.can_view_application(assignment.reviewer, assignment.application)


def test_reviewers_see_the_others_scores_only_after_submitting_and_only_where_the_call_allows(call):
    application = grants.submitted_application(call=call)
    mine = grants.ReviewFactory(assignment=grants.AssignmentFactory(application=application))
    reviewer = mine.assignment.reviewer
    assert not permissions.can_see_all_scores(reviewer, application)  # the call does not allow it

    Call.objects.filter(pk=call.pk).update(reviewers_see_others_after_submitting=True)
    application = Application.objects.get(pk=application.pk)
    assert not permissions.can_see_all_scores(reviewer, application)  # not submitted yet
    mine.status = "submitted"
    mine.save()
    assert permissions.can_see_all_scores(reviewer, application)
    assert permissions.can_see_all_scores(coordinator(call.region), application)


def test_blind_review_hides_the_applicant_from_reviewers_but_not_from_staff_or_the_applicant(call):
    application = grants.submitted_application(call=call)
    reviewer = grants.AssignmentFactory(application=application).reviewer
    owner = grants.applicant_of(application.organisation)
    assert call.blind_review
    assert not permissions.sees_applicant_identity(reviewer, application)
    assert permissions.sees_applicant_identity(owner, application)
    assert permissions.sees_applicant_identity(coordinator(call.region), application)
    Call.objects.filter(pk=call.pk).update(blind_review=False)
    application = Application.objects.get(pk=application.pk)
    assert permissions.sees_applicant_identity(reviewer, application)


def test_an_organisations_profile_is_edited_by_its_managers(call):
    organisation = grants.ApplicantOrganisationFactory()
    manager = grants.applicant_of(organisation)
    colleague = grants.applicant_of(organisation, is_manager=False)
    assert permissions.can_edit_organisation(manager, organisation)
    assert not permissions.can_edit_organisation(colleague, organisation)
    assert not permissions.can_edit_organisation(UserFactory(), organisation)
    assert not permissions.can_edit_organisation(AnonymousUser(), grants.ApplicantOrganisationFactory.build())
    assert permissions.can_edit_organisation(UserFactory(), grants.ApplicantOrganisationFactory.build())

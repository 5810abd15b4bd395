"""The call's reviewer pool and assignments by hand, on the staff pages (/admin/grants/calls/<pk>/...)."""

import pytest
from django.urls import reverse

from citynet.accounts.models import Role
from citynet.accounts.tests.factories import UserFactory
from citynet.core.testing import assert_queries_do_not_grow, sign_in, staff
from citynet.grants.models import Assignment, DeclaredInterest, PoolMember, ReviewStatus
from citynet.grants.tests import factories as grants
from citynet.network.tests.factories import RegionFactory, member_municipality

pytestmark = pytest.mark.django_db


@pytest.fixture
def call(region):
    return grants.CallFactory(region=region, code="SYN-POOL")


@pytest.fixture
def coordinator(client, region):
    user = staff(Role.REGIONAL_COORDINATOR, region)
    sign_in(client, user)
    return user


@pytest.fixture
def application(call):
    return grants.submitted_application(call=call)


def url(name, call, *args):
    return reverse(f"grants_staff:{name}", args=[call.pk, *args])


def messages_of(response) -> str:
    return " ".join(str(m) for m in response.context["messages"])


def test_staff_add_an_existing_account_to_the_pool_with_a_limit_when_they_give_its_email(client, call, coordinator):
    reviewer = UserFactory(email="synthetic.reviewer@example.org")
    response = client.post(
        url("pool-add", call), {"email": "Synthetic.Reviewer@example.org", "max_assignments": "7"}, follow=True
    )
    member = PoolMember.objects.get(call=call, reviewer=reviewer)
    assert member.max_assignments == 7
    assert f"{reviewer} is in the pool" in messages_of(response)


def test_adding_to_the_pool_says_so_when_no_account_has_the_address(client, call, coordinator):
    response = client.post(url("pool-add", call), {"email": "nobody@example.org"}, follow=True)
    assert response.status_code == 200
    assert "No account has the address nobody@example.org" in messages_of(response)
    assert not PoolMember.objects.filter(call=call).exists()


def test_the_assignment_page_shows_each_members_load_and_interests(client, call, coordinator, application):
    member = grants.PoolMemberFactory(call=call, max_assignments=3)
    grants.AssignmentFactory(application=application, reviewer=member.reviewer)
    DeclaredInterest.objects.create(reviewer=member.reviewer, country="RS")
    response = client.get(url("assignment", call))
    assert response.status_code == 200
    ((row, interests),) = [(m, i) for m, i in response.context["pool"] if m.pk == member.pk]
    assert row.assigned == 1
    assert [str(interest) for interest in interests] == ["Serbia"]
    assert "Automatic assignment is not available yet" not in response.text


def test_staff_remove_a_member_who_has_not_submitted_a_review(client, call, coordinator):
    member = grants.PoolMemberFactory(call=call)
    response = client.post(url("pool-remove", call, member.pk))
    assert response.status_code == 302
    assert not PoolMember.objects.filter(pk=member.pk).exists()


def test_removing_from_the_pool_is_refused_when_the_member_submitted_a_review(client, call, coordinator, application):
    member = grants.PoolMemberFactory(call=call)
    assignment = grants.AssignmentFactory(application=application, reviewer=member.reviewer)
    grants.ReviewFactory(assignment=assignment, status=ReviewStatus.SUBMITTED)
    response = client.post(url("pool-remove", call, member.pk), follow=True)
    assert "submitted reviews" in messages_of(response)
    assert PoolMember.objects.filter(pk=member.pk).exists()


def test_removing_another_calls_member_is_404(client, call, region, coordinator):
    member = grants.PoolMemberFactory(call=grants.CallFactory(region=region))
    assert client.post(url("pool-remove", call, member.pk)).status_code == 404
    assert PoolMember.objects.filter(pk=member.pk).exists()


def test_staff_record_a_members_interest_in_a_municipality_of_the_region(client, call, region, coordinator):
    member = grants.PoolMemberFactory(call=call)
    city = member_municipality(country=region.countries.get())
    client.post(url("pool-interest", call), {"member": member.pk, "municipality": city.pk, "note": "Synthetic"})
    assert DeclaredInterest.objects.filter(reviewer=member.reviewer, municipality=city).exists()


def test_recording_an_interest_is_refused_when_it_names_two_things(client, call, coordinator):
    member = grants.PoolMemberFactory(call=call)
    organisation = grants.submitted_application(call=call).organisation
    response = client.post(
        url("pool-interest", call), {"member": member.pk, "organisation": organisation.pk, "country": "AL"}, follow=True
    )
    assert "Choose one" in messages_of(response)
    assert not DeclaredInterest.objects.exists()


def test_the_application_page_lists_conflicted_members_as_unavailable_with_the_reason(
    client, call, coordinator, application
):
    free = grants.PoolMemberFactory(call=call)
    tied = grants.PoolMemberFactory(call=call)
    DeclaredInterest.objects.create(reviewer=tied.reviewer, organisation=application.organisation)
    response = client.get(url("application", call, application.pk))
    candidates = {c.member.pk: c for c in response.context["candidates"]}
    assert candidates[free.pk].available
    assert not candidates[tied.pk].available
    assert "applicant organisation" in candidates[tied.pk].reason
    assert "unavailable:" in response.text


def test_staff_assign_a_pool_member_free_of_conflict_by_hand(client, call, coordinator, application):
    member = grants.PoolMemberFactory(call=call)
    response = client.post(url("assign", call, application.pk), {"member": member.pk})
    assert response.status_code == 302
    assignment = Assignment.objects.get(application=application, reviewer=member.reviewer)
    assert not assignment.automatic


def test_assigning_a_conflicted_member_is_refused_with_a_message(client, call, coordinator, application):
    member = grants.PoolMemberFactory(call=call)
    DeclaredInterest.objects.create(reviewer=member.reviewer, country=application.organisation.country)
    response = client.post(url("assign", call, application.pk), {"member": member.pk}, follow=True)
    assert "conflict of interest" in messages_of(response)
    assert not Assignment.objects.filter(application=application).exists()


def test_assigning_another_calls_member_is_refused_at_the_form(client, call, region, coordinator, application):
    member = grants.PoolMemberFactory(call=grants.CallFactory(region=region))
    response = client.post(url("assign", call, application.pk), {"member": member.pk}, follow=True)
    assert response.status_code == 200
    assert not Assignment.objects.filter(application=application).exists()


def test_staff_take_back_an_assignment_without_a_submitted_review(client, call, coordinator, application):
    assignment = grants.AssignmentFactory(application=application)
    response = client.post(url("unassign", call, application.pk, assignment.pk))
    assert response.status_code == 302
    assert not Assignment.objects.filter(pk=assignment.pk).exists()


def test_taking_back_an_assignment_is_refused_once_its_review_was_submitted(client, call, coordinator, application):
    assignment = grants.AssignmentFactory(application=application)
    grants.ReviewFactory(assignment=assignment, status=ReviewStatus.SUBMITTED)
    response = client.post(url("unassign", call, application.pk, assignment.pk), follow=True)
    assert "submitted" in messages_of(response)
    assert Assignment.objects.filter(pk=assignment.pk).exists()


def test_taking_back_another_applications_assignment_is_404(client, call, coordinator, application):
    other = grants.AssignmentFactory(application=grants.submitted_application(call=call))
    assert client.post(url("unassign", call, application.pk, other.pk)).status_code == 404
    assert Assignment.objects.filter(pk=other.pk).exists()


@pytest.mark.parametrize("name", ["pool-add", "pool-interest"])
def test_pool_writes_are_404_when_the_coordinator_runs_another_region(client, call, name):
    sign_in(client, staff(Role.REGIONAL_COORDINATOR, RegionFactory(slug="elsewhere")))
    assert client.post(url(name, call), {"email": "x@example.org"}).status_code == 404
    assert not PoolMember.objects.exists()


def test_assigning_is_404_when_the_coordinator_runs_another_region(client, call, application):
    member = grants.PoolMemberFactory(call=call)
    sign_in(client, staff(Role.REGIONAL_COORDINATOR, RegionFactory(slug="elsewhere")))
    assert client.post(url("assign", call, application.pk), {"member": member.pk}).status_code == 404
    assert not Assignment.objects.exists()


def test_pool_writes_send_a_reviewer_to_sign_in(client, call):
    member = grants.PoolMemberFactory(call=call)
    sign_in(client, member.reviewer)
    response = client.post(url("pool-remove", call, member.pk))
    assert response.status_code == 302
    assert "login" in response["Location"]
    assert PoolMember.objects.filter(pk=member.pk).exists()


def test_pool_pages_refuse_get_on_writes(client, call, coordinator):
    assert client.get(url("pool-add", call)).status_code == 405


def test_the_assignment_and_application_pages_cost_the_same_queries_whatever_the_pool(
    client, call, coordinator, application
):
    def grow(n):
        for _ in range(n):
            member = grants.PoolMemberFactory(call=call)
            DeclaredInterest.objects.create(reviewer=member.reviewer, country="RS")

    assert_queries_do_not_grow(lambda: client.get(url("assignment", call)), grow, sizes=(2, 12))
    assert_queries_do_not_grow(lambda: client.get(url("application", call, application.pk)), grow, sizes=(14, 24))

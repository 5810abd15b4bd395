"""A reviewer's declared interests, /<lang>/reviews/interests/: their own, and only theirs."""

import pytest
from django.urls import reverse

from citynet.accounts.tests.factories import UserFactory
from citynet.core.testing import sign_in
from citynet.grants.models import DeclaredInterest
from citynet.grants.services.reviews import has_conflict
from citynet.grants.tests import factories as grants
from citynet.network.tests.factories import CountryFactory, RegionFactory, member_municipality

pytestmark = pytest.mark.django_db

URL = "/en/reviews/interests/"


@pytest.fixture
def call(region):
    return grants.CallFactory(region=region)


@pytest.fixture
def reviewer(client, call):
    user = grants.PoolMemberFactory(call=call).reviewer
    sign_in(client, user)
    return user


def test_the_url_is_named():
    assert reverse("grants:review-interests") == URL


def test_the_page_asks_to_sign_in_when_anonymous(client):
    response = client.get(URL)
    assert response.status_code == 302
    assert "login" in response["Location"]


def test_the_queue_links_to_the_interests(client, reviewer):
    assert URL in client.get("/en/reviews/").text


def test_a_reviewer_declares_a_country_and_is_never_assigned_an_application_from_it(client, call, reviewer):
    response = client.post(URL, {"country": "AL", "note": "I worked there"})
    assert response.status_code == 302
    interest = DeclaredInterest.objects.get(reviewer=reviewer)
    assert str(interest.country) == "AL"
    application = grants.submitted_application(
        call=call, organisation=grants.ApplicantOrganisationFactory(country="AL")
    )
    assert has_conflict(reviewer, application)
    assert "I worked there" in client.get(URL).text


def test_a_reviewer_may_pick_a_municipality_of_the_regions_they_review_for(client, region, reviewer):
    here = member_municipality(country=region.countries.get())
    elsewhere = member_municipality(country=CountryFactory(code="MK", region=RegionFactory(slug="elsewhere")))
    choices = client.get(URL).context["form"].fields["municipality"].queryset
    assert list(choices) == [here]
    client.post(URL, {"municipality": here.pk})
    assert DeclaredInterest.objects.filter(reviewer=reviewer, municipality=here).exists()
    response = client.post(URL, {"municipality": elsewhere.pk})
    assert response.status_code == 422
    assert not DeclaredInterest.objects.filter(municipality=elsewhere).exists()


def test_a_named_organisation_is_a_conflict_whatever_the_spelling(client, reviewer):
    from citynet.grants.services.reviews import has_conflict

    application = grants.submitted_application(
        organisation=grants.ApplicantOrganisationFactory(name="Synthetic Zelena Dolina")
    )
    client.post(URL, {"organisation_name": " synthetic  ZELENA dolina "})
    assert DeclaredInterest.objects.filter(reviewer=reviewer, organisation_name__icontains="zelena").exists()
    assert has_conflict(reviewer, application)


def test_naming_an_organisation_never_tells_whether_it_applied(client, reviewer):
    grants.ApplicantOrganisationFactory(name="Synthetic Green Valley")
    known = client.post(URL, {"organisation_name": "Synthetic Green Valley"})
    unknown = client.post(URL, {"organisation_name": "Synthetic Nobody"})
    assert known.status_code == unknown.status_code == 302
    assert DeclaredInterest.objects.filter(reviewer=reviewer).count() == 2


def test_declaring_is_refused_when_it_names_nothing_or_two_things(client, reviewer):
    assert client.post(URL, {}).status_code == 422
    assert client.post(URL, {"country": "AL", "organisation_name": "Synthetic"}).status_code == 422
    assert not DeclaredInterest.objects.exists()


def test_a_reviewer_sees_only_their_own_interests(client, reviewer):
    DeclaredInterest.objects.create(reviewer=reviewer, country="AL")
    DeclaredInterest.objects.create(reviewer=UserFactory(), country="RS", note="Synthetic secret tie")
    response = client.get(URL)
    assert [i.reviewer_id for i in response.context["interests"]] == [reviewer.pk]
    assert "Synthetic secret tie" not in response.text


def test_a_reviewer_withdraws_their_own_interest(client, reviewer):
    interest = DeclaredInterest.objects.create(reviewer=reviewer, country="AL")
    response = client.post(reverse("grants:review-interest-remove", args=[interest.pk]))
    assert response.status_code == 302
    assert not DeclaredInterest.objects.filter(pk=interest.pk).exists()


def test_withdrawing_someone_elses_interest_is_404(client, reviewer):
    interest = DeclaredInterest.objects.create(reviewer=UserFactory(), country="AL")
    assert client.post(reverse("grants:review-interest-remove", args=[interest.pk])).status_code == 404
    assert DeclaredInterest.objects.filter(pk=interest.pk).exists()


def test_withdrawing_is_post_only(client, reviewer):
    interest = DeclaredInterest.objects.create(reviewer=reviewer, country="AL")
    assert client.get(reverse("grants:review-interest-remove", args=[interest.pk])).status_code == 405
    assert DeclaredInterest.objects.filter(pk=interest.pk).exists()

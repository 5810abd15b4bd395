"""The header links each person to their own grant pages, and no one else to them."""

import pytest

from citynet.accounts.tests.factories import UserFactory
from citynet.core.testing import sign_in
from citynet.grants.tests import factories as grants

pytestmark = pytest.mark.django_db


def _links(client) -> str:
    return client.get("/en/search/").content.decode()


def test_visitors_see_the_calls_but_no_personal_links(client):
    page = _links(client)
    assert 'href="/en/calls/"' in page
    assert "My applications" not in page and "My reviews" not in page


def test_an_applicant_is_linked_to_their_applications(client):
    sign_in(client, grants.applicant_of(grants.ApplicantOrganisationFactory()))
    page = _links(client)
    assert 'href="/en/grants/applications/"' in page and "My reviews" not in page


def test_a_reviewer_is_linked_to_their_queue_and_a_stranger_to_neither(client):
    sign_in(client, grants.PoolMemberFactory().reviewer)
    page = _links(client)
    assert 'href="/en/reviews/"' in page and "My applications" not in page
    client.logout()
    sign_in(client, UserFactory())
    page = _links(client)
    assert "My applications" not in page and "My reviews" not in page

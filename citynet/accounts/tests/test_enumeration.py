"""Sign-in and password reset never tell a stranger whether an address has an account."""

import pytest

from citynet.accounts.tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_password_reset_answers_alike_for_known_and_unknown_addresses(client, mailoutbox):
    UserFactory(email="known@example.test")
    known = client.post("/en/accounts/password/reset/", {"email": "known@example.test"})
    unknown = client.post("/en/accounts/password/reset/", {"email": "nobody@example.test"})
    assert (known.status_code, known["Location"]) == (unknown.status_code, unknown["Location"])


def test_failed_sign_in_says_the_same_for_a_wrong_password_and_an_unknown_address(client):
    UserFactory(email="known@example.test")
    wrong_password = client.post("/en/accounts/login/", {"login": "known@example.test", "password": "nope-nope-nope"})
    unknown = client.post("/en/accounts/login/", {"login": "nobody@example.test", "password": "nope-nope-nope"})
    assert wrong_password.status_code == unknown.status_code == 200
    assert wrong_password.context["form"].errors == unknown.context["form"].errors

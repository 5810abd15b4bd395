"""Sign-up, sign-in and password reset never tell a stranger whether an address has an account."""

import pytest
from django.contrib.auth.hashers import MD5PasswordHasher

from citynet.accounts.models import User
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


class CountingHasher(MD5PasswordHasher):
    """The tests' fast hasher, counting the passwords it hashes (the slow step in production)."""

    hashed: list[str] = []

    def encode(self, password, salt):
        self.hashed.append(password)
        return super().encode(password, salt)


@pytest.fixture
def counting_hasher(settings):
    settings.PASSWORD_HASHERS = [f"{__name__}.CountingHasher"]
    CountingHasher.hashed = []
    return CountingHasher


def sign_up(client, email: str):
    password = "synthetic pass phrase 7"
    response = client.post("/en/accounts/signup/", {"email": email, "password1": password, "password2": password})
    return response, password


def test_sign_up_hashes_the_password_alike_for_known_and_new_addresses(client, counting_hasher, mailoutbox):
    UserFactory(email="known@example.test")
    counting_hasher.hashed = []

    known, password = sign_up(client, "known@example.test")
    hashed_for_known = list(counting_hasher.hashed)
    counting_hasher.hashed = []
    new, _password = sign_up(client, "new@example.test")

    # Hashing is what made the known address answer about five times faster: both paths pay for it.
    assert hashed_for_known == counting_hasher.hashed == [password]
    assert (known.status_code, known["Location"]) == (new.status_code, new["Location"])
    assert len(mailoutbox) == 2  # "you already have an account" and "confirm your address"


def test_sign_up_creates_no_second_account_when_the_address_is_known(client, counting_hasher, mailoutbox):
    UserFactory(email="known@example.test")

    sign_up(client, "known@example.test")

    assert User.objects.filter(email="known@example.test").count() == 1
    assert not User.objects.get(email="known@example.test").check_password("synthetic pass phrase 7")


def test_failed_sign_in_hashes_as_often_for_a_known_and_an_unknown_address(client, counting_hasher):
    UserFactory(email="known@example.test")
    counting_hasher.hashed = []

    client.post("/en/accounts/login/", {"login": "known@example.test", "password": "nope-nope-nope"})
    for_known = len(counting_hasher.hashed)
    counting_hasher.hashed = []
    client.post("/en/accounts/login/", {"login": "nobody@example.test", "password": "nope-nope-nope"})

    assert for_known == len(counting_hasher.hashed) > 0

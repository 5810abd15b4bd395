"""The second factor in front of the staff admin, and the sign-in pages in the site's own layout."""

import re
import time

import pytest
from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, generate_totp_secret, hotp_value
from django.urls import reverse

from citynet.accounts import services
from citynet.accounts.models import Role
from citynet.accounts.tests import factories
from citynet.core.actors import SYSTEM
from citynet.network.tests.factories import MunicipalityFactory, RegionFactory

pytestmark = pytest.mark.django_db

ACTIVATE = "/en/accounts/2fa/totp/activate/"


def coordinator(*, with_totp: bool):
    user = factories.UserFactory()
    services.assign_role(actor=SYSTEM, user=user, role=Role.REGIONAL_COORDINATOR, region=RegionFactory())
    secret = generate_totp_secret()
    if with_totp:
        TOTP.activate(user, secret)
    return user, secret


def current_code(secret: str) -> str:
    return format_hotp_value(hotp_value(secret, int(time.time()) // 30))


def sign_in(client, user, secret):
    """Sign in the way a person does: email and password, then the authenticator's code."""
    response = client.post("/en/accounts/login/", {"login": user.email, "password": factories.PASSWORD})
    assert response["Location"] == reverse("mfa_authenticate")
    response = client.post(reverse("mfa_authenticate"), {"code": current_code(secret)})
    assert response.status_code == 302, response.content


def test_coordinator_is_sent_to_set_up_totp_when_opening_the_admin_without_one(client):
    user, _secret = coordinator(with_totp=False)
    client.force_login(user)

    response = client.get("/admin/municipality/")

    assert response.status_code == 302
    assert response["Location"] == ACTIVATE


def test_redirect_explains_why_when_staff_are_sent_to_set_up_totp(client):
    user, _secret = coordinator(with_totp=False)
    client.force_login(user)

    page = client.get("/admin/", follow=True)

    assert "Staff work needs a second factor" in page.text


@pytest.mark.parametrize(
    "make_user",
    [
        lambda: factories.UserFactory(is_superuser=True),
        lambda: factories.UserFactory(is_staff=True),
        factories.secretariat,
    ],
)
def test_staff_are_sent_to_set_up_totp_when_they_have_none(client, make_user):
    client.force_login(make_user())

    assert client.get("/admin/")["Location"] == ACTIVATE


def test_coordinator_reaches_the_admin_when_signed_in_with_password_and_code(client):
    user, secret = coordinator(with_totp=True)

    sign_in(client, user, secret)

    assert client.get("/admin/").status_code == 200


def test_staff_must_confirm_a_code_when_the_session_skipped_the_second_factor(client):
    user, _secret = coordinator(with_totp=True)
    client.force_login(user)  # as a sign-in that bypassed allauth's second-factor stage would

    response = client.get("/admin/municipality/?q=x")

    assert response.status_code == 302
    assert response["Location"] == "/en/accounts/2fa/reauthenticate/?next=%2Fadmin%2Fmunicipality%2F%3Fq%3Dx"


def test_wagtail_sign_in_sends_to_allauth_when_someone_tries_the_password_only_form(client):
    user, _secret = coordinator(with_totp=True)

    response = client.post("/admin/login/?next=/admin/page/", {"username": user.email, "password": factories.PASSWORD})

    assert response.status_code == 302
    assert response["Location"] == "/en/accounts/login/?next=%2Fadmin%2Fpage%2F"
    assert "_auth_user_id" not in client.session


def test_wagtail_password_reset_sends_to_allauth_when_requested(client):
    response = client.get("/admin/password_reset/")

    assert response["Location"] == "/en/accounts/password/reset/"


@pytest.mark.parametrize(
    "make_user",
    [
        factories.UserFactory,
        lambda: factories.member(MunicipalityFactory()),
        lambda: factories.focal_point(MunicipalityFactory()),
        factories.applicant,
        factories.reviewer,
    ],
)
def test_non_staff_pass_through_to_wagtail_when_they_open_the_admin(client, make_user):
    client.force_login(make_user())

    response = client.get("/admin/")

    # Wagtail, not the second-factor check, turns them away: back to sign-in.
    assert response.status_code == 302
    assert response["Location"].startswith("/en/accounts/login/")


def test_anonymous_visitor_passes_through_when_opening_the_admin(client):
    response = client.get("/admin/")

    assert response["Location"] == "/en/accounts/login/?next=/admin/"


def test_staff_without_totp_pass_through_when_the_path_is_not_the_admin(client):
    user, _secret = coordinator(with_totp=False)
    client.force_login(user)

    assert client.get("/healthz").status_code == 200
    assert client.get("/en/western-balkans/").get("Location") != ACTIVATE
    # allauth asks for the password again before activation; no loop back to the activation page.
    assert client.get(ACTIVATE)["Location"].startswith("/en/accounts/reauthenticate/")


def test_sign_in_page_uses_the_site_layout_when_rendered(client):
    response = client.get("/en/accounts/login/")

    assert response.status_code == 200
    assert '<html lang="en" dir="ltr">' in response.text
    assert 'class="skip-link"' in response.text
    assert re.search(r"<h1>\s*Sign In\s*</h1>", response.text)
    assert '<label for="id_login">' in response.text
    assert '<label for="id_password">' in response.text


def test_sign_in_page_reads_right_to_left_when_in_arabic(client):
    response = client.get("/ar/accounts/login/")

    assert '<html lang="ar" dir="rtl">' in response.text

"""Staff use their second factor for every privileged action, wherever it is, not only under /admin/.

A coordinator without TOTP rewrote every city profile of their region through the public editor. Staff
(secretariat, coordinators, superusers, is_staff accounts) now need TOTP set up and used in this session
for any write anywhere and for privileged pages (`@second_factor_required`); focal points are not staff.
"""

import time
from urllib.parse import quote

import pytest
from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, generate_totp_secret, hotp_value
from django.db import transaction
from django.http import HttpResponse
from django.test import RequestFactory
from django.urls import reverse
from django.views import View

from citynet.accounts.second_factor import SecondFactorRequiredMixin, second_factor_required
from citynet.accounts.tests import factories
from citynet.network.models import Municipality
from citynet.network.tests.factories import CountryFactory, RegionFactory, member_municipality

pytestmark = pytest.mark.django_db

ACTIVATE = "/en/accounts/2fa/totp/activate/"
NEW_TEXT = "Synthetic profile written by whoever got through."


@pytest.fixture
def city():
    return member_municipality(country=CountryFactory(code="XK", region=RegionFactory()))


def edit_url(city) -> str:
    return f"/en/municipalities/{city.slug}/edit/"


def post_profile(client, city):
    return client.post(edit_url(city), {"profile_en": NEW_TEXT, "website": "", "version": city.version})


def assert_unchanged(city):
    city.refresh_from_db()
    assert city.version == 1
    assert city.profile_en != NEW_TEXT


def sign_in_with_password_and_code(client, user, secret):
    client.post("/en/accounts/login/", {"login": user.email, "password": factories.PASSWORD})
    code = format_hotp_value(hotp_value(secret, int(time.time()) // 30))
    response = client.post(reverse("mfa_authenticate"), {"code": code})
    assert response.status_code == 302, response.content


def test_coordinator_without_totp_is_sent_to_set_it_up_when_opening_the_profile_editor(client, city):
    client.force_login(factories.coordinator(city.country.region))

    response = client.get(edit_url(city))

    assert response.status_code == 302
    assert response["Location"] == ACTIVATE


def test_coordinator_without_totp_saves_nothing_when_posting_the_profile_editor(client, city):
    client.force_login(factories.coordinator(city.country.region))

    response = post_profile(client, city)

    assert response.status_code == 302
    assert response["Location"] == ACTIVATE
    assert_unchanged(city)


@pytest.mark.parametrize(
    "make_user",
    [
        factories.secretariat,
        lambda: factories.UserFactory(is_superuser=True),
        lambda: factories.UserFactory(is_staff=True),
    ],
)
def test_other_staff_without_totp_save_nothing_when_posting_the_profile_editor(client, city, make_user):
    client.force_login(make_user())

    response = post_profile(client, city)

    assert response["Location"] == ACTIVATE
    assert_unchanged(city)


def test_coordinator_must_enter_a_code_when_the_session_skipped_the_second_factor(client, city):
    user = factories.coordinator(city.country.region)
    TOTP.activate(user, generate_totp_secret())
    client.force_login(user)  # as a sign-in that bypassed allauth's second-factor stage would

    opened, posted = client.get(edit_url(city)), post_profile(client, city)

    expected = "/en/accounts/2fa/reauthenticate/?next=" + quote(edit_url(city), safe="")
    assert opened["Location"] == posted["Location"] == expected
    assert_unchanged(city)


def test_coordinator_saves_the_profile_when_signed_in_with_password_and_code(client, city):
    user = factories.coordinator(city.country.region)
    secret = generate_totp_secret()
    TOTP.activate(user, secret)
    sign_in_with_password_and_code(client, user, secret)

    assert client.get(edit_url(city)).status_code == 200
    response = post_profile(client, city)

    assert response.status_code == 302
    assert response["Location"] == f"/en/municipalities/{city.slug}/"
    city.refresh_from_db()
    assert (city.profile_en, city.version) == (NEW_TEXT, 2)


def test_test_helper_signs_staff_in_with_a_second_factor_when_other_apps_need_one(client, city):
    factories.sign_in_with_second_factor(client, factories.secretariat())

    post_profile(client, city)

    assert Municipality.objects.get(pk=city.pk).profile_en == NEW_TEXT


def test_focal_point_saves_without_a_second_factor_because_they_are_not_staff(client, city):
    client.force_login(factories.focal_point(city))

    response = post_profile(client, city)

    assert response["Location"] == f"/en/municipalities/{city.slug}/"
    assert Municipality.objects.get(pk=city.pk).profile_en == NEW_TEXT


def test_staff_without_totp_are_stopped_when_they_write_anywhere_on_the_site(client):
    client.force_login(factories.secretariat())

    response = client.post("/en/", {"anything": "at all"})

    assert response["Location"] == ACTIVATE


def test_staff_without_totp_still_sign_out_when_they_post_to_allauth(client):
    client.force_login(factories.secretariat())

    response = client.post("/en/accounts/logout/")

    assert response.status_code == 302
    assert response["Location"] != ACTIVATE
    assert "_auth_user_id" not in client.session


def test_staff_without_totp_reach_allauths_setup_when_they_post_to_it(client):
    client.force_login(factories.secretariat())

    response = client.post(ACTIVATE, {"code": "000000"})

    # allauth's own step (confirm the password first), not a loop back to the activation page.
    assert response["Location"].startswith("/en/accounts/reauthenticate/")


def test_members_and_the_anonymous_write_without_a_second_factor_when_not_staff(client, city):
    for user in (None, factories.member(city), factories.applicant()):
        if user:
            client.force_login(user)
        assert client.post("/en/accounts/logout/").get("Location") != ACTIVATE


class _Privileged(SecondFactorRequiredMixin, View):
    def get(self, request):
        return HttpResponse("privileged")


@second_factor_required
def _privileged(request):
    return HttpResponse("privileged")


@pytest.mark.parametrize("view", [_privileged, _Privileged.as_view()])
def test_privileged_views_of_any_app_ask_staff_for_the_second_factor_when_reading_too(view):
    request = RequestFactory().get("/en/some-app/privileged/")
    request.user = factories.coordinator(RegionFactory())
    request.session = {}

    response = view(request)

    assert (response.status_code, response["Location"]) == (302, ACTIVATE)


@pytest.mark.parametrize("view", [_privileged, _Privileged.as_view()])
def test_privileged_views_open_for_those_who_are_not_staff(view):
    request = RequestFactory().get("/en/some-app/privileged/")
    request.user = factories.focal_point(member_municipality())
    request.session = {}

    assert view(request).content == b"privileged"


def test_coordinator_who_just_set_up_totp_edits_without_entering_a_second_code(client, city, monkeypatch):
    """Activating an authenticator means entering a valid code from it: that is the session's second factor."""
    user = factories.coordinator(city.country.region)
    client.post("/en/accounts/login/", {"login": user.email, "password": factories.PASSWORD})
    client.post("/en/accounts/reauthenticate/", {"password": factories.PASSWORD})
    client.get(ACTIVATE)
    secret = client.session["mfa.totp.secret"]

    # allauth announces the activation when its own transaction commits, inside the request; in a test the
    # outer transaction never commits, so run the announcement where the commit would be. (A transactional
    # test would flush the rows that migrations made, for every test after it in the worker.)
    monkeypatch.setattr(transaction, "on_commit", lambda callback, *args, **kwargs: callback())
    activated = client.post(ACTIVATE, {"code": format_hotp_value(hotp_value(secret, int(time.time()) // 30))})

    assert activated.status_code == 302, activated.content
    assert client.get(edit_url(city)).status_code == 200


def test_staff_without_a_second_factor_get_the_apis_error_shape_when_they_write_to_the_api(client):
    client.force_login(factories.secretariat())

    response = client.post("/api/v1/municipalities", {}, content_type="application/json")

    assert response.status_code == 403
    assert response["Content-Type"].startswith("application/json")
    assert "second factor" in response.json()["detail"]

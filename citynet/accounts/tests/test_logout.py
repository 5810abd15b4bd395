"""Signing out is a POST that ends the session on the server, from the admin as from the site.

A GET to the admin's logout used to delete the session cookie while the session itself stayed valid: the
browser looked signed out, and anyone holding the cookie's value was still signed in.
"""

import pytest
from django.conf import settings
from django.contrib.sessions.models import Session

from citynet.accounts.tests import factories

pytestmark = pytest.mark.django_db


def session_key(client) -> str:
    return client.cookies[settings.SESSION_COOKIE_NAME].value


def test_admin_logout_by_get_leaves_the_cookie_and_asks_to_confirm(client):
    factories.sign_in_with_second_factor(client, factories.UserFactory(is_superuser=True))
    key = session_key(client)

    response = client.get("/admin/logout/")

    assert response.status_code == 302
    assert response["Location"] == "/en/accounts/logout/"
    assert settings.SESSION_COOKIE_NAME not in response.cookies  # neither deleted nor replaced
    assert Session.objects.filter(session_key=key).exists()
    assert client.get("/admin/").status_code == 200  # still signed in, as the cookie says


def test_allauth_logout_by_get_shows_a_confirmation_form_and_signs_no_one_out(client):
    client.force_login(factories.UserFactory())

    response = client.get("/en/accounts/logout/")

    assert response.status_code == 200
    assert '<form method="post"' in response.text
    assert "_auth_user_id" in client.session


@pytest.mark.parametrize("url", ["/admin/logout/", "/en/accounts/logout/"])
def test_logout_by_post_ends_the_session_on_the_server(client, url):
    factories.sign_in_with_second_factor(client, factories.UserFactory(is_superuser=True))
    key = session_key(client)

    response = client.post(url)

    assert response.status_code == 302
    assert not Session.objects.filter(session_key=key).exists()
    assert "_auth_user_id" not in client.session


def test_stolen_cookie_opens_nothing_when_its_owner_signed_out_of_the_admin(client):
    factories.sign_in_with_second_factor(client, factories.UserFactory(is_superuser=True))
    stolen = session_key(client)

    client.post("/admin/logout/")
    client.cookies[settings.SESSION_COOKIE_NAME] = stolen

    assert client.get("/admin/")["Location"].startswith("/en/accounts/login/")

"""A hostile `next` never takes someone off the site, whichever sign-in or sign-out they go through.

An attacker tried 48 spellings of "somewhere else" on the sign-in pages and every one was refused; these
tests keep it so. Each journey is followed redirect by redirect, and every hop must stay on this site.
"""

import time
from urllib.parse import urlencode, urljoin, urlsplit

import pytest
from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, generate_totp_secret, hotp_value
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme

from citynet.accounts.tests import factories

pytestmark = pytest.mark.django_db

HOSTILE = [
    "//evil.test",
    "//evil.test/en/",
    "///evil.test",
    "////evil.test/",
    "/\\evil.test",
    "\\\\evil.test",
    "/\\/evil.test",
    "\\/\\/evil.test",
    "https://evil.test",
    "http://evil.test/en/",
    "https:evil.test",
    "https:/evil.test",
    "http:\\\\evil.test",
    "https://testserver@evil.test/",
    "https://evil.test\\@testserver/",
    "javascript:alert(1)",
    "JaVaScRiPt:alert(document.cookie)",
    "data:text/html,<script>alert(1)</script>",
    "%2F%2Fevil.test",
    "/%2F%2Fevil.test",
    " //evil.test",
    "\t//evil.test",
    "/\t/evil.test",
    "//evil。test",
]


def on_site(location: str, base: str) -> bool:
    """Whether a browser at `base` that follows `location` stays on this site.

    Django's check refuses what browsers read as another host (`//x`, `/\\x`, control characters,
    `https:x`, other schemes); the join resolves what remains as a browser would (relative paths too).
    """
    if not url_has_allowed_host_and_scheme(location, allowed_hosts={"testserver"}):
        return False
    target = urlsplit(urljoin(base, location))
    return (target.scheme, target.hostname) == ("http", "testserver")


def assert_every_hop_stays_on_site(client, response, hops: int = 6) -> list[str]:
    """Follow the redirects of `response` (by GET), failing at the first that leaves the site."""
    seen, base = [], "http://testserver" + response.wsgi_request.get_full_path()
    while response.status_code in (301, 302, 303, 307, 308) and hops:
        location = response["Location"]
        seen.append(location)
        assert on_site(location, base), f"left the site: {seen}"
        base = urljoin(base, location)
        response = client.get(base)
        hops -= 1
    assert response.status_code < 500, seen
    return seen


@pytest.mark.parametrize("hostile", HOSTILE)
def test_allauth_sign_in_stays_on_site_when_next_is_hostile(client, hostile):
    user = factories.UserFactory()

    response = client.post(
        "/en/accounts/login/?" + _query(hostile), {"login": user.email, "password": factories.PASSWORD}
    )

    assert_every_hop_stays_on_site(client, response)
    assert client.session["_auth_user_id"] == str(user.pk)  # signed in, and kept on the site


@pytest.mark.parametrize("hostile", HOSTILE)
def test_staff_sign_in_with_a_code_stays_on_site_when_next_is_hostile(client, hostile):
    user = factories.secretariat()
    secret = generate_totp_secret()
    TOTP.activate(user, secret)
    client.post("/en/accounts/login/", {"login": user.email, "password": factories.PASSWORD, "next": hostile})

    response = client.post(reverse("mfa_authenticate"), {"code": format_hotp_value(hotp_value(secret, _counter()))})

    assert_every_hop_stays_on_site(client, response)
    assert client.session["_auth_user_id"] == str(user.pk)


@pytest.mark.parametrize("hostile", HOSTILE)
@pytest.mark.parametrize("sign_in_page", ["/admin/login/", "/en/_util/login/"])
def test_other_sign_in_pages_hand_over_to_allauth_without_a_hostile_next(client, hostile, sign_in_page):
    response = client.get(sign_in_page + "?" + _query(hostile))

    assert response["Location"].startswith("/en/accounts/login/")
    assert_every_hop_stays_on_site(client, response)


@pytest.mark.parametrize("hostile", HOSTILE)
def test_signed_in_visitor_opening_the_sign_in_page_stays_on_site_when_next_is_hostile(client, hostile):
    client.force_login(factories.UserFactory())

    response = client.get("/en/accounts/login/?" + _query(hostile))

    assert_every_hop_stays_on_site(client, response)


@pytest.mark.parametrize("hostile", HOSTILE)
def test_sign_out_stays_on_site_when_next_is_hostile(client, hostile):
    client.force_login(factories.UserFactory())

    response = client.post("/en/accounts/logout/", {"next": hostile})

    assert_every_hop_stays_on_site(client, response)
    assert "_auth_user_id" not in client.session


def test_a_next_on_this_site_is_kept_when_signing_in(client):
    """The control: the checks above refuse what leaves the site, not every `next`."""
    user = factories.UserFactory()

    response = client.post(
        "/en/accounts/login/?next=/en/search/%3Fq%3Dgjilan", {"login": user.email, "password": factories.PASSWORD}
    )

    assert response["Location"] == "/en/search/?q=gjilan"


def _query(next_url: str) -> str:
    return urlencode({"next": next_url})


def _counter() -> int:
    return int(time.time()) // 30

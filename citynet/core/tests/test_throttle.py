"""Anonymous API and search requests are throttled per client, in the shared cache, in their language."""

import pytest
from django.test import override_settings
from django.utils import translation

from citynet.accounts.tests.factories import UserFactory
from citynet.core.throttle import Rate, hit, parse_rate

LOW = {"api": "3/m", "search": "2/m"}


def over_limit_message(language: str, seconds: int) -> str:
    from django.utils.translation import ngettext

    with translation.override(language):
        return ngettext(
            "Too many requests. Please wait %(seconds)d second and try again.",
            "Too many requests. Please wait %(seconds)d seconds and try again.",
            seconds,
        ) % {"seconds": seconds}


@pytest.mark.django_db
@override_settings(THROTTLE_RATES=LOW)
def test_an_anonymous_client_within_the_limit_is_served(client):
    for _ in range(3):
        assert client.get("/api/v1/regions").status_code == 200


@pytest.mark.django_db
@override_settings(THROTTLE_RATES=LOW)
def test_an_anonymous_client_over_the_api_limit_gets_json_429_with_retry_after(client):
    for _ in range(3):
        client.get("/api/v1/regions")
    response = client.get("/api/v1/regions")
    assert response.status_code == 429
    retry_after = int(response["Retry-After"])
    assert 1 <= retry_after <= 61
    assert response.json() == {"detail": over_limit_message("en", retry_after)}


@pytest.mark.django_db
@override_settings(THROTTLE_RATES=LOW)
def test_the_api_429_speaks_the_callers_language(client):
    for _ in range(3):
        client.get("/api/v1/regions", HTTP_ACCEPT_LANGUAGE="ar")
    response = client.get("/api/v1/regions", HTTP_ACCEPT_LANGUAGE="ar")
    assert response.status_code == 429
    assert response["Content-Language"] == "ar"
    assert response.json() == {"detail": over_limit_message("ar", int(response["Retry-After"]))}


@pytest.mark.django_db
@override_settings(THROTTLE_RATES=LOW)
def test_each_new_site_search_counts_and_the_429_page_is_in_arabic(client):
    """Every new query misses the response cache; a burst of them is stopped with a page in Arabic."""
    assert client.get("/ar/search/", {"q": "Tirana"}).status_code == 200
    assert client.get("/ar/search/", {"q": "Тирана"}).status_code == 200
    response = client.get("/ar/search/", {"q": "تيرانا"})
    assert response.status_code == 429
    assert response["Content-Type"].startswith("text/html")
    page = response.content.decode()
    assert '<html lang="ar" dir="rtl">' in page
    assert over_limit_message("ar", int(response["Retry-After"])) in page


@pytest.mark.django_db
@override_settings(THROTTLE_RATES={"api": "100/m", "search": "2/m"})
def test_api_queries_count_as_searches(client):
    assert client.get("/api/v1/municipalities", {"q": "a"}).status_code == 200
    assert client.get("/api/v1/municipalities", {"q": "b"}).status_code == 200
    assert client.get("/api/v1/municipalities", {"q": "c"}).status_code == 429
    assert client.get("/api/v1/municipalities").status_code == 200, "a list without a query is not a search"


@pytest.mark.django_db
@override_settings(THROTTLE_RATES=LOW)
def test_pages_other_than_search_and_the_api_are_never_throttled(client):
    for _ in range(6):
        assert client.get("/healthz").status_code == 200


@pytest.mark.django_db
@override_settings(THROTTLE_RATES=LOW, THROTTLE_SIGNED_IN_FACTOR=2)
def test_a_signed_in_member_gets_a_higher_limit(client):
    client.force_login(UserFactory())
    statuses = [client.get("/api/v1/regions").status_code for _ in range(7)]
    assert statuses == [200] * 6 + [429]


@pytest.mark.django_db
@override_settings(THROTTLE_RATES=LOW)
def test_each_client_has_its_own_count(client):
    for _ in range(3):
        client.get("/api/v1/regions", REMOTE_ADDR="198.51.100.1")
    assert client.get("/api/v1/regions", REMOTE_ADDR="198.51.100.1").status_code == 429
    assert client.get("/api/v1/regions", REMOTE_ADDR="198.51.100.2").status_code == 200


@pytest.mark.django_db
@override_settings(THROTTLE_RATES=LOW, ALLAUTH_TRUSTED_PROXY_COUNT=1)
def test_behind_one_proxy_the_client_is_the_address_the_proxy_saw(client):
    """Every request arrives from the proxy's address; counting by it would throttle everyone at once."""
    proxy = {"REMOTE_ADDR": "127.0.0.1"}
    for _ in range(3):
        client.get("/api/v1/regions", HTTP_X_FORWARDED_FOR="203.0.113.7", **proxy)
    assert client.get("/api/v1/regions", HTTP_X_FORWARDED_FOR="203.0.113.7", **proxy).status_code == 429
    # A forged first entry does not give a new identity: the proxy appends the real address last.
    forged = "10.9.9.9, 203.0.113.7"
    assert client.get("/api/v1/regions", HTTP_X_FORWARDED_FOR=forged, **proxy).status_code == 429
    assert client.get("/api/v1/regions", HTTP_X_FORWARDED_FOR="203.0.113.8", **proxy).status_code == 200


def test_the_count_starts_again_in_the_next_window():
    rate = Rate(1, 60)
    assert hit("test", "ip:192.0.2.1", rate, now=600.0) == 0
    assert hit("test", "ip:192.0.2.1", rate, now=630.0) == 31
    assert hit("test", "ip:192.0.2.1", rate, now=660.0) == 0


def test_rates_read_as_count_per_period():
    assert parse_rate("30/m") == Rate(30, 60)
    assert parse_rate("5/s") == Rate(5, 1)
    assert parse_rate("") is None
    from django.core.exceptions import ImproperlyConfigured

    with pytest.raises(ImproperlyConfigured):
        parse_rate("thirty a minute")


def _failed_sign_in(client, n: int, forwarded_for: str):
    return client.post(
        "/en/accounts/login/",
        {"login": f"nobody{n}@example.org", "password": "wrong password, synthetic"},
        REMOTE_ADDR="127.0.0.1",
        HTTP_X_FORWARDED_FOR=forwarded_for,
    )


@pytest.mark.django_db
@override_settings(ALLAUTH_TRUSTED_PROXY_COUNT=1, ACCOUNT_RATE_LIMITS={"login_failed": "3/m/ip"})
def test_behind_the_proxy_sign_in_limits_count_each_client_not_the_proxy(client):
    """Counting the proxy's address would lock everyone out after one person's mistakes."""
    from html import escape

    from allauth.account.adapter import DefaultAccountAdapter

    too_many = escape(str(DefaultAccountAdapter.error_messages["too_many_login_attempts"]))
    for n in range(3):
        assert too_many not in _failed_sign_in(client, n, "203.0.113.7").content.decode()
    assert too_many in _failed_sign_in(client, 3, "203.0.113.7").content.decode()
    assert too_many not in _failed_sign_in(client, 4, "203.0.113.8").content.decode()

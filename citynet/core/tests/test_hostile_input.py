"""Bad input anywhere gets a clear answer, never a server error."""

import pytest

HOSTILE = ["\x00", "' OR 1=1 --", "<script>alert(1)</script>", "%", "_", "x" * 5000, "😀", "\u202e", "../../etc/passwd"]

URLS = [
    "/en/search/?q={}",
    "/ar/search/?q={}",
    "/en/western-balkans/members/?country={}&page={}",
    "/api/v1/municipalities?q={}",
    "/api/v1/municipalities?country={}",
    "/api/v1/municipalities?status={}",
    "/api/v1/municipalities?limit={}",
    "/api/v1/organisations?q={}",
    "/api/v1/organisations?kind={}",
    "/api/v1/countries?region={}",
]


@pytest.mark.parametrize("value", HOSTILE)
@pytest.mark.parametrize("url", URLS)
def test_hostile_query_values_never_cause_a_server_error(client, western_balkans_registry, url, value):
    from urllib.parse import quote

    response = client.get(url.format(quote(value), quote(value)))
    assert response.status_code < 500, response.content[:300]


@pytest.mark.parametrize(
    ("path", "status"),
    [("/en/municipalities/%00/", 400), ("/en/organisations/..%2f..%2f/", 404), ("/api/v1/regions/%00", 400)],
)
def test_hostile_paths_are_refused_or_not_found(client, western_balkans_registry, path, status):
    assert client.get(path).status_code == status


def test_nul_bytes_are_refused_with_a_clear_message(client, db):
    response = client.get("/api/v1/regions/a%00b")
    assert response.status_code == 400
    assert "not allowed" in response.json()["detail"]
    assert client.get("/en/search/?q=%00").status_code == 400

"""/api/v1/search: the same search as the page, in the API's shape, by role."""

import pytest

from citynet.accounts.tests.factories import member
from citynet.core.cache import forget_local
from citynet.library.models import Access
from citynet.library.tests.factories import ResourceFactory
from citynet.network.tests.factories import MunicipalityFactory, member_municipality

URL = "/api/v1/search"


@pytest.fixture(autouse=True)
def fresh():
    forget_local()
    yield
    forget_local()


def test_every_kind_ranked_together_with_counts(client, western_balkans_registry, indexed):
    indexed()
    body = client.get(URL, {"q": "Гњилане"}, HTTP_ACCEPT_LANGUAGE="en").json()
    assert body["count"] == len(body["items"]) >= 1
    first = body["items"][0]
    assert (first["kind"], first["title"], first["url"]) == ("municipality", "Gjilan", "/en/municipalities/gjilan/")
    assert body["counts"]["municipality"] == 1


def test_a_kinds_items_with_limit_and_offset(client, db, indexed):
    for n in range(7):
        MunicipalityFactory(name_en=f"Synthetic Town {n}")
    indexed()
    body = client.get(URL, {"q": "town", "kind": "municipality", "limit": 5, "offset": 5}).json()
    assert body["count"] == 7
    assert len(body["items"]) == 2


def test_the_passage_and_what_matched(client, db, indexed):
    ResourceFactory(title_en="Synthetic guide", summary_en="How cities set up a local referral mechanism.")
    indexed()
    item = client.get(URL, {"q": "referral"}).json()["items"][0]
    assert item["matched"] == ["referral"]
    assert "local referral mechanism" in item["passage"]


def test_members_only_resources_for_members_only(client, db, indexed):
    city = member_municipality()
    ResourceFactory(title_en="Synthetic members report", access=Access.MEMBERS)
    indexed()
    assert client.get(URL, {"q": "members report"}).json()["count"] == 0
    client.force_login(member(city))
    assert client.get(URL, {"q": "members report"}).json()["count"] == 1


@pytest.mark.parametrize(
    "query",
    [{"q": ""}, {"q": " ,;"}, {"q": "x" * 101}, {"q": "a", "kind": "spaceship"}, {"q": "a", "limit": 0}],
)
def test_bad_queries_answer_422_with_a_detail(client, db, query):
    response = client.get(URL, query)
    assert response.status_code == 422
    assert "detail" in response.json()


def test_an_unknown_topic_is_said(client, db):
    response = client.get(URL, {"q": "a", "topic": "nothing-like-it"})
    assert response.status_code == 422
    assert "nothing-like-it" in response.json()["detail"]


@pytest.mark.parametrize("count", [3, 60])
def test_a_fixed_number_of_queries(client, db, indexed, django_assert_max_num_queries, count):
    for _ in range(count):
        MunicipalityFactory()
        ResourceFactory()
    indexed()
    # The search's three, and on PostgreSQL its transaction's savepoint, SET LOCAL and release (selectors.py).
    with django_assert_max_num_queries(9):
        assert client.get(URL, {"q": "synthetic"}).status_code == 200


def test_the_kinds_with_more_matches_than_read_are_said(client, db, indexed, monkeypatch):
    from citynet.search import selectors

    monkeypatch.setattr(selectors, "MATCHED", 2)
    for n in range(4):
        MunicipalityFactory(name_en=f"Synthetic Harbour {n}")
    indexed()
    body = client.get(URL, {"q": "harbour", "kind": "municipality"}).json()
    assert body["more"] == ["municipality"]
    assert body["count"] == 2

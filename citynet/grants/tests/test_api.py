import datetime

import pytest
from django.utils import timezone

from citynet.core.testing import assert_queries_do_not_grow
from citynet.grants.models import CallStatus
from citynet.grants.tests import factories as grants
from citynet.network.tests.factories import OrganisationFactory, RegionFactory

pytestmark = pytest.mark.django_db


def closed_call(**kwargs):
    return grants.CallFactory(
        status=CallStatus.RESULTS_PUBLISHED,
        opens_at=timezone.now() - datetime.timedelta(days=60),
        closes_at=timezone.now() - datetime.timedelta(days=30),
        **kwargs,
    )


def test_calls_list_only_published_calls_with_their_status_when_drafts_exist(client):
    open_call = grants.CallFactory(title_en="Open one", title_ar="مفتوحة")
    closed_call(title_en="Old one")
    grants.CallFactory(status=CallStatus.DRAFT)
    body = client.get("/api/v1/calls").json()
    assert body["count"] == 2
    by_slug = {item["slug"]: item for item in body["items"]}
    item = by_slug[open_call.slug]
    assert item["status"] == "open"
    assert item["titles"]["ar"] == "مفتوحة" and item["title"] == "Open one"
    assert item["time_zone"] == "Europe/Tirane"
    assert item["url"] == f"/en/calls/{open_call.slug}/"
    assert {i["status"] for i in body["items"]} == {"open", "results_published"}


def test_calls_answer_in_the_callers_language_when_asked(client):
    grants.CallFactory(title_en="Open one", title_ar="مفتوحة")
    body = client.get("/api/v1/calls", headers={"accept-language": "ar"}).json()
    assert body["items"][0]["title"] == "مفتوحة"


def test_calls_filter_by_status_region_and_words_when_asked(client):
    here = RegionFactory(slug="here")
    grants.CallFactory(region=here, title_en="Youth resilience fund")
    grants.CallFactory(title_en="Another synthetic call")
    closed_call(region=here, title_en="Old youth call")
    grants.CallFactory(
        region=here,
        title_en="Later call",
        opens_at=timezone.now() + datetime.timedelta(days=5),
        closes_at=timezone.now() + datetime.timedelta(days=50),
    )

    def titles(**params):
        return sorted(item["title"] for item in client.get("/api/v1/calls", params).json()["items"])

    assert titles(status="open") == ["Another synthetic call", "Youth resilience fund"]
    assert titles(status="upcoming") == ["Later call"]
    assert titles(status="results_published") == ["Old youth call"]
    assert titles(region="here", status="open") == ["Youth resilience fund"]
    assert titles(q="youth") == ["Old youth call", "Youth resilience fund"]


def test_calls_refuse_an_unknown_region_or_status_when_asked(client):
    response = client.get("/api/v1/calls", {"region": "atlantis"})
    assert response.status_code == 422 and "atlantis" in response.json()["detail"]
    response = client.get("/api/v1/calls", {"status": "maybe"})
    assert response.status_code == 422 and response.json()["detail"][0]["loc"][-1] == "status"


def test_calls_page_with_limit_and_offset_when_there_are_many(client):
    for _ in range(5):
        grants.CallFactory()
    body = client.get("/api/v1/calls", {"limit": 2, "offset": 4}).json()
    assert body["count"] == 5 and len(body["items"]) == 1
    assert client.get("/api/v1/calls", {"limit": 201}).status_code == 422
    assert client.get("/api/v1/calls", {"offset": -1}).status_code == 422


def test_call_detail_has_rules_and_published_awards_when_results_are_out(client):
    call = closed_call(requires_member_partner=True, eligible_countries=["AL"], min_years_founded=2)
    organisation = OrganisationFactory()
    grants.AwardFactory(call=call, slug="synthetic-award", recipient=organisation)
    body = client.get(f"/api/v1/calls/{call.slug}").json()
    assert body["eligibility"] == {
        "organisation_kinds": [],
        "countries": ["AL"],
        "min_years_founded": 2,
        "requires_member_partner": True,
    }
    assert [a["slug"] for a in body["awards"]] == ["synthetic-award"]
    assert body["awards"][0]["recipient"] == organisation.slug
    assert body["awards"][0]["amount"] == "8000.00"


def test_call_detail_is_not_found_when_draft_or_unknown(client):
    draft = grants.CallFactory(status=CallStatus.DRAFT)
    for slug in (draft.slug, "nothing-here"):
        response = client.get(f"/api/v1/calls/{slug}")
        assert response.status_code == 404 and "detail" in response.json()


def test_awards_list_only_those_with_published_results_when_others_exist(client):
    grants.AwardFactory(call=closed_call(region=RegionFactory(slug="here")), slug="published-award")
    grants.AwardFactory(call=grants.CallFactory(), slug="unpublished-award")
    body = client.get("/api/v1/awards").json()
    assert [a["slug"] for a in body["items"]] == ["published-award"] and body["count"] == 1
    assert client.get("/api/v1/awards", {"region": "here"}).json()["count"] == 1
    assert client.get("/api/v1/awards/published-award").json()["region"] == "here"
    assert client.get("/api/v1/awards/unpublished-award").status_code == 404


@pytest.mark.parametrize("path", ["/api/v1/calls", "/api/v1/calls/x", "/api/v1/awards", "/api/v1/awards/x"])
@pytest.mark.parametrize("method", ["POST", "PUT", "PATCH", "DELETE"])
def test_writes_are_refused_when_anyone_tries(client, path, method):
    response = client.generic(method, path)
    assert response.status_code == 405
    assert response.json() == {"detail": "This API is read-only."}


@pytest.mark.parametrize("path", ["/api/v1/calls", "/api/v1/awards"])
def test_lists_make_as_many_queries_for_many_rows_as_for_few(client, path, django_assert_max_num_queries):
    region = RegionFactory()

    def grow(n):
        for _ in range(n):
            grants.AwardFactory(call=closed_call(region=region), recipient=OrganisationFactory())
            grants.CallFactory(region=region)

    queries = assert_queries_do_not_grow(lambda: client.get(path), grow, sizes=(2, 30))
    assert queries <= 3


def test_call_detail_makes_as_many_queries_for_many_awards_as_for_few(client):
    call = closed_call()

    def grow(n):
        for _ in range(n):
            grants.AwardFactory(call=call, recipient=OrganisationFactory())

    assert assert_queries_do_not_grow(lambda: client.get(f"/api/v1/calls/{call.slug}"), grow, sizes=(2, 30)) <= 2

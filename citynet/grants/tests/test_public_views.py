import datetime
import json
import xml.etree.ElementTree as ET

import pytest
from django.urls import reverse
from django.utils import timezone

from citynet.accounts.tests import factories as people
from citynet.core.testing import assert_queries_do_not_grow, sign_in
from citynet.grants.models import CallStatus
from citynet.grants.tests import factories as grants
from citynet.network.tests.factories import OrganisationFactory, RegionFactory, member_municipality

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"


def closed_call(**kwargs):
    return grants.CallFactory(
        status=CallStatus.RESULTS_PUBLISHED,
        opens_at=timezone.now() - datetime.timedelta(days=60),
        closes_at=timezone.now() - datetime.timedelta(days=30),
        **kwargs,
    )


def test_call_list_shows_open_then_upcoming_then_archive_when_calls_of_each_kind_exist(client):
    region = RegionFactory()
    grants.CallFactory(region=region, title_en="Open one")
    grants.CallFactory(
        region=region,
        title_en="Upcoming one",
        opens_at=timezone.now() + datetime.timedelta(days=3),
        closes_at=timezone.now() + datetime.timedelta(days=30),
    )
    closed_call(region=region, title_en="Old one")
    grants.CallFactory(region=region, title_en="Secret draft", status=CallStatus.DRAFT)
    response = client.get(reverse("grants:call-list"))
    html = response.content.decode()
    assert response.status_code == 200
    assert html.index("Open one") < html.index("Upcoming one") < html.index("Old one")
    assert "Secret draft" not in html


def test_call_list_filters_by_region_when_asked(client):
    here, there = RegionFactory(slug="here"), RegionFactory(slug="there")
    grants.CallFactory(region=here, title_en="Call here")
    grants.CallFactory(region=there, title_en="Call there")
    html = client.get(reverse("grants:call-list"), {"region": "there"}).content.decode()
    assert "Call there" in html and "Call here" not in html
    html = client.get(reverse("grants:call-list"), {"region": "<nowhere>"}).content.decode()
    assert "Call there" in html and "Call here" in html


def test_draft_call_is_not_found_when_anyone_opens_its_public_page(client):
    draft = grants.CallFactory(status=CallStatus.DRAFT)
    assert client.get(reverse("grants:call-detail", args=[draft.slug])).status_code == 404
    sign_in(client, people.secretariat())
    # The public page shows published calls only; staff preview drafts in the admin.
    assert client.get(reverse("grants:call-detail", args=[draft.slug])).status_code == 404


def test_call_page_shows_the_deadline_in_the_calls_zone_and_utc_when_open(client):
    # 17:00:00 in Tirana on a winter day is 16:00:00 UTC.
    closes = datetime.datetime(2099, 1, 15, 17, 0, 0, tzinfo=datetime.UTC) - datetime.timedelta(hours=1)
    call = grants.CallFactory(closes_at=closes, time_zone="Europe/Tirane")
    html = client.get(reverse("grants:call-detail", args=[call.slug])).content.decode()
    assert "17:00:00" in html and "16:00:00" in html
    assert "Europe/Tirane" in html and "UTC+01:00" in html
    assert 'data-local-time="2099-01-15T16:00:00+00:00"' in html
    assert 'data-countdown="2099-01-15T16:00:00+00:00"' in html


def test_call_page_shows_the_summer_offset_when_the_deadline_is_in_summer_time(client):
    call = grants.CallFactory(closes_at=datetime.datetime(2099, 7, 15, 15, 0, tzinfo=datetime.UTC))
    html = client.get(reverse("grants:call-detail", args=[call.slug])).content.decode()
    assert "17:00:00" in html and "UTC+02:00" in html


def test_call_page_has_an_apply_form_when_open(client):
    call = grants.CallFactory()
    html = client.get(reverse("grants:call-detail", args=[call.slug])).content.decode()
    assert f'action="/en/calls/{call.slug}/apply/"' in html and 'method="post"' in html
    assert "csrfmiddlewaretoken" in html


def test_call_page_has_no_countdown_nor_apply_button_when_closed(client):
    call = closed_call(reported_applications=80, reported_applications_is_minimum=True)
    html = client.get(reverse("grants:call-detail", args=[call.slug])).content.decode()
    assert "data-countdown" not in html
    assert "apply-form" not in html
    assert "more than 80 applications" in html


def test_call_page_marks_a_demo_call_when_it_is_one(client):
    call = grants.CallFactory(is_demo=True)
    html = client.get(reverse("grants:call-detail", args=[call.slug])).content.decode()
    assert 'class="demo-label"' in html


def test_call_page_in_arabic_is_right_to_left_with_the_arabic_title_when_translated(client):
    call = grants.CallFactory(title_ar="دعوة تجريبية")
    html = client.get(f"/ar/calls/{call.slug}/").content.decode()
    assert '<html lang="ar" dir="rtl">' in html
    assert "دعوة تجريبية" in html
    assert "<bdi>Europe/Tirane</bdi>" in html


def test_call_page_lists_the_awards_when_results_are_published(client):
    call = closed_call()
    grants.AwardFactory(call=call, recipient_name="Synthetic winner", slug="synthetic-winner")
    html = client.get(reverse("grants:call-detail", args=[call.slug])).content.decode()
    assert reverse("grants:award-detail", args=["synthetic-winner"]) in html


def test_award_page_links_the_registry_organisation_and_municipality_when_known(client):
    organisation = OrganisationFactory()
    city = member_municipality()
    award = grants.AwardFactory(
        call=closed_call(), recipient=organisation, partner_municipality=city, summary_en="Synthetic summary."
    )
    html = client.get(reverse("grants:award-detail", args=[award.slug])).content.decode()
    assert reverse("hub:organisation-detail", args=[organisation.slug]) in html
    assert reverse("hub:municipality-detail", args=[city.slug]) in html
    assert "Synthetic summary." in html
    assert "8,000" in html


def test_award_page_is_not_found_when_its_calls_results_are_not_published(client):
    award = grants.AwardFactory(call=grants.CallFactory())
    assert client.get(reverse("grants:award-detail", args=[award.slug])).status_code == 404


def test_json_feed_lists_only_open_calls_when_others_exist(client):
    open_call = grants.CallFactory(title_en="Open one")
    closed_call(title_en="Old one")
    grants.CallFactory(title_en="Draft one", status=CallStatus.DRAFT)
    response = client.get(reverse("grants:call-feed-json"))
    feed = json.loads(response.content)
    assert response["Content-Type"].startswith("application/feed+json")
    assert response["Access-Control-Allow-Origin"] == "*"
    assert feed["version"] == "https://jsonfeed.org/version/1.1"
    assert [item["title"] for item in feed["items"]] == ["Open one"]
    item = feed["items"][0]
    assert item["url"] == f"http://testserver/en/calls/{open_call.slug}/" and item["id"] == item["url"]
    assert item["_citynet"]["time_zone"] == "Europe/Tirane"


def test_atom_feed_lists_only_open_calls_when_others_exist(client):
    grants.CallFactory(title_en="Open one")
    closed_call(title_en="Old one")
    response = client.get(reverse("grants:call-feed-atom"))
    root = ET.fromstring(response.content)  # noqa: S314 - our own response
    assert response["Access-Control-Allow-Origin"] == "*"
    assert root.tag == f"{ATOM}feed"
    assert [e.find(f"{ATOM}title").text for e in root.findall(f"{ATOM}entry")] == ["Open one"]


def test_feeds_filter_by_region_when_asked(client):
    grants.CallFactory(region=RegionFactory(slug="here"), title_en="Call here")
    grants.CallFactory(region=RegionFactory(slug="there"), title_en="Call there")
    feed = client.get(reverse("grants:call-feed-json"), {"region": "here"}).json()
    assert [item["title"] for item in feed["items"]] == ["Call here"]


def test_only_the_feeds_are_embeddable_by_other_sites(client):
    call = grants.CallFactory()
    assert "Access-Control-Allow-Origin" not in client.get(reverse("grants:call-list"))
    assert "Access-Control-Allow-Origin" not in client.get(reverse("grants:call-detail", args=[call.slug]))


def test_public_pages_refuse_posts(client):
    assert client.post(reverse("grants:call-list")).status_code == 405
    assert client.post(reverse("grants:call-feed-json")).status_code == 405


@pytest.mark.parametrize(
    "url",
    [
        lambda: reverse("grants:call-list"),
        lambda: reverse("grants:call-feed-json"),
        lambda: reverse("grants:call-feed-atom"),
    ],
)
def test_call_lists_make_as_many_queries_for_many_calls_as_for_few(client, url, django_assert_max_num_queries):
    region = RegionFactory()

    def grow(n):
        for _ in range(n):
            grants.CallFactory(region=region)
            closed_call(region=region)

    queries = assert_queries_do_not_grow(lambda: client.get(url()), grow, sizes=(2, 30))
    assert queries <= 3


def test_call_and_award_pages_run_a_fixed_number_of_queries_and_none_once_cached(
    client, django_assert_max_num_queries, django_assert_num_queries
):
    call = closed_call()
    award = grants.AwardFactory(call=call, recipient=OrganisationFactory())
    for _ in range(20):
        grants.AwardFactory(call=call)
    for url in (reverse("grants:call-detail", args=[call.slug]), reverse("grants:award-detail", args=[award.slug])):
        with django_assert_max_num_queries(4):
            assert client.get(url).status_code == 200
        with django_assert_num_queries(0):
            assert client.get(url).status_code == 200


def test_call_page_shows_a_new_award_after_it_is_saved(client, django_capture_on_commit_callbacks):
    call = closed_call()
    url = reverse("grants:call-detail", args=[call.slug])
    client.get(url)
    with django_capture_on_commit_callbacks(execute=True):
        grants.AwardFactory(call=call, recipient_name="Synthetic late winner")
    assert "Synthetic late winner" in client.get(url).content.decode()


def test_call_page_makes_as_many_queries_for_many_awards_as_for_few(client):
    call = closed_call()

    def grow(n):
        for _ in range(n):
            grants.AwardFactory(call=call, recipient=OrganisationFactory(), partner_municipality=member_municipality())

    url = reverse("grants:call-detail", args=[call.slug])
    assert assert_queries_do_not_grow(lambda: client.get(url), grow, sizes=(2, 20)) <= 4


def test_call_list_in_arabic_shows_arabic_titles_right_to_left(client):
    grants.CallFactory(title_ar="دعوة مفتوحة")
    html = client.get("/ar/calls/").content.decode()
    assert '<html lang="ar" dir="rtl">' in html and '<bdi lang="ar">دعوة مفتوحة</bdi>' in html

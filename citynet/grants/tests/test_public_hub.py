"""The region hub's grants section (citynet/hub/templates/hub/_grants.html)."""

import datetime

import pytest
from django.utils import timezone

from citynet.grants.models import CallStatus
from citynet.grants.tests import factories as grants
from citynet.network.tests.factories import RegionFactory

pytestmark = pytest.mark.django_db


def test_hub_lists_the_regions_open_calls_and_awards_when_published(client, western_balkans):
    grants.CallFactory(region=western_balkans, title_en="Synthetic open call")
    grants.CallFactory(region=western_balkans, title_en="Synthetic draft call", status=CallStatus.DRAFT)
    grants.CallFactory(region=RegionFactory(), title_en="Synthetic call elsewhere")
    closed = grants.CallFactory(
        region=western_balkans,
        status=CallStatus.RESULTS_PUBLISHED,
        opens_at=timezone.now() - datetime.timedelta(days=60),
        closes_at=timezone.now() - datetime.timedelta(days=30),
    )
    grants.AwardFactory(call=closed, slug="synthetic-award", recipient_name="Synthetic winner")
    html = client.get("/en/western-balkans/").content.decode()
    assert "Synthetic open call" in html
    assert "Synthetic draft call" not in html and "Synthetic call elsewhere" not in html
    assert "/en/awards/synthetic-award/" in html and "Synthetic winner" in html


def test_hub_drops_a_call_from_its_open_calls_when_the_deadline_passes(client, western_balkans):
    call = grants.CallFactory(region=western_balkans, title_en="Synthetic open call")
    assert "Synthetic open call" in client.get("/en/western-balkans/").content.decode()
    # No write happens at a deadline: the cached rows stay, the page decides again.
    later = call.closes_at + datetime.timedelta(seconds=1)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(timezone, "now", lambda: later)
        html = client.get("/en/western-balkans/").content.decode()
    assert "Synthetic open call" not in html


def test_hub_grants_section_adds_no_query_once_cached(client, western_balkans, django_assert_max_num_queries):
    for _ in range(5):
        grants.CallFactory(region=western_balkans)
    client.get("/en/western-balkans/")
    with django_assert_max_num_queries(4):
        assert client.get("/en/western-balkans/").status_code == 200


def test_hub_shows_a_few_calls_and_awards_however_many_there_are(western_balkans):
    from citynet.grants.selectors.public import HUB_AWARDS, HUB_CALLS, region_grants

    closed = grants.CallFactory(
        region=western_balkans,
        status=CallStatus.RESULTS_PUBLISHED,
        opens_at=timezone.now() - datetime.timedelta(days=60),
        closes_at=timezone.now() - datetime.timedelta(days=30),
    )
    for n in range(HUB_CALLS + 3):
        grants.CallFactory(region=western_balkans, closes_at=timezone.now() + datetime.timedelta(days=n + 1))
        grants.AwardFactory(call=closed)
    section = region_grants(western_balkans.pk)
    assert len(section["open_calls"]) == HUB_CALLS and len(section["awards"]) == HUB_AWARDS
    deadlines = [call.closes_at for call in section["open_calls"]]
    assert deadlines == sorted(deadlines)  # the soonest deadlines first

"""Events on the hub: the region page's section, and the events on a municipality's profile."""

import pytest
from django.urls import reverse

from citynet.core.testing import assert_queries_do_not_grow
from citynet.events.models import EventStatus, ParticipationStatus
from citynet.events.selectors import public as selectors
from citynet.events.tests import factories as events
from citynet.network.models import Municipality
from citynet.network.tests.factories import RegionFactory, member_municipality

pytestmark = pytest.mark.django_db

HUB = "/en/western-balkans/"


def test_the_hub_shows_the_regions_next_and_last_events_with_the_network_wide_ones(client, western_balkans):
    events.EventFactory(region=western_balkans, title_en="Synthetic regional training", is_demo=True)
    events.EventFactory(region=None, title_en="Synthetic International Summit")
    events.past_event(region=western_balkans, title_en="Synthetic past workshop")
    events.EventFactory(region=RegionFactory(), title_en="Synthetic elsewhere")
    events.EventFactory(region=western_balkans, title_en="Synthetic draft", status=EventStatus.DRAFT)
    html = client.get(HUB).content.decode()
    section = html[html.index('id="events-heading"') :]
    assert "Synthetic regional training" in section and 'class="demo-label">demo<' in section
    assert "Synthetic International Summit" in section
    assert "Synthetic past workshop" in section
    assert "Synthetic elsewhere" not in html and "Synthetic draft" not in html
    assert f"{reverse('events:list')}?region=western-balkans" in section
    assert f"{reverse('events:feed')}?region=western-balkans" in section


def test_the_hub_shows_five_upcoming_and_five_past_events_at_most(western_balkans):
    for _ in range(7):
        events.EventFactory(region=western_balkans)
        events.past_event(region=western_balkans)
    found = selectors.region_events(western_balkans.pk)
    assert len(found["upcoming"]) == 5 and len(found["past"]) == 5
    assert [e.starts_on for e in found["upcoming"]] == sorted(e.starts_on for e in found["upcoming"])


def test_the_hubs_events_run_a_fixed_number_of_queries_whatever_their_number(client, western_balkans):
    def grow(n):
        for _ in range(n):
            events.EventFactory(region=western_balkans, host_municipality=member_municipality())
            events.past_event(region=None)

    assert_queries_do_not_grow(lambda: client.get(HUB), grow, sizes=(2, 30))


def test_a_municipalitys_profile_lists_the_events_its_people_took_part_in_and_those_it_hosted(client, western_balkans):
    city = Municipality.objects.get(slug="cair")
    attended = events.past_event(region=western_balkans, title_en="Synthetic attended")
    events.ParticipationFactory(event=attended, municipality=city, name="Synthetic Secret Person")
    hosted = events.EventFactory(region=western_balkans, host_municipality=city, title_en="Synthetic hosted")
    asked = events.EventFactory(region=western_balkans, title_en="Synthetic only asked")
    events.ParticipationFactory(event=asked, municipality=city, status=ParticipationStatus.PENDING)
    draft = events.EventFactory(region=western_balkans, title_en="Synthetic draft", status=EventStatus.DRAFT)
    events.ParticipationFactory(event=draft, municipality=city)
    html = client.get(reverse("hub:municipality-detail", args=["cair"])).content.decode()
    assert "Synthetic attended" in html
    assert "Synthetic hosted" in html and "hosted here" in html
    assert "Synthetic only asked" not in html and "Synthetic draft" not in html
    assert "Synthetic Secret Person" not in html
    assert reverse("events:detail", args=[hosted.slug]) in html


def test_a_municipalitys_events_run_a_fixed_number_of_queries(client, western_balkans):
    city = Municipality.objects.get(slug="cair")

    def grow(n):
        for _ in range(n):
            event = events.past_event(region=western_balkans)
            events.ParticipationFactory(event=event, municipality=city)
            events.ParticipationFactory(event=event, municipality=city)

    url = reverse("hub:municipality-detail", args=["cair"])
    assert_queries_do_not_grow(lambda: client.get(url), grow, sizes=(2, 30))
    assert len(selectors.municipality_events(city.pk)) == selectors.MUNICIPALITY_EVENTS

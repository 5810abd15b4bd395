"""Peer cities: the municipalities that worked on a topic, what they did and where it is said, and their
public focal point. Only public records count (never a draft event, an unpublished consultation, a call's
unpublished results or a draft case study); a contact is a public focal point's name and title, never a
private position's person, never anyone's email or phone."""

import datetime

import pytest
from django.urls import reverse
from django.utils.translation import override

from citynet.advisory.tests.factories import VisitFactory
from citynet.core.testing import assert_queries_do_not_grow
from citynet.events.models import EventStatus, ParticipationStatus
from citynet.events.tests.factories import EventFactory, ParticipationFactory, past_event
from citynet.grants.models import CallStatus
from citynet.grants.tests.factories import AwardFactory, CallFactory
from citynet.library.models import ResourceKind, ResourceStatus
from citynet.library.selectors import peers
from citynet.library.tests import factories as library
from citynet.network.models import PositionRole
from citynet.network.tests.factories import (
    CountryFactory,
    PersonFactory,
    PositionFactory,
    RegionFactory,
    TopicFactory,
    member_municipality,
)

pytestmark = pytest.mark.django_db


def url(language="en", query=""):
    with override(language):
        address = reverse("library:peer-cities")
    return f"{address}?{query}" if query else address


def html_of(client, address):
    response = client.get(address)
    assert response.status_code == 200
    return response.content.decode()


def names(found):
    return [city.municipality.slug for city in found.cities]


@pytest.fixture
def region():
    return RegionFactory(slug="synthetic-peers-region", name_en="Synthetic peers region")


@pytest.fixture
def city(region):
    return member_municipality(
        country=CountryFactory(code="XK", region=region), slug="synthetic-host", name_en="Synthetic Host"
    )


@pytest.fixture
def topic():
    return TopicFactory(slug="youth-engagement", name_en="Youth engagement", name_ar="إشراك الشباب")


def focal_point(city, **kwargs):
    person = PersonFactory(
        name_en=kwargs.pop("name", "Synthetic Focal Point"), email="focal@example.test", phone="+000 1111 2222"
    )
    kwargs.setdefault("title_en", "Adviser on prevention")
    return PositionFactory(person=person, municipality=city, role=PositionRole.FOCAL_POINT, **kwargs)


# --- The selector ----------------------------------------------------------------------------------------


def test_a_city_that_hosted_an_event_on_the_topic_is_listed_with_its_public_focal_point(city, topic):
    event = past_event(host_municipality=city, topics=[topic], title_en="Synthetic youth workshop")
    focal_point(city)

    found = peers.peer_cities(topic=topic.slug)

    assert names(found) == ["synthetic-host"]
    [peer] = found.cities
    [activity] = peer.activities
    assert (activity.kind, activity.slug, activity.record.title_en) == (
        "hosted",
        event.slug,
        "Synthetic youth workshop",
    )
    [contact] = peer.contacts
    assert contact.person.name_en == "Synthetic Focal Point"
    assert contact.position.title_en == "Adviser on prevention"
    assert not hasattr(contact.person, "email") and not hasattr(contact.person, "phone")


def test_a_city_whose_people_took_part_is_listed_once_per_event_without_their_names(city, topic):
    event = past_event(topics=[topic])
    for _ in range(3):
        ParticipationFactory(event=event, municipality=city, name="Synthetic Participant Name")

    [peer] = peers.peer_cities(topic=topic.slug).cities

    [activity] = peer.activities
    assert (activity.kind, activity.slug) == ("took_part", event.slug)
    assert "Synthetic Participant Name" not in repr(peer)


def test_an_event_a_city_hosted_and_came_to_is_said_once_as_its_host(city, topic):
    event = past_event(host_municipality=city, topics=[topic])
    ParticipationFactory(event=event, municipality=city)

    [peer] = peers.peer_cities(topic=topic.slug).cities

    assert [a.kind for a in peer.activities] == ["hosted"]


def test_a_draft_event_or_an_unconfirmed_participation_does_not_count_when_the_city_did_nothing_else(city, topic):
    past_event(host_municipality=city, topics=[topic], status=EventStatus.DRAFT)
    ParticipationFactory(event=past_event(topics=[topic]), municipality=city, status=ParticipationStatus.CANCELLED)
    ParticipationFactory(
        event=past_event(topics=[topic], status=EventStatus.DRAFT),
        municipality=city,
        status=ParticipationStatus.CONFIRMED,
    )

    assert peers.peer_cities(topic=topic.slug).count == 0
    assert peers.peer_cities().count == 0


def test_an_event_on_another_topic_does_not_count_for_this_one(city, topic):
    past_event(host_municipality=city, topics=[TopicFactory(slug="risk-assessment")])

    assert peers.peer_cities(topic=topic.slug).count == 0
    assert names(peers.peer_cities(topic="risk-assessment")) == ["synthetic-host"]
    assert names(peers.peer_cities()) == ["synthetic-host"]


def test_a_private_or_ended_position_or_another_role_is_never_the_contact(city, topic):
    past_event(host_municipality=city, topics=[topic])
    focal_point(city, name="Synthetic Private Person", is_public=False)
    focal_point(city, name="Synthetic Former Focal Point", ended_on=datetime.date(2020, 1, 1))
    PositionFactory(municipality=city, role=PositionRole.MAYOR, person=PersonFactory(name_en="Synthetic Mayor"))

    [peer] = peers.peer_cities(topic=topic.slug).cities

    assert peer.contacts == []


def test_published_consultations_and_awards_count_only_when_no_topic_is_chosen(city, topic):
    visit = VisitFactory(is_published=True, title_en="Synthetic consultation")
    visit.municipalities.set([city])
    visit.save()
    unpublished = VisitFactory(is_published=False)
    unpublished.municipalities.set([city])
    unpublished.save()
    award = AwardFactory(
        call=CallFactory(status=CallStatus.RESULTS_PUBLISHED),
        partner_municipality=city,
        project_title="Synthetic project",
    )
    AwardFactory(call=CallFactory(status=CallStatus.PUBLISHED), partner_municipality=city)  # results not out

    [peer] = peers.peer_cities().cities

    assert sorted((a.kind, a.slug) for a in peer.activities) == [("award", award.slug), ("consultation", visit.slug)]
    assert peers.peer_cities(topic=topic.slug).count == 0


def test_public_case_studies_about_a_city_count_for_their_topics(city, topic):
    study = library.ResourceFactory(kind=ResourceKind.CASE_STUDY, municipalities=[city], topics=[topic])
    library.ResourceFactory(kind=ResourceKind.CASE_STUDY, municipalities=[city], status=ResourceStatus.DRAFT)
    library.ResourceFactory(kind=ResourceKind.REPORT, municipalities=[city], topics=[topic])

    [peer] = peers.peer_cities(topic=topic.slug).cities

    assert [(a.kind, a.slug) for a in peer.activities] == [("case_study", study.slug)]


def test_the_region_and_country_filters_keep_their_cities(city, topic):
    elsewhere = member_municipality(
        country=CountryFactory(code="AL", region=RegionFactory(slug="synthetic-elsewhere")), slug="synthetic-elsewhere"
    )
    for place in (city, elsewhere):
        past_event(host_municipality=place, topics=[topic])

    assert names(peers.peer_cities(topic=topic.slug)) == ["synthetic-host", "synthetic-elsewhere"]  # by name
    assert names(peers.peer_cities(region="synthetic-peers-region")) == ["synthetic-host"]
    assert names(peers.peer_cities(country="al")) == ["synthetic-elsewhere"]
    assert names(peers.peer_cities(topic=topic.slug, country="XK", region="synthetic-elsewhere")) == []


def test_a_city_says_its_newest_activities_and_counts_the_rest(city, topic):
    for days in range(peers.ACTIVITIES_PER_CITY + 2):
        EventFactory(
            host_municipality=city, topics=[topic], starts_on=datetime.date(2020, 1, 1) + datetime.timedelta(days)
        )

    [peer] = peers.peer_cities(topic=topic.slug).cities

    assert len(peer.activities) == peers.ACTIVITIES_PER_CITY and peer.more == 2
    assert peer.activities[0].on == datetime.date(2020, 1, 14)


def test_the_selector_reads_a_fixed_number_of_queries(django_assert_max_num_queries, region, topic):
    country = CountryFactory(code="MK", region=region)

    def grow(n):
        for _ in range(n):
            place = member_municipality(country=country)
            event = past_event(host_municipality=place, topics=[topic])
            ParticipationFactory(event=past_event(topics=[topic]), municipality=place)
            ParticipationFactory(event=event, municipality=member_municipality(country=country))
            library.ResourceFactory(kind=ResourceKind.CASE_STUDY, municipalities=[place], topics=[topic])
            visit = VisitFactory(is_published=True)
            visit.municipalities.set([place])
            visit.save()
            AwardFactory(call=CallFactory(status=CallStatus.RESULTS_PUBLISHED), partner_municipality=place)
            focal_point(place)

    count = assert_queries_do_not_grow(lambda: peers.peer_cities(), grow, sizes=(2, 12))
    assert count <= 8
    with django_assert_max_num_queries(6):
        peers.peer_cities(topic=topic.slug)


# --- The page --------------------------------------------------------------------------------------------


def test_the_page_lists_a_city_with_links_and_its_contact_never_an_email_or_phone(client, city, topic):
    event = past_event(host_municipality=city, topics=[topic], title_en="Synthetic youth workshop")
    study = library.ResourceFactory(kind=ResourceKind.CASE_STUDY, municipalities=[city], topics=[topic])
    focal_point(city)
    focal_point(city, name="Synthetic Private Person", is_public=False)

    html = html_of(client, url(query=f"topic={topic.slug}"))

    assert 'href="/en/municipalities/synthetic-host/"' in html
    assert f'href="/en/events/{event.slug}/"' in html and "Synthetic youth workshop" in html
    assert f'href="/en/library/{study.slug}/"' in html
    assert "Contact: <bdi" in html and "Synthetic Focal Point" in html and "Adviser on prevention" in html
    assert "Synthetic Private Person" not in html
    assert "focal@example.test" not in html and "1111 2222" not in html
    assert "1 city worked on" in html


def test_the_page_links_consultations_and_awards_when_no_topic_is_chosen(client, city):
    visit = VisitFactory(is_published=True)
    visit.municipalities.set([city])
    visit.save()
    award = AwardFactory(call=CallFactory(status=CallStatus.RESULTS_PUBLISHED), partner_municipality=city)

    html = html_of(client, url())

    assert f'href="/en/consultations/{visit.slug}/"' in html
    assert f'href="/en/awards/{award.slug}/"' in html
    assert "No public focal point on record." in html


def test_a_contact_without_a_public_title_is_named_with_their_role(client, city, topic):
    past_event(host_municipality=city, topics=[topic])
    focal_point(city, title_en="")

    assert "Focal point" in html_of(client, url(query=f"topic={topic.slug}"))


def test_the_page_in_arabic_reads_right_to_left_and_isolates_latin_names(client, city, topic):
    past_event(host_municipality=city, topics=[topic], title_en="Synthetic youth workshop")
    focal_point(city)

    html = html_of(client, url("ar", f"topic={topic.slug}"))

    assert 'dir="rtl"' in html
    assert '<bdi lang="en" class="fallback"' in html and "Synthetic Host" in html
    assert "إشراك الشباب" in html
    assert 'href="/ar/municipalities/synthetic-host/"' in html


def test_the_filters_are_kept_in_the_pagination_links(client, region, topic):
    country = CountryFactory(code="XK", region=region)
    for _ in range(peers.PAGE_SIZE + 1):
        past_event(host_municipality=member_municipality(country=country), topics=[topic])

    html = html_of(client, url(query=f"topic={topic.slug}&country=XK"))

    assert html.count('class="peer-city"') == peers.PAGE_SIZE
    assert f'href="?topic={topic.slug}&amp;country=XK&amp;page=2"' in html
    assert html_of(client, url(query=f"topic={topic.slug}&country=XK&page=2")).count('class="peer-city"') == 1


# (A NUL byte is refused before any view, with a 400: core.tests.test_hostile_input.)
@pytest.mark.parametrize("value", ["<script>alert(1)</script>", "x" * 5000, "' OR 1=1 --", "\u202e"])
def test_values_that_mean_nothing_are_ignored_never_an_error(client, city, topic, value):
    past_event(host_municipality=city, topics=[topic])

    response = client.get(url(), {"topic": value, "region": value, "country": value, "page": value})

    assert response.status_code == 200
    assert "<script>alert(1)</script>" not in response.content.decode()
    assert 'data-city="synthetic-host"' in response.content.decode()


def test_the_page_reads_a_fixed_number_of_queries(client, django_assert_max_num_queries, region, topic):
    country = CountryFactory(code="XK", region=region)

    def grow(n):
        for _ in range(n):
            place = member_municipality(country=country)
            past_event(host_municipality=place, topics=[topic])
            ParticipationFactory(event=past_event(topics=[topic]), municipality=place)
            focal_point(place)

    count = assert_queries_do_not_grow(lambda: client.get(url()), grow, sizes=(2, 30))
    with django_assert_max_num_queries(count):
        client.get(url(query=f"topic={topic.slug}"))
    assert count <= 12


def test_the_library_page_links_to_the_peer_cities(client):
    assert 'href="/en/peer-cities/"' in html_of(client, reverse("library:index"))

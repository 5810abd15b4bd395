"""The public events API: public events and facts for everyone, never a participant's name or details."""

import datetime
import json

import pytest
from django.utils import timezone

from citynet.core.testing import assert_queries_do_not_grow
from citynet.events.models import EventKind, EventStatus, Gender, ParticipantRole, ParticipationStatus
from citynet.events.tests import factories as events
from citynet.network.models import DatePrecision
from citynet.network.tests.factories import (
    CountryFactory,
    OrganisationFactory,
    RegionFactory,
    TopicFactory,
    member_municipality,
)

pytestmark = pytest.mark.django_db


def _slugs(response) -> list[str]:
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["count"] == len(body["items"])
    return [item["slug"] for item in body["items"]]


def test_events_list_only_published_and_cancelled_events_when_drafts_exist(client):
    published = events.EventFactory(title_en="Open training", title_ar="تدريب مفتوح")
    cancelled = events.EventFactory(status=EventStatus.CANCELLED)
    events.EventFactory(status=EventStatus.DRAFT)
    response = client.get("/api/v1/events")
    assert sorted(_slugs(response)) == sorted([published.slug, cancelled.slug])
    item = next(i for i in response.json()["items"] if i["slug"] == published.slug)
    assert item["title"] == "Open training" and item["titles"]["ar"] == "تدريب مفتوح"
    assert item["kind"] == "training" and item["status"] == "published" and item["is_demo"] is False
    assert item["date_precision"] == "day" and item["registration_open"] is True


def test_events_answer_in_the_callers_language_when_asked(client):
    events.EventFactory(title_en="Open training", title_ar="تدريب مفتوح")
    body = client.get("/api/v1/events", headers={"accept-language": "ar"}).json()
    assert body["items"][0]["title"] == "تدريب مفتوح"


def test_events_filter_by_region_kind_topic_year_and_when_asked(client):
    here = RegionFactory(slug="here")
    youth = TopicFactory(slug="youth-engagement")
    upcoming = events.EventFactory(region=here, topics=[youth], slug="upcoming-training")
    past = events.past_event(region=here, kind=EventKind.WORKSHOP, slug="past-workshop")
    network_wide = events.EventFactory(region=None, kind=EventKind.SUMMIT, slug="summit")
    events.EventFactory(slug="elsewhere")
    known_to_the_year = events.EventFactory(
        region=here,
        slug="training-2017",
        starts_on=datetime.date(2017, 1, 1),
        ends_on=datetime.date(2017, 1, 1),
        date_precision=DatePrecision.YEAR,
        registration_mode="none",
    )

    def slugs(**params):
        return sorted(_slugs(client.get("/api/v1/events", params)))

    assert slugs(region="here") == sorted(
        [upcoming.slug, past.slug, network_wide.slug, known_to_the_year.slug]
    )  # a network-wide event is every region's
    assert slugs(kind="workshop") == [past.slug]
    assert slugs(topic="youth-engagement") == [upcoming.slug]
    assert slugs(year=2017) == [known_to_the_year.slug]
    assert slugs(region="here", when="past") == sorted([past.slug, known_to_the_year.slug])
    assert slugs(region="here", when="upcoming") == sorted([upcoming.slug, network_wide.slug])


def test_an_event_known_only_to_this_year_is_still_upcoming_until_the_year_ends(client):
    today = timezone.localdate()
    this_year = events.EventFactory(
        starts_on=datetime.date(today.year, 1, 1),
        ends_on=datetime.date(today.year, 1, 1),
        date_precision=DatePrecision.YEAR,
        registration_mode="none",
    )
    assert _slugs(client.get("/api/v1/events?when=upcoming")) == [this_year.slug]
    assert _slugs(client.get("/api/v1/events?when=past")) == []


def test_events_refuse_unknown_filters_with_a_message(client):
    assert client.get("/api/v1/events?region=nowhere").status_code == 422
    response = client.get("/api/v1/events?when=someday")
    assert response.status_code == 422
    assert "detail" in response.json()


def test_event_list_shows_counted_figures_and_never_a_participant(client):
    event = events.EventFactory()
    city = member_municipality()
    events.ParticipationFactory(event=event, municipality=city, name="Private Person", email="private@example.test")
    events.ParticipationFactory(event=event, status=ParticipationStatus.WAITING, confirmed_at=None)
    response = client.get("/api/v1/events")
    item = response.json()["items"][0]
    assert item["figures"] == {"participants": 1, "attended": 0, "cities": 1, "countries": 1, "reported": False}
    assert b"Private Person" not in response.content and b"private@example.test" not in response.content


def test_event_list_shows_the_sources_figures_where_nothing_is_counted(client):
    events.past_event(reported_countries=6, reported_source="Synthetic source")
    item = client.get("/api/v1/events").json()["items"][0]
    assert item["figures"]["countries"] == 6 and item["figures"]["reported"] is True


def test_event_detail_shows_the_programme_with_listed_speakers_only(client):
    isd = OrganisationFactory(name_en="Synthetic institute", acronym="SI")
    event = events.EventFactory(organisers=[isd], partners=[])
    session = events.SessionFactory(event=event, title_en="Opening")
    events.SpeakerFactory(event=event, session=session, guest_name="Listed Speaker")
    events.SpeakerFactory(event=event, session=session, guest_name="Unlisted Speaker", listed_publicly=False)
    events.ParticipationFactory(event=event, name="Private Person")
    response = client.get(f"/api/v1/events/{event.slug}")
    assert response.status_code == 200
    body = response.json()
    assert [s["title"] for s in body["programme"]] == ["Opening"]
    assert body["programme"][0]["speakers"] == [{"name": "Listed Speaker", "affiliation": "Synthetic institute"}]
    assert [s["name"] for s in body["speakers"]] == ["Listed Speaker"]
    assert body["organisers"] == [{"slug": isd.slug, "name": "Synthetic institute", "acronym": "SI"}]
    assert body["figures"]["participants"] == 1
    assert b"Unlisted Speaker" not in response.content and b"Private Person" not in response.content


def test_a_draft_event_does_not_exist_in_the_api_for_anyone(client):
    draft = events.EventFactory(status=EventStatus.DRAFT)
    response = client.get(f"/api/v1/events/{draft.slug}")
    assert response.status_code == 404
    assert "detail" in response.json()


def test_topics_list_the_taxonomy_in_its_order_with_every_language(client):
    TopicFactory(slug="local-action-plans", name_en="Local action plans", name_ar="خطط العمل المحلية", sort_order=2)
    TopicFactory(slug="risk-assessment", name_en="Risk assessment", sort_order=1)
    body = client.get("/api/v1/topics", headers={"accept-language": "ar"}).json()
    assert [t["slug"] for t in body["items"]] == ["risk-assessment", "local-action-plans"]
    assert body["items"][1]["name"] == "خطط العمل المحلية" and body["items"][1]["names"]["en"] == "Local action plans"


def test_report_counts_participants_by_country_role_gender_and_cities_per_topic(client):
    here = RegionFactory(slug="here")
    albania = CountryFactory(code="AL", region=here)
    durres, tirana = member_municipality(country=albania), member_municipality(country=albania)
    topic = TopicFactory(slug="risk-assessment")
    event = events.past_event(region=here, topics=[topic])
    events.ParticipationFactory(
        event=event, municipality=durres, role=ParticipantRole.MAYOR, gender=Gender.WOMAN, name="Private Person"
    )
    events.ParticipationFactory(event=event, municipality=tirana, role=ParticipantRole.OFFICIAL)
    events.ParticipationFactory(event=event, municipality=tirana, status=ParticipationStatus.CANCELLED)
    events.ParticipationFactory(event=events.past_event(), municipality=durres)  # another region's event
    events.ParticipationFactory(event=events.EventFactory(region=here, status=EventStatus.DRAFT))

    response = client.get("/api/v1/events/report?region=here")
    assert response.status_code == 200
    body = response.json()
    assert body["events"] == 1 and body["participants"] == 2
    assert [(row["key"], row["count"]) for row in body["by_country"]] == [("AL", 2)]
    assert sorted((row["key"], row["count"]) for row in body["by_municipality"]) == sorted(
        [(durres.slug, 1), (tirana.slug, 1)]
    )
    assert sorted((row["key"], row["count"]) for row in body["by_role"]) == [("mayor", 1), ("official", 1)]
    assert sorted((row["key"], row["count"]) for row in body["by_gender"]) == [("", 1), ("woman", 1)]
    assert [(row["topic"], row["cities"]) for row in body["cities_per_topic"]] == [("risk-assessment", 2)]
    assert b"Private Person" not in response.content and b"@example.test" not in response.content


def test_every_events_path_refuses_writes(client):
    event = events.EventFactory()
    for path in ["/api/v1/events", f"/api/v1/events/{event.slug}", "/api/v1/events/report", "/api/v1/topics"]:
        response = client.post(path, json.dumps({}), content_type="application/json")
        assert response.status_code == 405, path
        assert "detail" in response.json()


# --- Query budgets ---------------------------------------------------------------------------------


def test_event_list_keeps_a_fixed_number_of_queries_whatever_the_events_and_participants(client):
    topic = TopicFactory()
    region = RegionFactory(slug="here")

    def grow(n):
        for _n in range(n // 25 + 1):
            event = events.EventFactory(region=region, topics=[topic], host_municipality=member_municipality())
            events.ParticipationFactory.create_batch(3, event=event, municipality=event.host_municipality)

    # the region, a count, a page, its topics, its figures
    assert (
        assert_queries_do_not_grow(lambda: client.get("/api/v1/events?region=here&limit=200"), grow, sizes=(5, 100))
        <= 5
    )


def test_event_detail_keeps_a_fixed_number_of_queries_whatever_its_programme(client):
    event = events.EventFactory(organisers=[OrganisationFactory()])

    def grow(n):
        for _n in range(n // 10 + 1):
            session = events.SessionFactory(event=event)
            events.SpeakerFactory(event=event, session=session)
            events.ParticipationFactory(event=event)

    queries = assert_queries_do_not_grow(lambda: client.get(f"/api/v1/events/{event.slug}"), grow, sizes=(5, 100))
    assert queries <= 9


def test_report_keeps_a_fixed_number_of_queries_whatever_the_participants(client):
    region = RegionFactory(slug="here")
    topic = TopicFactory()
    event = events.past_event(region=region, topics=[topic])

    def grow(n):
        for _n in range(n // 10 + 1):
            events.ParticipationFactory(event=event, municipality=member_municipality(), gender=Gender.MAN)

    queries = assert_queries_do_not_grow(lambda: client.get("/api/v1/events/report?region=here"), grow, sizes=(5, 100))
    assert queries <= 16

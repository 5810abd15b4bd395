"""iCalendar: one event's file and a region's feed, read back with the icalendar library."""

import datetime
import zoneinfo

import pytest
from django.urls import reverse
from icalendar import Calendar

from citynet.core.testing import assert_queries_do_not_grow
from citynet.events.models import EventStatus, RegistrationMode
from citynet.events.tests import factories as events
from citynet.network.models import DatePrecision
from citynet.network.tests.factories import RegionFactory, member_municipality

pytestmark = pytest.mark.django_db


def read(response) -> Calendar:
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert response["Content-Disposition"].startswith("attachment; filename=")
    return Calendar.from_ical(response.content)


def vevents(calendar: Calendar) -> dict[str, object]:
    return {str(c["UID"]): c for c in calendar.walk("VEVENT")}


def ics(client, event):
    return client.get(reverse("events:ics", args=[event.slug]))


def test_an_event_is_an_all_day_vevent_ending_the_day_after_its_last_day(client):
    event = events.EventFactory(
        title_en="Synthetic workshop", starts_on=datetime.date(2030, 9, 12), ends_on=datetime.date(2030, 9, 13)
    )
    response = ics(client, event)
    assert f'filename="{event.slug}.ics"' in response["Content-Disposition"]
    item = vevents(read(response))[f"event-{event.pk}@events.citynet"]
    assert item.decoded("DTSTART") == datetime.date(2030, 9, 12)
    assert item.decoded("DTEND") == datetime.date(2030, 9, 14)
    assert str(item["SUMMARY"]) == "Synthetic workshop"
    assert str(item["URL"]).endswith(reverse("events:detail", args=[event.slug]))


def test_sessions_are_vevents_at_their_times_in_the_events_zone(client):
    event = events.EventFactory(
        time_zone="Europe/Skopje", starts_on=datetime.date(2030, 3, 30), ends_on=datetime.date(2030, 3, 31)
    )
    zone = zoneinfo.ZoneInfo("Europe/Skopje")
    # The night clocks go forward (31 March 2030): the second day's 09:00 is UTC+2, the first's UTC+1.
    first = events.SessionFactory(event=event, starts_at=datetime.datetime(2030, 3, 30, 9, 0, tzinfo=zone))
    second = events.SessionFactory(event=event, starts_at=datetime.datetime(2030, 3, 31, 9, 0, tzinfo=zone))
    calendar = read(ics(client, event))
    items = vevents(calendar)
    start = items[f"session-{first.pk}@events.citynet"]["DTSTART"]
    assert start.params["TZID"] == "Europe/Skopje"
    assert start.dt.astimezone(datetime.UTC) == datetime.datetime(2030, 3, 30, 8, 0, tzinfo=datetime.UTC)
    later = items[f"session-{second.pk}@events.citynet"]["DTSTART"].dt
    assert later.astimezone(datetime.UTC) == datetime.datetime(2030, 3, 31, 7, 0, tzinfo=datetime.UTC)
    assert "Europe/Skopje" in {str(tz["TZID"]) for tz in calendar.walk("VTIMEZONE")}


def test_the_uid_is_the_same_each_time_and_a_cancelled_event_says_so(client):
    event = events.EventFactory(status=EventStatus.CANCELLED)
    first = vevents(read(ics(client, event)))
    again = vevents(read(ics(client, event)))
    assert first.keys() == again.keys()
    assert str(first[f"event-{event.pk}@events.citynet"]["STATUS"]) == "CANCELLED"


def test_the_file_holds_no_participant_no_unlisted_speaker_and_no_online_link(client):
    event = events.EventFactory(online_url="https://meet.example.test/secret-room")
    session = events.SessionFactory(event=event)
    events.SpeakerFactory(event=event, session=session, guest_name="Synthetic shy guest", listed_publicly=False)
    events.ParticipationFactory(event=event, name="Synthetic Secret Person", municipality=member_municipality())
    body = ics(client, event).content.decode()
    assert "Synthetic Secret Person" not in body
    assert "Synthetic shy guest" not in body
    assert "secret-room" not in body


@pytest.mark.parametrize("precision", [DatePrecision.MONTH, DatePrecision.YEAR])
def test_an_event_known_only_to_the_month_or_year_has_no_file(client, precision):
    event = events.EventFactory(date_precision=precision, registration_mode=RegistrationMode.NONE)
    assert ics(client, event).status_code == 404
    assert (
        reverse("events:ics", args=[event.slug])
        not in client.get(reverse("events:detail", args=[event.slug])).content.decode()
    )


def test_a_drafts_file_is_not_found(client):
    assert ics(client, events.EventFactory(status=EventStatus.DRAFT)).status_code == 404


def test_a_regions_feed_has_its_events_and_the_network_wide_ones_upcoming_and_of_the_last_year(client):
    here, elsewhere = RegionFactory(slug="synthetic-here"), RegionFactory(slug="synthetic-elsewhere")
    mine = events.EventFactory(region=here)
    network = events.EventFactory(region=None)
    last_year = events.past_event(region=here)
    events.EventFactory(region=here, starts_on=events.in_days(-800), ends_on=events.in_days(-799))
    events.EventFactory(region=elsewhere)
    events.EventFactory(region=here, status=EventStatus.DRAFT)
    events.EventFactory(region=here, date_precision=DatePrecision.YEAR, registration_mode=RegistrationMode.NONE)
    response = client.get(reverse("events:feed") + "?region=synthetic-here")
    assert 'filename="events-synthetic-here.ics"' in response["Content-Disposition"]
    uids = set(vevents(read(response)))
    assert uids == {f"event-{e.pk}@events.citynet" for e in (mine, network, last_year)}


def test_a_feed_of_an_unknown_region_is_not_found(client):
    assert client.get(reverse("events:feed") + "?region=atlantis").status_code == 404


def test_the_feed_runs_a_fixed_number_of_queries_whatever_the_number_of_events(client):
    region = RegionFactory()

    def grow(n):
        for _ in range(n):
            events.EventFactory(region=region, host_municipality=member_municipality())
            events.EventFactory(region=None)

    url = reverse("events:feed") + f"?region={region.slug}"
    assert assert_queries_do_not_grow(lambda: client.get(url), grow, sizes=(2, 30)) <= 3


def test_the_events_file_runs_a_fixed_number_of_queries_whatever_the_number_of_sessions(client):
    event = events.EventFactory()

    def grow(n):
        for _ in range(n):
            events.SessionFactory(event=event)

    url = reverse("events:ics", args=[event.slug])
    assert assert_queries_do_not_grow(lambda: client.get(url), grow, sizes=(2, 30)) <= 8

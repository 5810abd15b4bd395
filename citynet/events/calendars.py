"""Events as iCalendar (RFC 5545), written by the icalendar library: one event's file and a region's feed.

- An event known to the day is an all-day VEVENT from its first day to the day after its last (DTEND is
  exclusive); each session of its programme is a VEVENT of its own at its times on the event's clock,
  with the TZID of the event's zone and the zone's VTIMEZONE in the file.
- An event known only to the month or year has no file (a calendar needs a day).
- UIDs are stable (the records' ids), SEQUENCE is the event's version, a cancelled event says
  STATUS:CANCELLED so calendars that imported it strike it out.
- Public facts only: titles, dates, place, the page's link. No online link (participants have it on
  their own page), no participant, no speaker who did not agree to be listed (none at all, here).
"""

import datetime

from django.conf import settings
from django.utils.translation import gettext as _
from icalendar import Calendar
from icalendar import Event as VEvent

from citynet.core.i18n import translated
from citynet.network.models import DatePrecision

from .models import EventStatus

CONTENT_TYPE = "text/calendar; charset=utf-8"
PRODID = "-//citynet//Events//EN"


def uid_domain() -> str:
    return getattr(settings, "EVENTS_CALENDAR_UID_DOMAIN", "events.citynet")


def text_of(obj, field: str) -> str:
    resolved = translated(obj, field)
    return resolved.text if resolved else ""


def place_of(event) -> str:
    """Venue, city, country — or "Online" (never the link)."""
    parts = [text_of(event, "venue")]
    if event.host_municipality_id:
        parts.append(text_of(event.host_municipality, "name"))
        parts.append(str(event.host_municipality.country.code.name))
    elif event.country:
        parts.append(str(event.country.name))
    place = ", ".join(part for part in parts if part)
    if not place and event.online_url:
        return _("Online")
    return place


def is_calendar_ready(event) -> bool:
    """Only an event known to the day goes into a calendar."""
    return event.date_precision == DatePrecision.DAY


def new_calendar(name: str) -> Calendar:
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", name)
    return calendar


def event_component(event, url: str) -> VEvent:
    """The all-day VEVENT of an event known to the day."""
    component = VEvent()
    component.add("uid", f"event-{event.pk}@{uid_domain()}")
    component.add("dtstamp", event.updated_at)
    component.add("sequence", event.version)
    component.add("summary", text_of(event, "title"))
    component.add("dtstart", event.starts_on)
    component.add("dtend", event.ends_on + datetime.timedelta(days=1))
    summary = text_of(event, "summary")
    component.add("description", f"{summary}\n\n{url}".strip() if summary else url)
    place = place_of(event)
    if place:
        component.add("location", place)
    component.add("url", url)
    component.add("categories", [event.get_kind_display()])
    component.add("status", "CANCELLED" if event.status == EventStatus.CANCELLED else "CONFIRMED")
    component.add("transp", "TRANSPARENT")
    return component


def session_component(event, session, url: str) -> VEvent:
    """One session at its times on the event's clock (TZID of the event's zone)."""
    zone = event.zone
    component = VEvent()
    component.add("uid", f"session-{session.pk}@{uid_domain()}")
    component.add("dtstamp", event.updated_at)
    component.add("sequence", event.version)
    component.add("summary", f"{text_of(session, 'title')} · {text_of(event, 'title')}")
    component.add("dtstart", session.starts_at.astimezone(zone))
    component.add("dtend", session.ends_at.astimezone(zone))
    location = ", ".join(part for part in (session.room, place_of(event)) if part)
    if location:
        component.add("location", location)
    component.add("url", url)
    component.add("related-to", f"event-{event.pk}@{uid_domain()}")
    component.add("status", "CANCELLED" if event.status == EventStatus.CANCELLED else "CONFIRMED")
    return component


def event_calendar(event, sessions, url: str) -> bytes:
    """One event's file: the event (all day) and its sessions."""
    calendar = new_calendar(text_of(event, "title"))
    calendar.add_component(event_component(event, url))
    for session in sessions:
        calendar.add_component(session_component(event, session, url))
    calendar.add_missing_timezones()
    return calendar.to_ical()


def feed_calendar(name: str, events, url_of) -> bytes:
    """A feed of events, each as an all-day VEVENT (`url_of(event)`: its public page)."""
    calendar = new_calendar(name)
    for event in events:
        if is_calendar_ready(event):
            calendar.add_component(event_component(event, url_of(event)))
    return calendar.to_ical()

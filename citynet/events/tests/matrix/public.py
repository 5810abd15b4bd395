"""URL x role rows of the public pages (see ../url_matrix.py for the scene): the same for everyone, read-only.

Public pages show published and cancelled events; a draft does not exist for anyone here, staff included
(they see it in the admin). A private document is its event's staff's only.
"""

from citynet.core.testing import Row

ROLES = [
    "anonymous",
    "user",
    "member",
    "focal_point",
    "other_focal_point",
    "participant",
    "coordinator",
    "other_coordinator",
    "secretariat",
]
EVERYONE = dict.fromkeys(ROLES, 200)
NOWHERE = dict.fromkeys(ROLES, 404)
REFUSED = dict.fromkeys(ROLES, 405)
EVENT_STAFF = {**NOWHERE, "coordinator": 200, "secretariat": 200}
WRITES = ["POST", "PUT", "PATCH", "DELETE"]

PATHS = {
    "events:list": lambda s: "/en/events/",
    "events:feed": lambda s: "/en/events/calendar.ics",
    "events:detail": lambda s: f"/en/events/{s.event.slug}/",
    "events:ics": lambda s: f"/en/events/{s.event.slug}/event.ics",
    "events:document": lambda s: f"/en/events/{s.event.slug}/documents/{s.public_document.pk}/",
}

ROWS = [
    Row("events:list", "GET", PATHS["events:list"], EVERYONE),
    Row(
        "events:list filtered",
        "GET",
        lambda s: f"/en/events/?region={s.region.slug}&topic={s.topic.slug}&kind=training",
        EVERYONE,
    ),
    Row("events:list bad filters", "GET", lambda s: "/en/events/?region=%3Cx%3E&year=abc&page=x", EVERYONE),
    Row("events:feed", "GET", PATHS["events:feed"], EVERYONE),
    Row("events:feed region", "GET", lambda s: f"/en/events/calendar.ics?region={s.region.slug}", EVERYONE),
    Row("events:feed unknown region", "GET", lambda s: "/en/events/calendar.ics?region=atlantis", NOWHERE),
    Row("events:detail", "GET", PATHS["events:detail"], EVERYONE),
    Row("events:detail past", "GET", lambda s: f"/en/events/{s.past_event.slug}/", EVERYONE),
    Row("events:detail invitation", "GET", lambda s: f"/en/events/{s.invitation_event.slug}/", EVERYONE),
    Row("events:detail draft", "GET", lambda s: f"/en/events/{s.draft_event.slug}/", NOWHERE),
    Row("events:ics", "GET", PATHS["events:ics"], EVERYONE),
    Row("events:ics draft", "GET", lambda s: f"/en/events/{s.draft_event.slug}/event.ics", NOWHERE),
    Row("events:document public", "GET", PATHS["events:document"], EVERYONE),
    Row(
        "events:document private",
        "GET",
        lambda s: f"/en/events/{s.event.slug}/documents/{s.private_document.pk}/",
        EVENT_STAFF,
    ),
    Row(
        "events:document of another event",
        "GET",
        lambda s: f"/en/events/{s.past_event.slug}/documents/{s.public_document.pk}/",
        NOWHERE,
    ),
]
# Every public URL is read-only: writes are refused, whoever asks.
for _name, _path in PATHS.items():
    ROWS += [Row(_name, method, _path, REFUSED) for method in WRITES]

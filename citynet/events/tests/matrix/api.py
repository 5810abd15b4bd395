"""URL x role rows of the events API (see ../url_matrix.py for the scene).

Public events, an event's facts, the topics and the report answer everyone the same; a draft does not
exist in the API for anyone (staff see it in the admin). An event's participants are its staff's only:
everyone else gets a 404, the public is asked to sign in (401). The list of participations answers
everyone signed in, each with their own slice (test_api_staff.py checks the slices). Every path refuses
writes, whoever asks.
"""

from citynet.core.testing import Row

ROLES = (
    "anonymous",
    "user",
    "member",
    "focal_point",
    "other_focal_point",
    "participant",
    "coordinator",
    "other_coordinator",
    "secretariat",
)
SIGNED_IN = [role for role in ROLES if role != "anonymous"]

EVERYONE = dict.fromkeys(ROLES, 200)
NOWHERE = dict.fromkeys(ROLES, 404)
REFUSED = dict.fromkeys(ROLES, 405)
LIST = {"anonymous": 401, **dict.fromkeys(SIGNED_IN, 200)}
EVENT_STAFF = {"anonymous": 401, **dict.fromkeys(SIGNED_IN, 404), "coordinator": 200, "secretariat": 200}
WRITES = ["POST", "PUT", "PATCH", "DELETE"]

ROWS = [
    Row("api:event-list", "GET", lambda s: "/api/v1/events", EVERYONE),
    Row("api:event-list filtered", "GET", lambda s: f"/api/v1/events?region={s.region.slug}&when=upcoming", EVERYONE),
    Row("api:event-detail", "GET", lambda s: f"/api/v1/events/{s.event.slug}", EVERYONE),
    Row("api:event-detail past", "GET", lambda s: f"/api/v1/events/{s.past_event.slug}", EVERYONE),
    Row("api:event-detail draft", "GET", lambda s: f"/api/v1/events/{s.draft_event.slug}", NOWHERE),
    Row("api:event-report", "GET", lambda s: f"/api/v1/events/report?region={s.region.slug}", EVERYONE),
    Row("api:topic-list", "GET", lambda s: "/api/v1/topics", EVERYONE),
    Row("api:event-participants", "GET", lambda s: f"/api/v1/events/{s.event.slug}/participants", EVENT_STAFF),
    Row(
        "api:event-participants draft",
        "GET",
        lambda s: f"/api/v1/events/{s.draft_event.slug}/participants",
        EVENT_STAFF,
    ),
    Row("api:participation-list", "GET", lambda s: "/api/v1/participations", LIST),
]
for _name, _path in [
    ("events", lambda s: "/api/v1/events"),
    ("event", lambda s: f"/api/v1/events/{s.event.slug}"),
    ("event report", lambda s: "/api/v1/events/report"),
    ("topics", lambda s: "/api/v1/topics"),
    ("event participants", lambda s: f"/api/v1/events/{s.event.slug}/participants"),
    ("participations", lambda s: "/api/v1/participations"),
]:
    ROWS += [Row(f"api {_name}", method, _path, REFUSED) for method in WRITES]

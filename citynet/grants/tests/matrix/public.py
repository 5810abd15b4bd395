"""URL x role rows of public (see ../url_matrix.py for the scene): the same for everyone, read-only.

Public pages and the API show published calls and the awards of calls with results; a draft call does
not exist for anyone here, staff included (they see it in the admin).
"""

from citynet.core.testing import ROLES, Row

EVERYONE = dict.fromkeys(ROLES, 200)
NOWHERE = dict.fromkeys(ROLES, 404)
REFUSED = dict.fromkeys(ROLES, 405)
WRITES = ["POST", "PUT", "PATCH", "DELETE"]

PAGE_ROWS = [
    Row("grants:call-list", "GET", lambda s: "/en/calls/", EVERYONE),
    Row("grants:call-list region", "GET", lambda s: f"/en/calls/?region={s.region.slug}", EVERYONE),
    Row("grants:call-list", "POST", lambda s: "/en/calls/", REFUSED),
    Row("grants:call-feed-json", "GET", lambda s: "/en/calls/feed.json", EVERYONE),
    Row("grants:call-feed-atom", "GET", lambda s: "/en/calls/feed.atom", EVERYONE),
    Row("grants:call-detail", "GET", lambda s: f"/en/calls/{s.call.slug}/", EVERYONE),
    Row("grants:call-detail closed", "GET", lambda s: f"/en/calls/{s.closed_call.slug}/", EVERYONE),
    Row("grants:call-detail draft", "GET", lambda s: f"/en/calls/{s.draft_call.slug}/", NOWHERE),
    Row("grants:call-detail", "POST", lambda s: f"/en/calls/{s.call.slug}/", REFUSED),
    Row("grants:award-detail", "GET", lambda s: f"/en/awards/{s.award.slug}/", EVERYONE),
    Row("grants:award-detail", "POST", lambda s: f"/en/awards/{s.award.slug}/", REFUSED),
]

API_ROWS = [
    Row("api:call-list", "GET", lambda s: "/api/v1/calls?status=open", EVERYONE),
    Row("api:call-detail", "GET", lambda s: f"/api/v1/calls/{s.call.slug}", EVERYONE),
    Row("api:call-detail draft", "GET", lambda s: f"/api/v1/calls/{s.draft_call.slug}", NOWHERE),
    Row("api:award-list", "GET", lambda s: "/api/v1/awards", EVERYONE),
    Row("api:award-detail", "GET", lambda s: f"/api/v1/awards/{s.award.slug}", EVERYONE),
]
# Every collection and record refuses writes, whoever asks.
for _name, _path in [
    ("calls", lambda s: "/api/v1/calls"),
    ("call", lambda s: f"/api/v1/calls/{s.call.slug}"),
    ("awards", lambda s: "/api/v1/awards"),
    ("award", lambda s: f"/api/v1/awards/{s.award.slug}"),
]:
    API_ROWS += [Row(f"api {_name}", method, _path, REFUSED) for method in WRITES]

ROWS = PAGE_ROWS + API_ROWS

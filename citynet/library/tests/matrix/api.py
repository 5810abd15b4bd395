"""URL x role rows of the library's api part (the scene is ../url_matrix.py; `extend(scene)` adds a
members-only and a staff-only resource).

Everyone lists the resources (what each gets is test_api.py's); a resource answers those who may read it
(permissions.scope_readable: the public's for everyone, members-only for member cities' people and staff,
staff-only for staff) and is not found for the others. A draft or a proposal is not found for anyone, its
editors and proposer included (the admin is theirs). Every path refuses writes, whoever asks.
"""

from citynet.core.testing import Row
from citynet.library.models import Access
from citynet.library.tests import factories as library

ROLES = (
    "anonymous",
    "user",
    "member",
    "focal_point",
    "other_focal_point",
    "coordinator",
    "other_coordinator",
    "secretariat",
)
STAFF_ROLES = ("coordinator", "other_coordinator", "secretariat")
MEMBER_ROLES = ("member", "focal_point", "other_focal_point", *STAFF_ROLES)

EVERYONE = dict.fromkeys(ROLES, 200)
NOWHERE = dict.fromkeys(ROLES, 404)
REFUSED = dict.fromkeys(ROLES, 405)
MEMBERS = {**NOWHERE, **dict.fromkeys(MEMBER_ROLES, 200)}
STAFF = {**NOWHERE, **dict.fromkeys(STAFF_ROLES, 200)}
WRITES = ["POST", "PUT", "PATCH", "DELETE"]
API = "/api/v1"


def extend(scene):
    scene.members_only = library.ResourceFactory(
        access=Access.MEMBERS, countries=[scene.country], title_en="Synthetic members-only report"
    )
    scene.staff_only = library.ResourceFactory(access=Access.STAFF, title_en="Synthetic staff-only report")


ROWS = [
    Row("api:resource-list", "GET", lambda s: f"{API}/resources", EVERYONE),
    Row("api:resource-list filtered", "GET", lambda s: f"{API}/resources?region={s.region.slug}&language=en", EVERYONE),
    Row(
        "api:resource-list unknown region",
        "GET",
        lambda s: f"{API}/resources?region=nowhere",
        dict.fromkeys(ROLES, 422),
    ),
    Row("api:resource-detail", "GET", lambda s: f"{API}/resources/{s.published.slug}", EVERYONE),
    Row("api:resource-detail members only", "GET", lambda s: f"{API}/resources/{s.members_only.slug}", MEMBERS),
    Row("api:resource-detail staff only", "GET", lambda s: f"{API}/resources/{s.staff_only.slug}", STAFF),
    Row("api:resource-detail draft", "GET", lambda s: f"{API}/resources/{s.draft.slug}", NOWHERE),
    Row("api:resource-detail proposal", "GET", lambda s: f"{API}/resources/{s.proposal.slug}", NOWHERE),
    Row("api:work-stream-list", "GET", lambda s: f"{API}/work-streams", EVERYONE),
]
for _name, _path in [
    ("resources", lambda s: f"{API}/resources"),
    ("resource", lambda s: f"{API}/resources/{s.published.slug}"),
    ("work streams", lambda s: f"{API}/work-streams"),
]:
    ROWS += [Row(f"api {_name}", method, _path, REFUSED) for method in WRITES]

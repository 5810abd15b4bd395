"""URL x role rows of the advisory API (the scene is ../url_matrix.py).

Public: the published consultations and a city's shared adopted plan answer everyone the same; an
unpublished visit, or a plan the city did not share, does not exist for anyone here. Staff: signed in
only (401); engagements and visits are the region's staff's (a 403 on the lists for anyone who runs no
advisory work, a 404 on another region's record); assessments and plans, drafts included, the region's
staff's and the city's own focal point's (everyone else an empty list and a 404). Every path refuses
writes, whoever asks (test_api_staff.py checks the slices).
"""

from citynet.core.testing import Row

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
SIGNED_IN = [role for role in ROLES if role != "anonymous"]
STAFF_ROLES = ("coordinator", "other_coordinator", "secretariat")

EVERYONE = dict.fromkeys(ROLES, 200)
NOWHERE = dict.fromkeys(ROLES, 404)
REFUSED = dict.fromkeys(ROLES, 405)
LIST = {"anonymous": 401, **dict.fromkeys(SIGNED_IN, 200)}
STAFF_LIST = {"anonymous": 401, **dict.fromkeys(SIGNED_IN, 403), **dict.fromkeys(STAFF_ROLES, 200)}
REGION_STAFF = {"anonymous": 401, **dict.fromkeys(SIGNED_IN, 404), "coordinator": 200, "secretariat": 200}
CITY = {**REGION_STAFF, "focal_point": 200}
WRITES = ["POST", "PUT", "PATCH", "DELETE"]
STAFF = "/api/v1/staff/advisory"

ROWS = [
    Row("api:consultation-list", "GET", lambda s: "/api/v1/consultations", EVERYONE),
    Row("api:consultation-list region", "GET", lambda s: f"/api/v1/consultations?region={s.region.slug}", EVERYONE),
    Row("api:consultation-detail", "GET", lambda s: f"/api/v1/consultations/{s.visit.slug}", EVERYONE),
    Row("api:consultation-detail draft", "GET", lambda s: f"/api/v1/consultations/{s.draft_visit.slug}", NOWHERE),
    Row(
        "api:municipality-action-plan",
        "GET",
        lambda s: f"/api/v1/municipalities/{s.city.slug}/action-plan",
        EVERYONE,
    ),
    Row(
        "api:municipality-action-plan not shared",
        "GET",
        lambda s: f"/api/v1/municipalities/{s.neighbour.slug}/action-plan",
        NOWHERE,
    ),
    Row("api:advisory-engagement-list", "GET", lambda s: f"{STAFF}/engagements", STAFF_LIST),
    Row("api:advisory-visit-list", "GET", lambda s: f"{STAFF}/visits", STAFF_LIST),
    Row("api:advisory-visit-detail", "GET", lambda s: f"{STAFF}/visits/{s.visit.pk}", REGION_STAFF),
    Row("api:advisory-visit-detail draft", "GET", lambda s: f"{STAFF}/visits/{s.draft_visit.pk}", REGION_STAFF),
    Row("api:advisory-assessment-list", "GET", lambda s: f"{STAFF}/assessments", LIST),
    Row("api:advisory-assessment-detail", "GET", lambda s: f"{STAFF}/assessments/{s.baseline.pk}", CITY),
    Row(
        "api:advisory-assessment-detail draft",
        "GET",
        lambda s: f"{STAFF}/assessments/{s.reassessment.pk}",
        CITY,
    ),
    Row(
        "api:advisory-assessment-detail neighbour",
        "GET",
        lambda s: f"{STAFF}/assessments/{s.neighbour_assessment.pk}",
        REGION_STAFF,
    ),
    Row("api:advisory-plan-list", "GET", lambda s: f"{STAFF}/plans", LIST),
    Row("api:advisory-plan-detail", "GET", lambda s: f"{STAFF}/plans/{s.plan.pk}", CITY),
    Row("api:advisory-plan-detail draft", "GET", lambda s: f"{STAFF}/plans/{s.draft_plan.pk}", CITY),
    Row("api:advisory-plan-detail neighbour", "GET", lambda s: f"{STAFF}/plans/{s.neighbour_plan.pk}", REGION_STAFF),
]
for _name, _path in [
    ("consultations", lambda s: "/api/v1/consultations"),
    ("consultation", lambda s: f"/api/v1/consultations/{s.visit.slug}"),
    ("action plan", lambda s: f"/api/v1/municipalities/{s.city.slug}/action-plan"),
    ("advisory engagements", lambda s: f"{STAFF}/engagements"),
    ("advisory visits", lambda s: f"{STAFF}/visits"),
    ("advisory visit", lambda s: f"{STAFF}/visits/{s.visit.pk}"),
    ("advisory assessments", lambda s: f"{STAFF}/assessments"),
    ("advisory assessment", lambda s: f"{STAFF}/assessments/{s.baseline.pk}"),
    ("advisory plans", lambda s: f"{STAFF}/plans"),
    ("advisory plan", lambda s: f"{STAFF}/plans/{s.plan.pk}"),
]:
    ROWS += [Row(f"api {_name}", method, _path, REFUSED) for method in WRITES]

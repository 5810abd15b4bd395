"""URL x role rows of the grants API for people inside a call (applications, reviews, a call's ranking)."""

from citynet.core.testing import Row

SIGNED_IN = dict.fromkeys(
    (
        "user",
        "member",
        "focal_point",
        "other_focal_point",
        "applicant",
        "reviewer",
        "owner",
        "other_applicant",
        "assigned_reviewer",
        "conflicted_reviewer",
        "pool_reviewer",
        "coordinator",
        "other_coordinator",
        "secretariat",
    ),
    200,
)
# Lists answer everyone signed in, each with their own slice (the tests check the slices).
LIST = {"anonymous": 401, **SIGNED_IN}
NOBODY_ELSE = {"anonymous": 401, **dict.fromkeys(SIGNED_IN, 404)}
# One application: its organisation's people and the staff of its call's region.
APPLICATION = {**NOBODY_ELSE, "owner": 200, "coordinator": 200, "secretariat": 200}
# A call's ranking: its staff only.
RANKING = {**NOBODY_ELSE, "coordinator": 200, "secretariat": 200}

ROWS = [
    Row("api:application-list", "GET", lambda s: "/api/v1/applications", LIST),
    Row("api:application-detail", "GET", lambda s: f"/api/v1/applications/{s.application.reference}", APPLICATION),
    Row("api:review-list", "GET", lambda s: "/api/v1/reviews", LIST),
    Row("api:call-ranking", "GET", lambda s: f"/api/v1/calls/{s.call.slug}/ranking", RANKING),
]

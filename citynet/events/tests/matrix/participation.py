"""URL x role rows of a participant's own pages (see ../url_matrix.py for the scene).

A participation is its person's, their city's focal point's and the event's staff's: everyone else gets
a 404 (it does not exist for them), the public is asked to sign in.
"""

from citynet.core.testing import LOGIN, Row

OWN_RECORD = {
    "anonymous": LOGIN,
    "user": 404,
    "member": 404,
    "focal_point": 404,
    "other_focal_point": 404,
    "participant": 200,
    "coordinator": 200,
    "other_coordinator": 404,
    "secretariat": 200,
}
CITY_RECORD = {**OWN_RECORD, "participant": 404, "focal_point": 200}

ROWS = [
    Row(
        "events:participation own",
        "GET",
        lambda s: f"/en/events/{s.event.slug}/participations/{s.participation.pk}/",
        OWN_RECORD,
    ),
    Row(
        "events:participation delegate",
        "GET",
        lambda s: f"/en/events/{s.event.slug}/participations/{s.delegate.pk}/",
        CITY_RECORD,
    ),
]

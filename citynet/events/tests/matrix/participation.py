"""URL x role rows of a participant's and a focal point's pages (see ../url_matrix.py for the scene).

A participation is its person's, their city's focal point's and the event's staff's: everyone else gets
a 404 (it does not exist for them), the public is asked to sign in. A city's delegates page is for the
focal points of the event's region's cities and the event's staff. POSTs redirect back with a message
(302), or show the form again with its messages (422: the matrix posts an empty form).
"""

from citynet.core.testing import LOGIN, Row

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


def everyone(status, **overrides):
    return {role: overrides.get(role, LOGIN if role == "anonymous" else status) for role in ROLES}


OWN_RECORD = everyone(404, participant=200, coordinator=200, secretariat=200)
CITY_RECORD = everyone(404, focal_point=200, coordinator=200, secretariat=200)
STAFF = {"coordinator", "secretariat"}


def at(record, status):
    """The same people, each allowed one answering `status`."""
    return {role: status if answer == 200 else answer for role, answer in record.items()}


def own(s, suffix=""):
    return f"/en/events/{s.event.slug}/participations/{s.participation.pk}/{suffix}"


def delegate(s, suffix=""):
    return f"/en/events/{s.event.slug}/participations/{s.delegate.pk}/{suffix}"


def pending(s, suffix=""):
    return f"/en/events/{s.approval_event.slug}/participations/{s.pending.pk}/{suffix}"


def past(s, suffix=""):
    return f"/en/events/{s.past_event.slug}/participations/{s.past_participation.pk}/{suffix}"


ROWS = [
    # Registering oneself: the participant is registered already (sent to their page); the others get the
    # form (an empty one comes back with its messages).
    Row("events:register", "GET", lambda s: "/en/events/open-event/register/", everyone(200, participant=302)),
    Row("events:register", "POST", lambda s: "/en/events/open-event/register/", everyone(422, participant=302)),
    # By invitation only and no invitation: a plain message, no form (and no 500), staff excepted.
    Row(
        "events:register invitation-only",
        "GET",
        lambda s: "/en/events/invitation-event/register/",
        everyone(200),
    ),
    Row(
        "events:register draft",
        "GET",
        lambda s: "/en/events/draft-event/register/",
        everyone(404, **dict.fromkeys(STAFF, 200)),
    ),
    # An invitation's landing is for whoever holds the link; a wrong token is nothing.
    Row(
        "events:invitation",
        "GET",
        lambda s: f"/en/events/open-event/invitation/{s.invitation.token}/",
        dict.fromkeys(ROLES, 200),
    ),
    Row(
        "events:invitation unknown",
        "GET",
        lambda s: "/en/events/open-event/invitation/0123456789abcdef0123456789abcdef/",
        dict.fromkeys(ROLES, 404),
    ),
    Row("events:delegates", "GET", lambda s: "/en/events/open-event/delegates/", CITY_RECORD),
    Row("events:delegates", "POST", lambda s: "/en/events/open-event/delegates/", at(CITY_RECORD, 422)),
    # One participation.
    Row("events:participation own", "GET", own, OWN_RECORD),
    Row("events:participation delegate", "GET", delegate, CITY_RECORD),
    Row("events:cancel own", "POST", lambda s: own(s, "cancel/"), at(OWN_RECORD, 302)),
    Row("events:cancel delegate", "POST", lambda s: delegate(s, "cancel/"), at(CITY_RECORD, 302)),
    Row("events:confirm own", "POST", lambda s: own(s, "confirm/"), at(OWN_RECORD, 302)),
    # The approval event asks cities to approve their people: the focal point decides with the staff.
    Row("events:approve", "POST", lambda s: pending(s, "approve/"), at(CITY_RECORD, 302)),
    Row("events:decline", "POST", lambda s: pending(s, "decline/"), at(CITY_RECORD, 302)),
    Row("events:substitute", "GET", lambda s: delegate(s, "substitute/"), CITY_RECORD),
    Row("events:substitute", "POST", lambda s: delegate(s, "substitute/"), at(CITY_RECORD, 422)),
    # One's own registration has no city: nobody substitutes it.
    Row("events:substitute own", "GET", lambda s: own(s, "substitute/"), everyone(404)),
    # The certificate: the participant who attended and the staff; not the city's focal point.
    Row("events:certificate", "GET", lambda s: past(s, "certificate.pdf"), OWN_RECORD),
    Row("events:certificate not attended", "GET", lambda s: own(s, "certificate.pdf"), everyone(404)),
    # Questionnaires: the participant's own, nobody else's (staff read the aggregates).
    Row(
        "events:questionnaire before", "GET", lambda s: own(s, "questionnaire/before/"), everyone(404, participant=200)
    ),
    Row(
        "events:questionnaire before", "POST", lambda s: own(s, "questionnaire/before/"), everyone(404, participant=422)
    ),
    Row("events:questionnaire after", "GET", lambda s: past(s, "questionnaire/after/"), everyone(404, participant=200)),
    Row("events:mine", "GET", lambda s: "/en/my/events/", everyone(200)),
]

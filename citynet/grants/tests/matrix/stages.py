"""URL x role rows of two-stage calls' staff actions (see ../url_matrix.py for the scene).

/admin/grants/calls/<pk>/applications/<pk>/invite/ and .../withdraw-invitation/, POST only: the call's
region's staff are answered with a redirect to the application's page (the scene's application is of a
one-stage call, so the service refuses and says why there; nothing is written); another region's
coordinator gets 404; applicants and reviewers never pass the admin's door (sign-in page).
"""

from citynet.core.testing import LOGIN, Row

OUTSIDERS = {
    "anonymous": LOGIN,
    "user": LOGIN,
    "focal_point": LOGIN,
    "owner": LOGIN,
    "other_applicant": LOGIN,
    "assigned_reviewer": LOGIN,
}
STAFF = {"coordinator": 302, "other_coordinator": 404, "secretariat": 302}


def on_application(action: str):
    return lambda s: f"/admin/grants/calls/{s.call.pk}/applications/{s.application.pk}/{action}/"


ROWS = [
    Row("grants_staff_stages:invite", "POST", on_application("invite"), {**OUTSIDERS, **STAFF}),
    Row(
        "grants_staff_stages:withdraw-invitation",
        "POST",
        on_application("withdraw-invitation"),
        {**OUTSIDERS, **STAFF},
    ),
    # The application of another call under this call's URL: not found, even for the call's staff.
    Row(
        "grants_staff_stages:invite another call's application",
        "POST",
        lambda s: f"/admin/grants/calls/{s.closed_call.pk}/applications/{s.application.pk}/invite/",
        {**OUTSIDERS, "coordinator": 404, "other_coordinator": 404, "secretariat": 404},
    ),
]

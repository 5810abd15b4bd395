"""URL x role rows of applying (see ../url_matrix.py for the scene).

An applicant reaches their own organisation's application and nobody else's: every other role meets a
404 there (staff read applications in the admin; reviewers through their queue, and the files through
the download, which is the one applicant URL they share).
"""

from django.core.files.base import ContentFile

from citynet.core.testing import LOGIN, Row

ALL_ROLES = [
    "anonymous",
    "user",
    "member",
    "focal_point",
    "other_focal_point",
    "applicant",
    "reviewer",
    "coordinator",
    "other_coordinator",
    "secretariat",
    "owner",
    "other_applicant",
    "assigned_reviewer",
    "conflicted_reviewer",
    "pool_reviewer",
]


def everyone(status, **overrides):
    return {role: overrides.get(role, LOGIN if role == "anonymous" else status) for role in ALL_ROLES}


def attachment_of(scene):
    """The submitted application's file (made on first use: each matrix test rolls back its writes)."""
    from citynet.grants.models import Attachment

    found = scene.application.attachments.first()
    if found is None:
        found = Attachment(
            application=scene.application,
            question=scene.file_question,
            original_name="synthetic-plan.pdf",
            content_type="application/pdf",
            size=9,
            sha256="0" * 64,
        )
        found.file.save("plan", ContentFile(b"%PDF-1.4\n"), save=False)
        found.save()
    return found


def detail(s, suffix=""):
    return f"/en/grants/applications/{s.application.pk}/{suffix}"


_ROWS = [
    # Start or resume: anyone signed in is sent on (to the application, or first to the organisation profile).
    ("grants:call-apply", "GET", lambda s: "/en/calls/open-call/apply/", everyone(302)),
    ("grants:call-apply", "POST", lambda s: "/en/calls/open-call/apply/", everyone(302)),
    ("grants:organisation", "GET", lambda s: "/en/grants/organisation/", everyone(200)),
    # An empty profile comes back with its messages.
    ("grants:organisation", "POST", lambda s: "/en/grants/organisation/", everyone(200)),
    ("grants:application-list", "GET", lambda s: "/en/grants/applications/", everyone(200)),
    ("grants:application-detail", "GET", detail, everyone(404, owner=200)),
    # Submitted: the owner's change is refused with a message on the page it redirects to.
    ("grants:application-detail", "POST", detail, everyone(404, owner=302)),
    ("grants:application-autosave", "POST", lambda s: detail(s, "autosave/"), everyone(404, owner=409)),
    (
        "grants:application-attachment",
        "GET",
        lambda s: detail(s, f"attachments/{attachment_of(s).pk}/"),
        everyone(404, owner=200, coordinator=200, secretariat=200),  # reviewers: their own page
    ),
    ("grants:application-receipt", "GET", lambda s: detail(s, "receipt.pdf"), everyone(404, owner=200)),
]

ROWS = [Row(name, method, path, expected) for name, method, path, expected in _ROWS]

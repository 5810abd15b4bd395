"""URL x role rows of reviewing (see ../url_matrix.py for the scene).

A reviewer's pages open to the assigned reviewer alone (who declared no conflict): everyone else who is
signed in, staff, the applicant and a conflicted or merely pooled reviewer included, gets a 404; the
queue opens to anyone signed in (and lists only their own assignments).
"""

from django.core.files.base import ContentFile

from citynet.core.testing import LOGIN, ROLES, Row
from citynet.grants.models import Attachment, DeclaredInterest

SIGNED_IN = {role: 200 for role in ROLES if role != "anonymous"}
GRANTS_ROLES = ["owner", "other_applicant", "assigned_reviewer", "conflicted_reviewer", "pool_reviewer"]

QUEUE = {**SIGNED_IN, "anonymous": LOGIN, **dict.fromkeys(GRANTS_ROLES, 200)}
ASSIGNED_ONLY = {
    **{role: 404 for role in ROLES if role != "anonymous"},
    "anonymous": LOGIN,
    **dict.fromkeys(GRANTS_ROLES, 404),
    "assigned_reviewer": 200,
}


def _attachment(scene) -> Attachment:
    """An attachment of the scene's application (made in the test's own savepoint)."""
    attachment = Attachment.objects.create(
        application=scene.application,
        question=scene.file_question,
        original_name="Synthetic plan.pdf",
        content_type="application/pdf",
        size=8,
        sha256="0" * 64,
    )
    attachment.file.save("synthetic", ContentFile(b"%PDF-1.4"), save=True)
    return attachment


def _interest(scene) -> DeclaredInterest:
    """An interest the scene's pool reviewer declared (made in the test's own savepoint)."""
    return DeclaredInterest.objects.create(reviewer=scene.pool_reviewer, country="AL")


ROWS = [
    Row("grants:review-queue", "GET", lambda s: "/en/reviews/", QUEUE),
    # Anyone signed in keeps their own list of interests; nobody sees another's.
    Row("grants:review-interests", "GET", lambda s: "/en/reviews/interests/", QUEUE),
    Row(
        "grants:review-interests",
        "POST",
        lambda s: "/en/reviews/interests/",
        {**QUEUE, **{role: 302 for role, status in QUEUE.items() if status == 200}},
        lambda s: {"country": "AL", "note": "Synthetic"},
    ),
    Row(
        "grants:review-interest-remove",
        "POST",
        lambda s: f"/en/reviews/interests/{_interest(s).pk}/remove/",
        {**ASSIGNED_ONLY, "assigned_reviewer": 404, "pool_reviewer": 302},
    ),
    Row("grants:review-detail", "GET", lambda s: f"/en/reviews/{s.assignment.pk}/", ASSIGNED_ONLY),
    Row(
        "grants:review-detail",
        "POST",
        lambda s: f"/en/reviews/{s.assignment.pk}/",
        {**ASSIGNED_ONLY, "assigned_reviewer": 302},
        lambda s: {"action": "save", f"score_{s.criterion.pk}": "3", "comment": "Synthetic comment"},
    ),
    Row(
        "grants:review-detail (conflicted assignment)",
        "GET",
        lambda s: f"/en/reviews/{s.conflicted_assignment.pk}/",
        {**ASSIGNED_ONLY, "assigned_reviewer": 404},
    ),
    Row(
        "grants:review-attachment",
        "GET",
        lambda s: f"/en/reviews/{s.assignment.pk}/attachments/{_attachment(s).pk}/",
        ASSIGNED_ONLY,
    ),
]

"""URL x role rows of a grant after award: the grantee's people and the call's staff, nobody else."""

from citynet.core.testing import LOGIN, Row

# The grant page: its organisation's people and the staff of the call's region; others never learn it exists.
GRANT_PAGE = {
    "anonymous": LOGIN,
    "user": 404,
    "member": 404,
    "focal_point": 404,
    "other_focal_point": 404,
    "applicant": 404,
    "reviewer": 404,
    "owner": 200,
    "other_applicant": 404,
    "assigned_reviewer": 404,
    "conflicted_reviewer": 404,
    "pool_reviewer": 404,
    "coordinator": 200,
    "other_coordinator": 404,
    "secretariat": 200,
}
# Handing a report in: the grantee's people only (staff see the page, but the form is not theirs).
HAND_IN = {**GRANT_PAGE, "owner": 422, "coordinator": 404, "secretariat": 404}
# Reviewing a handed-in report: the call's staff only; the answer is a redirect back to the grant.
REVIEW = {**GRANT_PAGE, "owner": 404, "coordinator": 302, "secretariat": 302}
# A method the view does not take: refused (405) to anyone signed in, before anything is looked up.
WRONG_METHOD = {role: LOGIN if role == "anonymous" else 405 for role in GRANT_PAGE}


def _grant(s):
    return f"/en/grants/awarded/{s.grant.pk}/"


ROWS = [
    Row("grants:grant-detail", "GET", _grant, GRANT_PAGE),
    Row("grants:grant-detail", "POST", _grant, WRONG_METHOD),
    # An empty hand-in is refused at the form (422): nothing is saved.
    Row("grants:report-hand-in", "POST", lambda s: f"{_grant(s)}reports/{s.due_report.pk}/", HAND_IN),
    Row(
        "grants:report-hand-in",
        "GET",
        lambda s: f"{_grant(s)}reports/{s.due_report.pk}/",
        WRONG_METHOD,
    ),
    Row(
        "grants:report-review",
        "POST",
        lambda s: f"{_grant(s)}reports/{s.handed_in_report.pk}/review/",
        REVIEW,
        lambda s: {f"v{s.handed_in_report.pk}-decision": "approve"},
    ),
    Row(
        "grants:report-review",
        "GET",
        lambda s: f"{_grant(s)}reports/{s.handed_in_report.pk}/review/",
        WRONG_METHOD,
    ),
    Row("grants:report-file", "GET", lambda s: f"{_grant(s)}reports/{s.handed_in_report.pk}/file/", GRANT_PAGE),
    Row(
        "grants:report-file",
        "POST",
        lambda s: f"{_grant(s)}reports/{s.handed_in_report.pk}/file/",
        WRONG_METHOD,
    ),
]


# --- The admin's grant agreements (/admin/grants/agreements/): the call's region's staff, never delete ---


def _agreement_rows() -> list[Row]:
    from .staff import DENIED, OUTSIDERS, PER_RECORD, UNSAFE_ALIASES, VIEWSET_URLS

    rows = []
    for kind, method, path, permission in VIEWSET_URLS:
        needed = permission or "view"
        if needed == "delete":  # a grant is never deleted from the admin: refused (another region's: not found)
            own = secretariat = DENIED
            other = 404
        else:
            own = secretariat = 200
            other = 404 if kind in PER_RECORD else 200
        expected = {**OUTSIDERS, "coordinator": own, "other_coordinator": other, "secretariat": secretariat}

        def visit(s, p=path):
            return p("grants/agreements", s.grant.pk)

        rows.append(Row(f"grant_agreements:{kind}", method, visit, expected))
        if method == "GET" and kind in UNSAFE_ALIASES:
            refused = {role: 405 if answer == 200 else answer for role, answer in expected.items()}
            if kind == "edit":
                refused["other_coordinator"] = refused["coordinator"]
            rows.append(Row(f"grant_agreements:{kind}", UNSAFE_ALIASES[kind], visit, refused))
    return rows


ROWS += _agreement_rows()

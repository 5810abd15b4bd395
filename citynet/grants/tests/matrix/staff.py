"""URL x role rows of the staff admin for grants (see ../url_matrix.py for the scene).

Two kinds of URL:
- the viewsets of calls, awards and applicant organisations (/admin/grants/calls/, ...), as the network's
  admin rows: a coordinator runs their own region's calls and awards, another region's record does not
  exist for them (404); applicant organisations are the secretariat's only;
- the call's staff pages (/admin/grants/calls/<pk>/...): the call's region's staff only; another
  region's coordinator gets 404; applicants and reviewers never pass the admin's door (sign-in page).
"""

from citynet.core.testing import LOGIN, Row, refused_where_it_opens
from citynet.grants.models import PoolMember

DENIED = 302  # Wagtail's answer to an admin user without the permission: back to the dashboard
# Nobody but staff opens the admin: applicants and reviewers are sent to sign in like any account.
OUTSIDERS = {
    "anonymous": LOGIN,
    "user": LOGIN,
    "focal_point": LOGIN,
    "owner": LOGIN,
    "assigned_reviewer": LOGIN,
}

VIEWSET_URLS = [
    ("index", "GET", lambda p, pk: f"/admin/{p}/", None),
    ("index_results", "GET", lambda p, pk: f"/admin/{p}/results/", None),
    ("export csv", "GET", lambda p, pk: f"/admin/{p}/?export=csv", None),
    ("export xlsx", "GET", lambda p, pk: f"/admin/{p}/?export=xlsx", None),
    ("add", "GET", lambda p, pk: f"/admin/{p}/new/", "add"),
    ("add", "POST", lambda p, pk: f"/admin/{p}/new/", "add"),
    ("edit", "GET", lambda p, pk: f"/admin/{p}/edit/{pk}/", "change"),
    ("edit", "POST", lambda p, pk: f"/admin/{p}/edit/{pk}/", "change"),
    ("delete", "GET", lambda p, pk: f"/admin/{p}/delete/{pk}/", "delete"),
    ("delete", "POST", lambda p, pk: f"/admin/{p}/delete/{pk}/", "delete"),
    ("history", "GET", lambda p, pk: f"/admin/{p}/history/{pk}/", None),
    ("history_results", "GET", lambda p, pk: f"/admin/{p}/history-results/{pk}/", None),
    ("usage", "GET", lambda p, pk: f"/admin/{p}/usage/{pk}/", None),
]
PER_RECORD = {"edit", "delete", "history", "history_results", "usage"}
UNSAFE_ALIASES = {"add": "PUT", "edit": "PUT", "delete": "DELETE"}


def viewset_rows(prefix: str, record, *, coordinators: bool, secretariat_may: set[str], skip=()) -> list[Row]:
    """One viewset's rows. `coordinators`: whether coordinators run these records (their own region's);
    `secretariat_may`: the actions the secretariat may take ("view" for the listings)."""
    rows = []
    for kind, method, path, permission in VIEWSET_URLS:
        if kind in skip:
            continue
        needed = permission or "view"
        permitted = 302 if (kind, method) == ("delete", "POST") else 200
        secretariat = permitted if needed in secretariat_may else DENIED
        if coordinators:
            own, other = permitted, (404 if kind in PER_RECORD else permitted)
        else:
            own = other = 404 if kind in PER_RECORD and kind != "edit" else DENIED
        expected = {**OUTSIDERS, "coordinator": own, "other_coordinator": other, "secretariat": secretariat}
        visit = lambda s, p=path, r=record: p(prefix, r(s).pk)  # noqa: E731
        rows.append(Row(f"{prefix}:{kind}", method, visit, expected))
        if method == "GET" and kind in UNSAFE_ALIASES:
            refused = refused_where_it_opens(expected)
            if kind == "edit":  # the edit view fetches its record after the method check
                refused["other_coordinator"] = refused["coordinator"]
            rows.append(Row(f"{prefix}:{kind}", UNSAFE_ALIASES[kind], visit, refused))
    return rows


EVERYTHING = {"view", "add", "change", "delete"}
VIEWSET_ROWS = [
    *viewset_rows("grants/calls", lambda s: s.call, coordinators=True, secretariat_may=EVERYTHING),
    *viewset_rows("grants/awards", lambda s: s.award, coordinators=True, secretariat_may=EVERYTHING),
    *viewset_rows(
        "grants/organisations",
        lambda s: s.organisation,
        coordinators=False,
        secretariat_may={"view", "change"},
    ),
]


def staff_page(name: str, method: str, path, *, allowed: int, data=None, outsiders=OUTSIDERS) -> Row:
    """A call's staff page: its region's staff get `allowed`, another region's coordinator 404."""
    expected = {**outsiders, "coordinator": allowed, "other_coordinator": 404, "secretariat": allowed}
    return Row(f"grants_staff:{name}", method, path, expected, data)


def _member(scene) -> PoolMember:
    """The scene's pool reviewer's membership of the open call."""
    return PoolMember.objects.get(call=scene.call, reviewer=scene.pool_reviewer)


def on_call(suffix: str):
    return lambda s: f"/admin/grants/calls/{s.call.pk}/{suffix}"


STAFF_ROWS = [
    staff_page("applications", "GET", on_call("applications/"), allowed=200),
    staff_page(
        "application", "GET", lambda s: f"/admin/grants/calls/{s.call.pk}/applications/{s.application.pk}/", allowed=200
    ),
    # An empty screening form is refused at its fields, nothing saved.
    staff_page(
        "application",
        "POST",
        lambda s: f"/admin/grants/calls/{s.call.pk}/applications/{s.application.pk}/",
        allowed=422,
    ),
    # A draft is the applicant's own business: not even the call's staff open it.
    staff_page(
        "application draft",
        "GET",
        lambda s: f"/admin/grants/calls/{s.closed_call.pk}/applications/{s.draft.pk}/",
        allowed=404,
    ),
    # Another call's application under this call's URL: 404.
    staff_page(
        "application of another call",
        "GET",
        lambda s: f"/admin/grants/calls/{s.closed_call.pk}/applications/{s.application.pk}/",
        allowed=404,
    ),
    staff_page("extension", "POST", on_call("extension/"), allowed=302),
    staff_page("assignment", "GET", on_call("assignment/"), allowed=200),
    staff_page("assignment", "POST", on_call("assignment/"), allowed=200, data=lambda s: {"per_application": ""}),
    # The pool and assignments by hand: POST only, back to the page with a message (302) whatever the outcome.
    staff_page("pool-add", "POST", on_call("pool/add/"), allowed=302, data=lambda s: {"email": s.pool_reviewer.email}),
    staff_page("pool-remove", "POST", lambda s: on_call(f"pool/{_member(s).pk}/remove/")(s), allowed=302),
    # A member of another call's pool under this call's URL: 404.
    staff_page(
        "pool-remove of another call",
        "POST",
        lambda s: f"/admin/grants/calls/{s.closed_call.pk}/pool/{_member(s).pk}/remove/",
        allowed=404,
    ),
    staff_page(
        "pool-interest",
        "POST",
        on_call("pool/interests/"),
        allowed=302,
        data=lambda s: {"member": _member(s).pk, "country": "AL", "note": "Synthetic"},
    ),
    staff_page(
        "assign",
        "POST",
        lambda s: on_call(f"applications/{s.other_application.pk}/assign/")(s),
        allowed=302,
        data=lambda s: {"member": _member(s).pk},
    ),
    staff_page(
        "assign draft",
        "POST",
        lambda s: f"/admin/grants/calls/{s.closed_call.pk}/applications/{s.draft.pk}/assign/",
        allowed=404,
    ),
    staff_page(
        "unassign",
        "POST",
        lambda s: on_call(f"applications/{s.application.pk}/assignments/{s.conflicted_assignment.pk}/remove/")(s),
        allowed=302,
    ),
    # An assignment of another application under this one's URL: 404.
    staff_page(
        "unassign of another application",
        "POST",
        lambda s: on_call(f"applications/{s.other_application.pk}/assignments/{s.assignment.pk}/remove/")(s),
        allowed=404,
    ),
    staff_page("ranking", "GET", on_call("ranking/"), allowed=200),
    staff_page("decisions", "GET", on_call("decisions/"), allowed=200),
    staff_page("decisions", "POST", on_call("decisions/"), allowed=422),
    staff_page("notify", "POST", on_call("notify/"), allowed=302),
    staff_page("publish-results", "POST", on_call("publish-results/"), allowed=302),
    staff_page("publish", "POST", on_call("publish/"), allowed=302),
    # Exports: a warning first (GET), the file only when confirmed (POST); unconfirmed is refused.
    staff_page("export", "GET", on_call("export/applications/csv/"), allowed=200),
    staff_page("export", "POST", on_call("export/applications/csv/"), allowed=422),
    staff_page(
        "export scores confirmed",
        "POST",
        on_call("export/scores/xlsx/"),
        allowed=200,
        data=lambda s: {"confirm": "on"},
    ),
    staff_page("export unknown", "GET", on_call("export/people/csv/"), allowed=404),
]

ROWS = [*VIEWSET_ROWS, *STAFF_ROWS]

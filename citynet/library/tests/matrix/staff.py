"""URL x role rows of the library's staff admin (the scene is ../url_matrix.py).

- Resources (/admin/library/resources/): a coordinator runs their region's resources; another region's
  resource does not exist for them (404), its lists show them nothing of it;
- a resource's page of its own (versions, case study, publishing) and its buttons: the region's staff,
  another region's coordinator 404;
- the review queue (/admin/library/review/): every staff member opens it (their own proposals); a
  proposal of another region is a 404;
- work streams (/admin/library/work-streams/): the secretariat's alone; a coordinator is turned back by
  the admin (302 to the dashboard).
Nobody else passes the admin's door: focal points, members and the public are sent to sign in.
POSTs of the matrix send an empty form: it comes back with its messages (200), or a button's refusal is a
message and a redirect (302).
"""

from citynet.core.testing import LOGIN, Row, refused_where_it_opens

DENIED = 302  # Wagtail's answer to an admin user without the permission: back to the dashboard
OUTSIDERS = {
    "anonymous": LOGIN,
    "user": LOGIN,
    "member": LOGIN,
    "focal_point": LOGIN,
    "other_focal_point": LOGIN,
}

VIEWSET_URLS = [
    ("index", "GET", lambda p, pk: f"/admin/{p}/"),
    ("index_results", "GET", lambda p, pk: f"/admin/{p}/results/"),
    ("export csv", "GET", lambda p, pk: f"/admin/{p}/?export=csv"),
    ("export xlsx", "GET", lambda p, pk: f"/admin/{p}/?export=xlsx"),
    ("add", "GET", lambda p, pk: f"/admin/{p}/new/"),
    ("add", "POST", lambda p, pk: f"/admin/{p}/new/"),
    ("edit", "GET", lambda p, pk: f"/admin/{p}/edit/{pk}/"),
    ("edit", "POST", lambda p, pk: f"/admin/{p}/edit/{pk}/"),
    ("delete", "GET", lambda p, pk: f"/admin/{p}/delete/{pk}/"),
    ("delete", "POST", lambda p, pk: f"/admin/{p}/delete/{pk}/"),
    ("history", "GET", lambda p, pk: f"/admin/{p}/history/{pk}/"),
    ("history_results", "GET", lambda p, pk: f"/admin/{p}/history-results/{pk}/"),
    ("usage", "GET", lambda p, pk: f"/admin/{p}/usage/{pk}/"),
]
PER_RECORD = {"edit", "delete", "history", "history_results", "usage"}
UNSAFE_ALIASES = {"add": "PUT", "edit": "PUT", "delete": "DELETE"}


def viewset_rows(prefix: str, record, *, coordinator=None, other=None) -> list[Row]:
    """A viewset's rows: the staff of the record's region may do everything to it (a delete comes back
    as a redirect: 302). `coordinator`/`other`: what coordinators get instead, where the viewset is not
    theirs at all."""
    rows = []
    for kind, method, path in VIEWSET_URLS:
        permitted = 302 if (kind, method) == ("delete", "POST") else 200
        own = permitted if coordinator is None else coordinator(kind)
        elsewhere = (404 if kind in PER_RECORD else permitted) if other is None else other(kind)
        expected = {**OUTSIDERS, "coordinator": own, "other_coordinator": elsewhere, "secretariat": permitted}
        visit = lambda s, p=path, r=record: p(prefix, r(s).pk)  # noqa: E731
        rows.append(Row(f"{prefix}:{kind}", method, visit, expected))
        if method == "GET" and kind in UNSAFE_ALIASES:
            refused = refused_where_it_opens(expected)
            if kind == "edit":  # the edit view fetches its record after the method check
                refused["other_coordinator"] = refused["coordinator"]
            rows.append(Row(f"{prefix}:{kind}", UNSAFE_ALIASES[kind], visit, refused))
    return rows


def staff_page(name: str, method: str, path, *, allowed: int, other: int = 404) -> Row:
    """A page of the region's staff: they get `allowed`, another region's coordinator `other` (404)."""
    expected = {**OUTSIDERS, "coordinator": allowed, "other_coordinator": other, "secretariat": allowed}
    return Row(name, method, path, expected)


def on(record: str, suffix: str):
    return lambda s: f"/admin/library/{suffix.format(pk=getattr(s, record).pk)}"


def _not_theirs(kind):
    """Work streams for a coordinator: the admin turns them back; a record's own pages do not exist for
    them, but the edit view checks the permission before it fetches the record."""
    return 404 if kind in PER_RECORD - {"edit"} else DENIED


STAFF_ROWS = [
    staff_page("library_staff:resource", "GET", on("published", "resources/{pk}/page/"), allowed=200),
    staff_page("library_staff:resource draft", "GET", on("draft", "resources/{pk}/page/"), allowed=200),
    staff_page("library_staff:resource case study", "GET", on("case_study", "resources/{pk}/page/"), allowed=200),
    # An empty version form comes back with its messages; nothing is saved.
    staff_page("library_staff:add-version", "POST", on("draft", "resources/{pk}/versions/"), allowed=200),
    staff_page(
        "library_staff:delete-version",
        "POST",
        lambda s: f"/admin/library/resources/{s.published.pk}/versions/{s.spare_version.pk}/delete/",
        allowed=302,
    ),
    staff_page(
        "library_staff:delete-version of another resource",
        "POST",
        lambda s: f"/admin/library/resources/{s.draft.pk}/versions/{s.version.pk}/delete/",
        allowed=404,
    ),
    staff_page("library_staff:case-study", "POST", on("case_study", "resources/{pk}/case-study/"), allowed=302),
    # A draft without a language version cannot be published: the refusal comes back as a message.
    staff_page("library_staff:publish", "POST", on("draft", "resources/{pk}/publish/"), allowed=302),
    staff_page("library_staff:withdraw", "POST", on("published", "resources/{pk}/withdraw/"), allowed=302),
]

REVIEW_ROWS = [
    staff_page("library_review:index", "GET", lambda s: "/admin/library/review/", allowed=200, other=200),
    staff_page("library_review:publish", "POST", on("proposal", "review/{pk}/publish/"), allowed=302),
    # Returning without a note is refused with a message.
    staff_page("library_review:return", "POST", on("proposal", "review/{pk}/return/"), allowed=302),
    staff_page("library_review:publish not proposed", "POST", on("draft", "review/{pk}/publish/"), allowed=404),
]

ROWS = [
    *viewset_rows("library/resources", lambda s: s.published),
    *viewset_rows("library/work-streams", lambda s: s.work_stream, coordinator=_not_theirs, other=_not_theirs),
    *STAFF_ROWS,
    *REVIEW_ROWS,
]

"""URL x role rows of the advisory visits (the scene is ../url_matrix.py; `extend(scene)` may add what
only these rows need).

Three kinds of URL, all in the admin (nobody but staff passes its door: the others are sent to sign in):
- the viewsets of engagements, visits and the stakeholder map's projects (/admin/advisory/engagements/,
  /visits/, /projects/): a coordinator runs their own region's records, another region's record does not
  exist for them (404), its lists show them nothing of it;
- the staff pages of an engagement and a visit (its meetings, publishing, the meetings' export): the
  region's staff only, another region's coordinator 404;
- the stakeholder maps (/admin/advisory/stakeholders/): the index for every staff member (their own
  places), a municipality's or a country's map and its export for the region's staff only.
POSTs redirect back with a message (302), or show the form again with its messages (200: the matrix posts
an empty form).
"""

from citynet.core.testing import LOGIN, Row, refused_where_it_opens

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


def viewset_rows(prefix: str, record) -> list[Row]:
    """A viewset's rows: the staff of the record's region may do everything to it (a delete the service
    refuses comes back with its message: 302 too)."""
    rows = []
    for kind, method, path in VIEWSET_URLS:
        permitted = 302 if (kind, method) == ("delete", "POST") else 200
        own, other = permitted, (404 if kind in PER_RECORD else permitted)
        expected = {**OUTSIDERS, "coordinator": own, "other_coordinator": other, "secretariat": permitted}
        visit = lambda s, p=path, r=record: p(prefix, r(s).pk)  # noqa: E731
        rows.append(Row(f"{prefix}:{kind}", method, visit, expected))
        if method == "GET" and kind in UNSAFE_ALIASES:
            refused = refused_where_it_opens(expected)
            if kind == "edit":  # the edit view fetches its record after the method check
                refused["other_coordinator"] = refused["coordinator"]
            rows.append(Row(f"{prefix}:{kind}", UNSAFE_ALIASES[kind], visit, refused))
    return rows


def staff_page(name: str, method: str, path, *, allowed: int, other: int = 404, data=None) -> Row:
    """A page of the region's staff: they get `allowed`, another region's coordinator `other` (404)."""
    expected = {**OUTSIDERS, "coordinator": allowed, "other_coordinator": other, "secretariat": allowed}
    return Row(name, method, path, expected, data)


def on(record: str, suffix: str):
    return lambda s: f"/admin/advisory/{suffix.format(pk=getattr(s, record).pk)}"


STAFF_ROWS = [
    staff_page("advisory_visits:engagement", "GET", on("engagement", "engagements/{pk}/page/"), allowed=200),
    staff_page("advisory_visits:visit", "GET", on("visit", "visits/{pk}/page/"), allowed=200),
    staff_page("advisory_visits:visit draft", "GET", on("draft_visit", "visits/{pk}/page/"), allowed=200),
    # A planned visit cannot be published: the refusal comes back as a message.
    staff_page("advisory_visits:publish", "POST", on("draft_visit", "visits/{pk}/publish/"), allowed=302),
    staff_page("advisory_visits:publish again", "POST", on("visit", "visits/{pk}/publish/"), allowed=302),
    staff_page("advisory_visits:unpublish", "POST", on("visit", "visits/{pk}/unpublish/"), allowed=302),
    staff_page(
        "advisory_visits:meetings-export csv", "GET", on("visit", "visits/{pk}/meetings/export/csv/"), allowed=200
    ),
    staff_page(
        "advisory_visits:meetings-export xlsx", "GET", on("visit", "visits/{pk}/meetings/export/xlsx/"), allowed=200
    ),
    staff_page(
        "advisory_visits:meetings-export unknown format",
        "GET",
        on("visit", "visits/{pk}/meetings/export/pdf/"),
        allowed=404,
    ),
]

MAP_ROWS = [
    staff_page("advisory_stakeholders:index", "GET", lambda s: "/admin/advisory/stakeholders/", allowed=200, other=200),
    staff_page(
        "advisory_stakeholders:index search",
        "GET",
        lambda s: "/admin/advisory/stakeholders/?q=advised&page=2",
        allowed=200,
        other=200,
    ),
    staff_page("advisory_stakeholders:municipality", "GET", on("city", "stakeholders/municipality/{pk}/"), allowed=200),
    staff_page(
        "advisory_stakeholders:municipality-export csv",
        "GET",
        on("city", "stakeholders/municipality/{pk}/export/csv/"),
        allowed=200,
    ),
    staff_page(
        "advisory_stakeholders:municipality-export xlsx",
        "GET",
        on("city", "stakeholders/municipality/{pk}/export/xlsx/"),
        allowed=200,
    ),
    staff_page("advisory_stakeholders:country", "GET", on("country", "stakeholders/country/{pk}/"), allowed=200),
    staff_page(
        "advisory_stakeholders:country-export csv",
        "GET",
        on("country", "stakeholders/country/{pk}/export/csv/"),
        allowed=200,
    ),
    staff_page(
        "advisory_stakeholders:country-export unknown format",
        "GET",
        on("country", "stakeholders/country/{pk}/export/pdf/"),
        allowed=404,
    ),
]

ROWS = [
    *viewset_rows("advisory/engagements", lambda s: s.engagement),
    *viewset_rows("advisory/visits", lambda s: s.visit),
    *viewset_rows("advisory/projects", lambda s: s.project),
    *STAFF_ROWS,
    *MAP_ROWS,
]

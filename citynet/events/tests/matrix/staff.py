"""URL x role rows of the staff admin for events (see ../url_matrix.py for the scene).

Three kinds of URL:
- the events viewset (/admin/events/list/...), as the network's admin rows: a coordinator runs their own
  region's events, another region's event does not exist for them (404);
- the event's staff pages (/admin/events/<pk>/...): the event's region's staff only; another region's
  coordinator gets 404; nobody else passes the admin's door (the sign-in page);
- the reports across events (/admin/events/reports/): each coordinator their own regions', the secretariat
  the network's; a region one does not run is a 404.
POSTs redirect back with a message (302), or show the form again with its messages (422: the matrix
posts an empty form).
"""

from citynet.core.testing import LOGIN, Row, refused_where_it_opens

DENIED = 302  # Wagtail's answer to an admin user without the permission: back to the dashboard
# Nobody but staff opens the admin: participants and focal points are sent to sign in like any account.
OUTSIDERS = {
    "anonymous": LOGIN,
    "user": LOGIN,
    "member": LOGIN,
    "focal_point": LOGIN,
    "other_focal_point": LOGIN,
    "participant": LOGIN,
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


def viewset_rows(prefix: str, record) -> list[Row]:
    """The events viewset's rows: the staff of the event's region may do everything to it."""
    rows = []
    for kind, method, path, _permission in VIEWSET_URLS:
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


def staff_page(name: str, method: str, path, *, allowed: int, data=None) -> Row:
    """An event's staff page: its region's staff get `allowed`, another region's coordinator 404."""
    expected = {**OUTSIDERS, "coordinator": allowed, "other_coordinator": 404, "secretariat": allowed}
    return Row(f"events_staff:{name}", method, path, expected, data)


def on(event: str, suffix: str):
    return lambda s: f"/admin/events/{getattr(s, event).pk}/{suffix}"


def on_event(suffix: str):
    return on("event", suffix)


STAFF_ROWS = [
    staff_page("participants", "GET", on_event("participants/"), allowed=200),
    staff_page("participants filtered", "GET", on_event("participants/?status=confirmed&q=synthetic"), allowed=200),
    # An empty form comes back with its messages, nothing saved.
    staff_page("add-participant", "POST", on_event("participants/add/"), allowed=422),
    staff_page(
        "participant-action approve",
        "POST",
        lambda s: f"/admin/events/{s.approval_event.pk}/participants/{s.pending.pk}/approve/",
        allowed=302,
    ),
    staff_page(
        "participant-action cancel",
        "POST",
        lambda s: f"/admin/events/{s.event.pk}/participants/{s.delegate.pk}/cancel/",
        allowed=302,
    ),
    # Another event's participant under this event's URL, or an unknown action: nothing.
    staff_page(
        "participant-action of another event",
        "POST",
        lambda s: f"/admin/events/{s.approval_event.pk}/participants/{s.delegate.pk}/cancel/",
        allowed=404,
    ),
    staff_page(
        "participant-action unknown",
        "POST",
        lambda s: f"/admin/events/{s.event.pk}/participants/{s.delegate.pk}/erase/",
        allowed=404,
    ),
    staff_page("participants-export", "GET", on_event("participants/export/csv/"), allowed=200),
    # Without the confirmation, no file: the warning again.
    staff_page("participants-export", "POST", on_event("participants/export/xlsx/"), allowed=422),
    staff_page(
        "participants-export confirmed",
        "POST",
        on_event("participants/export/csv/"),
        allowed=200,
        data=lambda s: {"confirm": "on"},
    ),
    staff_page("participants-export unknown format", "GET", on_event("participants/export/pdf/"), allowed=404),
    staff_page("invite-city", "POST", on_event("invitations/city/"), allowed=302),
    staff_page("invite-person", "POST", on_event("invitations/person/"), allowed=302),
    staff_page(
        "revoke-invitation",
        "POST",
        lambda s: f"/admin/events/{s.event.pk}/invitations/{s.invitation.pk}/revoke/",
        allowed=302,
    ),
    staff_page("publish", "POST", on("draft_event", "publish/"), allowed=302),
    staff_page("cancel", "GET", on_event("cancel/"), allowed=200),
    staff_page("cancel", "POST", on_event("cancel/"), allowed=302),
    staff_page("check-in-days", "GET", on_event("check-in/"), allowed=200),
    staff_page("check-in", "GET", lambda s: f"/admin/events/{s.event.pk}/check-in/{s.day.isoformat()}/", allowed=200),
    staff_page("check-in not a day of the event", "GET", on_event("check-in/1999-01-01/"), allowed=404),
    staff_page(
        "check-in-toggle",
        "POST",
        lambda s: f"/admin/events/{s.event.pk}/check-in/{s.day.isoformat()}/{s.delegate.pk}/",
        allowed=302,
        data=lambda s: {"present": "1"},
    ),
    staff_page(
        "sign-in-sheet",
        "GET",
        lambda s: f"/admin/events/{s.event.pk}/sign-in-sheet/{s.day.isoformat()}/",
        allowed=200,
    ),
    staff_page("report", "GET", on("past_event", "report/"), allowed=200),
    staff_page("report-export csv", "GET", on("past_event", "report/export/csv/"), allowed=200),
    staff_page("report-export xlsx", "GET", on("past_event", "report/export/xlsx/"), allowed=200),
    # A draft event is its staff's too.
    staff_page("participants draft", "GET", on("draft_event", "participants/"), allowed=200),
]

ALL_STAFF = {**OUTSIDERS, "coordinator": 200, "other_coordinator": 200, "secretariat": 200}
REPORT_ROWS = [
    Row("events_reports:index", "GET", lambda s: "/admin/events/reports/", ALL_STAFF),
    Row(
        "events_reports:index region",
        "GET",
        lambda s: f"/admin/events/reports/?region={s.region.pk}",
        {**ALL_STAFF, "other_coordinator": 404},
    ),
    Row("events_reports:export", "GET", lambda s: "/admin/events/reports/export/csv/", ALL_STAFF),
    Row(
        "events_reports:export region",
        "GET",
        lambda s: f"/admin/events/reports/export/xlsx/?region={s.region.pk}",
        {**ALL_STAFF, "other_coordinator": 404},
    ),
]

ROWS = [*viewset_rows("events/list", lambda s: s.past_event), *STAFF_ROWS, *REPORT_ROWS]

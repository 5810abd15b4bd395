"""Writes to events: the event with its programme (sessions, speakers), documents and commitments;
publishing and cancelling it.

Every write goes through `citynet.core.records.save` (the staff of the event's region, or the secretariat
for a network-wide event; row lock, version check, validation, one audit entry). Staff type session times
as wall-clock times on the event's own clock (Durrës's 09:00, not the server's), as grants' calls do; they
are stored as aware datetimes, so a programme across a daylight-saving change is right on both sides.

A save that raises the capacity or changes the quota rules frees seats at once: the waiting list is
promoted in the same transaction (`seats.refill`, which locks the event).
"""

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.translation import gettext as _

from citynet.core import records
from citynet.core.exceptions import InvalidInput, InvalidTransition
from citynet.core.permissions import ensure_can
from citynet.grants.services.calls import local_moment, wall_clock
from citynet.grants.uploads import check_upload

from .. import permissions
from ..models import LIVE, Commitment, Event, EventDocument, EventStatus, Participation, Session, Speaker
from . import seats

__all__ = ["save_event", "publish_event", "cancel_event", "wall_clock"]

# Written by their own actions (publish_event, cancel_event), never by the event's form.
NOT_EDITED_HERE = {"status"}
RELATIONS = ("topics", "organisers", "partners")
EVENT_FIELDS = [*records.editable_fields(Event, leave_out=NOT_EDITED_HERE), *RELATIONS]


def _child_fields(model) -> list[str]:
    return records.editable_fields(model, leave_out={"event"})


SESSION_FIELDS = _child_fields(Session)
SPEAKER_FIELDS = _child_fields(Speaker)
DOCUMENT_FIELDS = _child_fields(EventDocument)
COMMITMENT_FIELDS = _child_fields(Commitment)
SESSION_MOMENTS = ("starts_at", "ends_at")
EVENT_MOMENTS = ("registration_opens_at", "registration_closes_at")
# What changes the seats: more of them, or other quota rules.
SEAT_RULES = ("capacity", "seats_per_city", "quota_release_on")


def _may_manage(actor, event) -> bool:
    return permissions.can_manage_event(actor, event)


def _children_snapshot(event) -> dict:
    picture = {name: sorted(str(item) for item in getattr(event, name).all()) for name in RELATIONS}
    if event.pk is None:
        return picture
    return {
        **picture,
        "sessions": [
            f"{s.starts_at.astimezone(event.zone):%Y-%m-%d %H:%M} {s.title} ({s.kind})"
            for s in Session.objects.filter(event=event)
        ],
        "speakers": [str(s) for s in Speaker.objects.filter(event=event).select_related("person")],
        "documents": [f"{d.title} ({d.kind})" for d in EventDocument.objects.filter(event=event)],
        "commitments": [str(c) for c in Commitment.objects.filter(event=event).select_related("municipality")],
    }


def _raise(errors: dict) -> None:
    if errors:
        raise InvalidInput(" ".join(m for messages in errors.values() for m in messages), errors=errors)


def _replace_children(event, model, fields, rows: list[dict] | None, prefix: str, prepare=None) -> dict:
    """Make the event's `model` children what `rows` say: rows with an "id" change that child, rows without
    one are new, the others go. `prepare(child, row, index)` checks or converts a row's values first.
    Returns {row index: saved child}."""
    if rows is None:
        return {}
    existing = {child.pk: child for child in model.objects.filter(event=event)}
    saved, errors = {}, {}
    for index, row in enumerate(rows):
        child = existing.get(row.get("id")) or model(event=event)
        unknown = set(row) - set(fields) - {"id"}
        if unknown:
            raise InvalidInput(
                _("These fields cannot be changed here: %(fields)s.") % {"fields": ", ".join(sorted(unknown))}
            )
        try:
            if prepare is not None:
                row = prepare(child, row, index)
        except InvalidInput as error:
            for name, messages in (error.errors or {}).items():
                errors.setdefault(name, []).extend(messages)
            continue
        for name, value in row.items():
            if name != "id":
                setattr(child, name, value)
        if "sort_order" in fields and not row.get("sort_order"):
            child.sort_order = index
        try:
            child.full_clean(exclude=["event"])
        except ValidationError as error:
            for name, messages in error.message_dict.items():
                errors.setdefault(f"{prefix}-{index}-{name}", []).extend(messages)
            continue
        child.save()
        saved[index] = child
    _raise(errors)
    kept = [child.pk for child in saved.values()]
    model.objects.filter(event=event).exclude(pk__in=kept).delete()
    return saved


def _session_times(event):
    def prepare(child, row, index):
        row = dict(row)
        for name in SESSION_MOMENTS:
            if name in row:
                row[name] = local_moment(row[name], event.time_zone, field=f"sessions-{index}-{name}")
        return row

    return prepare


def _speaker_session(event):
    def prepare(child, row, index):
        session = row.get("session")
        if session is not None and session.event_id != event.pk:
            message = _("This session belongs to another event.")
            raise InvalidInput(message, errors={f"speakers-{index}-session": [message]})
        return row

    return prepare


def _checked_file(child, row, index):
    upload = row.get("file")
    if isinstance(upload, UploadedFile):
        check_upload(upload, field=f"documents-{index}-file")
    elif child.pk is None and not upload:
        message = _("Choose a file.")
        raise InvalidInput(message, errors={f"documents-{index}-file": [message]})
    elif not isinstance(upload, UploadedFile):
        row = {name: value for name, value in row.items() if name != "file"}  # the stored file stays
    return row


def _seat_rules(event) -> dict:
    return {name: getattr(event, name) for name in SEAT_RULES}


def _frees_seats(before: dict, after: dict) -> bool:
    if after["capacity"] is None and before["capacity"] is not None:
        return True
    if after["capacity"] is not None and before["capacity"] is not None and after["capacity"] > before["capacity"]:
        return True
    return (
        before["seats_per_city"] != after["seats_per_city"] or before["quota_release_on"] != after["quota_release_on"]
    )


@transaction.atomic
def save_event(
    *,
    actor,
    instance: Event | None = None,
    values: dict,
    expected_version: int | None = None,
    sessions: list[dict] | None = None,
    speakers: list[dict] | None = None,
    documents: list[dict] | None = None,
    commitments: list[dict] | None = None,
) -> Event:
    """Create or change an event: the staff of its region (before and after the change).

    `values` maps the event's fields (and its topics, organisers and partners) to values. `sessions`,
    `speakers`, `documents` and `commitments`, when given, are those children as they should be (dicts of
    field values; an "id" keeps that child). Registration moments and session times that are naive are wall-clock times on the
    event's clock (its new time zone when `values` changes it). A speaker's session is one of this event's
    (a speaker row may name a session by its index in `sessions` as "session_index", for a programme saved
    in one go). A document's file is checked by its content (PDF, office, images).
    Side effects: one audit entry; when seats were freed, the waiting list moves up (and is told).
    """
    instance = instance or Event()
    before = None
    if instance.pk is not None:
        before = Event.objects.filter(pk=instance.pk).values(*SEAT_RULES).first()
    zone_name = values.get("time_zone") or instance.time_zone
    values = dict(values)
    for name in EVENT_MOMENTS:
        if name in values:
            values[name] = local_moment(values[name], zone_name, field=name)

    def replace_children(event):
        made = _replace_children(event, Session, SESSION_FIELDS, sessions, "sessions", _session_times(event))
        speaker_rows = None
        if speakers is not None:
            speaker_rows = []
            for row in speakers:
                row = dict(row)
                index = row.pop("session_index", None)
                if index is not None and index in made:
                    row["session"] = made[index]
                speaker_rows.append(row)
        _replace_children(event, Speaker, SPEAKER_FIELDS, speaker_rows, "speakers", _speaker_session(event))
        _replace_children(event, EventDocument, DOCUMENT_FIELDS, documents, "documents", _checked_file)
        _replace_children(event, Commitment, COMMITMENT_FIELDS, commitments, "commitments")

    with_children = any(rows is not None for rows in (sessions, speakers, documents, commitments))
    event = records.save(
        actor=actor,
        instance=instance,
        values=values,
        fields=EVENT_FIELDS,
        may=_may_manage,
        expected_version=expected_version,
        then=replace_children if with_children else None,
        extra_snapshot=_children_snapshot,
    )
    if before is not None and _frees_seats(before, _seat_rules(event)):
        seats.refill(event)
    return event


def publish_event(*, actor, event: Event) -> Event:
    """Publish a draft event (it then shows on the hub and its public page); publishing twice is a no-op.
    A cancelled event stays cancelled."""
    if event.status == EventStatus.CANCELLED:
        raise InvalidTransition(_("This event was cancelled."))
    return records.save(
        actor=actor, instance=event, values={"status": EventStatus.PUBLISHED}, fields=["status"], may=_may_manage
    )


@transaction.atomic
def cancel_event(*, actor, event: Event) -> Event:
    """Cancel an event: it stays on its public page, marked cancelled; every live participant is told (by
    email, once this commits). Cancelling twice tells nobody twice."""
    event = seats.lock(event)
    ensure_can(_may_manage, actor, event)
    if event.status == EventStatus.CANCELLED:
        return event
    event = records.save(
        actor=actor, instance=event, values={"status": EventStatus.CANCELLED}, fields=["status"], may=_may_manage
    )
    for participation in Participation.objects.filter(event=event, status__in=LIVE):
        seats.notify(participation, "event_cancelled")
    return event

"""The one way a record is written: permission, lock, version check, validation, save, audit.

Each app's services call `save` and `delete` for their records (the admin, the API, commands and the
demo all go through those services), so every write of every app gets the same guarantees:

- the actor may change the record as it was *and* as it will be (moving a city into another
  region is a change to both regions);
- only the fields the service names can be written (never `version`, `search_text`, a primary key);
- the row is locked while it changes, and a stale `expected_version` is a Conflict, not a lost update;
- the model's own validation runs (choices, `clean()`), and its errors come back as InvalidInput
  with the message of each field;
- one audit entry with the values before and after (private fields leave no value behind);
- all in one transaction: if anything fails, nothing is saved and nothing is logged.
"""

from collections.abc import Callable, Iterable

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import F, ProtectedError, RestrictedError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from . import audit
from .exceptions import Conflict, InvalidInput
from .permissions import ensure_can

Check = Callable[[object, models.Model], bool]


def has_version(model) -> bool:
    """Records with a `version` field are locked optimistically: every save bumps it."""
    return any(field.name == "version" for field in model._meta.concrete_fields)


def _apply(instance: models.Model, values: dict, fields: Iterable[str]) -> None:
    unknown = set(values) - set(fields)
    if unknown:
        # A programming error, not a user's: the service was asked to write what it does not own.
        raise InvalidInput(
            _("These fields cannot be changed here: %(fields)s.") % {"fields": ", ".join(sorted(unknown))}
        )
    for name, value in values.items():
        setattr(instance, name, value)


def _validate(instance: models.Model) -> None:
    try:
        instance.full_clean(exclude=["version"] if has_version(type(instance)) else None)
    except ValidationError as error:
        raise InvalidInput(_invalid_message(error), errors=error.message_dict) from error


def _invalid_message(error: ValidationError) -> str:
    if hasattr(error, "error_dict"):
        return " ".join(str(message) for messages in error.message_dict.values() for message in messages)
    return " ".join(str(message) for message in error.messages)


@transaction.atomic
def save(
    *,
    actor,
    instance: models.Model,
    values: dict,
    fields: Iterable[str],
    may: Check,
    expected_version: int | None = None,
    prepare: Callable[[models.Model], None] | None = None,
    then: Callable[[models.Model], None] | None = None,
    extra_snapshot: Callable[[models.Model], dict] | None = None,
) -> models.Model:
    """Create `instance` (unsaved) or change it (saved) with `values`; return the saved record.

    `may(actor, record)` is the app's permission check; `prepare(record)` runs before the save
    (derived fields such as search keys), `then(record)` after it, inside the transaction (children
    such as alternate names). `extra_snapshot(record)` adds children to the audit picture.
    """
    model = type(instance)
    creating = instance.pk is None
    before = None
    if not creating:
        instance = model._default_manager.select_for_update().get(pk=instance.pk)
        ensure_can(may, actor, instance)
        if expected_version is not None and has_version(model) and instance.version != expected_version:
            raise Conflict()
        before = _picture(instance, extra_snapshot)
        private_before = audit.private_values(instance)
    _apply(instance, values, fields)
    ensure_can(may, actor, instance)
    unchanged = not creating and then is None and _picture(instance, extra_snapshot) == before
    if unchanged and not audit.private_changes(private_before, audit.private_values(instance)):
        instance.audit_changes = {}
        return instance  # nothing changed: no save, no new version, no log entry
    _validate(instance)
    if prepare is not None:
        prepare(instance)
    if not creating and has_version(model):
        instance.version = F("version") + 1
    instance.save()
    if not creating and has_version(model):
        instance.refresh_from_db(fields=["version"])
    if then is not None:
        then(instance)
    after = _picture(instance, extra_snapshot)
    private_changed = [] if creating else audit.private_changes(private_before, audit.private_values(instance))
    # What this save changed, for the caller's side effects (a notification lists it).
    instance.audit_changes = {}
    if creating or before != after or private_changed:
        entry = audit.record(
            actor=actor,
            instance=instance,
            action="wagtail.create" if creating else "wagtail.edit",
            before=before,
            after=after,
            private_changed=private_changed,
        )
        instance.audit_changes = entry.data["changed"] if entry is not None else {}
    return instance


def editable_fields(model, *, leave_out=()) -> list[str]:
    """The fields a person edits (each language's column of a translated text included): not the primary
    key, versions, timestamps or search keys, nor those named in `leave_out`."""
    return [f.name for f in model._meta.concrete_fields if f.editable and not f.primary_key and f.name not in leave_out]


def value_after(values: dict, instance, name: str):
    """A field's value once `values` (what a service was asked to write) are applied to `instance`: the
    new one if given, else the stored one; for rules that compare fields before anything is written."""
    return values[name] if name in values else getattr(instance, name, None)


def _picture(instance, extra_snapshot) -> dict:
    """What a person edits: the editable fields (not versions, timestamps, search keys) and children."""
    data = audit.snapshot(instance, editable_fields(type(instance)))
    if extra_snapshot is not None:
        data.update(extra_snapshot(instance))
    return data


class InUse(InvalidInput):
    """The record cannot be deleted while other records refer to it."""

    code = "in_use"


@transaction.atomic
def delete(*, actor, instance: models.Model, may: Check, extra_snapshot=None) -> None:
    """Delete `instance` if `may(actor, instance)`; log its last values. Refused while others refer to it."""
    model = type(instance)
    instance = model._default_manager.select_for_update().get(pk=instance.pk)
    ensure_can(may, actor, instance)
    audit.record(
        actor=actor, instance=instance, action="wagtail.delete", before=_picture(instance, extra_snapshot), deleted=True
    )
    try:
        with transaction.atomic():
            instance.delete()
    except (ProtectedError, RestrictedError) as error:
        blocking = list(error.protected_objects if isinstance(error, ProtectedError) else error.restricted_objects)
        raise InUse(
            ngettext(
                "“%(object)s” cannot be deleted: %(count)s record still refers to it (%(examples)s). "
                "Change or delete it first.",
                "“%(object)s” cannot be deleted: %(count)s records still refer to it (%(examples)s). "
                "Change or delete them first.",
                len(blocking),
            )
            % {"object": instance, "count": len(blocking), "examples": ", ".join(str(b) for b in blocking[:3])}
        ) from error

"""The audit trail: who changed what, when, and the values before and after.

Entries go to Wagtail's log (ModelLogEntry), so staff read them in the admin's history views beside
the admin's own entries; nothing is kept twice.

Private fields never enter the log: a model lists them in `private_fields` (a person's email and
phone). The log says that such a field changed, never its value, before or after.
"""

import datetime
import decimal

from django.db import models
from wagtail.log_actions import log

PRIVATE = "[private]"


def private_fields(model) -> tuple[str, ...]:
    return tuple(getattr(model, "private_fields", ()))


def snapshot(instance: models.Model, fields: list[str] | None = None) -> dict:
    """The instance's concrete field values, as JSON-safe data; private fields show only whether they are set."""
    hidden = private_fields(type(instance))
    data = {}
    for field in instance._meta.concrete_fields:
        if fields is not None and field.name not in fields:
            continue
        value = getattr(instance, field.attname)
        if value is None and isinstance(field, models.CharField | models.TextField):
            # Translated text columns are nullable; a form saves "" where the row had NULL. Both are
            # "no text", and an edit that only turns one into the other changed nothing.
            value = ""
        if field.name in hidden:
            value = PRIVATE if value else ""
        elif (
            isinstance(value, datetime.date | datetime.datetime | decimal.Decimal)
            or value is not None
            and not isinstance(value, str | int | float | bool)
        ):
            value = str(value)
        data[field.attname] = value
    return data


def private_values(instance: models.Model) -> dict:
    """The private fields' values, to compare in memory; never stored."""
    return {name: getattr(instance, name) or "" for name in private_fields(type(instance))}


def private_changes(before: dict, after: dict) -> list[str]:
    return [name for name in after if before.get(name) != after[name]]


def record(
    *,
    actor,
    instance: models.Model,
    action: str,
    before: dict | None = None,
    after: dict | None = None,
    private_changed: list[str] = (),
    deleted: bool = False,
):
    """Log one write by `actor`. `action` is a Wagtail action ("wagtail.create", "wagtail.edit", ...)."""
    changed = {}
    if before is not None and after is not None:
        changed = {k: [before.get(k), v] for k, v in after.items() if before.get(k) != v}
    for name in private_changed:
        changed[name] = [PRIVATE, PRIVATE]
    return log(
        instance=instance,
        action=action,
        user=actor if getattr(actor, "is_authenticated", False) else None,
        data={"before": before, "after": after, "changed": changed},
        deleted=deleted,
    )

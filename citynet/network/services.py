"""Writes to the registry: one function per business action, called by the admin, the public editor,
the importers, the demo and the tests alike.

Each goes through `citynet.core.records` (permission on the record before and after, row lock,
version check, model validation, one audit entry, one transaction) and names the fields it may write.
Side effects (the cache version, emails) run after the commit.
"""

import datetime
from decimal import Decimal

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from citynet.core import records
from citynet.core.exceptions import InvalidInput, NotPermitted
from citynet.core.names import search_keys, to_latin

from . import permissions
from .models import (
    AlternateName,
    Country,
    DatePrecision,
    Membership,
    MembershipStatus,
    Municipality,
    Organisation,
    Partnership,
    Person,
    Position,
    Region,
    ReportedFigure,
    Topic,
)

LANGUAGE_CODES = [code for code, _name in settings.LANGUAGES]


def _column(field: str, code: str) -> str:
    return f"{field}_{code.replace('-', '_')}"


def translations_of(instance, field: str) -> dict[str, str]:
    return {code: getattr(instance, _column(field, code), "") or "" for code in LANGUAGE_CODES}


def editable_fields(model) -> list[str]:
    """What a service may write: the model's editable fields (never search keys, versions, timestamps)."""
    return records.editable_fields(model)


def _may(action_when_new: str = "add"):
    """The registry's rule for a record: add when new, change when stored (core.records asks both)."""

    def may(actor, record) -> bool:
        return permissions.can_manage_record(actor, record, action_when_new if record.pk is None else "change")

    return may


def unique_slug(model, text: str, *, exclude_pk=None) -> str:
    base = slugify(to_latin(text)) or "item"
    slug, n = base, 2
    qs = model.objects.exclude(pk=exclude_pk) if exclude_pk else model.objects.all()
    while qs.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


def _with_slug(model, instance, values: dict, source_field: str = "name_en") -> dict:
    """An empty slug is made from the English name, unique among the model's records."""
    if values.get("slug") or (instance.pk and "slug" not in values):
        return values
    source = values.get(source_field) or getattr(instance, source_field, "")
    return {**values, "slug": unique_slug(model, source or "", exclude_pk=instance.pk)} if source else values


# --- Search keys ----------------------------------------------------------------------------------


def municipality_search_text(municipality: Municipality, alternate_names: list[str] | None = None) -> str:
    if alternate_names is None:
        alternate_names = [a.name for a in municipality.alternate_names.all()]
    return search_keys(municipality.name, *translations_of(municipality, "name").values(), *alternate_names)


def organisation_search_text(organisation: Organisation) -> str:
    return search_keys(organisation.name, organisation.acronym, *translations_of(organisation, "name").values())


def person_search_text(person: Person) -> str:
    return search_keys(person.name, *translations_of(person, "name").values(), *person.other_spellings.split(","))


# --- Regions, countries, figures, partnerships, positions: plain records ------------------------------


def _plain(model):
    fields = editable_fields(model)

    def save(*, actor, instance=None, values: dict, expected_version: int | None = None):
        instance = instance or model()
        if "slug" in fields:
            values = _with_slug(model, instance, values)
        return records.save(
            actor=actor,
            instance=instance,
            values=values,
            fields=fields,
            may=_may(),
            expected_version=expected_version,
        )

    save.__name__ = f"save_{model._meta.model_name}"
    save.__doc__ = f"Create or change a {model._meta.verbose_name}: `values` maps field names to values."
    return save


save_region = _plain(Region)
save_country = _plain(Country)
save_reported_figure = _plain(ReportedFigure)
save_partnership = _plain(Partnership)
save_position = _plain(Position)


def delete_record(*, actor, instance) -> None:
    """Delete any registry record the actor may delete; refused (InUse) while others refer to it."""
    records.delete(
        actor=actor,
        instance=instance,
        may=lambda a, r: permissions.can_manage_record(a, r, "delete"),
        extra_snapshot=_children_snapshot,
    )


def _children_snapshot(instance) -> dict:
    if isinstance(instance, Municipality):
        return {"alternate_names": sorted(instance.alternate_names.values_list("name", flat=True))}
    return {}


# --- Municipalities -----------------------------------------------------------------------------------


def save_municipality(
    *,
    actor,
    instance: Municipality | None = None,
    values: dict,
    alternate_names: list[tuple[str, str]] | None = None,
    expected_version: int | None = None,
) -> Municipality:
    """Create or change a municipality; `alternate_names` (name, language) replace the old ones when given."""
    instance = instance or Municipality()
    values = _with_slug(Municipality, instance, values)

    def replace_alternate_names(municipality):
        if alternate_names is not None:
            wanted = {name.strip(): language for name, language in alternate_names if name and name.strip()}
            municipality.alternate_names.exclude(name__in=wanted).delete()
            known = set(municipality.alternate_names.values_list("name", flat=True))
            AlternateName.objects.bulk_create(
                AlternateName(municipality=municipality, name=name, language=language or "")
                for name, language in wanted.items()
                if name not in known
            )
        municipality.search_text = municipality_search_text(municipality)
        Municipality.objects.filter(pk=municipality.pk).update(search_text=municipality.search_text)

    return records.save(
        actor=actor,
        instance=instance,
        values=values,
        fields=editable_fields(Municipality),
        may=_may(),
        expected_version=expected_version,
        then=replace_alternate_names,
        extra_snapshot=_children_snapshot,
    )


@transaction.atomic
def import_municipality(
    *,
    actor,
    country: Country,
    names: dict[str, str],
    alternate_names: list[str] = (),
    latitude=None,
    longitude=None,
    population: int | None = None,
    geonames_id: int | None = None,
    slug: str | None = None,
    fill_only: bool = False,
) -> Municipality:
    """Create a municipality, or update the one with the same GeoNames id or English name in `country`.

    `names` maps language codes to the official name in that language and script; "en" is required.
    With `fill_only` (imports), an existing record keeps what it has and only gains what it lacks.
    Idempotent: importing the same gazetteer twice changes nothing.
    """
    if not (names.get("en") or "").strip():
        raise InvalidInput(_("A municipality needs an English name."))
    existing = None
    if geonames_id:
        existing = Municipality.objects.filter(geonames_id=geonames_id).first()
    if existing is None:
        existing = Municipality.objects.filter(country=country, name_en=names["en"]).first()
    keep = fill_only and existing is not None
    values = {} if existing else {"country": country, "slug": slug or ""}
    for code, text in names.items():
        column = _column("name", code)
        if text and not (keep and getattr(existing, column, "")):
            values[column] = text
    if keep:
        values.pop("name_en", None)
    if latitude is not None and not (keep and existing.latitude is not None):
        # Gazetteers give floats; the columns hold six decimal places.
        values.update(latitude=Decimal(f"{latitude:.6f}"), longitude=Decimal(f"{longitude:.6f}"))
    if population:
        values["population"] = population
    if geonames_id:
        values["geonames_id"] = geonames_id
    merged = None
    if alternate_names:
        stored = list(existing.alternate_names.values_list("name", "language")) if existing else []
        official = {*names.values(), *(translations_of(existing, "name").values() if existing else ())}
        known = {name for name, _language in stored} | official
        added = list(dict.fromkeys(n.strip() for n in alternate_names if n and n.strip()))
        added = [(name, "") for name in added if name not in known and len(name) <= 150]
        merged = stored + added if added else None
    return save_municipality(actor=actor, instance=existing, values=values, alternate_names=merged)


def update_municipality_profile(
    *, actor, municipality: Municipality, profile: dict[str, str], website: str, expected_version: int
) -> Municipality:
    """Change a city's public profile text (per language) and website.

    Optimistic locking: `expected_version` is the version the editor started from; if someone saved
    in between, nothing is written and Conflict is raised. The region's coordinators are told what
    changed, by email in their own language, once the change is committed.
    """
    from .tasks import notify_profile_changed

    values = {_column("profile", code): text.strip() for code, text in profile.items()}
    values["website"] = website.strip()
    saved = records.save(
        actor=actor,
        instance=municipality,
        values=values,
        fields=list(values),
        may=permissions.can_edit_municipality_profile,
        expected_version=expected_version,
    )
    changed = sorted(getattr(saved, "audit_changes", {}))
    if changed:
        editor_id = getattr(actor, "pk", None)
        transaction.on_commit(
            lambda: notify_profile_changed.enqueue(municipality_id=saved.pk, fields=changed, editor_id=editor_id)
        )
    return saved


# --- Memberships ----------------------------------------------------------------------------------


@transaction.atomic
def record_membership(
    *,
    actor,
    municipality: Municipality,
    status: str,
    started_on: datetime.date,
    started_precision: str = DatePrecision.DAY,
    source: str = "",
    ended_on: datetime.date | None = None,
    ended_precision: str = DatePrecision.DAY,
) -> Membership:
    """Record that `municipality` has `status` from `started_on`: the open period before it ends then,
    and a period recorded before a later one ends where the later one starts.

    Recording the same status from the same date twice is a no-op.
    """
    if status not in MembershipStatus.values:
        message = _("“%(status)s” is not a membership status.") % {"status": status}
        raise InvalidInput(message, errors={"status": [message]})
    if started_on > timezone.localdate():
        raise InvalidInput(
            _("A membership cannot start in the future."),
            errors={"started_on": [_("A membership cannot start in the future.")]},
        )
    Municipality.objects.select_for_update().filter(pk=municipality.pk).first()
    same = Membership.objects.filter(municipality=municipality, status=status, started_on=started_on).first()
    if same:
        return same
    if ended_on is None:
        later = (
            Membership.objects.filter(municipality=municipality, started_on__gt=started_on)
            .order_by("started_on")
            .first()
        )
        if later is not None:
            ended_on, ended_precision = later.started_on, later.started_precision
    membership = records.save(
        actor=actor,
        instance=Membership(municipality=municipality),
        values={
            "status": status,
            "started_on": started_on,
            "started_precision": started_precision,
            "source": source,
            "ended_on": ended_on,
            "ended_precision": ended_precision,
        },
        fields=editable_fields(Membership),
        may=_may(),
    )
    still_open = (
        Membership.objects.filter(municipality=municipality, ended_on__isnull=True, started_on__lt=started_on)
        .exclude(pk=membership.pk)
        .order_by("-started_on")
    )
    for period in still_open:
        records.save(
            actor=actor,
            instance=period,
            values={"ended_on": started_on, "ended_precision": started_precision},
            fields=["ended_on", "ended_precision"],
            may=_may(),
        )
    return membership


def save_membership(*, actor, instance: Membership | None = None, values: dict, expected_version=None) -> Membership:
    """A new membership is recorded (closing the open period); a stored one is corrected as it is."""
    if instance is None or instance.pk is None:
        values = dict(values)
        municipality = values.pop("municipality", None)
        if municipality is None:
            raise InvalidInput(_("Choose a municipality."), errors={"municipality": [_("Choose a municipality.")]})
        return record_membership(actor=actor, municipality=municipality, **values)
    return records.save(
        actor=actor,
        instance=instance,
        values=values,
        fields=editable_fields(Membership),
        may=_may(),
        expected_version=expected_version,
    )


# --- The network's taxonomy ----------------------------------------------------------------------


def save_topic(*, actor, instance: Topic | None = None, values: dict, expected_version=None) -> Topic:
    """Create or change a topic of the network's taxonomy (network-wide: the secretariat's). An empty slug
    is made from the English name."""
    instance = instance or Topic()
    return records.save(
        actor=actor,
        instance=instance,
        values=_with_slug(Topic, instance, values),
        fields=editable_fields(Topic),
        may=_may(),
        expected_version=expected_version,
    )


# --- Organisations and people ------------------------------------------------------------------------


def save_organisation(
    *, actor, instance: Organisation | None = None, values: dict, expected_version=None
) -> Organisation:
    """Create or change an organisation (network-wide: the secretariat's)."""
    instance = instance or Organisation()

    def index(organisation):
        organisation.search_text = organisation_search_text(organisation)

    return records.save(
        actor=actor,
        instance=instance,
        values=_with_slug(Organisation, instance, values),
        fields=editable_fields(Organisation),
        may=_may(),
        expected_version=expected_version,
        prepare=index,
    )


def save_person(
    *,
    actor,
    instance: Person | None = None,
    values: dict,
    serves_at: Municipality | None = None,
    role: str = "",
    expected_version=None,
) -> Person:
    """Create or change a person. A new person may come with their first position (`serves_at`, `role`):
    a regional coordinator adds people only that way, in their own region, so that they never hold
    the contact details of someone who serves nowhere they manage.
    """
    instance = instance or Person()
    creating = instance.pk is None
    if creating and not permissions.can_add_person(actor, serves_at):
        raise NotPermitted()

    def index(person):
        person.search_text = person_search_text(person)

    def place(person):
        if creating and serves_at is not None:
            save_position(actor=actor, values={"person": person, "municipality": serves_at, "role": role})

    return records.save(
        actor=actor,
        instance=instance,
        values=values,
        fields=editable_fields(Person),
        may=(lambda a, p: True) if creating else _may(),
        expected_version=expected_version,
        prepare=index,
        then=place,
    )

"""Writes to the registry. Each business action is one function that owns its transaction and audit."""

import datetime

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from citynet.core import audit
from citynet.core.exceptions import Conflict, InvalidInput
from citynet.core.names import search_keys, to_latin
from citynet.core.permissions import ensure_can

from .models import AlternateName, Country, DatePrecision, Membership, Municipality, Organisation, Person
from .permissions import can_edit_municipality_profile, can_manage_region

LANGUAGE_CODES = [code for code, _name in settings.LANGUAGES]


def _column(field: str, code: str) -> str:
    return f"{field}_{code.replace('-', '_')}"


def translations_of(instance, field: str) -> dict[str, str]:
    return {code: getattr(instance, _column(field, code), "") or "" for code in LANGUAGE_CODES}


def municipality_search_text(municipality: Municipality, alternate_names: list[str] | None = None) -> str:
    if alternate_names is None:
        alternate_names = [a.name for a in municipality.alternate_names.all()]
    return search_keys(municipality.name, *translations_of(municipality, "name").values(), *alternate_names)


def unique_slug(model, text: str, *, exclude_pk=None) -> str:
    base = slugify(to_latin(text)) or "item"
    slug, n = base, 2
    qs = model.objects.exclude(pk=exclude_pk) if exclude_pk else model.objects.all()
    while qs.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


@transaction.atomic
def save_municipality(
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
    ensure_can(can_manage_region, actor, country.region)
    existing = None
    if geonames_id:
        existing = Municipality.objects.filter(geonames_id=geonames_id).first()
    if existing is None:
        existing = Municipality.objects.filter(country=country, name_en=names["en"]).first()
    municipality = existing or Municipality(country=country)
    before = audit.snapshot(municipality) if existing else None
    keep = fill_only and existing is not None
    if not keep:
        municipality.name_en = names["en"]
    for code, text in names.items():
        if text and not (keep and getattr(municipality, _column("name", code), "")):
            setattr(municipality, _column("name", code), text)
    if latitude is not None and not (keep and municipality.latitude is not None):
        municipality.latitude, municipality.longitude = latitude, longitude
    municipality.population = population or municipality.population
    municipality.geonames_id = geonames_id or municipality.geonames_id
    if not municipality.slug:
        municipality.slug = slug or unique_slug(Municipality, names["en"])
    municipality.save()
    known = set(municipality.alternate_names.values_list("name", flat=True))
    official = {municipality.name, *translations_of(municipality, "name").values()}
    AlternateName.objects.bulk_create(
        [
            AlternateName(municipality=municipality, name=name)
            for name in dict.fromkeys(n.strip() for n in alternate_names)
            if name and name not in known and name not in official and len(name) <= 150
        ]
    )
    municipality.search_text = municipality_search_text(municipality)
    municipality.save(update_fields=["search_text"])
    after = audit.snapshot(municipality)
    if before != after:
        audit.record(
            actor=actor,
            instance=municipality,
            action="wagtail.edit" if existing else "wagtail.create",
            before=before,
            after=after,
        )
    return municipality


def organisation_search_text(organisation: Organisation) -> str:
    return search_keys(organisation.name, organisation.acronym, *translations_of(organisation, "name").values())


def person_search_text(person: Person) -> str:
    return search_keys(person.name, *translations_of(person, "name").values(), *person.other_spellings.split(","))


def refresh_search_text(instance: Municipality | Organisation | Person):
    """Recompute a record's folded spellings after its names were edited elsewhere (the admin)."""
    text = {
        Municipality: municipality_search_text,
        Organisation: organisation_search_text,
        Person: person_search_text,
    }[type(instance)](instance)
    type(instance).objects.filter(pk=instance.pk).update(search_text=text)
    instance.search_text = text
    return instance


@transaction.atomic
def update_municipality_profile(
    *, actor, municipality: Municipality, profile: dict[str, str], website: str, expected_version: int
) -> Municipality:
    """Change a city's public profile text (per language) and website.

    Optimistic locking: `expected_version` is the version the editor started from; if someone saved
    in between, nothing is written and Conflict is raised.
    """
    ensure_can(can_edit_municipality_profile, actor, municipality)
    locked = Municipality.objects.select_for_update().get(pk=municipality.pk)
    if locked.version != expected_version:
        raise Conflict()
    fields = [_column("profile", code) for code in profile] + ["website"]
    before = audit.snapshot(locked, fields)
    for code, text in profile.items():
        setattr(locked, _column("profile", code), text.strip())
    locked.website = website.strip()
    locked.version = F("version") + 1
    locked.save(update_fields=[*fields, "version", "updated_at"])
    locked.refresh_from_db()
    audit.record(
        actor=actor,
        instance=locked,
        action="wagtail.edit",
        before=before,
        after=audit.snapshot(locked, fields),
    )
    return locked


@transaction.atomic
def record_membership(
    *,
    actor,
    municipality: Municipality,
    status: str,
    started_on: datetime.date,
    started_precision: str = DatePrecision.DAY,
    source: str = "",
) -> Membership:
    """Record that `municipality` has `status` from `started_on`; the open period before it ends then.

    Recording the same status from the same date twice is a no-op.
    """
    ensure_can(can_manage_region, actor, municipality.country.region)
    if started_on > timezone.localdate():
        raise InvalidInput(_("A membership cannot start in the future."))
    Municipality.objects.select_for_update().filter(pk=municipality.pk).first()
    same = Membership.objects.filter(municipality=municipality, status=status, started_on=started_on).first()
    if same:
        return same
    open_period = (
        Membership.objects.filter(municipality=municipality, ended_on__isnull=True, started_on__lt=started_on)
        .order_by("-started_on")
        .first()
    )
    if open_period:
        open_period.ended_on = started_on
        open_period.ended_precision = started_precision
        open_period.save(update_fields=["ended_on", "ended_precision"])
    membership = Membership.objects.create(
        municipality=municipality,
        status=status,
        started_on=started_on,
        started_precision=started_precision,
        source=source,
    )
    audit.record(actor=actor, instance=membership, action="wagtail.create", after=audit.snapshot(membership))
    return membership


@transaction.atomic
def save_organisation(*, actor, slug: str, **fields) -> Organisation:
    """Create or update the organisation with `slug`; translated fields come as `name_ar=...` etc."""
    ensure_can(can_manage_region, actor, None)
    organisation = Organisation.objects.filter(slug=slug).first()
    before = audit.snapshot(organisation) if organisation else None
    organisation = organisation or Organisation(slug=slug)
    for key, value in fields.items():
        setattr(organisation, key, value)
    organisation.full_clean()
    organisation.search_text = organisation_search_text(organisation)
    organisation.save()
    audit.record(
        actor=actor,
        instance=organisation,
        action="wagtail.edit" if before else "wagtail.create",
        before=before,
        after=audit.snapshot(organisation),
    )
    return organisation


@transaction.atomic
def save_person(*, actor, name: str, other_spellings: str = "", **fields) -> Person:
    """Create or update the person called `name` (in English spelling)."""
    ensure_can(can_manage_region, actor, None)
    person = Person.objects.filter(name_en=name).first() or Person(name_en=name)
    before = audit.snapshot(person) if person.pk else None
    person.other_spellings = other_spellings
    for key, value in fields.items():
        setattr(person, key, value)
    person.search_text = person_search_text(person)
    person.save()
    audit.record(
        actor=actor,
        instance=person,
        action="wagtail.edit" if before else "wagtail.create",
        before=before,
        after=audit.snapshot(person),
    )
    return person

"""Writes to advisory engagements, visits and their meetings, publishing a visit on the hub, and the
stakeholder map's projects.

Every write is the region's staff's (`permissions.can_manage`, checked on the record as it was and as it
will be) and goes through `citynet.core.records`: row lock, optimistic locking on `version` (a stale
`version` is a Conflict, never a lost update), the model's validation, one audit entry, one
transaction. The rules of place are checked here, before anything is written, with a message at the
field: an engagement's cities are of its region, a visit's cities and a meeting's city are of its
engagement's region, a project's city is in its country.

Publishing is the staff's approval of a visit's public summary: a visit is published only once it was
held and has a public summary in English (the other languages fall back to it). While published, it
keeps both: emptying the summary or calling the visit off takes unpublishing first, so the hub never
shows a consultation without its approved text.
"""

import zoneinfo

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from citynet.core import records
from citynet.core.exceptions import InvalidInput, InvalidTransition
from citynet.core.permissions import ensure_can
from citynet.core.records import editable_fields
from citynet.network.models import Country, Municipality
from citynet.network.services import unique_slug

from .. import permissions
from ..models import Engagement, Meeting, Project, Visit, VisitStatus

__all__ = [
    "save_engagement",
    "save_visit",
    "save_meeting",
    "delete_meeting",
    "publish_visit",
    "unpublish_visit",
    "save_project",
    "record_project",
]


ENGAGEMENT_FIELDS = [*editable_fields(Engagement), "municipalities", "lead_staff"]
VISIT_FIELDS = [*editable_fields(Visit), "municipalities", "team"]
MEETING_FIELDS = editable_fields(Meeting)
PROJECT_FIELDS = editable_fields(Project)
# Written by publish_visit / unpublish_visit only.
PUBLICATION_FIELDS = ["is_published", "published_at", "published_by"]


def _raise(errors: dict) -> None:
    if errors:
        raise InvalidInput(" ".join(m for messages in errors.values() for m in messages), errors=errors)


def _runs_advisory(actor) -> None:
    """Anonymous visitors, focal points and members run no advisory work: refused before their input is read."""
    ensure_can(lambda who, _record: permissions.can_run_advisory(who), actor, None)


def _current(instance, model):
    """The record as stored now, locked until the transaction ends (the caller's copy may be stale: its
    rules are checked against what is saved), or a new one."""
    if instance is None or instance.pk is None:
        return instance or model()
    return model._default_manager.select_for_update().get(pk=instance.pk)


def _related(values: dict, instance, name: str):
    """A foreign key's new value (a record, or None), from `values` or the saved record."""
    if name in values:
        return values[name]
    return getattr(instance, name) if getattr(instance, f"{name}_id", None) else None


def _relation_picture(record, *names: str) -> dict:
    return {name: sorted(str(item) for item in getattr(record, name).all()) for name in names}


def _outside_region(municipalities, region_id) -> list[str]:
    return [str(city) for city in municipalities if city.country.region_id != region_id]


# --- Engagements ---------------------------------------------------------------------------------------


@transaction.atomic
def save_engagement(
    *, actor, instance: Engagement | None = None, values: dict, municipalities, lead_staff, version: int | None = None
) -> Engagement:
    """Create or change an engagement: its region's staff. `municipalities` (one or more, of its region)
    and `lead_staff` (the region's staff) are what they should be after the save."""
    _runs_advisory(actor)
    instance = _current(instance, Engagement)
    if instance.pk is not None:
        ensure_can(permissions.can_manage, actor, instance)
    region = _related(values, instance, "region")
    if region is None:
        raise InvalidInput.at("region", _("Choose the engagement's region."))
    ensure_can(permissions.can_manage, actor, Engagement(region=region))
    municipalities = list(Municipality.objects.filter(pk__in=[m.pk for m in municipalities]).select_related("country"))
    lead_staff = list(lead_staff)
    errors = {}
    if not municipalities:
        errors["municipalities"] = [_("Choose at least one municipality.")]
    elif outside := _outside_region(municipalities, region.pk):
        errors["municipalities"] = [
            _("These municipalities are not in the engagement's region: %(names)s.") % {"names": ", ".join(outside)}
        ]
    not_staff = [str(person) for person in lead_staff if not permissions.can_manage(person, Engagement(region=region))]
    if not_staff:
        errors["lead_staff"] = [
            _("Lead staff must be staff of the engagement's region: %(names)s.") % {"names": ", ".join(not_staff)}
        ]
    starts_on, ends_on = (
        records.value_after(values, instance, "starts_on"),
        records.value_after(values, instance, "ends_on"),
    )
    if starts_on and ends_on and ends_on < starts_on:
        errors["ends_on"] = [_("An engagement cannot end before it starts.")]
    if instance.pk is not None and region.pk != instance.region_id and instance.visits.exists():
        errors["region"] = [_("An engagement with visits cannot move to another region.")]
    _raise(errors)
    return records.save(
        actor=actor,
        instance=instance,
        values={**values, "municipalities": municipalities, "lead_staff": lead_staff},
        fields=ENGAGEMENT_FIELDS,
        may=permissions.can_manage,
        expected_version=version,
        extra_snapshot=lambda record: _relation_picture(record, "municipalities", "lead_staff"),
    )


# --- Visits ----------------------------------------------------------------------------------------------


def _visit_errors(instance: Visit, values: dict, engagement: Engagement, municipalities) -> dict:
    errors = {}
    starts_on, ends_on = (
        records.value_after(values, instance, "starts_on"),
        records.value_after(values, instance, "ends_on"),
    )
    if starts_on and ends_on and ends_on < starts_on:
        errors["ends_on"] = [_("The last day of a visit cannot be before its first day.")]
    if municipalities and (outside := _outside_region(municipalities, engagement.region_id)):
        errors["municipalities"] = [
            _("These municipalities are not in the engagement's region: %(names)s.") % {"names": ", ".join(outside)}
        ]
    codes = [str(code).upper() for code in records.value_after(values, instance, "countries") or []]
    region_codes = {
        str(c) for c in Country.objects.filter(region_id=engagement.region_id).values_list("code", flat=True)
    }
    if unknown := [code for code in codes if code not in region_codes]:
        errors["countries"] = [
            _("These countries are not in the engagement's region: %(codes)s.") % {"codes": ", ".join(unknown)}
        ]
    status = records.value_after(values, instance, "status")
    zone = records.value_after(values, instance, "time_zone") or instance.time_zone
    if status == VisitStatus.HELD and starts_on and _local_today(zone) < starts_on:
        errors["status"] = [_("A visit cannot be marked held before its first day.")]
    if instance.is_published:
        if status != VisitStatus.HELD:
            errors["status"] = [_("This visit is published: unpublish it before changing its status.")]
        if not (records.value_after(values, instance, "public_summary_en") or "").strip():
            errors["public_summary_en"] = [_("This visit is published: its public summary in English cannot be empty.")]
    return errors


def _local_today(zone_name: str):
    """Today on the visit's own calendar (a day can have begun in Skopje and not yet in the server's zone)."""
    try:
        return timezone.localdate(timezone=zoneinfo.ZoneInfo(zone_name))
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return timezone.localdate()


@transaction.atomic
def save_visit(
    *,
    actor,
    instance: Visit | None = None,
    values: dict,
    municipalities=None,
    team=None,
    version: int | None = None,
) -> Visit:
    """Create or change a visit of an engagement (`values["engagement"]`): its region's staff.

    Its days are dates on the local calendar of its time zone; the last is not before the first. The
    municipalities visited (None: unchanged) are of the engagement's region, and their countries join
    the countries visited. A visit is held only from its first day on. Without a slug, one is made from
    the English title and the year.
    """
    _runs_advisory(actor)
    instance = _current(instance, Visit)
    if instance.pk is not None:
        ensure_can(permissions.can_manage, actor, instance)
    engagement = _related(values, instance, "engagement")
    if engagement is None:
        raise InvalidInput.at("engagement", _("Choose the visit's engagement."))
    ensure_can(permissions.can_manage, actor, engagement)
    values = dict(values)
    if municipalities is not None:
        municipalities = list(
            Municipality.objects.filter(pk__in=[m.pk for m in municipalities]).select_related("country")
        )
        values["municipalities"] = municipalities
    if team is not None:
        values["team"] = list(team)
    cities = municipalities
    if cities is None and instance.pk is not None and engagement.pk != instance.engagement_id:
        # Moved to another engagement: the cities it already visited must be of that one's region too.
        cities = list(instance.municipalities.select_related("country"))
    _raise(_visit_errors(instance, values, engagement, cities))
    countries = {str(code).upper() for code in records.value_after(values, instance, "countries") or []}
    countries |= {str(city.country.code) for city in municipalities or []}
    values["countries"] = sorted(countries)
    if not values.get("slug") and not instance.slug:
        title = values.get("title_en") or values.get("title") or ""
        starts_on = records.value_after(values, instance, "starts_on")
        text = f"{title[:100]} {starts_on.year if starts_on else ''}".strip()
        values["slug"] = unique_slug(Visit, text, exclude_pk=instance.pk)
    return records.save(
        actor=actor,
        instance=instance,
        values=values,
        fields=VISIT_FIELDS,
        may=permissions.can_manage,
        expected_version=version,
        extra_snapshot=lambda record: _relation_picture(record, "municipalities", "team"),
    )


def _publication(visit: Visit) -> dict:
    """The publication, pictured in the audit log beside the fields staff type."""
    return {
        "is_published": visit.is_published,
        "published_at": visit.published_at.isoformat() if visit.published_at else None,
        "published_by": str(visit.published_by) if visit.published_by_id else None,
    }


@transaction.atomic
def publish_visit(*, actor, visit: Visit) -> Visit:
    """Staff approve the visit's public summary: it shows on the hub as a consultation, with its public
    meetings. Only a held visit with a public summary in English; publishing twice is a no-op."""
    visit = Visit.objects.select_for_update().select_related("engagement").get(pk=visit.pk)
    ensure_can(permissions.can_manage, actor, visit)
    if visit.is_published:
        return visit
    if visit.status != VisitStatus.HELD:
        raise InvalidTransition(_("Only a visit that was held can be published."))
    if not (visit.public_summary_en or "").strip():
        raise InvalidTransition(_("Write the visit's public summary in English before publishing it."))
    return records.save(
        actor=actor,
        instance=visit,
        values={"is_published": True, "published_at": timezone.now(), "published_by": actor},
        fields=PUBLICATION_FIELDS,
        may=permissions.can_manage,
        extra_snapshot=_publication,
    )


@transaction.atomic
def unpublish_visit(*, actor, visit: Visit) -> Visit:
    """Take a consultation off the hub (its record and meetings stay); unpublishing twice is a no-op."""
    visit = Visit.objects.select_for_update().select_related("engagement").get(pk=visit.pk)
    ensure_can(permissions.can_manage, actor, visit)
    if not visit.is_published:
        return visit
    return records.save(
        actor=actor,
        instance=visit,
        values={"is_published": False, "published_at": None, "published_by": None},
        fields=PUBLICATION_FIELDS,
        may=permissions.can_manage,
        extra_snapshot=_publication,
    )


# --- Meetings --------------------------------------------------------------------------------------------


def _meeting_errors(instance: Meeting, values: dict, visit: Visit) -> dict:
    errors = {}
    person = _related(values, instance, "person")
    organisation = _related(values, instance, "organisation")
    counterpart = (records.value_after(values, instance, "counterpart") or "").strip()
    if not (person or organisation or counterpart):
        errors["counterpart"] = [_("Say who was met: a person, an organisation or a described counterpart.")]
    municipality = _related(values, instance, "municipality")
    region_id = visit.engagement.region_id
    if municipality is not None and municipality.country.region_id != region_id:
        errors["municipality"] = [
            _("%(city)s is not in the engagement's region.") % {"city": municipality},
        ]
    country = (records.value_after(values, instance, "country") or "").upper()
    if country and not Country.objects.filter(region_id=region_id, code=country).exists():
        errors["country"] = [_("%(code)s is not a country of the engagement's region.") % {"code": country}]
    held_on = records.value_after(values, instance, "held_on")
    if held_on and not (visit.starts_on <= held_on <= visit.ends_on):
        errors["held_on"] = [_("A meeting is held on one of the visit's days.")]
    return errors


@transaction.atomic
def save_meeting(*, actor, instance: Meeting | None = None, values: dict, topics=None) -> Meeting:
    """Create or change a meeting of a visit (`values["visit"]`): its region's staff.

    Who was met is a person, an organisation or a described counterpart (at least one); its city is of
    the engagement's region, its day one of the visit's days. `topics` (None: unchanged) are what was
    discussed. Its notes are confidential; its public summary shows with the visit once published, if
    `is_public`.
    """
    _runs_advisory(actor)
    instance = _current(instance, Meeting)
    if instance.pk is not None:
        ensure_can(permissions.can_manage, actor, instance)
    visit = _related(values, instance, "visit")
    if visit is None:
        raise InvalidInput.at("visit", _("Choose the meeting's visit."))
    ensure_can(permissions.can_manage, actor, visit)
    values = dict(values)
    if "country" in values:
        values["country"] = (values["country"] or "").upper()
    _raise(_meeting_errors(instance, values, visit))
    topics = list(topics) if topics is not None else None

    def set_topics(meeting):
        # A parental many-to-many on a child record is written when the child commits it.
        if topics is not None:
            meeting.topics.set(topics)
            meeting.topics.commit()

    return records.save(
        actor=actor,
        instance=instance,
        values=values,
        fields=MEETING_FIELDS,
        may=permissions.can_manage,
        then=set_topics,
        extra_snapshot=lambda record: _relation_picture(record, "topics") if record.pk else {},
    )


def delete_meeting(*, actor, meeting: Meeting) -> None:
    """Delete a meeting (a wrong entry): its region's staff. Projects learned at it stay on the map."""
    records.delete(actor=actor, instance=meeting, may=permissions.can_manage)


# --- The stakeholder map -------------------------------------------------------------------------------


def _project_errors(instance: Project, values: dict, country, municipality, learned_at) -> dict:
    errors = {}
    if municipality is not None and country is not None and municipality.country_id != country.pk:
        errors["municipality"] = [_("%(city)s is not in %(country)s.") % {"city": municipality, "country": country}]
    starts_on, ends_on = (
        records.value_after(values, instance, "starts_on"),
        records.value_after(values, instance, "ends_on"),
    )
    if starts_on and ends_on and ends_on < starts_on:
        errors["ends_on"] = [_("A project cannot end before it starts.")]
    if learned_at is not None and country is not None and learned_at.visit.engagement.region_id != country.region_id:
        errors["learned_at"] = [_("This meeting was held in another region.")]
    if _related(values, instance, "organisation") is None:
        errors["organisation"] = [_("Choose the organisation that runs the project.")]
    return errors


@transaction.atomic
def save_project(*, actor, instance: Project | None = None, values: dict, topics=None, version=None) -> Project:
    """Create or change a project of the stakeholder map: the staff of its country's region.

    A project is in a country, and in one of its municipalities unless it is country-wide (its country
    is that of its municipality when not given). `topics` (None: unchanged) are what it works on;
    `learned_at`, optionally, the meeting where the team heard of it.
    """
    _runs_advisory(actor)
    instance = _current(instance, Project)
    if instance.pk is not None:
        ensure_can(permissions.can_manage, actor, instance)
    values = dict(values)
    municipality = _related(values, instance, "municipality")
    country = _related(values, instance, "country")
    if country is None and municipality is not None:
        country = municipality.country
        values["country"] = country
    if country is None:
        raise InvalidInput.at("country", _("Choose the project's country or municipality."))
    ensure_can(permissions.can_manage, actor, Project(country=country))
    _raise(_project_errors(instance, values, country, municipality, _related(values, instance, "learned_at")))
    topics = list(topics) if topics is not None else None

    def set_topics(project):
        if topics is not None:
            project.topics.set(topics)

    return records.save(
        actor=actor,
        instance=instance,
        values=values,
        fields=PROJECT_FIELDS,
        may=permissions.can_manage,
        expected_version=version,
        then=set_topics,
        extra_snapshot=lambda record: _relation_picture(record, "topics") if record.pk else {},
    )


def record_project(*, actor, meeting: Meeting, values: dict, topics=None) -> Project:
    """A project the team heard of at `meeting`: on the map where the meeting was (its city, else its
    country) unless `values` say where."""
    ensure_can(permissions.can_manage, actor, meeting)
    values = {"learned_at": meeting, **values}
    if "municipality" not in values and "country" not in values:
        if meeting.municipality_id:
            values["municipality"] = meeting.municipality
        elif meeting.country:
            values["country"] = Country.objects.filter(code=meeting.country).first()
    return save_project(actor=actor, values=values, topics=topics)

"""Writes to the library's resources, their language versions and case studies' bodies, by staff (and by
a case study's proposer while it is theirs to change: proposals.py).

Every write goes through `citynet.core.records`: the rule of `permissions.py` checked on the record as it
was and as it will be (a coordinator cannot move a resource out of their regions), row lock, optimistic
locking on `version` (a stale `expected_version` is a Conflict, never a lost update), the model's
validation with a message at the field, one audit entry, one transaction.

A language version's file is checked by its bytes and size (`citynet.core.uploads`: PDF, Word, Excel,
PowerPoint, OpenDocument text; at most settings.LIBRARY_MAX_UPLOAD_BYTES) before anything is written,
stored under a random name in the private storage, and read by a background task once the transaction
commits (`tasks.extraction.extract_version`: text for search, page count, cover). A replaced file is
deleted after the commit.

A resource is published only with something to read: a language version; a case study's body (its
context, approach and results in one language) counts as one, and so does a video's or link's address.
Its last language version cannot be deleted while it is published for that reason.
"""

import copy
import uuid
from contextlib import nullcontext

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import transaction
from django.utils import timezone, translation
from django.utils.text import slugify
from django.utils.translation import gettext as _
from modeltranslation.utils import build_localized_fieldname

from citynet.core import audit, records, uploads
from citynet.core.exceptions import Conflict, InvalidInput, InvalidTransition
from citynet.core.names import to_latin
from citynet.core.permissions import ensure_can
from citynet.core.records import editable_fields
from citynet.network.services import unique_slug

from .. import permissions
from ..models import (
    CaseStudy,
    ExtractionStatus,
    Resource,
    ResourceKind,
    ResourceOrganisation,
    ResourceOrganisationRole,
    ResourceStatus,
    ResourceVersion,
    WorkStream,
)

__all__ = [
    "save_resource",
    "publish_resource",
    "withdraw_resource",
    "delete_resource",
    "save_version",
    "delete_version",
    "save_case_study",
    "save_work_stream",
    "delete_work_stream",
    "max_upload_bytes",
]

LANGUAGE_CODES = [code for code, _name in settings.LANGUAGES]
RELATIONS = ["work_streams", "topics", "regions", "countries", "municipalities", "events", "calls"]
# Written by the publication and moderation steps only (status, the reviewer's note, who proposed it).
WORKFLOW_FIELDS = ["status", "proposed_by", "review_note"]
RESOURCE_FIELDS = [*editable_fields(Resource, leave_out=WORKFLOW_FIELDS), *RELATIONS, "organisations"]
PUBLICATION_FIELDS = ["status", "published_at"]
BODY_FIELDS = editable_fields(CaseStudy, leave_out=("resource",))
# A case study has something to read once these sections are written in one language.
ESSENTIAL_SECTIONS = ("context", "approach", "results")
# Reset when a version's file is replaced: the background task reads them from the new file.
VERSION_FIELDS = [
    "language",
    "text",
    "file",
    "original_name",
    "content_type",
    "size",
    "sha256",
    "page_count",
    "thumbnail",
    "extracted_text",
    "extraction",
    "resource",
]
TITLE_ORDER = ["en", "sq", "bs", "sr-latn", "sr", "mk", "ar"]


def max_upload_bytes() -> int:
    """The largest file a language version may have (the setting, else 25 MB)."""
    return getattr(settings, "LIBRARY_MAX_UPLOAD_BYTES", 25 * 1024 * 1024)


def column(field: str, language: str) -> str:
    """A translated field's column for `language` ("title", "sr-latn" -> "title_sr_latn")."""
    return build_localized_fieldname(field, language)


def _raise(errors: dict) -> None:
    if errors:
        raise InvalidInput(" ".join(str(m) for messages in errors.values() for m in messages), errors=errors)


def _relation_picture(record, *names: str) -> dict:
    return {name: sorted(str(item) for item in getattr(record, name).all()) for name in names}


def resource_picture(record) -> dict:
    """Its relations and organisations, pictured in the audit log beside its fields."""
    return {
        **_relation_picture(record, *RELATIONS, "organisations"),
        "published_at": record.published_at.isoformat() if record.published_at else None,
    }


# --- Who may write ---------------------------------------------------------------------------------


def may_write_content(actor, resource: Resource) -> bool:
    """Its editors; its proposer while it is theirs to change (a draft, or returned to them)."""
    return permissions.can_edit(actor, resource) or permissions.can_change_proposal(actor, resource)


def locked(resource: Resource) -> Resource:
    return Resource.objects.select_for_update().get(pk=resource.pk)


# --- Resources --------------------------------------------------------------------------------------


def _organisations(given) -> list[ResourceOrganisation]:
    """`given`: (organisation, role) pairs or {"organisation": ..., "role": ...}; a repeated pair once."""
    rows, seen = [], set()
    for item in given:
        organisation, role = (item["organisation"], item["role"]) if isinstance(item, dict) else item
        if role not in ResourceOrganisationRole.values:
            raise InvalidInput.at("organisations", _("Choose each organisation's part in the resource."))
        if (organisation.pk, role) in seen:
            continue
        seen.add((organisation.pk, role))
        rows.append(ResourceOrganisation(organisation=organisation, role=role, sort_order=len(rows)))
    return rows


def titled(values: dict, instance: Resource):
    """Where a resource is titled in neither the page's language nor English (an Arabic-only proposal on
    an English page), its validation reads its title in a language it has: the model's `title` is the
    page's language's column, falling back to English only."""
    active = translation.get_language() or settings.LANGUAGE_CODE
    for code in (active, "en"):
        if code in LANGUAGE_CODES and (records.value_after(values, instance, column("title", code)) or "").strip():
            return nullcontext()
    for code in LANGUAGE_CODES:
        if (records.value_after(values, instance, column("title", code)) or "").strip():
            return translation.override(code)
    return nullcontext()


def slug_source(values: dict, instance, fallback: str) -> str:
    """The text a new slug is made of: the English title, else a title in another language that reads
    in Latin letters, else `fallback`."""
    for language in TITLE_ORDER:
        text = records.value_after(values, instance, column("title", language)) or ""
        if slugify(to_latin(text)):
            return text[:140]
    return fallback


@transaction.atomic
def save_resource(*, actor, instance: Resource | None = None, values: dict, expected_version: int | None = None):
    """Create or change a resource: staff (`permissions.can_add`, and `can_edit` as it was and as it will
    be; a coordinator's resource concerns one of their regions through its regions, countries or
    municipalities).

    `values` are the model's fields (each language's title and summary columns), its relations
    (work_streams, topics, regions, countries, municipalities, events, calls: what they should be after
    the save) and `organisations`, (organisation, role) pairs. Its status, proposer and review note are
    written by the publication and moderation steps. Without a slug, one is made from the English title.
    """
    ensure_can(lambda who, _record: permissions.can_add(who), actor, None)
    current = locked(instance) if instance is not None and instance.pk else Resource()
    if current.pk is not None:
        ensure_can(permissions.can_edit, actor, current)
    values = dict(values)
    for name in RELATIONS:
        if name in values:
            values[name] = list(values[name] or [])
    if "organisations" in values:
        values["organisations"] = _organisations(values["organisations"] or [])
    titles = [records.value_after(values, current, column("title", code)) for code in LANGUAGE_CODES]
    if not any((title or "").strip() for title in titles):
        raise InvalidInput.at(column("title", "en"), _("Give the resource a title."))
    if not values.get("slug") and not current.slug:
        kind = records.value_after(values, current, "kind") or "resource"
        values["slug"] = unique_slug(Resource, slug_source(values, current, kind), exclude_pk=current.pk)
    with titled(values, current):
        return records.save(
            actor=actor,
            instance=current,
            values=values,
            fields=RESOURCE_FIELDS,
            may=permissions.can_edit,  # on the resource as the save leaves it (its relations set in memory)
            expected_version=expected_version,
            extra_snapshot=resource_picture,
        )


def body_is_enough(body: CaseStudy | None) -> bool:
    """A case study's context, approach and results are written in one language at least."""
    if body is None:
        return False
    return any(
        all((getattr(body, column(section, code), "") or "").strip() for section in ESSENTIAL_SECTIONS)
        for code in LANGUAGE_CODES
    )


def has_something_to_read(resource: Resource, *, without: ResourceVersion | None = None) -> bool:
    """A language version (other than `without`), a case study's body, or a video's or link's address."""
    versions = resource.versions.all()
    if without is not None:
        versions = versions.exclude(pk=without.pk)
    if versions.exists():
        return True
    if resource.kind in (ResourceKind.VIDEO, ResourceKind.EXTERNAL_LINK) and resource.external_url:
        return True
    if resource.kind == ResourceKind.CASE_STUDY:
        return body_is_enough(CaseStudy.objects.filter(resource=resource).first())
    return False


def publish_now(actor, resource: Resource, may) -> Resource:
    if not has_something_to_read(resource):
        raise InvalidTransition(_("Add a language version (its file or its text) before publishing the resource."))
    with titled({}, resource):
        return records.save(
            actor=actor,
            instance=resource,
            values={"status": ResourceStatus.PUBLISHED, "published_at": timezone.now()},
            fields=PUBLICATION_FIELDS,
            may=may,
            extra_snapshot=resource_picture,
        )


@transaction.atomic
def publish_resource(*, actor, resource: Resource) -> Resource:
    """Publish a draft or withdrawn resource (its editors): readers see it as its access and embargo
    allow, from now (`published_at`). It needs something to read (a language version). Publishing twice
    is a no-op; a proposed case study is published through its review (proposals.publish_proposal), and
    a proposal still with its author cannot be published."""
    resource = locked(resource)
    ensure_can(permissions.can_edit, actor, resource)
    if resource.status == ResourceStatus.PUBLISHED:
        return resource
    if resource.status == ResourceStatus.PROPOSED:
        from .proposals import publish_proposal  # the review's rules: never the proposer themself

        return publish_proposal(actor=actor, resource=resource)
    if resource.proposed_by_id and resource.status in permissions.AUTHOR_CAN_CHANGE:
        raise InvalidTransition(_("This case study is still with its author: it can be published once proposed."))
    return publish_now(actor, resource, permissions.can_edit)


@transaction.atomic
def withdraw_resource(*, actor, resource: Resource) -> Resource:
    """Take a published resource off the library (its editors); it stays for them to publish again.
    Withdrawing twice is a no-op."""
    resource = locked(resource)
    ensure_can(permissions.can_edit, actor, resource)
    if resource.status == ResourceStatus.WITHDRAWN:
        return resource
    if resource.status != ResourceStatus.PUBLISHED:
        raise InvalidTransition(_("Only a published resource can be withdrawn."))
    with titled({}, resource):
        return records.save(
            actor=actor,
            instance=resource,
            values={"status": ResourceStatus.WITHDRAWN},
            fields=["status"],
            may=permissions.can_edit,
            extra_snapshot=resource_picture,
        )


def _delete_files_after_commit(*fields) -> None:
    names = [(field.storage, field.name) for field in fields if field]
    for storage, name in names:
        transaction.on_commit(lambda storage=storage, name=name: storage.delete(name))


@transaction.atomic
def delete_resource(*, actor, resource: Resource) -> None:
    """Delete a resource with its language versions and case study (its editors); its files go once the
    deletion is committed."""
    resource = locked(resource)
    ensure_can(permissions.can_edit, actor, resource)
    files = [f for version in resource.versions.all() for f in (version.file, version.thumbnail)]
    records.delete(actor=actor, instance=resource, may=permissions.can_edit, extra_snapshot=resource_picture)
    _delete_files_after_commit(*files)


# --- Language versions ----------------------------------------------------------------------------------


def _enqueue_extraction(version_id: int) -> None:
    # Imported here: the task module imports the readers (pypdf, python-docx, pypdfium2), which the
    # services do not need.
    from ..tasks.extraction import extract_version

    extract_version.enqueue(version_id)


def _may_write_version(actor, version: ResourceVersion) -> bool:
    return may_write_content(actor, version.resource)


@transaction.atomic
def save_version(
    *,
    actor,
    resource: Resource,
    language: str,
    text: str | None = None,
    upload=None,
    expected_version: int | None = None,
) -> ResourceVersion:
    """Create or change the resource's version in `language` (one per language): its text (None: as it
    is) and, with `upload`, its file. Its editors, or its proposer while it is theirs to change.

    The file is checked by its bytes and size before anything is written (InvalidInput at "file"), kept
    under a random name in the private storage; a new file resets the page count, cover and extracted
    text, and the extraction task runs after the commit. The version needs its file or its text.
    """
    resource = locked(resource)
    ensure_can(may_write_content, actor, resource)
    if language not in LANGUAGE_CODES:
        raise InvalidInput.at("language", _("Choose one of the site's languages."))
    checked = (
        uploads.check_upload(upload, field="file", allowed=uploads.DOCUMENT_TYPES, max_bytes=max_upload_bytes())
        if upload is not None
        else None
    )
    current = ResourceVersion.objects.filter(resource=resource, language=language).first()
    if current is None and expected_version is not None:
        raise Conflict()  # it was deleted since the form was opened
    instance = current or ResourceVersion(resource=resource, language=language)
    values = {}
    if text is not None:
        values["text"] = text.strip()
    if checked is not None:
        values.update(
            file=File(upload, name=f"{uuid.uuid4().hex}.{checked.extension}"),
            original_name=checked.original_name,
            content_type=checked.content_type,
            size=checked.size,
            sha256=checked.sha256,
            page_count=None,
            thumbnail="",
            extracted_text="",
            extraction=ExtractionStatus.PENDING,
        )
    if not (records.value_after(values, instance, "text") or "").strip() and not (checked is not None or instance.file):
        raise InvalidInput.at("text", _("A language version needs its file or its text."))
    replaced = (instance.file, instance.thumbnail) if checked is not None and instance.pk else ()
    if replaced:
        # The stored names before the save (the record's fields point at the new file after it).
        replaced = tuple(copy.copy(field) for field in replaced)

    def after_save(saved: ResourceVersion) -> None:
        if checked is not None:
            _delete_files_after_commit(*replaced)
            transaction.on_commit(lambda pk=saved.pk: _enqueue_extraction(pk))

    return records.save(
        actor=actor,
        instance=instance,
        values=values,
        fields=VERSION_FIELDS,
        may=_may_write_version,
        expected_version=expected_version,
        then=after_save if checked is not None else None,
    )


@transaction.atomic
def delete_version(*, actor, version: ResourceVersion) -> None:
    """Delete a language version (its editors, or its proposer while it is theirs to change), its file
    and cover after the commit. A published resource keeps something to read: its last version cannot be
    deleted while it is published."""
    resource = locked(version.resource)
    ensure_can(may_write_content, actor, resource)
    version = ResourceVersion.objects.get(pk=version.pk)
    if resource.status == ResourceStatus.PUBLISHED and not has_something_to_read(resource, without=version):
        raise InvalidTransition(
            _("This is the last language version of a published resource: withdraw the resource before deleting it.")
        )
    files = (version.file, version.thumbnail)
    records.delete(actor=actor, instance=version, may=_may_write_version)
    _delete_files_after_commit(*files)


# --- Case studies' bodies ---------------------------------------------------------------------------------


def _body_errors(body: CaseStudy, proposer_city=None) -> dict:
    errors = {}
    try:
        body.full_clean(exclude=["resource"], validate_unique=False)
    except ValidationError as error:
        errors.update(error.message_dict)
    contact = body.contact
    if contact is not None and not contact.is_public:
        errors["contact"] = [_("Choose a position shown on the public site: its details are shown.")]
    elif contact is not None and proposer_city is not None and contact.municipality_id != proposer_city.pk:
        errors["contact"] = [_("Choose a position of %(city)s.") % {"city": proposer_city}]
    return errors


def save_with_body(
    *,
    actor,
    instance: Resource,
    values: dict,
    fields,
    body_values: dict,
    may,
    expected_version: int | None = None,
    proposer_city=None,
) -> Resource:
    """Write a case-study resource's fields (`values`) and its body's sections (`body_values`) as one
    change: the resource's version guards both, and one audit entry pictures both. Nothing is written
    if either is refused. For the services of this module and proposals.py (inside their transaction)."""
    unknown = set(body_values) - set(BODY_FIELDS)
    if unknown:
        raise InvalidInput(
            _("These fields cannot be changed here: %(fields)s.") % {"fields": ", ".join(sorted(unknown))}
        )
    stored = CaseStudy.objects.filter(resource=instance).first() if instance.pk else None
    changed = copy.copy(stored) if stored is not None else CaseStudy()
    for name, value in body_values.items():
        setattr(changed, name, value)
    _raise(_body_errors(changed, proposer_city))
    before, after = (audit.snapshot(stored, BODY_FIELDS) if stored else None), audit.snapshot(changed, BODY_FIELDS)
    state = {"body": before}

    def picture(record) -> dict:
        return {**resource_picture(record), "case_study": state["body"]}

    def save_body(saved: Resource) -> None:
        changed.resource = saved
        changed.save()
        state["body"] = after

    body_changes = stored is None or before != after
    with titled(values, instance):
        return records.save(
            actor=actor,
            instance=instance,
            values=values,
            fields=fields,
            may=may,
            expected_version=expected_version,
            then=save_body if body_changes else None,
            extra_snapshot=picture,
        )


@transaction.atomic
def save_case_study(*, actor, resource: Resource, values: dict, expected_version: int | None = None) -> CaseStudy:
    """Write a case study's structured body: its sections in each language (context, challenge, approach,
    results, lessons: `context_en`, `context_ar`, ...) and whom to contact (a public position). Its
    editors, or its proposer while it is theirs to change. `expected_version` is the resource's: the body
    is part of the resource, and changing it bumps the resource's version."""
    resource = locked(resource)
    ensure_can(may_write_content, actor, resource)
    if resource.kind != ResourceKind.CASE_STUDY:
        raise InvalidInput.at("kind", _("Only a case study has a case study's sections."))
    # A proposer's contact is a position of their own city; editors choose any public position.
    city = None if permissions.can_edit(actor, resource) else resource.municipalities.first()
    save_with_body(
        actor=actor,
        instance=resource,
        values={},
        fields=[],
        body_values=values,
        may=may_write_content,
        expected_version=expected_version,
        proposer_city=city,
    )
    return CaseStudy.objects.get(resource=resource)


# --- Work streams ---------------------------------------------------------------------------------------


@transaction.atomic
def save_work_stream(*, actor, instance: WorkStream | None = None, values: dict, expected_version=None):
    """A work stream's slug, names, descriptions and order (the secretariat's)."""
    return records.save(
        actor=actor,
        instance=instance if instance is not None else WorkStream(),
        values=values,
        fields=editable_fields(WorkStream),
        may=permissions.can_manage_work_streams,
        expected_version=expected_version,
    )


@transaction.atomic
def delete_work_stream(*, actor, instance: WorkStream) -> None:
    records.delete(actor=actor, instance=instance, may=permissions.can_manage_work_streams)

"""Reading a language version's file in the background: its text for search, its page count, its cover.

The services enqueue `extract_version` once a file is added or replaced (on commit); operators re-run it
with `manage.py extract_library_text` (after an upgrade that reads more, or for the versions that failed).

The file is read outside any transaction (it may take a minute); the results are then written under the
version's row lock, and only if the version still holds the file the run started with (its name and
sha256): a file replaced meanwhile has its own run queued, which writes its own results. Running twice
is harmless: the second run writes the same text and replaces the cover (the old cover file is deleted
once the new one is saved). A file that cannot be read marks the version FAILED (and is logged); it
never raises to the worker. Only the extraction's own fields are saved: neither the version's optimistic
`version` nor its `updated_at` moves, so a staff member editing it meanwhile is not told of a conflict.
"""

import logging

from django.core.files.base import ContentFile
from django.db import transaction
from django_tasks import task

from .. import reading
from ..models import ExtractionStatus, ResourceVersion, version_upload_to

logger = logging.getLogger(__name__)

# What a run ends in, besides the ExtractionStatus values it saves.
GONE = "gone"  # the version was deleted
STALE = "stale"  # the file changed during the run: the newer run writes
COVER_NAME = "cover.png"


@task()
def extract_version(version_id: int) -> str:
    """Read version `version_id`'s file and save its text, page count and cover; returns what it saved
    (an ExtractionStatus value), or GONE or STALE when it saved nothing."""
    return extract(version_id)


def extract(version_id: int) -> str:
    """`extract_version`'s work, in this process (the command's --now runs it directly)."""
    version = (
        ResourceVersion.objects.filter(pk=version_id)
        .only("pk", "resource_id", "language", "file", "content_type", "sha256")
        .first()
    )
    if version is None:
        return GONE
    started_with = (version.file.name or "", version.sha256)
    if not version.file or not reading.is_readable(version.content_type):
        return _save(version, started_with, ExtractionStatus.NONE, reading.Reading(text=""))
    try:
        with version.file.open("rb") as file:
            found = reading.read_document(file, version.content_type)
    except reading.ReadingFailed as error:
        logger.warning("library: version %s (%s) could not be read: %s", version.pk, version.file.name, error)
        return _save(version, started_with, ExtractionStatus.FAILED, reading.Reading(text=""))
    except OSError as error:  # the storage lost the file, or cannot be reached
        logger.error("library: version %s: file %s could not be opened: %r", version.pk, version.file.name, error)
        return _save(version, started_with, ExtractionStatus.FAILED, reading.Reading(text=""))
    return _save(version, started_with, ExtractionStatus.DONE, found)


def _save(version: ResourceVersion, started_with: tuple[str, str], status: str, found: reading.Reading) -> str:
    """Write what was read, if the version still holds the file the run started with."""
    storage = ResourceVersion._meta.get_field("thumbnail").storage
    cover = (
        storage.save(version_upload_to(version, COVER_NAME), ContentFile(found.cover_png)) if found.cover_png else ""
    )
    with transaction.atomic():
        locked = ResourceVersion.objects.select_for_update().filter(pk=version.pk).first()
        if locked is None or (locked.file.name or "", locked.sha256) != started_with:
            outcome = GONE if locked is None else STALE
        else:
            outcome = status
            old_cover = locked.thumbnail.name or ""
            locked.extracted_text = found.text
            locked.page_count = found.page_count
            locked.thumbnail.name = cover
            locked.extraction = status
            locked.save(update_fields=["extracted_text", "page_count", "thumbnail", "extraction"])
            if old_cover and old_cover != cover:
                transaction.on_commit(lambda: storage.delete(old_cover))
    if outcome in (GONE, STALE):
        if cover:
            storage.delete(cover)
        logger.info("library: version %s %s during extraction; nothing saved", version.pk, outcome)
    return outcome

"""The background extraction: a version's file read into its text, page count and cover; a file that cannot
be read marks the version failed without troubling the worker; a file replaced during a run is left to
its own run; running twice is harmless; the operators' command re-runs what is pending or failed (or all)."""

import hashlib
import io
import logging

import pytest
from django.core.files.base import ContentFile
from django.core.management import call_command
from django_tasks import TaskResultStatus
from PIL import Image

from citynet.library import reading
from citynet.library.models import ExtractionStatus, ResourceVersion
from citynet.library.tasks import extraction
from citynet.library.tasks.extraction import extract_version
from citynet.library.tests import documents
from citynet.library.tests.factories import FileVersionFactory, ResourceVersionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def report_pdf() -> bytes:
    return documents.pdf_bytes("Synthetic assessment of Durrës", "Synthetic lessons learned")


def file_version(data: bytes, *, name="synthetic-report.pdf", content_type=documents.PDF, **kwargs):
    return FileVersionFactory(
        file=ContentFile(data, name=name),
        original_name=name,
        content_type=content_type,
        size=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
        **kwargs,
    )


def stored_names(version) -> set[str]:
    """The files kept under a version's resource and language (the test storage outlives a test's rows,
    whose ids are used again: compare what a run adds, not the whole folder)."""
    storage = ResourceVersion._meta.get_field("file").storage
    folder = f"library/{version.resource_id}/{version.language}"
    _dirs, files = storage.listdir(folder)
    return {f"{folder}/{name}" for name in files}


def test_a_pdf_versions_text_page_count_and_cover_are_saved(report_pdf):
    version = file_version(report_pdf)

    result = extract_version.enqueue(version.pk)

    assert result.status == TaskResultStatus.SUCCESSFUL
    assert result.return_value == ExtractionStatus.DONE
    version.refresh_from_db()
    assert version.extraction == ExtractionStatus.DONE
    assert "Synthetic assessment of Durrës" in version.extracted_text
    assert "Synthetic lessons learned" in version.extracted_text
    assert version.page_count == 2
    assert version.thumbnail.name.startswith(f"library/{version.resource_id}/en/cover")
    with version.thumbnail.open("rb") as cover:
        image = Image.open(io.BytesIO(cover.read()))
    assert image.format == "PNG"
    assert image.width <= reading.COVER_WIDTH


def test_extraction_leaves_the_versions_lock_and_change_date_alone(report_pdf):
    version = file_version(report_pdf)
    before = ResourceVersion.objects.values("version", "updated_at").get(pk=version.pk)

    extract_version.enqueue(version_id=version.pk)

    assert ResourceVersion.objects.values("version", "updated_at").get(pk=version.pk) == before


def test_running_twice_gives_the_same_text_and_keeps_one_cover(report_pdf, django_capture_on_commit_callbacks):
    version = file_version(report_pdf)
    before = stored_names(version)
    with django_capture_on_commit_callbacks(execute=True):
        extract_version.enqueue(version.pk)
    version.refresh_from_db()
    first_cover, first_text = version.thumbnail.name, version.extracted_text

    with django_capture_on_commit_callbacks(execute=True):
        extract_version.enqueue(version.pk)

    version.refresh_from_db()
    assert version.extracted_text == first_text
    assert version.extraction == ExtractionStatus.DONE
    assert version.thumbnail.name != first_cover
    assert stored_names(version) - before == {version.thumbnail.name}  # the first cover was deleted


def test_a_word_document_gets_its_text_and_no_cover():
    data = documents.docx_bytes(["Synthetic case study of Gjilan"])
    version = file_version(data, name="synthetic.docx", content_type=documents.DOCX)

    extract_version.enqueue(version.pk)

    version.refresh_from_db()
    assert version.extraction == ExtractionStatus.DONE
    assert version.extracted_text == "Synthetic case study of Gjilan"
    assert version.page_count is None
    assert not version.thumbnail


def test_an_unreadable_file_marks_the_version_failed_and_the_worker_carries_on(caplog):
    version = FileVersionFactory(extracted_text="Synthetic text of an older file")  # a synthetic, broken PDF

    with caplog.at_level(logging.WARNING, logger="citynet.library.tasks.extraction"):
        result = extract_version.enqueue(version.pk)

    assert result.status == TaskResultStatus.SUCCESSFUL
    assert result.return_value == ExtractionStatus.FAILED
    version.refresh_from_db()
    assert version.extraction == ExtractionStatus.FAILED
    assert version.extracted_text == ""
    assert version.page_count is None
    assert f"version {version.pk}" in caplog.text
    assert "could not be read" in caplog.text


def test_a_protected_pdf_is_marked_failed():
    version = file_version(documents.protected_pdf_bytes())

    extract_version.enqueue(version.pk)

    version.refresh_from_db()
    assert version.extraction == ExtractionStatus.FAILED


def test_a_file_missing_from_storage_is_marked_failed(report_pdf):
    version = file_version(report_pdf)
    version.file.storage.delete(version.file.name)

    result = extract_version.enqueue(version.pk)

    assert result.status == TaskResultStatus.SUCCESSFUL
    version.refresh_from_db()
    assert version.extraction == ExtractionStatus.FAILED


def test_a_version_with_only_its_own_text_has_nothing_to_extract():
    version = ResourceVersionFactory(extraction=ExtractionStatus.PENDING)

    extract_version.enqueue(version.pk)

    version.refresh_from_db()
    assert version.extraction == ExtractionStatus.NONE
    assert version.extracted_text == ""


def test_a_file_of_a_kind_that_is_not_read_has_nothing_to_extract():
    version = file_version(b"\x89PNG\r\n\x1a\n synthetic", name="synthetic.png", content_type="image/png")

    extract_version.enqueue(version.pk)

    version.refresh_from_db()
    assert version.extraction == ExtractionStatus.NONE


def test_a_file_replaced_during_the_run_is_left_to_the_newer_run(report_pdf, monkeypatch):
    version = file_version(report_pdf)
    before = stored_names(version)
    read = reading.read_document

    def read_while_someone_replaces_the_file(file, content_type):
        found = read(file, content_type)
        ResourceVersion.objects.filter(pk=version.pk).update(sha256="0" * 64)
        return found

    monkeypatch.setattr(reading, "read_document", read_while_someone_replaces_the_file)

    result = extract_version.enqueue(version.pk)

    assert result.return_value == extraction.STALE
    version.refresh_from_db()
    assert version.extraction == ExtractionStatus.PENDING
    assert version.extracted_text == ""
    assert not version.thumbnail
    assert stored_names(version) == before  # the cover this run drew was not kept


def test_a_version_deleted_during_the_run_saves_nothing(report_pdf, monkeypatch):
    version = file_version(report_pdf)
    read = reading.read_document

    def read_while_someone_deletes_the_version(file, content_type):
        found = read(file, content_type)
        ResourceVersion.objects.filter(pk=version.pk).delete()
        return found

    monkeypatch.setattr(reading, "read_document", read_while_someone_deletes_the_version)

    assert extract_version.enqueue(version.pk).return_value == extraction.GONE
    assert not ResourceVersion.objects.filter(pk=version.pk).exists()


def test_a_version_that_no_longer_exists_is_skipped():
    assert extract_version.enqueue(987654).return_value == extraction.GONE


# --- The operators' command ----------------------------------------------------------------------------


@pytest.fixture
def three_versions(report_pdf):
    pending = file_version(report_pdf)
    failed = file_version(report_pdf, extraction=ExtractionStatus.FAILED)
    done = file_version(report_pdf, extraction=ExtractionStatus.DONE, extracted_text="Synthetic older extraction")
    return pending, failed, done


def test_the_command_reads_the_pending_and_failed_versions_only(three_versions):
    pending, failed, done = three_versions
    out = io.StringIO()

    call_command("extract_library_text", stdout=out)

    for version in (pending, failed, done):
        version.refresh_from_db()
    assert pending.extraction == failed.extraction == ExtractionStatus.DONE
    assert "Synthetic lessons learned" in pending.extracted_text
    assert "Synthetic lessons learned" in failed.extracted_text
    assert done.extracted_text == "Synthetic older extraction"
    assert "2 version(s) queued" in out.getvalue()


def test_the_command_with_all_reads_every_version_with_a_file(three_versions):
    pending, failed, done = three_versions
    text_only = ResourceVersionFactory(language="sq")

    call_command("extract_library_text", "--all", stdout=io.StringIO())

    done.refresh_from_db()
    text_only.refresh_from_db()
    assert "Synthetic lessons learned" in done.extracted_text
    assert done.extraction == ExtractionStatus.DONE
    assert text_only.extraction == ExtractionStatus.NONE


def test_the_command_with_now_reads_in_its_own_process_and_says_what_happened(three_versions, monkeypatch):
    from citynet.library.management.commands import extract_library_text

    pending, failed, done = three_versions
    monkeypatch.setattr(extract_library_text, "extract_version", None)  # --now must not queue
    out = io.StringIO()

    call_command("extract_library_text", "--now", stdout=out)

    pending.refresh_from_db()
    assert pending.extraction == ExtractionStatus.DONE
    assert "2 version(s) read (done: 2)" in out.getvalue()

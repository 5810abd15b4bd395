"""The core's upload check: a file is known by its bytes, within a size, of the kinds the caller takes;
served back as a download the browser neither shows nor sniffs."""

import hashlib

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile

from citynet.core import uploads
from citynet.core.exceptions import InvalidInput

PDF_BYTES = b"%PDF-1.4\n% Synthetic\n%%EOF\n"
PNG_BYTES = b"\x89PNG\r\n\x1a\n" + b"\x00" * 40


def test_a_document_is_checked_by_its_bytes_and_its_digest_kept():
    upload = SimpleUploadedFile("folder/synthetic.bin", PDF_BYTES)
    checked = uploads.check_upload(upload, field="file", max_bytes=1024)

    assert (checked.content_type, checked.extension) == ("application/pdf", "pdf")
    assert checked.original_name == "synthetic.bin" and checked.size == len(PDF_BYTES)
    assert checked.sha256 == hashlib.sha256(PDF_BYTES).hexdigest()
    assert upload.read() == PDF_BYTES  # left at its start for the storage


def test_the_documents_are_pdf_and_office_files_not_images_by_default():
    assert set(uploads.DOCUMENT_TYPES.values()) == {"pdf", "docx", "xlsx", "odt", "pptx"}
    with pytest.raises(InvalidInput) as refused:
        uploads.check_upload(SimpleUploadedFile("synthetic.png", PNG_BYTES), field="cover", max_bytes=1024)
    message = refused.value.errors["cover"][0]
    assert "PDF" in message and "PowerPoint" in message


def test_a_caller_names_its_own_kinds_and_message():
    images = {uploads.PNG: "png"}
    assert (
        uploads.check_upload(SimpleUploadedFile("s.png", PNG_BYTES), field="f", allowed=images, max_bytes=99).extension
        == "png"
    )
    with pytest.raises(InvalidInput) as refused:
        uploads.check_upload(
            SimpleUploadedFile("s.pdf", PDF_BYTES), field="f", allowed=images, max_bytes=99, not_allowed="Synthetic no"
        )
    assert refused.value.errors == {"f": ["Synthetic no"]}


@pytest.mark.parametrize("content", [b"", b"<html><script>alert(1)</script></html>"], ids=["empty", "html"])
def test_an_empty_file_or_a_page_is_refused(content):
    with pytest.raises(InvalidInput):
        uploads.check_upload(SimpleUploadedFile("synthetic.pdf", content), field="file", max_bytes=1024)


def test_a_file_over_the_callers_limit_is_refused_at_its_field():
    with pytest.raises(InvalidInput) as refused:
        uploads.check_upload(SimpleUploadedFile("s.pdf", PDF_BYTES), field="file", max_bytes=10)
    assert "too large" in refused.value.errors["file"][0]


def test_a_stored_file_is_served_as_an_attachment_the_browser_does_not_sniff():
    stored = ContentFile(b"<html>Synthetic</html>", name="synthetic.pdf")
    response = uploads.download(stored, filename="synthetic report.pdf", content_type="application/pdf")

    assert response["Content-Disposition"].startswith("attachment;")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in response["Content-Security-Policy"]
    assert response["Content-Type"] == "application/pdf"

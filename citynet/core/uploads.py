"""Files people upload (grants' attachments and reports, events' documents, the library's language
versions): checked by their bytes, never by their name, and by their size; served back only as downloads.

`filetype` reads the first bytes (magic numbers): a page of HTML renamed `plan.pdf` is refused, a real
PDF named `plan.txt` is accepted as a PDF. Office formats are ZIP containers that filetype tells apart
by their content listing. Each app says which kinds it takes (`allowed`: content type -> the extension
the file is stored with) and how large a file may be (its own setting).
"""

import hashlib
from dataclasses import dataclass

import filetype
from django.core.files.uploadedfile import UploadedFile
from django.http import FileResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .exceptions import InvalidInput

PDF = "application/pdf"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PPTX = "application/vnd.openxmlformats-officedocument.presentationml.presentation"
ODT = "application/vnd.oasis.opendocument.text"
PNG = "image/png"
JPEG = "image/jpeg"

# Documents: PDF and office files (what the library takes).
DOCUMENT_TYPES = {PDF: "pdf", DOCX: "docx", XLSX: "xlsx", ODT: "odt", PPTX: "pptx"}

# How a kind of file is called in a refusal's message.
KIND_NAMES = {
    PDF: gettext_lazy("PDF"),
    DOCX: gettext_lazy("Word"),
    XLSX: gettext_lazy("Excel"),
    PPTX: gettext_lazy("PowerPoint"),
    ODT: gettext_lazy("OpenDocument text"),
    PNG: gettext_lazy("PNG"),
    JPEG: gettext_lazy("JPEG"),
}

# The bytes read to tell the kind of a file (office formats are told apart by their ZIP listing).
HEAD_BYTES = 8192


@dataclass(frozen=True)
class CheckedUpload:
    content_type: str
    extension: str
    size: int
    sha256: str
    original_name: str


def _refused(field: str, message) -> InvalidInput:
    return InvalidInput(message, errors={field: [message]})


def too_large_message(max_bytes: int) -> str:
    return _("The file is too large: at most %(size)s MB.") % {"size": round(max_bytes / 1024 / 1024, 1)}


def not_allowed_message(allowed: dict[str, str]) -> str:
    kinds = ", ".join(str(KIND_NAMES.get(mime, extension.upper())) for mime, extension in allowed.items())
    return _("This kind of file is not accepted. Accepted: %(kinds)s.") % {"kinds": kinds}


def check_upload(
    upload: UploadedFile,
    *,
    field: str,
    allowed: dict[str, str] = DOCUMENT_TYPES,
    max_bytes: int,
    not_allowed: str | None = None,
) -> CheckedUpload:
    """What `upload` really is, or InvalidInput at `field` when it is larger than `max_bytes` or its bytes
    are not of a kind in `allowed` (`not_allowed`: the message then, else one naming the allowed kinds).
    Reads the file but writes nothing; the file is left at its start."""
    if upload.size is None or upload.size > max_bytes:
        raise _refused(field, too_large_message(max_bytes))
    upload.seek(0)
    guessed = filetype.guess(upload.read(HEAD_BYTES))
    if guessed is None or guessed.mime not in allowed:
        raise _refused(field, not_allowed or not_allowed_message(allowed))
    digest = hashlib.sha256()
    upload.seek(0)
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    return CheckedUpload(
        content_type=guessed.mime,
        extension=allowed[guessed.mime],
        size=upload.size,
        sha256=digest.hexdigest(),
        original_name=(upload.name or "file").rsplit("/", 1)[-1][-200:],
    )


def download(field_file, *, filename: str, content_type: str) -> FileResponse:
    """A stored file as a download, never shown inline: the browser saves it and does not sniff it."""
    response = FileResponse(field_file.open("rb"), as_attachment=True, filename=filename, content_type=content_type)
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response

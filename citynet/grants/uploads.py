"""Files people upload to grants (application attachments, grantees' reports): checked by their bytes,
never by their name, and by their size; served back only as downloads.

`filetype` reads the first bytes (magic numbers): a page of HTML renamed `plan.pdf` is refused, a real
PDF named `plan.txt` is accepted as a PDF. Office formats are ZIP containers that filetype tells apart
by their content listing.
"""

import hashlib
from dataclasses import dataclass

import filetype
from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.http import FileResponse
from django.utils.translation import gettext as _

from citynet.core.exceptions import InvalidInput

# What an upload may be, by its content: PDF, office documents, images; and the extension it is stored with.
ALLOWED_TYPES = {
    "application/pdf": "pdf",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "docx",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": "xlsx",
    "application/vnd.oasis.opendocument.text": "odt",
    "image/png": "png",
    "image/jpeg": "jpg",
}


def max_upload_bytes() -> int:
    return settings.GRANTS_MAX_UPLOAD_BYTES  # config/settings/base.py (GRANTS_MAX_UPLOAD_BYTES)


@dataclass(frozen=True)
class CheckedUpload:
    content_type: str
    extension: str
    size: int
    sha256: str
    original_name: str


def check_upload(upload: UploadedFile, *, field: str) -> CheckedUpload:
    """What `upload` really is, or InvalidInput at `field` when it is too large or not an allowed kind."""
    limit = max_upload_bytes()
    if upload.size > limit:
        message = _("The file is too large: at most %(size)s MB.") % {"size": round(limit / 1024 / 1024, 1)}
        raise InvalidInput(message, errors={field: [message]})
    upload.seek(0)
    guessed = filetype.guess(upload.read(8192))
    if guessed is None or guessed.mime not in ALLOWED_TYPES:
        message = _("This file is not a PDF, Word, Excel, OpenDocument text, PNG or JPEG file.")
        raise InvalidInput(message, errors={field: [message]})
    digest = hashlib.sha256()
    upload.seek(0)
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    return CheckedUpload(
        content_type=guessed.mime,
        extension=ALLOWED_TYPES[guessed.mime],
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

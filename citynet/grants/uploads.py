"""Files people upload to grants (application attachments, grantees' reports): the core's check
(`citynet.core.uploads`: by their bytes, never by their name, and by their size) with the grants' kinds
(PDF, office documents, images) and limit (settings.GRANTS_MAX_UPLOAD_BYTES); served back only as
downloads.
"""

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _

from citynet.core import uploads
from citynet.core.uploads import DOCX, JPEG, ODT, PDF, PNG, XLSX, CheckedUpload, download

__all__ = ["ALLOWED_TYPES", "CheckedUpload", "check_upload", "download", "max_upload_bytes"]

# What an upload may be, by its content: PDF, office documents, images; and the extension it is stored with.
ALLOWED_TYPES = {PDF: "pdf", DOCX: "docx", XLSX: "xlsx", ODT: "odt", PNG: "png", JPEG: "jpg"}


def max_upload_bytes() -> int:
    return settings.GRANTS_MAX_UPLOAD_BYTES  # config/settings/base.py (GRANTS_MAX_UPLOAD_BYTES)


def check_upload(upload: UploadedFile, *, field: str) -> CheckedUpload:
    """What `upload` really is, or InvalidInput at `field` when it is too large or not an allowed kind."""
    return uploads.check_upload(
        upload,
        field=field,
        allowed=ALLOWED_TYPES,
        max_bytes=max_upload_bytes(),
        not_allowed=_("This file is not a PDF, Word, Excel, OpenDocument text, PNG or JPEG file."),
    )

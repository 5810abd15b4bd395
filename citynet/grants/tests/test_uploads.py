"""Applicants' and grantees' files: checked by their bytes, kept where the proxy never serves them."""

from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.storage import storages
from django.core.files.uploadedfile import SimpleUploadedFile

from citynet.core.exceptions import InvalidInput
from citynet.grants.models import Attachment, GrantReport, private_storage
from citynet.grants.tests.factories import PDF_BYTES
from citynet.grants.uploads import check_upload


def test_grant_files_are_kept_in_the_private_storage_never_under_media_root():
    for model in (Attachment, GrantReport):
        # The field asks for the storage by name (settings.STORAGES["private"]), not for the default one.
        assert model._meta.get_field("file")._storage_callable is private_storage
    assert private_storage() is storages["private"]
    private, media = Path(settings.PRIVATE_MEDIA_ROOT).resolve(), Path(settings.MEDIA_ROOT).resolve()
    assert media not in private.parents and private != media


def test_an_upload_is_known_by_its_bytes_not_its_name():
    checked = check_upload(SimpleUploadedFile("plan.txt", PDF_BYTES), field="file")
    assert (checked.content_type, checked.extension, checked.original_name) == ("application/pdf", "pdf", "plan.txt")
    with pytest.raises(InvalidInput) as refused:
        check_upload(SimpleUploadedFile("plan.pdf", b"<!doctype html><p>hello"), field="q7")
    assert list(refused.value.errors) == ["q7"]


def test_an_upload_over_the_limit_is_refused_at_its_field(settings):
    settings.GRANTS_MAX_UPLOAD_BYTES = 10
    with pytest.raises(InvalidInput) as refused:
        check_upload(SimpleUploadedFile("plan.pdf", PDF_BYTES), field="file")
    assert "too large" in refused.value.errors["file"][0]

"""The registry version that cached fragments hang on moves only when a write is committed."""

import pytest
from django.db import transaction

from citynet.core.cache import registry_version
from citynet.network.tests.factories import MunicipalityFactory

pytestmark = pytest.mark.django_db


def test_a_write_bumps_the_version_only_once_it_is_committed(django_capture_on_commit_callbacks):
    before = registry_version()
    with django_capture_on_commit_callbacks(execute=False) as at_commit:
        MunicipalityFactory()
        # A reader now would cache what it reads under `before`: the write is not visible to it yet.
        assert registry_version() == before
    assert registry_version() == before
    for callback in at_commit:  # the transaction commits
        callback()
    assert registry_version() > before


def test_a_rolled_back_write_leaves_the_version_alone(django_capture_on_commit_callbacks):
    before = registry_version()
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(RuntimeError), transaction.atomic():
        MunicipalityFactory()
        raise RuntimeError("the write fails")
    assert registry_version() == before

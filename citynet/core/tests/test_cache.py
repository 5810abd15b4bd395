"""The registry version that cached fragments hang on moves only when a write is committed."""

import pytest
from django.core.cache import cache
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


def test_a_request_reads_the_version_once_and_again_after_a_bump(django_capture_on_commit_callbacks):
    from django.core.signals import request_finished, request_started

    from citynet.core import cache as versions

    request_started.send(sender=None)
    try:
        first = registry_version()
        cache.set(versions.VERSION_KEY, first + 5, timeout=None)  # another server's write
        assert registry_version() == first  # one reading per request
        with django_capture_on_commit_callbacks(execute=True):
            versions.bump_registry_version()
        assert registry_version() == first + 6  # this request's own write is seen at once
    finally:
        request_finished.send(sender=None)
    cache.set(versions.VERSION_KEY, first + 10, timeout=None)
    assert registry_version() == first + 10  # outside a request: read each time


def test_a_flushed_cache_never_gives_back_an_old_version():
    before = registry_version()
    cache.clear()
    assert registry_version() > before


def test_remembered_values_come_from_this_process_until_their_key_changes():
    from citynet.core.cache import remembered

    computed = []

    def compute():
        computed.append(1)
        return ["Synthetic region"]

    key = f"citynet:test:{registry_version()}"
    assert remembered(key, compute) == ["Synthetic region"]
    cache.clear()  # the shared cache loses it; this process still has it under the same key
    assert remembered(key, compute) == ["Synthetic region"] and len(computed) == 1
    assert remembered(f"citynet:test:{registry_version()}", compute) and len(computed) == 2

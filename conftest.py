"""Fixtures shared by every app's tests."""

import pytest
from django.utils import translation


@pytest.fixture(autouse=True)
def _english_by_default():
    """Each test starts in English, as a request without a prefix would; tests switch as they need."""
    with translation.override("en"):
        yield


@pytest.fixture(autouse=True)
def _empty_cache():
    """Cached fragments never leak from one test's data into another's."""
    from django.core.cache import caches

    from citynet.core.cache import forget_local

    for alias in ("default", "local"):
        caches[alias].clear()
    forget_local()
    yield


@pytest.fixture
def western_balkans(db):
    """The seed's registry and hub pages (without the gazetteer, which tests of its own cover)."""
    from citynet.core.actors import SYSTEM
    from citynet.hub.demo import load_pages
    from citynet.network.demo import load_western_balkans

    region = load_western_balkans(actor=SYSTEM, with_gazetteer=False)
    load_pages(region)
    return region


@pytest.fixture
def western_balkans_registry(db):
    """The seed's registry alone, without the hub's Wagtail pages (faster, for data and API tests)."""
    from citynet.core.actors import SYSTEM
    from citynet.network.demo import load_western_balkans

    return load_western_balkans(actor=SYSTEM, with_gazetteer=False)

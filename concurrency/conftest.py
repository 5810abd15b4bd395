"""What every concurrency test needs (they run in a pytest process of their own)."""

import pytest


@pytest.fixture(autouse=True)
def fresh_content_types():
    """A flush by an earlier transactional test re-creates content types under new ids: forget the old ones."""
    from django.contrib.contenttypes.models import ContentType

    ContentType.objects.clear_cache()
    yield
    ContentType.objects.clear_cache()

import pytest

from citynet.search import services


@pytest.fixture
def indexed(db):
    """Builds the search index from whatever a test made (the index is written on commit, and a test's
    transaction never commits): call it after making the records."""

    def build():
        return services.rebuild()

    return build

"""Fixtures the grants' tests share."""

import pytest

from citynet.network.tests.factories import CountryFactory, RegionFactory


@pytest.fixture
def region():
    """A synthetic region ("here") with Albania in it: where the tests' calls run."""
    region = RegionFactory(slug="here")
    CountryFactory(code="AL", region=region)
    return region

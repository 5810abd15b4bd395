"""The core's own URLs: the probes a load balancer and an operator call. Open to everyone.

Collected by citynet/core/tests/test_url_matrix.py; how to write rows and scenes: docs/testing.md.
"""

from types import SimpleNamespace

from citynet.core.testing import ROLES, Row
from citynet.network.tests.factories import MunicipalityFactory


def scene():
    city = MunicipalityFactory()
    return SimpleNamespace(city=city, region=city.country.region)


ROWS = [
    Row("healthz", "GET", lambda s: "/healthz", dict.fromkeys(ROLES, 200)),
    Row("readyz", "GET", lambda s: "/readyz", dict.fromkeys(ROLES, 200)),
]

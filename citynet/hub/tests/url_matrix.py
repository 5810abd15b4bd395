"""The hub's public pages and the focal point's profile editor, as each role meets them.

Collected by citynet/core/tests/test_url_matrix.py; how to write rows and scenes: docs/testing.md.
"""

from types import SimpleNamespace

from django.urls import reverse

from citynet.core.testing import LOGIN, ROLES, Row
from citynet.network.tests.factories import (
    CountryFactory,
    OrganisationFactory,
    PartnershipFactory,
    RegionFactory,
    member_municipality,
)


def scene():
    region = RegionFactory(slug="here")
    city = member_municipality(country=CountryFactory(code="XK", region=region))
    organisation = OrganisationFactory()
    PartnershipFactory(organisation=organisation, region=region)
    return SimpleNamespace(region=region, city=city, organisation=organisation)


EVERYONE = dict.fromkeys(ROLES, 200)
# A city's public profile: its focal point, its region's coordinators and the secretariat edit it;
# everyone else signed in is told it does not exist; the anonymous are asked to sign in.
CITY_EDITORS = {
    **dict.fromkeys(ROLES, 404),
    "anonymous": LOGIN,
    "focal_point": 200,
    "coordinator": 200,
    "secretariat": 200,
}


def edit_url(s):
    return reverse("hub:municipality-edit", args=[s.city.slug])


ROWS = [
    Row("hub:municipality-detail", "GET", lambda s: reverse("hub:municipality-detail", args=[s.city.slug]), EVERYONE),
    Row("hub:municipality-edit", "GET", edit_url, CITY_EDITORS),
    # An empty form: the editors see it again with its errors; nothing is saved.
    Row("hub:municipality-edit", "POST", edit_url, CITY_EDITORS),
    Row(
        "hub:organisation-detail",
        "GET",
        lambda s: reverse("hub:organisation-detail", args=[s.organisation.slug]),
        EVERYONE,
    ),
    Row("hub:region-hub", "GET", lambda s: reverse("hub:region-hub", args=["no-such-page"]), dict.fromkeys(ROLES, 404)),
    Row("hub:region-members", "GET", lambda s: reverse("hub:region-members", args=[s.region.slug]), EVERYONE),
    Row("hub:region-map-points", "GET", lambda s: reverse("hub:region-map-points", args=[s.region.slug]), EVERYONE),
]

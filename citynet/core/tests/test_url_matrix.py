"""Every URL of the project, visited as every role: each must answer as this table says.

The meta-test fails when a named URL has no row here, so a new view cannot ship without deciding who
may see it. Admin screens have their own matrix in citynet/network/tests/test_admin.py.
"""

from types import SimpleNamespace

import pytest
from django.urls import reverse

from citynet.core.testing import ROLES, actor, project_url_names
from citynet.network.tests.factories import (
    CountryFactory,
    OrganisationFactory,
    PartnershipFactory,
    RegionFactory,
    member_municipality,
)

EVERYONE = dict.fromkeys(ROLES, 200)
REFUSED_TO_ALL = dict.fromkeys(ROLES, 405)
# A city's public profile: its focal point, its region's coordinators and the secretariat edit it;
# everyone else signed in is told it does not exist; the anonymous are asked to sign in.
CITY_EDITORS = {
    **dict.fromkeys(ROLES, 404),
    "anonymous": 302,
    "focal_point": 200,
    "coordinator": 200,
    "secretariat": 200,
}

MATRIX = {
    "healthz": ("get", lambda s: "/healthz", EVERYONE),
    "readyz": ("get", lambda s: "/readyz", EVERYONE),
    "hub:search": ("get", lambda s: reverse("hub:search") + "?q=synthetic", EVERYONE),
    "hub:municipality-detail": ("get", lambda s: reverse("hub:municipality-detail", args=[s.city.slug]), EVERYONE),
    "hub:municipality-edit": ("get", lambda s: reverse("hub:municipality-edit", args=[s.city.slug]), CITY_EDITORS),
    "hub:organisation-detail": (
        "get",
        lambda s: reverse("hub:organisation-detail", args=[s.organisation.slug]),
        EVERYONE,
    ),
    "hub:region-hub": ("get", lambda s: reverse("hub:region-hub", args=["no-such-page"]), dict.fromkeys(ROLES, 404)),
    "hub:region-members": ("get", lambda s: reverse("hub:region-members", args=[s.region.slug]), EVERYONE),
    "api:api-root": ("get", lambda s: "/api/v1/", dict.fromkeys(ROLES, 404)),
    "api:openapi-json": ("get", lambda s: "/api/v1/openapi.json", EVERYONE),
    "api:openapi-view": ("get", lambda s: "/api/v1/docs", EVERYONE),
    "api:region-list": ("get", lambda s: "/api/v1/regions", EVERYONE),
    "api:region-detail": ("get", lambda s: f"/api/v1/regions/{s.region.slug}", EVERYONE),
    "api:country-list": ("get", lambda s: "/api/v1/countries", EVERYONE),
    "api:country-detail": ("get", lambda s: "/api/v1/countries/XK", EVERYONE),
    "api:municipality-list": ("get", lambda s: "/api/v1/municipalities?q=synthetic", EVERYONE),
    "api:municipality-detail": ("get", lambda s: f"/api/v1/municipalities/{s.city.slug}", EVERYONE),
    "api:organisation-list": ("get", lambda s: "/api/v1/organisations", EVERYONE),
    "api:organisation-detail": ("get", lambda s: f"/api/v1/organisations/{s.organisation.slug}", EVERYONE),
    "api:_refuse_collection": ("post", lambda s: "/api/v1/municipalities", REFUSED_TO_ALL),
    "api:_refuse_slug": ("delete", lambda s: f"/api/v1/municipalities/{s.city.slug}", REFUSED_TO_ALL),
    "api:_refuse_code": ("put", lambda s: "/api/v1/countries/XK", REFUSED_TO_ALL),
}


@pytest.fixture
def scene(db):
    region = RegionFactory(slug="here")
    city = member_municipality(country=CountryFactory(code="XK", region=region))
    organisation = OrganisationFactory()
    PartnershipFactory(organisation=organisation, region=region)
    return SimpleNamespace(region=region, city=city, organisation=organisation)


def test_every_project_url_has_an_expected_outcome_for_every_role():
    missing = project_url_names() - set(MATRIX)
    assert not missing, f"add these URLs to MATRIX with the status each role should get: {sorted(missing)}"
    for name, (_method, _path, expected) in MATRIX.items():
        assert set(expected) == set(ROLES), name


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("name", sorted(MATRIX))
def test_url_answers_as_the_matrix_says(client, scene, name, role):
    method, path, expected = MATRIX[name]
    user = actor(role, city=scene.city, region=scene.region)
    if user.is_authenticated:
        client.force_login(user)
    response = getattr(client, method)(path(scene))
    assert response.status_code == expected[role], f"{name} as {role}"

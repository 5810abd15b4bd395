"""The registry's URLs as each role meets them: the public API, and the registry's screens in the admin.

Collected by citynet/core/tests/test_url_matrix.py; how to write rows and scenes: docs/testing.md.
"""

from types import SimpleNamespace

from citynet.core.testing import LOGIN, ROLES, Row, refused_where_it_opens
from citynet.network.models import ReportedFigure
from citynet.network.tests.factories import (
    CountryFactory,
    MembershipFactory,
    MunicipalityFactory,
    OrganisationFactory,
    PartnershipFactory,
    PositionFactory,
    RegionFactory,
    TopicFactory,
    member_municipality,
)


def scene():
    """One region with one record of every kind, and a city in another region."""
    region = RegionFactory(slug="here")
    country = CountryFactory(code="XK", region=region)
    city = member_municipality(country=country)
    organisation = OrganisationFactory()
    position = PositionFactory(municipality=city)
    elsewhere = MunicipalityFactory(country=CountryFactory(code="RS", region=RegionFactory()))
    return SimpleNamespace(
        region=region,
        city=city,
        elsewhere=elsewhere,
        records={
            "region": region,
            "country": country,
            "municipality": city,
            "membership": MembershipFactory(municipality=city),
            "organisation": organisation,
            "partnership": PartnershipFactory(organisation=organisation, region=region),
            "person": position.person,
            "position": position,
            "reportedfigure": ReportedFigure.objects.create(
                region=region, measure="members", value=40, source_en="Synthetic source", as_of="2024-01-01"
            ),
            "topic": TopicFactory(),
        },
    )


# --- The public API: the same for everyone, read-only -------------------------------------------------

EVERYONE = dict.fromkeys(ROLES, 200)
NOWHERE = dict.fromkeys(ROLES, 404)
REFUSED = dict.fromkeys(ROLES, 405)
WRITES = ["POST", "PUT", "PATCH", "DELETE"]

API_ROWS = [
    Row("api:api-root", "GET", lambda s: "/api/v1/", NOWHERE),
    Row("api:openapi-json", "GET", lambda s: "/api/v1/openapi.json", EVERYONE),
    Row("api:openapi-view", "GET", lambda s: "/api/v1/docs", EVERYONE),
    Row("api:region-list", "GET", lambda s: "/api/v1/regions", EVERYONE),
    Row("api:region-detail", "GET", lambda s: f"/api/v1/regions/{s.region.slug}", EVERYONE),
    Row("api:country-list", "GET", lambda s: "/api/v1/countries", EVERYONE),
    Row("api:country-detail", "GET", lambda s: "/api/v1/countries/XK", EVERYONE),
    Row("api:municipality-list", "GET", lambda s: "/api/v1/municipalities?q=synthetic", EVERYONE),
    Row("api:municipality-detail", "GET", lambda s: f"/api/v1/municipalities/{s.city.slug}", EVERYONE),
    Row("api:organisation-list", "GET", lambda s: "/api/v1/organisations", EVERYONE),
    Row(
        "api:organisation-detail",
        "GET",
        lambda s: f"/api/v1/organisations/{s.records['organisation'].slug}",
        EVERYONE,
    ),
]
# Every collection and record refuses writes, whoever asks.
for _name, _path in [
    ("regions", lambda s: "/api/v1/regions"),
    ("region", lambda s: f"/api/v1/regions/{s.region.slug}"),
    ("countries", lambda s: "/api/v1/countries"),
    ("country", lambda s: "/api/v1/countries/XK"),
    ("municipalities", lambda s: "/api/v1/municipalities"),
    ("municipality", lambda s: f"/api/v1/municipalities/{s.city.slug}"),
    ("organisations", lambda s: "/api/v1/organisations"),
    ("organisation", lambda s: f"/api/v1/organisations/{s.records['organisation'].slug}"),
]:
    API_ROWS += [Row(f"api {_name}", method, _path, REFUSED) for method in WRITES]


# --- The registry in the admin ------------------------------------------------------------------------
# Roles that cannot differ from "user" here (member, other_focal_point, applicant, reviewer) are left out:
# no role but the secretariat's and the coordinators' opens the admin.

OUTSIDERS = {"anonymous": LOGIN, "user": LOGIN, "focal_point": LOGIN}
DENIED = 302  # Wagtail's answer to an admin user without the permission: back to the dashboard, with a message

# Each kind of URL of a registry viewset: its method, its path, and the permission it needs; None for
# the pages that need any permission on the model (listings, exports, history, usage).
ADMIN_URLS = [
    ("index", "GET", lambda ns, obj: f"/admin/{ns}/", None),
    ("index_results", "GET", lambda ns, obj: f"/admin/{ns}/results/", None),
    ("export csv", "GET", lambda ns, obj: f"/admin/{ns}/?export=csv", None),
    ("export xlsx", "GET", lambda ns, obj: f"/admin/{ns}/?export=xlsx", None),
    ("add", "GET", lambda ns, obj: f"/admin/{ns}/new/", "add"),
    ("add", "POST", lambda ns, obj: f"/admin/{ns}/new/", "add"),
    ("edit", "GET", lambda ns, obj: f"/admin/{ns}/edit/{obj.pk}/", "change"),
    ("edit", "POST", lambda ns, obj: f"/admin/{ns}/edit/{obj.pk}/", "change"),
    ("delete", "GET", lambda ns, obj: f"/admin/{ns}/delete/{obj.pk}/", "delete"),
    ("delete", "POST", lambda ns, obj: f"/admin/{ns}/delete/{obj.pk}/", "delete"),
    ("history", "GET", lambda ns, obj: f"/admin/{ns}/history/{obj.pk}/", None),
    ("history_results", "GET", lambda ns, obj: f"/admin/{ns}/history-results/{obj.pk}/", None),
    ("usage", "GET", lambda ns, obj: f"/admin/{ns}/usage/{obj.pk}/", None),
]
PER_RECORD = {"edit", "delete", "history", "history_results", "usage"}
# Django's form and delete views take PUT (as a POST) and DELETE (a delete without the admin's delete
# action: no audit entry, no service); the admin must refuse them (405) to whoever may open the page,
# and turn the others away as the page does.
UNSAFE_ALIASES = {"add": "PUT", "edit": "PUT", "delete": "DELETE"}


def admin_rows(namespace: str, record: str, coordinator_may: set[str]) -> list[Row]:
    """One viewset's rows. `coordinator_may`: what a coordinator may do to their own region's records.

    The secretariat may do everything. A coordinator gets what `coordinator_may` allows on their own
    region's record and is turned back to the dashboard (302) from the rest. A record they may not see
    (another region's, or any of a model they do not manage) does not exist for them (404), except on
    the edit page, where Wagtail checks the model's permission first (302).
    """
    rows = []
    for kind, method, path, permission in ADMIN_URLS:
        may = bool(coordinator_may) if permission is None else permission in coordinator_may
        permitted = 302 if (kind, method) == ("delete", "POST") else 200  # a delete redirects; a form shows again
        own = other = permitted if may else DENIED
        if kind in PER_RECORD and not (kind == "edit" and not coordinator_may):
            other = 404
            if not coordinator_may:
                own = 404
        expected = {**OUTSIDERS, "coordinator": own, "other_coordinator": other, "secretariat": permitted}
        visit = lambda s, p=path, n=namespace, r=record: p(n, s.records[r])  # noqa: E731
        rows.append(Row(f"{namespace}:{kind}", method, visit, expected))
        if method == "GET" and kind in UNSAFE_ALIASES:
            refused = refused_where_it_opens(expected)
            if kind == "edit":  # the edit view fetches its record after the method check, the delete view before
                refused["other_coordinator"] = refused["coordinator"]
            rows.append(Row(f"{namespace}:{kind}", UNSAFE_ALIASES[kind], visit, refused))
    return rows


EDIT = {"add", "change", "delete"}
# What a coordinator may do in their own region (citynet.network.admin_views.POLICIES).
COORDINATOR_MAY = {
    "region": set(),
    "country": {"change"},
    "municipality": {"add", "change"},
    "membership": EDIT,
    "organisation": set(),
    "partnership": EDIT,
    "person": {"add", "change"},
    "position": EDIT,
    "reportedfigure": EDIT,
    "topic": set(),  # the network's taxonomy: the secretariat's alone
}
ADMIN_ROWS = [
    Row(
        "wagtailadmin_home",
        "GET",
        lambda s: "/admin/",
        {**OUTSIDERS, "coordinator": 200, "other_coordinator": 200, "secretariat": 200},
    ),
    *[row for model, may in COORDINATOR_MAY.items() for row in admin_rows(model, model, may)],
]

ROWS = API_ROWS + ADMIN_ROWS

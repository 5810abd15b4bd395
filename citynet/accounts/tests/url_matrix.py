"""Role assignments in the admin: the secretariat's alone.

Collected by citynet/core/tests/test_url_matrix.py; how to write rows and scenes: docs/testing.md.
"""

from types import SimpleNamespace

from citynet.accounts.tests import factories as people
from citynet.core.testing import LOGIN, Row, refused_where_it_opens
from citynet.network.tests.factories import MunicipalityFactory, RegionFactory


def scene():
    region = RegionFactory(slug="here")
    city = MunicipalityFactory()
    return SimpleNamespace(region=region, city=city, assignment=people.RoleFactory(municipality=city))


# Only the secretariat manages roles; a coordinator is turned back to the dashboard (a redirect), and
# those without admin access are asked to sign in. Other roles cannot differ from "user" here.
ROLE_ADMINS = {
    "anonymous": LOGIN,
    "user": LOGIN,
    "focal_point": LOGIN,
    "coordinator": 302,
    "other_coordinator": 302,
    "secretariat": 200,
}


def _assignment(suffix):
    return lambda s: f"/admin/role_assignments/{suffix.format(pk=s.assignment.pk)}"


ROWS = [
    Row("role_assignments:index", "GET", _assignment(""), ROLE_ADMINS),
    Row("role_assignments:index_results", "GET", _assignment("results/"), ROLE_ADMINS),
    Row("role_assignments:export csv", "GET", _assignment("?export=csv"), ROLE_ADMINS),
    Row("role_assignments:export xlsx", "GET", _assignment("?export=xlsx"), ROLE_ADMINS),
    Row("role_assignments:add", "GET", _assignment("new/"), ROLE_ADMINS),
    Row("role_assignments:add", "POST", _assignment("new/"), ROLE_ADMINS),
    Row("role_assignments:edit", "GET", _assignment("edit/{pk}/"), ROLE_ADMINS),
    Row("role_assignments:edit", "POST", _assignment("edit/{pk}/"), ROLE_ADMINS),
    # PUT and DELETE would bypass the role services (a DELETE removes the assignment unaudited).
    Row("role_assignments:add", "PUT", _assignment("new/"), refused_where_it_opens(ROLE_ADMINS)),
    Row("role_assignments:edit", "PUT", _assignment("edit/{pk}/"), refused_where_it_opens(ROLE_ADMINS)),
    Row("role_assignments:delete", "DELETE", _assignment("delete/{pk}/"), refused_where_it_opens(ROLE_ADMINS)),
    Row("role_assignments:delete", "GET", _assignment("delete/{pk}/"), ROLE_ADMINS),
    Row("role_assignments:delete", "POST", _assignment("delete/{pk}/"), {**ROLE_ADMINS, "secretariat": 302}),
    Row("role_assignments:history", "GET", _assignment("history/{pk}/"), ROLE_ADMINS),
    Row("role_assignments:history_results", "GET", _assignment("history-results/{pk}/"), ROLE_ADMINS),
    Row("role_assignments:usage", "GET", _assignment("usage/{pk}/"), ROLE_ADMINS),
]

"""Every URL of the project, visited as every role: each must answer as its app's matrix says.

Each app ships its rows and its scene in citynet/<app>/tests/url_matrix.py (docs/testing.md). The
meta-test fails when a URL the project serves has no row, so a new view cannot ship without deciding
who may see it.

The scenes and the accounts are built once for this module, inside a transaction that is rolled back
at the end; each test runs in a savepoint of its own (pytest-django's `db`), so a write one test makes
(a delete in the admin) is gone before the next.
"""

import pytest
from django.db import transaction
from django.http import HttpResponse
from django.test import override_settings
from django.urls import path

from citynet.core.testing import REQUIRED_ROLES, app_matrices, missing_rows, outcome, project_endpoints, sign_in
from config import urls as project_urls

MATRICES = app_matrices()
CASES = [
    pytest.param(matrix.app, row, role, id=f"{row.id} as {role}")
    for matrix in MATRICES
    for row in matrix.rows
    for role in row.expected
]


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    """Every app's scene, and for each app one account per role it names."""
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            scenes = {matrix.app: matrix.scene() for matrix in MATRICES}
            actors = {
                (matrix.app, role): build(scenes[matrix.app])
                for matrix in MATRICES
                for role, build in matrix.actors.items()
                if any(role in row.expected for row in matrix.rows)
            }
            yield scenes, actors
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


def test_every_project_url_has_a_row_for_each_method(db, world):
    scenes, _actors = world
    missing = missing_rows(MATRICES, scenes)
    assert not missing, (
        "add a Row to the app's tests/url_matrix.py for each of these (route, method), "
        f"with what each role should get: {missing}"
    )


@pytest.mark.parametrize("matrix", MATRICES, ids=lambda m: m.app)
def test_every_row_names_every_kind_of_account_and_only_known_roles(matrix):
    for row in matrix.rows:
        assert set(row.expected) >= REQUIRED_ROLES, f"{row.id}: add {sorted(REQUIRED_ROLES - set(row.expected))}"
        assert set(row.expected) <= set(matrix.actors), f"{row.id}: unknown {set(row.expected) - set(matrix.actors)}"
    ids = [row.id for row in matrix.rows]
    assert len(ids) == len(set(ids)), "two rows share a name and method"


@pytest.mark.parametrize(("app", "row", "role"), CASES)
def test_url_answers_as_the_matrix_says(client, db, world, app, row, role):
    scenes, actors = world
    scene = scenes[app]
    sign_in(client, actors[app, role])
    data = row.data(scene) if row.data else {}
    url = row.path(scene)
    if row.method in {"GET", "POST"}:
        response = getattr(client, row.method.lower())(url, data)
    else:
        response = client.generic(row.method, url)
    assert outcome(response) == row.expected[role], f"{row.id} as {role}"


# --- The meta-test catches a new URL --------------------------------------------------------------------


def synthetic_new_view(request):
    return HttpResponse("a page someone forgot to put in the matrix")


# The project's URLs and one more, whose view lives in a citynet module: what a new app would add.
urlpatterns = [*project_urls.urlpatterns, path("synthetic-new-page/", synthetic_new_view, name="synthetic-new-page")]


def test_a_new_url_without_a_row_is_reported_when_an_app_adds_one(db, world):
    scenes, _actors = world
    with override_settings(ROOT_URLCONF=__name__):
        assert ("synthetic-new-page/", "GET") in project_endpoints()
        assert missing_rows(MATRICES, scenes) == [("synthetic-new-page/", "GET")]

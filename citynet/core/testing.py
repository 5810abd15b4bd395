"""Test harness shared by every app: the network's roles as actors, the URL × role matrix, query budgets.

`actor(role, city=..., region=...)` builds one account per role, scoped to the given city or region
("other_*" roles are scoped elsewhere).

The URL × role matrix (docs/testing.md): each app ships `citynet/<app>/tests/url_matrix.py` with
- `scene()`: builds the app's objects and returns them as a namespace; it has at least `city` and
  `region`, which the network's roles below are scoped to;
- `ACTORS` (optional): roles of its own, each built from the scene, so that a role can be relative to
  an object ("owner": the scene's application's owner; "assigned_reviewer": a reviewer the scene
  assigned); they extend or override `MATRIX_ACTORS`;
- `ROWS`: a list of `Row(name, method, path, expected)`, one per URL and method (and query, where it
  matters, e.g. an admin export).
citynet/core/tests/test_url_matrix.py collects every installed citynet app's rows and visits each as
each role. `missing_rows()` lists what the project serves and no row covers: every URL pattern whose
view is the project's own (defined in a `citynet.` or `config.` module, a django-ninja operation of
the project's API or that API's own pages, or any URL of a Wagtail viewset the project defines), each
with the HTTP methods its view accepts.
"""

import functools
import importlib
import inspect
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from types import SimpleNamespace
from typing import Any
from urllib.parse import urlsplit

from django.apps import apps
from django.contrib.auth.models import AnonymousUser
from django.urls import Resolver404, URLPattern, URLResolver, get_resolver, resolve

ROLES = [
    "anonymous",
    "user",
    "member",
    "focal_point",
    "other_focal_point",
    "applicant",
    "reviewer",
    "coordinator",
    "other_coordinator",
    "secretariat",
]


def actor(role: str, *, city, region):
    """An account holding `role`; the city and region it is scoped to, or another for "other_*"."""
    from citynet.accounts.tests import factories as people
    from citynet.network.tests.factories import MunicipalityFactory, RegionFactory

    builders = {
        "anonymous": lambda: AnonymousUser(),
        "user": lambda: people.UserFactory(),
        "member": lambda: people.member(city),
        "focal_point": lambda: people.focal_point(city),
        "other_focal_point": lambda: people.focal_point(MunicipalityFactory()),
        "applicant": people.applicant,
        "reviewer": people.reviewer,
        "coordinator": lambda: people.coordinator(region),
        "other_coordinator": lambda: people.coordinator(RegionFactory(slug="another-synthetic-region")),
        "secretariat": people.secretariat,
    }
    return builders[role]()


# --- The URL × role matrix ---------------------------------------------------------------------------

# The kinds of account every row must name: the others (member, other_focal_point, applicant,
# reviewer) may be left out where they cannot differ from "user", as in the admin's rows.
REQUIRED_ROLES = frozenset({"anonymous", "user", "focal_point", "coordinator", "other_coordinator", "secretariat"})
METHODS = ("GET", "POST", "PUT", "PATCH", "DELETE")
# An expected outcome that is a redirect to the sign-in page (allauth's, or Wagtail's, which forwards).
LOGIN = "login"


@dataclass(frozen=True)
class Row:
    """One URL and method, and what each role gets: a status code, or LOGIN.

    `path(scene)` gives the URL to visit (with a query string where it matters); `data(scene)`, the body
    of a POST (an empty form when not given).
    """

    name: str
    method: str
    path: Callable[[Any], str]
    expected: Mapping[str, int | str]
    data: Callable[[Any], dict] | None = field(default=None, compare=False)

    @property
    def id(self) -> str:
        return f"{self.name} {self.method}"


def refused_where_it_opens(expected: Mapping[str, int | str]) -> dict[str, int | str]:
    """A method the view must not take (405) for those who may open the page; the others as before."""
    return {role: 405 if answer == 200 else answer for role, answer in expected.items()}


def staff(role, region=None):
    """A staff account the way the secretariat gives it (groups and all), with a TOTP authenticator."""
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

    from citynet.accounts import services
    from citynet.accounts.tests import factories as people
    from citynet.core.actors import SYSTEM

    user = people.UserFactory()
    services.assign_role(actor=SYSTEM, user=user, role=role, region=region)
    TOTP.activate(user, generate_totp_secret())
    return user


def _other_region():
    from citynet.network.tests.factories import RegionFactory

    return RegionFactory(slug="another-synthetic-region")


def _people():
    from citynet.accounts.tests import factories as people

    return people


def _staff_role(name: str):
    from citynet.accounts.models import Role

    return getattr(Role, name)


def _city_elsewhere():
    from citynet.network.tests.factories import CountryFactory, MunicipalityFactory

    return MunicipalityFactory(country=CountryFactory(code="RS", region=_other_region()))


# The network's roles, each built from a scene (which has a `city` and a `region`). Staff hold their
# roles as the secretariat gives them and have signed in with their second factor (`sign_in`).
MATRIX_ACTORS: dict[str, Callable[[Any], Any]] = {
    "anonymous": lambda scene: AnonymousUser(),
    "user": lambda scene: _people().UserFactory(),
    "member": lambda scene: _people().member(scene.city),
    "focal_point": lambda scene: _people().focal_point(scene.city),
    "other_focal_point": lambda scene: _people().focal_point(_city_elsewhere()),
    "applicant": lambda scene: _people().applicant(),
    "reviewer": lambda scene: _people().reviewer(),
    "coordinator": lambda scene: staff(_staff_role("REGIONAL_COORDINATOR"), scene.region),
    "other_coordinator": lambda scene: staff(_staff_role("REGIONAL_COORDINATOR"), _other_region()),
    "secretariat": lambda scene: staff(_staff_role("SECRETARIAT")),
}


def sign_in(client, user) -> None:
    """Sign `user` in on the test client; staff as if they had also entered their authenticator's code."""
    if not user.is_authenticated:
        return
    from allauth.account.internal.flows.login import record_authentication
    from allauth.mfa.models import Authenticator
    from django.test import RequestFactory

    client.force_login(user)
    request = RequestFactory().get("/")
    request.session = client.session
    # What allauth records when a person passes the password and then the second-factor step.
    record_authentication(request, user, method="password")
    record_authentication(request, user, method="mfa", type=Authenticator.Type.TOTP)
    request.session.save()


@dataclass
class AppMatrix:
    """One app's url_matrix module: its scene builder, its actors and its rows."""

    app: str
    scene: Callable[[], SimpleNamespace]
    actors: dict[str, Callable[[Any], Any]]
    rows: list[Row]


def app_matrices() -> list[AppMatrix]:
    """The url_matrix module of every installed citynet app that has one."""
    found = []
    for config in apps.get_app_configs():
        if not config.name.startswith("citynet."):
            continue
        try:
            module = importlib.import_module(f"{config.name}.tests.url_matrix")
        except ModuleNotFoundError as error:
            if error.name not in {f"{config.name}.tests", f"{config.name}.tests.url_matrix"}:
                raise
            continue
        actors = {**MATRIX_ACTORS, **getattr(module, "ACTORS", {})}
        found.append(AppMatrix(config.label, module.scene, actors, list(module.ROWS)))
    return found


def outcome(response) -> int | str:
    """A response as the matrix writes it: its status, or LOGIN for a redirect to the sign-in page."""
    if response.status_code == 302:
        try:
            url_name = resolve(urlsplit(response["Location"]).path).url_name
        except Resolver404:
            url_name = None
        if url_name in {"account_login", "wagtailadmin_login"}:
            return LOGIN
    return response.status_code


# --- Which URLs are the project's --------------------------------------------------------------------


def _unwrap(callback):
    """The function or class a URL pattern's callback stands for, through decorators and as_view()."""
    seen = callback
    while True:
        if hasattr(seen, "view_class"):
            return seen.view_class
        if hasattr(seen, "cls"):  # Django REST framework style
            return seen.cls
        if not hasattr(seen, "__wrapped__"):
            return seen
        seen = seen.__wrapped__


def _ninja_path_view(callback):
    """The django-ninja PathView behind a pattern's callback (ninja.operation.PathView.get_view)."""
    from ninja.operation import PathView

    owner = getattr(callback, "__self__", None)
    if isinstance(owner, PathView):
        return owner
    for cell in getattr(callback, "__closure__", None) or ():
        if isinstance(cell.cell_contents, PathView):
            return cell.cell_contents
    return None


def _is_ours(obj) -> bool:
    return getattr(obj, "__module__", "").startswith(("citynet.", "config."))


def _function_methods(function) -> list[str]:
    """The methods a function view accepts: those of its require_http_methods(), else GET."""
    seen = function
    while seen is not None:
        closure = inspect.getclosurevars(seen).nonlocals if inspect.isfunction(seen) else {}
        if "request_method_list" in closure:
            return [m for m in closure["request_method_list"] if m in METHODS]
        seen = getattr(seen, "__wrapped__", None)
    return ["GET"]


def _methods(callback) -> list[str] | None:
    """The methods of the project's own view behind `callback`, or None when the view is not ours."""
    from ninja import NinjaAPI

    path_view = _ninja_path_view(callback)
    if path_view is not None:
        return (
            sorted({m for op in path_view.operations if _is_ours(op.view_func) for m in op.methods if m in METHODS})
            or None
        )
    if isinstance(callback, functools.partial) and isinstance(callback.keywords.get("api"), NinjaAPI):
        return ["GET"]  # the API's own pages: its root, its schema and its docs
    view = _unwrap(callback)
    if not _is_ours(view):
        return None
    return _class_methods(view, callback) if inspect.isclass(view) else _function_methods(callback)


def _viewset_namespaces() -> set[str]:
    """URL namespaces of the Wagtail admin viewsets the project defines (their URLs are ours)."""
    from wagtail.admin.viewsets import viewsets

    get_resolver().url_patterns  # noqa: B018 - building the admin's URLs registers the viewsets
    return {v.url_namespace for v in viewsets.viewsets if _is_ours(type(v)) and hasattr(v, "url_prefix")}


def _class_methods(view, callback) -> list[str]:
    """The methods a class-based view answers (Django's View.dispatch: a handler, and allowed)."""
    allowed = getattr(callback, "view_initkwargs", {}).get("http_method_names", view.http_method_names)
    return [m for m in METHODS if hasattr(view, m.lower()) and m.lower() in allowed]


def _walk(patterns, route="", namespace=""):
    for entry in patterns:
        if isinstance(entry, URLResolver):
            inner = f"{namespace}:{entry.namespace}" if namespace and entry.namespace else entry.namespace or namespace
            yield from _walk(entry.url_patterns, URLResolver._join_route(route, str(entry.pattern)), inner)
        elif isinstance(entry, URLPattern):
            name = f"{namespace}:{entry.name}" if namespace and entry.name else entry.name or ""
            yield URLResolver._join_route(route, str(entry.pattern)), name, entry.callback


def project_endpoints(urlconf=None) -> set[tuple[str, str]]:
    """(route, method) of every URL the project itself serves: what the matrix must cover."""
    namespaces = _viewset_namespaces()
    endpoints = set()
    for route, name, callback in _walk(get_resolver(urlconf).url_patterns):
        methods = _methods(callback)
        if methods is None and name.rpartition(":")[0].rpartition(":")[2] in namespaces:
            view = _unwrap(callback)
            methods = _class_methods(view, callback) if inspect.isclass(view) else ["GET"]
        endpoints.update((route, method) for method in methods or ())
    return endpoints


def endpoint_of(row: Row, scene, urlconf=None) -> tuple[str, str]:
    """The (route, method) a row visits."""
    return resolve(urlsplit(row.path(scene)).path, urlconf).route, row.method


def missing_rows(matrices: list[AppMatrix], scenes: dict[str, Any], urlconf=None) -> list[tuple[str, str]]:
    """The project's (route, method) pairs that no app's row visits."""
    covered = {endpoint_of(row, scenes[m.app], urlconf) for m in matrices for row in m.rows}
    return sorted(project_endpoints(urlconf) - covered)


def queries_for(callable_, *args, **kwargs) -> int:
    """How many queries one call makes (after a first call that warms caches)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    callable_(*args, **kwargs)
    with CaptureQueriesContext(connection) as context:
        callable_(*args, **kwargs)
    return len(context.captured_queries)


def assert_queries_do_not_grow(callable_, grow, sizes=(5, 500)):
    """The query-budget check: `callable_` makes as many queries after `grow(n)` rows as after 5.

    `grow(n)` adds n more rows of whatever the page lists. Use it with a ceiling assertion
    (django_assert_max_num_queries) so that a page is both bounded and cheap.
    """
    from django.core.cache import cache

    counts = []
    added = 0
    for size in sizes:
        grow(size - added)
        added = size
        cache.clear()  # measure the uncached page: a cached one would hide growth
        counts.append(queries_for(callable_))
    assert len(set(counts)) == 1, f"queries grew with the data: {dict(zip(sizes, counts, strict=True))}"
    return counts[0]

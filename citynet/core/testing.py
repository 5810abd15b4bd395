"""Test harness shared by every app: the network's roles as actors, and the project's named URLs.

`actor(role, city=..., region=...)` builds one account per role, scoped to the given city or region
("other_*" roles are scoped elsewhere). `project_url_names()` lists every named URL the project itself
defines, so the URL × role matrix can fail when a new URL has no expected outcome.
"""

from django.contrib.auth.models import AnonymousUser
from django.urls import URLPattern, URLResolver, get_resolver

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

# Namespaces whose URLs are the project's own (the rest belong to Wagtail, allauth or Django).
PROJECT_NAMESPACES = {"hub", "api"}
PROJECT_NAMES = {"healthz", "readyz"}


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


def _walk(patterns, namespace=""):
    for entry in patterns:
        if isinstance(entry, URLResolver):
            inner = f"{namespace}:{entry.namespace}" if namespace and entry.namespace else entry.namespace or namespace
            yield from _walk(entry.url_patterns, inner)
        elif isinstance(entry, URLPattern) and entry.name:
            yield f"{namespace}:{entry.name}" if namespace else entry.name


def project_url_names() -> set[str]:
    """Every named URL of the project's own namespaces and top-level names."""
    names = set(_walk(get_resolver().url_patterns))
    return {n for n in names if n in PROJECT_NAMES or n.split(":")[0] in PROJECT_NAMESPACES}


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

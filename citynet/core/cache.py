"""One version number for everything the public pages compute from the registry.

Pages cache their data-driven fragments under the current version; any write to the registry bumps
it (signals in each app's apps.py), so the next request renders fresh data. With a shared cache
(REDIS_URL) every server sees the bump at once; with the default per-process memory cache, fragments
also expire after FRAGMENT_SECONDS, which bounds how stale another process can be.
"""

from django.core.cache import cache

VERSION_KEY = "citynet:registry-version"
FRAGMENT_SECONDS = 120


def registry_version() -> int:
    version = cache.get(VERSION_KEY)
    if version is None:
        cache.add(VERSION_KEY, 1, timeout=None)
        version = cache.get(VERSION_KEY, 1)
    return version


def bump_registry_version(*args, **kwargs) -> None:
    """Signal receiver: the registry changed; every cached fragment is now stale."""
    try:
        cache.incr(VERSION_KEY)
    except ValueError:
        cache.set(VERSION_KEY, 2, timeout=None)

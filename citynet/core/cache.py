"""One version number for everything the public pages compute from the registry.

Pages cache their data-driven fragments under the current version; any write to the registry bumps
it (signals in each app's apps.py), so the next request renders fresh data. With a shared cache
(REDIS_URL) every server sees the bump at once; with the default per-process memory cache, fragments
also expire after FRAGMENT_SECONDS, which bounds how stale another process can be.
"""

import hashlib

from django.core.cache import cache
from django.db import transaction

VERSION_KEY = "citynet:registry-version"
FRAGMENT_SECONDS = 120


def registry_version() -> int:
    version = cache.get(VERSION_KEY)
    if version is None:
        cache.add(VERSION_KEY, 1, timeout=None)
        version = cache.get(VERSION_KEY, 1)
    return version


def _bump() -> None:
    try:
        cache.incr(VERSION_KEY)
    except ValueError:
        cache.set(VERSION_KEY, 2, timeout=None)


def bump_registry_version(*args, **kwargs) -> None:
    """Signal receiver: the registry changed; every cached fragment is stale once the change is committed.

    The bump waits for the commit: bumped earlier, a reader could cache data from before the write
    under the new version, and keep serving it after the write lands.
    """
    transaction.on_commit(_bump)


def cache_public_response(view):
    """Cache a public GET view's successful response per language and registry version.

    For pages and API resources that show every visitor the same thing. The key has the full path
    with its query string, the active language and the registry version, so any registry write makes
    every cached response stale at once.
    """
    from functools import wraps

    from django.http import HttpResponse
    from django.utils.translation import get_language

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if request.method != "GET":
            return view(request, *args, **kwargs)
        # Hashed: a query string can be as long as a client likes, a cache key cannot.
        path = hashlib.sha256(request.get_full_path().encode()).hexdigest()
        key = f"citynet:response:{get_language()}:{registry_version()}:{path}"
        cached = cache.get(key)
        if cached is not None:
            content, content_type = cached
            return HttpResponse(content, content_type=content_type)
        response = view(request, *args, **kwargs)
        if response.status_code == 200 and not response.streaming:
            cache.set(key, (response.content, response["Content-Type"]), FRAGMENT_SECONDS)
        return response

    return wrapper

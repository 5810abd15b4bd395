"""One version number for everything the public pages compute from the registry.

Pages cache their data-driven fragments under the current version; any write to the registry bumps
it (signals in each app's apps.py), so the next request renders fresh data. With a shared cache
(REDIS_URL) every server sees the bump at once; with the default per-process memory cache, fragments
also expire after FRAGMENT_SECONDS, which bounds how stale another process can be.
"""

import hashlib
import time
from contextvars import ContextVar

from django.core.cache import cache
from django.db import transaction

VERSION_KEY = "citynet:registry-version"
FRAGMENT_SECONDS = 120

# The version as read once per request (a page asks for it in several places; each ask was a round trip
# to the shared cache). Set only between request_started and request_finished (core/apps.py), and
# forgotten at every bump, so a request that writes reads the new version afterwards.
_request_version: ContextVar[int | None] = ContextVar("citynet_request_registry_version", default=None)
_in_request: ContextVar[bool] = ContextVar("citynet_in_request", default=False)


def registry_version() -> int:
    version = _request_version.get()
    if version is not None:
        return version
    version = cache.get(VERSION_KEY)
    if version is None:
        # A fresh (or flushed) cache starts from the clock, never from a number used before: values kept
        # in a process's memory under an old version (`remembered`) can never pass for current ones.
        started = time.time_ns()
        cache.add(VERSION_KEY, started, timeout=None)
        version = cache.get(VERSION_KEY, started)
    if _in_request.get():
        _request_version.set(version)
    return version


def request_started(**kwargs) -> None:
    _in_request.set(True)
    _request_version.set(None)


def request_finished(**kwargs) -> None:
    _in_request.set(False)
    _request_version.set(None)


def _bump() -> None:
    _request_version.set(None)
    try:
        cache.incr(VERSION_KEY)
    except ValueError:
        cache.set(VERSION_KEY, time.time_ns(), timeout=None)


# A first level in this process's memory, before the shared cache, for small values read on almost
# every public request (the menu's regions, the events' filters, the order of a list): their keys hold
# the registry version, so a write makes them unreachable at once; entries also expire after their
# seconds, as the shared cache's do. Callers must not change what they get (it is shared by requests).
_local: dict[str, tuple[float, object]] = {}
LOCAL_ENTRIES = 2048


def local_get(key: str):
    """The value kept in this process under `key` (None when absent or expired)."""
    hit = _local.get(key)
    if hit is not None and hit[0] > time.monotonic():
        return hit[1]
    return None


def local_set(key: str, value, seconds: int = FRAGMENT_SECONDS) -> None:
    if len(_local) >= LOCAL_ENTRIES:
        _local.clear()  # old versions' entries: dropping them all is cheaper than tracking their age
    _local[key] = (time.monotonic() + seconds, value)


def forget_local() -> None:
    """Empty this process's first level (the tests do, with the shared cache)."""
    _local.clear()


def remembered(key: str, compute, seconds: int = FRAGMENT_SECONDS):
    """`key`'s value from this process's memory, else from the shared cache, else `compute()` (kept in
    both). `key` must hold the registry version (or whatever else makes it stale)."""
    value = local_get(key)
    if value is None:
        value = cache.get_or_set(key, compute, seconds)
        local_set(key, value, seconds)
    return value


def bump_registry_version(*args, **kwargs) -> None:
    """Signal receiver: the registry changed; every cached fragment is stale once the change is committed.

    The bump waits for the commit: bumped earlier, a reader could cache data from before the write
    under the new version, and keep serving it after the write lands.
    """
    transaction.on_commit(_bump)


def _path_key(request) -> str:
    # Hashed: a query string can be as long as a client likes, a cache key cannot.
    return hashlib.sha256(request.get_full_path().encode()).hexdigest()


def _kept_response(key: str, serve, seconds: int = FRAGMENT_SECONDS, *, local: bool = False):
    """The response kept under `key`, else `serve()`'s (kept when it is a whole 200), in the shared cache
    and, with `local`, in this process's first level too."""
    from django.http import HttpResponse

    kept = (local and local_get(key)) or cache.get(key)
    if kept is not None:
        if local:
            local_set(key, kept, seconds)
        content, content_type = kept
        return HttpResponse(content, content_type=content_type)
    response = serve()
    if response.status_code == 200 and not response.streaming:
        kept = (response.content, response["Content-Type"])
        cache.set(key, kept, seconds)
        if local:
            local_set(key, kept, seconds)
    return response


def cache_public_response(view):
    """Cache a public GET view's successful response per language and registry version.

    For pages and API resources that show every visitor the same thing. The key has the full path
    with its query string, the active language and the registry version, so any registry write makes
    every cached response stale at once.
    """
    from functools import wraps

    from django.utils.translation import get_language

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if request.method != "GET":
            return view(request, *args, **kwargs)
        key = f"citynet:response:{get_language()}:{registry_version()}:{_path_key(request)}"
        return _kept_response(key, lambda: view(request, *args, **kwargs))

    return wrapper


# --- Versions of their own, for data the public pages never show ----------------------------------------
# Confidential records (an app's assessments, say) are cached for their staff's pages under a version of
# their own, so that writing them does not make every public page cold, as a registry bump would.


def cache_anonymous_response(version_name: str, seconds: int = FRAGMENT_SECONDS):
    """Cache a GET view's successful response for visitors without a session (nothing of a person's on
    the page, no message waiting for them), per language, day, full path and the version of the data
    called `version_name` (`version_of`). For views whose answer depends on who asks, such as the search:
    anyone with a session is served afresh."""
    from functools import wraps

    from django.conf import settings
    from django.utils import timezone
    from django.utils.translation import get_language

    def decorate(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if request.method != "GET" or settings.SESSION_COOKIE_NAME in request.COOKIES:
                return view(request, *args, **kwargs)
            version = version_of(version_name)
            key = f"citynet:response:{version_name}:{version}:{timezone.localdate()}:{get_language()}:{_path_key(request)}"
            return _kept_response(key, lambda: view(request, *args, **kwargs), seconds, local=True)

        return wrapper

    return decorate


def _version_key(name: str) -> str:
    return f"citynet:version:{name}"


def version_of(name: str) -> int:
    """The current version of the data called `name` (started from the clock, as the registry's)."""
    key = _version_key(name)
    version = cache.get(key)
    if version is None:
        started = time.time_ns()
        cache.add(key, started, timeout=None)
        version = cache.get(key, started)
    return version


def _bump_version_of(name: str) -> None:
    try:
        cache.incr(_version_key(name))
    except ValueError:
        cache.set(_version_key(name), time.time_ns(), timeout=None)


def bump_version_of(name: str) -> None:
    """`name` changed: bumped at once (the writer's own next read sees it) and again once the change is
    committed, so that nothing a reader cached meanwhile, from before the write, stays current."""
    _bump_version_of(name)
    transaction.on_commit(lambda: _bump_version_of(name))

"""Health checks and the error pages, which speak the visitor's language like every other page."""

import logging
import uuid
from pathlib import Path

from django.core.cache import cache
from django.db import connection
from django.db.utils import DatabaseError
from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext
from django.views.decorators.cache import never_cache

log = logging.getLogger(__name__)


@never_cache
def healthz(request):
    """The process is up. Touches nothing else, so a slow database never restarts a healthy worker."""
    return JsonResponse({"status": "ok"})


def _sqlite_file_missing() -> bool:
    """SQLite creates an empty database when its file is gone; readiness must not bless that one."""
    if connection.vendor != "sqlite":
        return False
    name = str(connection.settings_dict["NAME"])
    if name == ":memory:" or name.startswith("file:") or "mode=memory" in name:
        return False
    return not Path(name).is_file()


def database_ready() -> bool:
    if _sqlite_file_missing():
        return False
    try:
        with connection.cursor() as cursor:
            # A migrated database, not only a reachable server: an empty one fails here too.
            cursor.execute("SELECT 1 FROM django_migrations LIMIT 1")
            return cursor.fetchone() is not None
    except DatabaseError:
        return False


def cache_ready() -> bool:
    key, value = "readyz:probe", uuid.uuid4().hex
    try:
        cache.set(key, value, timeout=10)
        return cache.get(key) == value
    except Exception:  # the cache client's own errors (redis.ConnectionError, ...)
        log.exception("readyz: the cache did not answer")
        return False


@never_cache
def readyz(request):
    """The database (migrated, and on SQLite its file present) and the shared cache both answer.

    Load balancers send traffic only when they do.
    """
    checks = {
        "database": "ok" if database_ready() else "unreachable",
        "cache": "ok" if cache_ready() else "unreachable",
    }
    ok = all(value == "ok" for value in checks.values())
    return JsonResponse({"status": "ok" if ok else "unavailable", **checks}, status=200 if ok else 503)


def bad_request(request, exception=None):
    if request.path_info.startswith("/api/"):
        return JsonResponse({"detail": gettext("The request could not be understood.")}, status=400)
    from django.views.defaults import bad_request as django_bad_request

    return django_bad_request(request, exception)


def permission_denied(request, exception=None):
    if request.path_info.startswith("/api/"):
        return JsonResponse({"detail": gettext("You do not have permission to see this.")}, status=403)
    from django.views.defaults import permission_denied as django_permission_denied

    return django_permission_denied(request, exception)


def page_not_found(request, exception=None):
    if request.path_info.startswith("/api/"):
        return JsonResponse({"detail": gettext("Not found.")}, status=404)
    return render(request, "404.html", status=404)


def server_error(request):
    if request.path_info.startswith("/api/"):
        return JsonResponse({"detail": gettext("Something went wrong. The error was logged.")}, status=500)
    # No context processors that could fail again: a plain page in the negotiated language.
    from django.template import loader

    return HttpResponse(loader.get_template("500.html").render({}), status=500)

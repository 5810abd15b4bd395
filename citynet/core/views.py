"""Health checks and the error pages, which speak the visitor's language like every other page."""

from django.db import connection
from django.db.utils import DatabaseError
from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext
from django.views.decorators.cache import never_cache


@never_cache
def healthz(request):
    """The process is up. Touches nothing else, so a slow database never restarts a healthy worker."""
    return JsonResponse({"status": "ok"})


@never_cache
def readyz(request):
    """The database answers; load balancers send traffic only when it does."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return JsonResponse({"status": "unavailable", "database": "unreachable"}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})


def page_not_found(request, exception=None):
    if request.path_info.startswith("/api/"):
        return JsonResponse({"detail": gettext("Not found.")}, status=404)
    return render(request, "404.html", status=404)


def server_error(request):
    # No context processors that could fail again: a plain page in the negotiated language.
    from django.template import loader

    return HttpResponse(loader.get_template("500.html").render({}), status=500)

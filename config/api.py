"""The public API, /api/v1/: one NinjaAPI, routers from each app, one error shape."""

import logging

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError

from citynet.advisory.api import router as advisory_router
from citynet.advisory.api_staff import router as advisory_staff_router
from citynet.core.exceptions import DomainError, status_for
from citynet.events.api import router as events_router
from citynet.events.api_staff import router as events_staff_router
from citynet.grants.api import router as grants_router
from citynet.grants.api_staff import router as grants_staff_router
from citynet.library.api import router as library_router
from citynet.network.api import router as network_router
from citynet.search.api import router as search_router

log = logging.getLogger("citynet.api")

api = NinjaAPI(
    title="citynet API",
    version="1",
    description="The network registry and its public programme. Lists take limit and offset.",
    urls_namespace="api",
)


@api.exception_handler(DomainError)
def domain_error(request, exc: DomainError):
    return api.create_response(request, {"detail": str(exc.message), "code": exc.code}, status=status_for(exc))


# Translated messages for the validation errors callers make, filled from pydantic's error context.
VALIDATION_MESSAGES = {
    "literal_error": gettext_lazy("Must be one of: %(expected)s."),
    "enum": gettext_lazy("Must be one of: %(expected)s."),
    "greater_than_equal": gettext_lazy("Must be at least %(ge)s."),
    "less_than_equal": gettext_lazy("Must be at most %(le)s."),
    "int_parsing": gettext_lazy("Must be a whole number."),
    "int_type": gettext_lazy("Must be a whole number."),
    "string_too_long": gettext_lazy("Must be at most %(max_length)s characters long."),
    "string_pattern_mismatch": gettext_lazy("Contains characters that are not allowed here."),
    "missing": gettext_lazy("This is required."),
}


def _message(error: dict) -> str:
    template = VALIDATION_MESSAGES.get(error.get("type"))
    try:
        return str(template) % (error.get("ctx") or {}) if template else str(error.get("msg", ""))
    except KeyError:
        return str(error.get("msg", ""))


@api.exception_handler(ValidationError)
def validation_error(request, exc: ValidationError):
    # Only type, location and message: pydantic's ctx and input may hold objects JSON cannot carry.
    errors = [{"type": e.get("type"), "loc": list(e.get("loc", [])), "msg": _message(e)} for e in exc.errors]
    return api.create_response(request, {"detail": errors}, status=422)


@api.exception_handler(Http404)
def not_found(request, exc):
    return api.create_response(request, {"detail": _("Not found.")}, status=404)


@api.exception_handler(AuthenticationError)
def unauthenticated(request, exc):
    return api.create_response(request, {"detail": _("Sign in to see this.")}, status=401)


@api.exception_handler(HttpError)
def http_error(request, exc: HttpError):
    return api.create_response(request, {"detail": str(exc)}, status=exc.status_code)


@api.exception_handler(PermissionDenied)
def forbidden(request, exc):
    return api.create_response(request, {"detail": _("You do not have permission to see this.")}, status=403)


@api.exception_handler(Exception)
def unexpected_error(request, exc: Exception):
    """Any other error: logged with its traceback, answered as JSON, never the site's HTML error page."""
    if settings.DEBUG:
        raise exc  # the development server's traceback page
    log.error("Unhandled error in %s %s", request.method, request.path, exc_info=exc)
    return api.create_response(request, {"detail": _("Something went wrong. The error was logged.")}, status=500)


api.add_router("/", network_router)
api.add_router("/", grants_router)
api.add_router("/", grants_staff_router)
api.add_router("/", events_router)
api.add_router("/", events_staff_router)
api.add_router("/", advisory_router)
api.add_router("/", advisory_staff_router)
api.add_router("/", library_router)
api.add_router("/", search_router)

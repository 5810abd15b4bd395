import logging
import re
import time
import uuid

from django.middleware.locale import LocaleMiddleware as DjangoLocaleMiddleware
from django.utils import translation
from django.utils.cache import patch_vary_headers

from citynet.core.logging import reset_request_id, set_request_id

request_log = logging.getLogger("citynet.request")

# A proxy's id is kept when it looks like one (uuid, hex, a short token); anything else is replaced, so
# a client cannot write arbitrary text into the logs.
_REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{8,128}$")


class RequestIdMiddleware:
    """Give every request an id, log one line per request with it, and answer it in X-Request-ID.

    The id comes from the reverse proxy's X-Request-ID header when it sends one (nginx: $request_id),
    otherwise a new one is made. Every log line written while the request runs carries it
    (citynet.core.logging.RequestIdFilter).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        incoming = request.headers.get("X-Request-ID", "")
        request_id = incoming if _REQUEST_ID.match(incoming) else uuid.uuid4().hex
        request.request_id = request_id
        token = set_request_id(request_id)
        started = time.monotonic()
        try:
            response = self.get_response(request)
            response.headers["X-Request-ID"] = request_id
            if request_log.isEnabledFor(logging.INFO):
                request_log.info(
                    "%s %s %s",
                    request.method,
                    request.path,
                    response.status_code,
                    extra={
                        "method": request.method,
                        "path": request.path,
                        "status": response.status_code,
                        "duration_ms": round((time.monotonic() - started) * 1000, 1),
                    },
                )
            return response
        finally:
            reset_request_id(token)


class LocaleMiddleware(DjangoLocaleMiddleware):
    """Django's, except that the API's and the admin's 404s stay 404s.

    Django redirects a 404 outside the language prefixes to the prefixed path when that path would
    resolve, and Wagtail's catch-all makes every prefixed path resolve: /api/v1/municipalities/nope
    would become a redirect to /en/api/v1/municipalities/nope/ instead of the API's JSON 404.
    """

    def process_response(self, request, response):
        if request.path_info.startswith(("/api/", "/admin/")):
            patch_vary_headers(response, ("Accept-Language",))
            response.headers.setdefault("Content-Language", translation.get_language())
            return response
        return super().process_response(request, response)


class RejectNullBytesMiddleware:
    """Answer 400 to a request with a NUL byte in its path or query string.

    No name, slug or search contains one, and PostgreSQL refuses NUL in text, so such a request would
    otherwise end as a database error (a 500) wherever a value reaches a query unvalidated.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if "\x00" in request.path or any("\x00" in v for values in request.GET.lists() for v in values[1]):
            from django.http import HttpResponseBadRequest, JsonResponse
            from django.utils.translation import gettext

            message = gettext("The request contains a character that is not allowed.")
            if request.path.startswith("/api/"):
                return JsonResponse({"detail": message}, status=400)
            return HttpResponseBadRequest(message, content_type="text/plain; charset=utf-8")
        return self.get_response(request)

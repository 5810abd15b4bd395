from django.middleware.locale import LocaleMiddleware as DjangoLocaleMiddleware
from django.utils import translation
from django.utils.cache import patch_vary_headers


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

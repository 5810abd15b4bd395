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

"""Every sign-in goes through allauth, and staff act only with their second factor."""

from urllib.parse import urlencode

from django.http import Http404, HttpResponseRedirect, JsonResponse
from django.urls import NoReverseMatch, reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

from .second_factor import second_factor_redirect

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "TRACE"})
# Wagtail's front-end sign-in (a bare password form: no rate limit, no verification, no second factor).
WAGTAIL_SIGN_IN = "wagtailcore_login"
# Wagtail's shared passwords for private pages and document collections: a password guessed without a
# limit, which opens content to whoever holds it. Private content is for accounts (through allauth).
SHARED_PASSWORD_VIEWS = frozenset({"wagtailcore_authenticate_with_password", "wagtaildocs_authenticate_with_password"})


def _admin_prefix(request) -> str | None:
    try:
        return reverse("wagtailadmin_home", urlconf=getattr(request, "urlconf", None))
    except NoReverseMatch:  # a URL configuration without the admin
        return None


def _is_allauths_own(view_func) -> bool:
    """allauth's views: sign-in, sign-out, account and second-factor pages (staff set TOTP up there)."""
    view = getattr(view_func, "view_class", view_func)
    return getattr(view, "__module__", "").startswith("allauth.")


def _to_allauth(request, url_name: str) -> HttpResponseRedirect:
    """Redirect to allauth's `url_name`, keeping `next` when it stays on this site."""
    url = reverse(url_name)
    next_url = request.GET.get("next", "")
    safe = url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    if next_url and safe:
        url += "?" + urlencode({"next": next_url})
    return HttpResponseRedirect(url)


class RequireSecondFactorMiddleware:
    """One way in (allauth) and the second factor for staff, wherever they act.

    - Wagtail's sign-in pages (the admin's and the front end's `/<lang>/_util/login/`) send everyone to
      allauth's, with rate limits, mandatory email verification and the second factor; Wagtail's
      password reset to allauth's; its shared page and document passwords are not served at all.
    - The admin's logout signs out only by POST: a GET goes to allauth's confirmation page and leaves
      the session and its cookie alone.
    - Staff (`Roles.needs_second_factor`) need TOTP set up and used in this session for every request
      under /admin/ and for every write (POST, PUT, PATCH, DELETE) anywhere else; views that show
      privileged data on GET add `@second_factor_required` (citynet.accounts.second_factor). allauth's
      own pages are exempt, so staff can set up their authenticator, enter a code and sign out.
    Other accounts and anonymous visitors pass through (Wagtail turns away those without admin access).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        prefix = _admin_prefix(request)
        response = self._intercept_admin(request) if prefix and request.path.startswith(prefix) else None
        return response or self.get_response(request)

    def _intercept_admin(self, request):
        if request.path == reverse("wagtailadmin_login"):
            return _to_allauth(request, "account_login")
        if request.path.startswith(reverse("wagtailadmin_password_reset")):
            return HttpResponseRedirect(reverse("account_reset_password"))
        if request.path == reverse("wagtailadmin_logout"):
            # Wagtail's view deletes the cookie even when it refuses a GET, and the session lives on.
            return None if request.method == "POST" else HttpResponseRedirect(reverse("account_logout"))
        return second_factor_redirect(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        url_name = getattr(request.resolver_match, "url_name", None)
        if url_name == WAGTAIL_SIGN_IN:
            return _to_allauth(request, "account_login")
        if url_name in SHARED_PASSWORD_VIEWS:
            raise Http404
        if request.method in SAFE_METHODS or _is_allauths_own(view_func):
            return None
        prefix = _admin_prefix(request)
        if prefix and request.path.startswith(prefix):
            return None  # checked (or let through, for the logout) before the view was resolved
        redirect = second_factor_redirect(request)
        if redirect is not None and "api" in getattr(request.resolver_match, "namespaces", ()):
            # An API client gets the API's error shape, not a redirect to an HTML page.
            return JsonResponse(
                {"detail": _("Staff need their second factor for this. Sign in with it first.")}, status=403
            )
        return redirect

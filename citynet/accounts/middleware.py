"""Staff must use a second factor before they touch the admin."""

from urllib.parse import urlencode

from allauth.account.authentication import get_authentication_records
from allauth.mfa.models import Authenticator
from allauth.mfa.utils import is_mfa_enabled
from django.contrib import messages
from django.contrib.messages.storage import default_storage
from django.http import HttpResponseRedirect
from django.urls import NoReverseMatch, reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

from .selectors import roles_of


def _admin_prefix(request) -> str | None:
    try:
        return reverse("wagtailadmin_home", urlconf=getattr(request, "urlconf", None))
    except NoReverseMatch:  # a URL configuration without the admin
        return None


class RequireSecondFactorMiddleware:
    """Keep staff out of /admin/ until they have, and have used, a TOTP second factor.

    "Staff" is whoever `Roles.needs_second_factor` names: superusers, is_staff accounts, the secretariat
    and regional coordinators. On an /admin/ path such a user
    - without a TOTP authenticator is sent to allauth's activation page ("mfa_activate_totp");
    - whose session was not confirmed with a second factor (signed in through a way that skipped it) is
      sent to allauth's second-factor check ("mfa_reauthenticate"), and comes back afterwards.
    Wagtail's own sign-in and password-reset pages, which know nothing of second factors, send everyone
    to allauth's. Other accounts, anonymous visitors and other paths pass through untouched (Wagtail
    itself turns away those without admin access).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        prefix = _admin_prefix(request)
        response = self._intercept(request) if prefix and request.path.startswith(prefix) else None
        return response or self.get_response(request)

    def _intercept(self, request):
        if request.path == reverse("wagtailadmin_login"):
            return self._redirect(request, reverse("account_login"), keep_query=True)
        if request.path.startswith(reverse("wagtailadmin_password_reset")):
            return self._redirect(request, reverse("account_reset_password"))
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated or not roles_of(user).needs_second_factor:
            return None
        if not is_mfa_enabled(user, [Authenticator.Type.TOTP]):
            text = _("The staff admin needs a second factor. Set up an authenticator app to continue.")
            return self._redirect(request, reverse("mfa_activate_totp"), message=text)
        if not any(record.get("method") == "mfa" for record in get_authentication_records(request, user)):
            text = _("Enter a code from your authenticator app to open the staff admin.")
            url = reverse("mfa_reauthenticate") + "?" + urlencode({"next": request.get_full_path()})
            return self._redirect(request, url, message=text)
        return None

    @staticmethod
    def _redirect(request, url: str, *, keep_query: bool = False, message: str | None = None):
        next_url = request.GET.get("next", "")
        if keep_query and next_url and url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}):
            url += "?" + urlencode({"next": next_url})
        response = HttpResponseRedirect(url)
        if message is None:
            return response
        if hasattr(request, "_messages"):
            messages.warning(request, message)
        else:
            # This middleware runs before MessageMiddleware has attached its storage to the request, and
            # the early return skips MessageMiddleware's response phase, so store the message ourselves.
            storage = default_storage(request)
            storage.add(messages.WARNING, message)
            storage.update(response)
        return response

"""Staff act only with a second factor: one check, used by the middleware and by privileged views.

"Staff" is whoever `Roles.needs_second_factor` names: superusers, is_staff accounts, the secretariat and
regional coordinators (focal points, members, applicants and reviewers are not). Such a user acts only
once they have a TOTP authenticator and have used a second factor in this session:
- without a TOTP authenticator they are sent to allauth's activation page ("mfa_activate_totp");
- signed in through a way that skipped the code, they are sent to allauth's second-factor check
  ("mfa_reauthenticate") and come back afterwards.

The middleware applies the check to every request under /admin/ and to every write (POST, PUT, PATCH,
DELETE) anywhere else; a view of any app that shows privileged data on a plain GET adds
`@second_factor_required` (function views) or `SecondFactorRequiredMixin` (class-based views).
"""

from functools import wraps
from urllib.parse import urlencode

from allauth.account.authentication import get_authentication_records
from allauth.account.internal.flows.login import record_authentication
from allauth.mfa.models import Authenticator
from django.contrib import messages
from django.contrib.messages.storage import default_storage
from django.db.models import QuerySet
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext as _

from citynet.core.prepared import PreparedQuery

from .selectors import roles_of


def has_used_second_factor(request, user) -> bool:
    """Whether a second factor (an authenticator code or a recovery code) was used in this session."""
    return any(record.get("method") == "mfa" for record in get_authentication_records(request, user))


def _authenticator_apps_of(user_id):
    return QuerySet(Authenticator).filter(user_id=user_id, type=Authenticator.Type.TOTP).values("id")[:1]


# Asked on every staff request (allauth's `is_mfa_enabled` builds and compiles the same query each time).
_AUTHENTICATOR_APPS = PreparedQuery(_authenticator_apps_of, -1)


def has_authenticator_app(user) -> bool:
    """Whether `user` has a TOTP authenticator (as allauth's `is_mfa_enabled(user, [TOTP])` says)."""
    return bool(_AUTHENTICATOR_APPS.rows(user.pk))


def verified_actor(request):
    """The request's user as the rules should see them: None (the public) when signed out, or when they
    are staff who have not used their second factor in this session (the APIs and the search read people
    so; the privileged pages ask for the second factor instead)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return None
    if roles_of(user).needs_second_factor and not (
        has_authenticator_app(user) and has_used_second_factor(request, user)
    ):
        return None
    return user


def second_factor_redirect(request):
    """The redirect that takes a staff user to set up or enter their second factor; None when they may act."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or not roles_of(user).needs_second_factor:
        return None
    if not has_authenticator_app(user):
        text = _("Staff work needs a second factor. Set up an authenticator app to continue.")
        return redirect_with_message(request, reverse("mfa_activate_totp"), text)
    if not has_used_second_factor(request, user):
        text = _("Enter a code from your authenticator app to continue.")
        # After the code, a write is not replayed: the person comes back to the page (a GET) and sends again.
        url = reverse("mfa_reauthenticate") + "?" + urlencode({"next": request.get_full_path()})
        return redirect_with_message(request, url, text)
    return None


def redirect_with_message(request, url: str, message: str | None = None) -> HttpResponseRedirect:
    """Redirect to `url`, with `message` shown there (also before MessageMiddleware has run)."""
    response = HttpResponseRedirect(url)
    if message is None:
        return response
    if hasattr(request, "_messages"):
        messages.warning(request, message)
    else:
        # A middleware running before MessageMiddleware has attached its storage (or returning early,
        # which skips MessageMiddleware's response phase) stores the message itself.
        storage = default_storage(request)
        storage.add(messages.WARNING, message)
        storage.update(response)
    return response


def second_factor_required(view):
    """Decorate a view that shows or changes privileged data: staff need their second factor, on GET too.

    Everyone else (the anonymous included) passes through to the view, which decides what they may see;
    put `@login_required` outside it where the view needs an account.
    """

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        return second_factor_redirect(request) or view(request, *args, **kwargs)

    wrapped.second_factor_required = True
    return wrapped


class SecondFactorRequiredMixin:
    """`second_factor_required` for class-based views; list it before the view's base class."""

    def dispatch(self, request, *args, **kwargs):
        return second_factor_redirect(request) or super().dispatch(request, *args, **kwargs)


def record_second_factor_on_activation(sender, request, user, authenticator, **kwargs):
    """Count a freshly activated TOTP authenticator as this session's second factor.

    allauth activates it only after the password was confirmed again and a valid code from the new
    authenticator was entered: asking for another code right after would prove nothing more.
    Connected to allauth's `authenticator_added` signal in AccountsConfig.ready().
    """
    if request is None or authenticator.type != Authenticator.Type.TOTP or request.user != user:
        return
    record_authentication(request, user, method="mfa", type=Authenticator.Type.TOTP, activated=True)

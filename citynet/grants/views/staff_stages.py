"""Two-stage calls in the call's staff pages: invite an expression of interest's organisation to a full
proposal, or withdraw the invitation (POST only; the buttons are on the staff's application page).

Mounted by wagtail_hooks under /admin/grants/calls/<call_pk>/ (Wagtail's admin access check runs first);
each view asks for the second factor and fetches the call and the application through the actor's
scope: another region's call is a 404. A service's refusal is shown as a message on the application page.
"""

from django.http import Http404
from django.urls import include, path, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from citynet.accounts.second_factor import second_factor_required
from citynet.core.actions import run_and_redirect

from ..selectors import staff as selectors
from ..services import stages as services


def _application(request, call_pk, pk):
    call = selectors.get_managed_call(actor=request.user, pk=call_pk)
    if call is None:
        raise Http404
    application = selectors.get_managed_application(actor=request.user, call=call, pk=pk)
    if application is None:
        raise Http404
    return call, application


def _back(call, application) -> str:
    """The staff's page of the application, where the buttons are."""
    return reverse("grants_staff:application", args=[call.pk, application.pk])


@require_POST
@second_factor_required
def invite(request, call_pk, pk):
    """Invite the organisation of this expression of interest to send a full proposal."""
    call, application = _application(request, call_pk, pk)
    return run_and_redirect(
        request,
        lambda: services.invite_to_full_proposal(actor=request.user, application=application),
        done=_("Invited to a full proposal; the organisation's people will be told."),
        back=_back(call, application),
    )


@require_POST
@second_factor_required
def withdraw_invitation(request, call_pk, pk):
    """Withdraw the invitation to a full proposal (while the organisation has not started one)."""
    call, application = _application(request, call_pk, pk)
    return run_and_redirect(
        request,
        lambda: services.withdraw_invitation(actor=request.user, application=application),
        done=_("Invitation withdrawn; the organisation's people will be told."),
        back=_back(call, application),
    )


stage_patterns = [
    path("applications/<int:pk>/invite/", invite, name="invite"),
    path("applications/<int:pk>/withdraw-invitation/", withdraw_invitation, name="withdraw-invitation"),
]

# Mounted by wagtail_hooks under /admin/: /admin/grants/calls/<pk>/applications/<pk>/invite/, ...
urlpatterns = [path("grants/calls/<int:call_pk>/", include((stage_patterns, "grants_staff_stages")))]

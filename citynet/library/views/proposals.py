"""A city's focal point and their case studies on the public site: the list of what they proposed, with
each one's status (a returned one shows the staff's note), a form to propose a case study about a city
they are the focal point of, and the same form to change it while it is theirs to change (a draft, or
returned to them) and to submit it for review. Staff review in the admin (staff/resources.py).

Who may: signed in (staff with their second factor, as on every privileged page); the list for whoever
may propose or has proposed; a new case study for the focal point of its city; a proposal for its
proposer alone. Anyone else gets a 404 (the records do not exist for them), the anonymous the sign-in
page.

Thin: reads through the selectors, writes through services/proposals.py, whose refusals come back at the
form's fields or above it (never a 500, nothing half-saved). The form carries the version the person
started from: when the case study was saved meanwhile (another tab, or staff), nothing is written and
what they typed stays, to be saved again deliberately.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from citynet.accounts.second_factor import second_factor_required
from citynet.core.exceptions import Conflict, DomainError, InvalidInput
from citynet.core.forms import show_at_form
from citynet.network.models import Municipality
from citynet.network.permissions import focal_point_city_ids

from .. import permissions
from ..forms import ProposalForm
from ..models import Resource, ResourceStatus
from ..selectors import resources as selectors
from ..services import proposals as services

PAGE_SIZE = 20
SUBMIT = "submit"  # the name of the form's "Save and submit for review" button


def _cities_of(user) -> list[Municipality]:
    """The cities `user` may propose a case study about (one query; none for who is no focal point)."""
    ids = focal_point_city_ids(user)
    if not ids:
        return []
    return list(Municipality.objects.filter(pk__in=ids).defer("search_text").order_by("name"))


@login_required
@second_factor_required
@require_safe
def my_proposals(request):
    """The case studies the person proposed, the latest changed first, with their status; a button to
    propose one for each city they are the focal point of."""
    cities = _cities_of(request.user)
    page = Paginator(selectors.proposals_of(request.user), PAGE_SIZE).get_page(request.GET.get("page"))
    if not cities and not page.paginator.count:
        raise Http404
    return render(request, "library/proposals/list.html", {"cities": cities, "page": page, "proposals": page})


def _submit(request, resource: Resource, form: ProposalForm):
    """Hand the saved case study to the staff; when it is not ready, the form says what is missing (the
    text is saved as a draft all the same). Returns the redirect, or None to show the form again."""
    try:
        services.submit_proposal(actor=request.user, resource=resource, expected_version=resource.version)
    except DomainError as error:
        form.move_to_version(Resource.objects.values_list("version", flat=True).get(pk=resource.pk))
        if isinstance(error, InvalidInput):
            show_at_form(form, error)
        form.add_error(None, _("Your text is saved as a draft. %(reason)s") % {"reason": error.message})
        return None
    messages.success(
        request,
        _("Your case study is submitted. The network's staff will review it, and you will hear from them by email."),
    )
    return redirect("library:proposals")


@login_required
@second_factor_required
@require_http_methods(["GET", "POST"])
def propose(request, city):
    """A new case study about `city`, by its focal point: saved as a draft, or saved and submitted."""
    municipality = Municipality.objects.filter(slug=city).defer("search_text").first()
    if municipality is None or not permissions.can_propose(request.user, municipality):
        raise Http404
    form = ProposalForm(request.POST if request.method == "POST" else None, municipality=municipality)
    if request.method == "POST" and form.is_valid():
        try:
            resource = services.propose_case_study(actor=request.user, municipality=municipality, values=form.values())
        except DomainError as error:
            show_at_form(form, error)
        else:
            if SUBMIT in request.POST:
                try:
                    services.submit_proposal(actor=request.user, resource=resource, expected_version=resource.version)
                except DomainError as error:
                    # Saved, not ready: its own page (a new URL, so that sending again does not make a
                    # second draft) says what is missing.
                    reason = (
                        _("It is not ready for review yet: what it lacks is listed below.")
                        if isinstance(error, InvalidInput)
                        else error.message
                    )
                    messages.warning(request, _("Your text is saved as a draft. %(reason)s") % {"reason": reason})
                    return redirect("library:proposal", resource.pk)
                messages.success(
                    request,
                    _(
                        "Your case study is submitted. The network's staff will review it, and you will hear "
                        "from them by email."
                    ),
                )
                return redirect("library:proposals")
            messages.success(request, _("Your case study is saved as a draft. Submit it for review when it is ready."))
            return redirect("library:proposal", resource.pk)
    return render(
        request,
        "library/proposals/form.html",
        {"city": municipality, "form": form, "resource": None, "missing": []},
        status=422 if form.is_bound else 200,
    )


@login_required
@second_factor_required
@require_http_methods(["GET", "POST"])
def proposal(request, pk):
    """A proposed case study, for its proposer: the form while it is theirs to change (with what it still
    lacks before review), else its status (waiting for review, published with its link)."""
    resource = selectors.proposals_of(request.user).filter(pk=pk).first()
    if resource is None:
        raise Http404
    cities = list(resource.municipalities.all())
    city = cities[0] if cities else None
    may_change = permissions.can_change_proposal(request.user, resource)
    if request.method == "POST" and not may_change:
        messages.error(
            request,
            _("This case study is no longer yours to change: %(status)s.") % {"status": resource.get_status_display()},
        )
        return redirect("library:proposal", resource.pk)
    form = None
    if may_change:
        form = ProposalForm(request.POST if request.method == "POST" else None, municipality=city, resource=resource)
    if request.method == "POST" and form.is_valid():
        try:
            resource = services.update_proposal(
                actor=request.user,
                resource=resource,
                values=form.values(),
                expected_version=form.cleaned_data["version"],
            )
        except Conflict as error:
            form.add_error(None, error.message)
            form.add_error(
                None,
                _("What you typed is kept below. Save again to replace what was saved meanwhile, or reload the page."),
            )
            form.move_to_version(Resource.objects.values_list("version", flat=True).get(pk=resource.pk))
        except DomainError as error:
            show_at_form(form, error)
        else:
            if SUBMIT in request.POST:
                response = _submit(request, resource, form)
                if response is not None:
                    return response
            else:
                messages.success(request, _("Your changes are saved."))
                return redirect("library:proposal", resource.pk)
    missing = []
    if may_change and not (form.is_bound and form.errors):
        missing = [str(m) for messages_ in services.missing_for_review(resource).values() for m in messages_]
    return render(
        request,
        "library/proposals/form.html",
        {
            "city": city,
            "form": form,
            "resource": resource,
            "missing": missing,
            "is_published": resource.status == ResourceStatus.PUBLISHED,
        },
        status=422 if form is not None and form.is_bound else 200,
    )


urlpatterns = [
    path("my/case-studies/", my_proposals, name="proposals"),
    path("my/case-studies/new/<slug:city>/", propose, name="proposal-new"),
    path("my/case-studies/<int:pk>/", proposal, name="proposal"),
]

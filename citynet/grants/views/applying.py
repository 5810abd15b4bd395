"""Applicants' pages: apply to a call, the organisation's profile, their applications, the form itself.

Thin: each view parses the request, calls a service or a selector, and renders. Another organisation's
application is a 404 (it is fetched through the applicant's own scope). A DomainError becomes a message
at the field or above the form, never a server error.
"""

import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from citynet.core.exceptions import Conflict, DomainError, InvalidInput
from citynet.core.forms import show_at_form

from ..forms.applying import AddPersonForm, ApplicationForm, OrganisationForm, StartForm
from ..models import ApplicationStatus, Attachment, Grant
from ..permissions import can_edit_organisation
from ..selectors import applications as selectors
from ..selectors.staff import extension_for
from ..services import applications as services
from ..uploads import download


def _safe_next(request) -> str | None:
    target = request.POST.get("next") or request.GET.get("next")
    if target and url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return target
    return None


def _own_application(request, pk):
    return get_object_or_404(selectors.application_for_edit(request.user, pk))


# --- Applying to a call ------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def call_apply(request, slug):
    """Start (or resume) the applicant's application to a call, then go to it.

    Reached from the call's page; a visitor who is not signed in signs in or up and comes straight back
    here (`?next=`), and one without an organisation profile makes it first, then comes back.
    """
    call = selectors.get_open_call(slug)
    if call is None:
        raise Http404
    organisations = selectors.list_organisations_of(request.user)
    here = reverse("grants:call-apply", args=[call.slug])
    if not organisations:
        messages.info(request, _("First tell us about the organisation you apply for."))
        return redirect(f"{reverse('grants:organisation')}?next={here}")
    form = StartForm(request.POST or None, organisations=organisations)
    if request.method == "GET" and len(organisations) == 1:
        # At the stage they would start now: an invited organisation's full proposal, not its expression of interest.
        stage = services.stage_to_start(call, organisations[0])
        existing = selectors.list_my_applications(request.user).filter(call=call, stage=stage).first()
        if existing is not None:
            return redirect("grants:application-detail", pk=existing.pk)
    if request.method == "POST":
        if len(organisations) == 1 and not request.POST.get("organisation"):
            form = StartForm({"organisation": organisations[0].pk}, organisations=organisations)
        if form.is_valid():
            try:
                application = services.start_application(
                    actor=request.user, call=call, organisation=form.cleaned_data["organisation"]
                )
            except DomainError as error:
                messages.error(request, error.message)
                return redirect(here)
            return redirect("grants:application-detail", pk=application.pk)
    return render(request, "grants/applying/start.html", {"call": call, "form": form})


# --- The organisation -----------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def organisation(request):
    """The applicant's organisation profile: create it, change it, add a colleague by email."""
    organisation = selectors.list_organisations_of(request.user).first()
    may_edit = organisation is None or can_edit_organisation(request.user, organisation)
    initial = {"version": organisation.version} if organisation else {}
    data = request.POST if request.method == "POST" and request.POST.get("action") != "add_person" else None
    form = OrganisationForm(data, instance=organisation, initial=initial)
    person_form = AddPersonForm(request.POST if request.POST.get("action") == "add_person" else None)
    if request.method == "POST" and not may_edit:
        messages.error(request, _("Only the organisation's managers can change its profile."))
    elif data is not None and form.is_valid():
        try:
            organisation = services.save_organisation(
                actor=request.user,
                organisation=organisation,
                values=form.values(),
                expected_version=form.cleaned_data.get("version"),
            )
        except DomainError as error:
            show_at_form(form, error)
        else:
            messages.success(request, _("The organisation's profile was saved."))
            return redirect(_safe_next(request) or reverse("grants:organisation"))
    elif person_form.is_bound and person_form.is_valid() and organisation is not None:
        try:
            services.add_organisation_member(
                actor=request.user, organisation=organisation, email=person_form.cleaned_data["email"]
            )
        except InvalidInput as error:
            person_form.add_error("email", error.message)
        except DomainError as error:
            person_form.add_error(None, error.message)
        else:
            messages.success(request, _("They were added to the organisation."))
            return redirect("grants:organisation")
    return render(
        request,
        "grants/applying/organisation.html",
        {
            "organisation": organisation,
            "form": form,
            "person_form": person_form,
            "may_edit": may_edit,
            "members": selectors.list_members(organisation) if organisation else [],
            "next": _safe_next(request) or "",
        },
    )


# --- Applications -------------------------------------------------------------------------------------


@login_required
def application_list(request):
    """The applications of the person's organisations, and where each stands."""
    return render(request, "grants/applying/list.html", {"applications": selectors.list_my_applications(request.user)})


def _render_form(request, application, form, status=200):
    return render(
        request,
        "grants/applying/form.html",
        {
            "application": application,
            "call": application.call,
            "form": form,
            "editable": application.status == ApplicationStatus.DRAFT,
            "before_deadline": application.is_before_deadline(),
            "attachments": list(application.attachments.all()),
            "budget_rows": form.budget_rows(),
            "submission_key": uuid.uuid4().hex,
            # Their own extension (visible to this application's people and staff only) and, after an
            # award, the way to the grant's page.
            "extension_note": extension_for(application),
            "grant": Grant.objects.filter(application=application).only("pk").first(),
        },
        status=status,
    )


def _save(request, application, form):
    """Save the draft as typed and its files; returns the application as saved."""
    application = services.save_draft(
        actor=request.user,
        application=application,
        values=form.values(),
        budget_lines=form.budget_lines(),
        expected_version=form.cleaned_data["version"],
    )
    for kind, question, upload in form.uploads():
        services.add_attachment(
            actor=request.user, application=application, upload=upload, kind=kind, question=question
        )
    return application


@login_required
@require_http_methods(["GET", "POST"])
def application_detail(request, pk):
    """The application form (a draft) or what was submitted: save, submit, withdraw, attach, remove."""
    application = _own_application(request, pk)
    if request.method == "GET":
        return _render_form(request, application, ApplicationForm(application=application))
    action = request.POST.get("action", "save")
    detail = reverse("grants:application-detail", args=[application.pk])
    if application.status != ApplicationStatus.DRAFT:
        if action == "withdraw":
            try:
                services.withdraw(actor=request.user, application=application)
            except DomainError as error:
                messages.error(request, error.message)
            else:
                messages.success(request, _("Your application was withdrawn."))
        elif action == "submit" and application.status == ApplicationStatus.SUBMITTED:
            # A double click or a resent form: it was submitted once, and that is what they see.
            messages.info(
                request,
                _("Your application was submitted: reference %(reference)s.") % {"reference": application.reference},
            )
        else:
            messages.error(request, _("This application was submitted: it can no longer be changed."))
        return redirect(detail)

    if action.startswith("remove:"):
        attachment = application.attachments.filter(pk=action.partition(":")[2] or 0).first()
        if attachment is None:
            raise Http404
        try:
            services.remove_attachment(actor=request.user, attachment=attachment)
        except DomainError as error:
            messages.error(request, error.message)
        return redirect(detail)

    form = ApplicationForm(request.POST, request.FILES, application=application)
    if not form.is_valid():
        return _render_form(request, application, form, status=422)
    try:
        saved = _save(request, application, form)
        if action == "submit":
            saved = services.submit(
                actor=request.user, application=saved, submission_key=form.cleaned_data.get("submission_key")
            )
    except InvalidInput as error:
        form.show_errors(error.errors)
        form.add_error(None, error.message)
        return _render_form(request, _own_application(request, pk), form, status=422)
    except Conflict as error:
        current = _own_application(request, pk)
        if action == "submit" and current.status == ApplicationStatus.SUBMITTED:
            return redirect(detail)  # the other click of a double click submitted it
        form.add_error(None, error.message)
        form.data = form.data.copy()
        form.data["version"] = current.version  # saving again applies this person's text, deliberately
        return _render_form(request, current, form, status=409)
    except DomainError as error:
        current = _own_application(request, pk)
        if action == "submit" and current.status == ApplicationStatus.SUBMITTED:
            return redirect(detail)
        form.add_error(None, error.message)
        return _render_form(request, current, form, status=409)
    if saved.status == ApplicationStatus.SUBMITTED:
        messages.success(
            request, _("Your application was submitted: reference %(reference)s.") % {"reference": saved.reference}
        )
    else:
        messages.success(request, _("Your draft was saved."))
    return redirect(detail)


@login_required
@require_POST
def application_autosave(request, pk):
    """Save the draft as the person types (JSON). 409 with a message when someone else saved first."""
    application = _own_application(request, pk)
    if application.status != ApplicationStatus.DRAFT:
        return JsonResponse({"message": _("This application was submitted: it can no longer be changed.")}, status=409)
    form = ApplicationForm(request.POST, application=application)
    if not form.is_valid():
        errors = {key: [str(m) for m in found] for key, found in form.errors.items()}
        return JsonResponse({"message": _("Some of the information given is not valid."), "errors": errors}, status=422)
    try:
        saved = services.save_draft(
            actor=request.user,
            application=application,
            values=form.values(),
            budget_lines=form.budget_lines(),
            expected_version=form.cleaned_data["version"],
        )
    except Conflict as error:
        current = _own_application(request, pk)
        return JsonResponse({"message": str(error.message), "version": current.version}, status=409)
    except InvalidInput as error:
        errors = {key: [str(m) for m in found] for key, found in error.errors.items()}
        return JsonResponse({"message": str(error.message), "errors": errors}, status=422)
    except DomainError as error:
        return JsonResponse({"message": str(error.message)}, status=409)
    return JsonResponse({"version": saved.version, "saved_at": saved.updated_at.isoformat()})


@login_required
def attachment_download(request, pk, attachment_pk):
    """An attachment, as a download only, to the applying organisation's people and the call's staff.

    Reviewers download through their own page (`views.reviewing`), which names files blindly where
    the call is blind: one rule and one name for them.
    """
    application = get_object_or_404(selectors.owned_or_managed_applications(request.user).select_related("call"), pk=pk)
    attachment = get_object_or_404(Attachment, pk=attachment_pk, application=application)
    return download(attachment.file, filename=attachment.original_name, content_type=attachment.content_type)


@login_required
def application_receipt(request, pk):
    """The receipt of a submitted application, as a PDF in the page's language."""
    application = _own_application(request, pk)
    if application.status != ApplicationStatus.SUBMITTED:
        raise Http404
    response = HttpResponse(selectors.receipt_pdf(application, request.LANGUAGE_CODE), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{application.reference}.pdf"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


urlpatterns = [
    path("calls/<slug:slug>/apply/", call_apply, name="call-apply"),
    path("grants/organisation/", organisation, name="organisation"),
    path("grants/applications/", application_list, name="application-list"),
    path("grants/applications/<int:pk>/", application_detail, name="application-detail"),
    path("grants/applications/<int:pk>/autosave/", application_autosave, name="application-autosave"),
    path(
        "grants/applications/<int:pk>/attachments/<int:attachment_pk>/",
        attachment_download,
        name="application-attachment",
    ),
    path("grants/applications/<int:pk>/receipt.pdf", application_receipt, name="application-receipt"),
]

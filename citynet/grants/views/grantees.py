"""The grant page after award: the grantee hands in reports, staff approve or return them."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from citynet.core.exceptions import DomainError, NotFound
from citynet.core.forms import show_at_form

from ..forms.grantees import ReportForm, ReportReviewForm
from ..permissions import can_manage_grant, can_report_on
from ..selectors import grantees as selectors
from ..services import grantees as services
from ..uploads import download


def _grant(request, pk):
    try:
        return selectors.grant_for(request.user, pk)
    except NotFound as error:
        raise Http404 from error


def _report(grant, report_pk):
    try:
        return selectors.report_of(grant, report_pk)
    except NotFound as error:
        raise Http404 from error


def _page(request, grant, forms=None, status=200):
    reporting = can_report_on(request.user, grant)
    managing = can_manage_grant(request.user, grant)
    forms = forms or {}
    rows = [
        {
            "report": report,
            "form": forms.get(report.pk)
            or (
                ReportForm(initial={"based_on_version": report.version}, prefix=f"r{report.pk}") if reporting else None
            ),
            "review_form": ReportReviewForm(prefix=f"v{report.pk}") if managing else None,
        }
        for report in grant.reports.all()
    ]
    context = {"grant": grant, "application": grant.application, "call": grant.application.call, "rows": rows}
    context.update(reporting=reporting, managing=managing)
    return render(request, "grants/grantees/grant_detail.html", context, status=status)


@login_required
@require_GET
def grant_detail(request, pk):
    return _page(request, _grant(request, pk))


@login_required
@require_POST
def hand_in_report(request, pk, report_pk):
    grant = _grant(request, pk)
    report = _report(grant, report_pk)
    if not can_report_on(request.user, grant):
        raise Http404
    form = ReportForm(request.POST, request.FILES, prefix=f"r{report.pk}")
    if form.is_valid():
        try:
            services.submit_report(
                actor=request.user,
                report=report,
                text=form.cleaned_data["text"],
                upload=form.cleaned_data["file"],
                expected_version=form.cleaned_data["based_on_version"],
            )
        except DomainError as error:
            show_at_form(form, error)
        else:
            messages.success(request, _("Your report was handed in. The network's staff will review it."))
            return redirect("grants:grant-detail", pk=grant.pk)
    return _page(request, selectors.grant_for(request.user, pk), forms={report.pk: form}, status=422)


@login_required
@require_POST
def review_report(request, pk, report_pk):
    grant = _grant(request, pk)
    report = _report(grant, report_pk)
    if not can_manage_grant(request.user, grant):
        raise Http404
    form = ReportReviewForm(request.POST, prefix=f"v{report.pk}")
    if form.is_valid():
        try:
            services.review_report(
                actor=request.user,
                report=report,
                approve=form.cleaned_data["decision"] == "approve",
                comment=form.cleaned_data["comment"],
            )
        except DomainError as error:
            messages.error(request, str(error.message))
        else:
            messages.success(request, _("The grantee has been told."))
    else:
        messages.error(request, _("Choose whether to approve the report or return it."))
    return redirect("grants:grant-detail", pk=grant.pk)


@login_required
@require_http_methods(["GET", "HEAD"])
def report_file(request, pk, report_pk):
    report = _report(_grant(request, pk), report_pk)
    if not report.file:
        raise Http404
    extension = report.file.name.rsplit(".", 1)[-1] if "." in report.file.name else ""
    return download(
        report.file, filename=report.original_name or f"report.{extension}", content_type=report.content_type
    )


urlpatterns = [
    path("grants/awarded/<int:pk>/", grant_detail, name="grant-detail"),
    path("grants/awarded/<int:pk>/reports/<int:report_pk>/", hand_in_report, name="report-hand-in"),
    path("grants/awarded/<int:pk>/reports/<int:report_pk>/review/", review_report, name="report-review"),
    path("grants/awarded/<int:pk>/reports/<int:report_pk>/file/", report_file, name="report-file"),
]

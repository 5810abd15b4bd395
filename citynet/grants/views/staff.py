"""The call's staff pages in the admin, /admin/grants/calls/<pk>/...: applications and screening, one
application, extensions, reviewer assignment, the ranking, decisions and results, exports.

Registered by wagtail_hooks with `register_admin_urls` (so Wagtail's admin access check runs first);
each view also asks for the second factor and fetches the call through the actor's scope: another
region's call is a 404. Views parse input, call a service or a selector, render; a service's refusal
is shown on the page.
"""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import include, path, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from citynet.accounts.second_factor import second_factor_required
from citynet.core import exports
from citynet.core.actions import run_and_redirect
from citynet.core.exceptions import DomainError
from citynet.core.forms import place_error

from ..forms.staff import (
    CHECKLIST,
    AssignForm,
    DecisionForm,
    ExportForm,
    ExtensionForm,
    ManualAssignForm,
    PoolAddForm,
    PoolInterestForm,
    ResultsForm,
    ScreeningForm,
)
from ..models import Decision, Outcome, PoolMember, Screening
from ..selectors import staff as selectors
from ..services import calls as call_services
from ..services import decisions as decision_services
from ..services import reviews as review_services
from ..services import screening as screening_services
from ..services.reviews import assign_automatically

PAGE_SIZE = 50


def _call(request, call_pk):
    call = selectors.get_managed_call(actor=request.user, pk=call_pk)
    if call is None:
        raise Http404
    return call


def _show_error(request, error: DomainError, form=None):
    """A service's refusal: at the form's fields where it names them, else as a message."""
    if form is None or not place_error(form, error):
        messages.error(request, str(error.message))


def _context(call, active: str, **extra) -> dict:
    return {"call": call, "active": active, "budget": selectors.budget_of(call), **extra}


# --- Applications and screening ------------------------------------------------------------------------


@require_http_methods(["GET"])
@second_factor_required
def applications(request, call_pk):
    """The call's applications with their screening, decision and reviewers; filters; exports."""
    call = _call(request, call_pk)
    filters = {
        "screening": request.GET.get("screening") or None,
        "outcome": request.GET.get("outcome") or None,
        "q": (request.GET.get("q") or "").strip() or None,
    }
    queryset = selectors.list_call_applications(actor=request.user, call=call, **filters)
    page = Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))
    extension_form = ExtensionForm(applications=selectors.extension_candidates(call))
    return render(
        request,
        "grants/staff/applications.html",
        _context(
            call,
            "applications",
            page=page,
            filters=filters,
            screening_choices=Screening.choices,
            outcome_choices=[*Outcome.choices, ("none", _("Not decided"))],
            counts=selectors.screening_counts(call),
            extension_form=extension_form,
            query=request.GET.copy(),
        ),
    )


@require_http_methods(["GET", "POST"])
@second_factor_required
def application(request, call_pk, pk):
    """One application as staff see it: answers, attachments, automatic checks, the screening form, its
    reviewers, its decision and its audit trail. POST screens it."""
    call = _call(request, call_pk)
    found = selectors.get_managed_application(actor=request.user, call=call, pk=pk)
    if found is None:
        raise Http404
    initial = {
        "eligible": {"eligible": "yes", "excluded": "no"}.get(found.screening),
        "screening_reason": found.screening_reason,
        **{f"check_{key}": bool(found.screening_checklist.get(key)) for key, _label in CHECKLIST},
    }
    form = ScreeningForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            screening_services.screen(
                actor=request.user,
                application=found,
                eligible=form.cleaned_data["eligible"],
                checklist=form.checklist(),
                reason=form.cleaned_data["screening_reason"],
            )
        except DomainError as error:
            _show_error(request, error, form)
        else:
            messages.success(request, _("Screening saved; the applicant will be told."))
            return redirect("grants_staff:application", call.pk, found.pk)
    questions = list(call.questions.all())
    answers = [(question, (found.answers or {}).get(str(question.pk), "")) for question in questions]
    decision = getattr(found, "decision", None)
    extension = getattr(found, "extension", None)
    return render(
        request,
        "grants/staff/application.html",
        _context(
            call,
            "applications",
            application=found,
            answers=answers,
            budget_lines=list(found.budget_lines.all()),
            attachments=list(selectors.list_attachments(found)),
            checks=screening_services.eligibility_checks(found),
            form=form,
            assignments=list(selectors.list_assignments(found)),
            candidates=selectors.assignment_candidates(found),
            decision=decision,
            extension_line=selectors.extension_for(found),
            extension_form=ExtensionForm(
                applications=selectors.extension_candidates(call), initial={"application": found.pk}
            ),
            trail=list(selectors.audit_trail(found, decision, extension)[:100]),
        ),
        status=422 if request.method == "POST" else 200,
    )


@require_http_methods(["POST"])
@second_factor_required
def extension(request, call_pk):
    """Give one applicant more time, with a reason (the form is on the applications page)."""
    call = _call(request, call_pk)
    form = ExtensionForm(request.POST, applications=selectors.extension_candidates(call))
    if not form.is_valid():
        _form_errors(request, form)
        return redirect("grants_staff:applications", call.pk)
    data = form.cleaned_data
    if request.POST.get("back") == "application":
        back = reverse("grants_staff:application", args=[call.pk, data["application"].pk])
    else:
        back = reverse("grants_staff:applications", args=[call.pk])
    return run_and_redirect(
        request,
        lambda: call_services.grant_extension(
            actor=request.user, application=data["application"], closes_at=data["closes_at"], reason=data["reason"]
        ),
        done=_("Extension granted; only that applicant sees it."),
        back=back,
    )


# --- Review -----------------------------------------------------------------------------------------------


def _form_errors(request, form) -> None:
    """A POST-only form's errors, as messages on the page it goes back to."""
    for field_errors in form.errors.values():
        for message in field_errors:
            messages.error(request, message)


def _interest_form(call, data=None) -> PoolInterestForm:
    return PoolInterestForm(
        data,
        members=PoolMember.objects.filter(call=call).select_related("reviewer").order_by("reviewer__email"),
        organisations=selectors.interest_organisations(call),
        municipalities=selectors.region_municipalities(call),
    )


@require_http_methods(["GET", "POST"])
@second_factor_required
def assignment(request, call_pk):
    """The call's reviewer pool with each member's load and declared interests, the forms to add a member
    and to record an interest, and assigning reviewers automatically (POST)."""
    call = _call(request, call_pk)
    form = AssignForm(request.POST or None, initial={"per_application": call.reviewers_per_application})
    if request.method == "POST" and form.is_valid():
        try:
            created = assign_automatically(
                actor=request.user, call=call, per_application=form.cleaned_data["per_application"]
            )
        except DomainError as error:
            _show_error(request, error, form)
        else:
            messages.success(request, _("%(count)s assignments made.") % {"count": len(created)})
            return redirect("grants_staff:assignment", call.pk)
    interests = selectors.pool_interests(call)
    pool = [(member, interests.get(member.reviewer_id, [])) for member in selectors.pool_loads(call)]
    return render(
        request,
        "grants/staff/assignment.html",
        _context(
            call,
            "assignment",
            form=form,
            pool=pool,
            coverage=selectors.assignment_coverage(call),
            add_form=PoolAddForm(),
            interest_form=_interest_form(call),
        ),
    )


@require_http_methods(["POST"])
@second_factor_required
def pool_add(request, call_pk):
    """Add an existing account to the call's pool by its email address (again: its limit is updated)."""
    call = _call(request, call_pk)
    form = PoolAddForm(request.POST)
    if not form.is_valid():
        _form_errors(request, form)
        return redirect("grants_staff:assignment", call.pk)
    reviewer = selectors.find_account(form.cleaned_data["email"])
    if reviewer is None:
        messages.error(
            request,
            _("No account has the address %(email)s: ask the reviewer to sign up first, then add them.")
            % {"email": form.cleaned_data["email"]},
        )
        return redirect("grants_staff:assignment", call.pk)
    return run_and_redirect(
        request,
        lambda: review_services.add_to_pool(
            actor=request.user, call=call, reviewer=reviewer, max_assignments=form.cleaned_data["max_assignments"]
        ),
        done=_("%(reviewer)s is in the pool.") % {"reviewer": reviewer},
        back=reverse("grants_staff:assignment", args=[call.pk]),
    )


@require_http_methods(["POST"])
@second_factor_required
def pool_remove(request, call_pk, pk):
    """Take a member out of the pool; refused once they submitted reviews for the call. Their other
    assignments stay (staff take them back on each application's page)."""
    call = _call(request, call_pk)
    member = selectors.get_pool_member(call, pk)
    if member is None:
        raise Http404
    return run_and_redirect(
        request,
        lambda: review_services.leave_pool(actor=request.user, call=call, reviewer=member.reviewer),
        done=_("%(reviewer)s left the pool; any assignments they hold stay until you take them back.")
        % {"reviewer": member.reviewer},
        back=reverse("grants_staff:assignment", args=[call.pk]),
    )


@require_http_methods(["POST"])
@second_factor_required
def pool_interest(request, call_pk):
    """Record an interest a pool member declared (an applicant organisation, a municipality of the
    region, a country): they are never assigned an application from it again."""
    call = _call(request, call_pk)
    form = _interest_form(call, request.POST)
    if not form.is_valid():
        _form_errors(request, form)
        return redirect("grants_staff:assignment", call.pk)
    data = form.cleaned_data
    return run_and_redirect(
        request,
        lambda: review_services.declare_interest(
            actor=request.user,
            reviewer=data["member"].reviewer,
            organisation=data["organisation"],
            municipality=data["municipality"],
            country=data["country"],
            note=data["note"],
        ),
        done=_("Interest recorded for %(reviewer)s.") % {"reviewer": data["member"].reviewer},
        back=reverse("grants_staff:assignment", args=[call.pk]),
    )


def _application(request, call, pk):
    found = selectors.get_managed_application(actor=request.user, call=call, pk=pk)
    if found is None:
        raise Http404
    return found


@require_http_methods(["POST"])
@second_factor_required
def assign_reviewer(request, call_pk, pk):
    """Assign a member of the pool to this application by hand (refused: not in the pool, a conflict)."""
    call = _call(request, call_pk)
    found = _application(request, call, pk)
    form = ManualAssignForm(request.POST, members=PoolMember.objects.filter(call=call).select_related("reviewer"))
    if not form.is_valid():
        _form_errors(request, form)
        return redirect("grants_staff:application", call.pk, found.pk)
    reviewer = form.cleaned_data["member"].reviewer
    return run_and_redirect(
        request,
        lambda: review_services.assign(actor=request.user, application=found, reviewer=reviewer),
        done=_("%(reviewer)s is assigned.") % {"reviewer": reviewer},
        back=reverse("grants_staff:application", args=[call.pk, found.pk]),
    )


@require_http_methods(["POST"])
@second_factor_required
def unassign_reviewer(request, call_pk, pk, assignment_pk):
    """Take an assignment back; refused once its review was submitted."""
    call = _call(request, call_pk)
    found = _application(request, call, pk)
    held = selectors.get_assignment(found, assignment_pk)
    if held is None:
        raise Http404
    return run_and_redirect(
        request,
        lambda: review_services.unassign(actor=request.user, assignment=held),
        done=_("%(reviewer)s no longer reviews this application.") % {"reviewer": held.reviewer},
        back=reverse("grants_staff:application", args=[call.pk, found.pk]),
    )


def _ranking(call):
    from ..selectors.ranking import ranking

    return ranking(call)


@require_http_methods(["GET"])
@second_factor_required
def ranking(request, call_pk):
    """The ranked list with raw and normalised scores, disagreement, the cut line, agreement and progress."""
    call = _call(request, call_pk)
    result = _ranking(call)
    page = Paginator(result.rows, PAGE_SIZE * 2).get_page(request.GET.get("page"))
    return render(request, "grants/staff/ranking.html", _context(call, "ranking", ranking=result, page=page))


# --- Decisions and results --------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@second_factor_required
def decisions(request, call_pk):
    """Outcome and amount per application in ranking order, the budget tracker, telling applicants,
    publishing results. POST decides on one application."""
    call = _call(request, call_pk)
    failed = None
    if request.method == "POST":
        form = DecisionForm(request.POST)
        if form.is_valid():
            found = selectors.get_managed_application(
                actor=request.user, call=call, pk=form.cleaned_data["application"]
            )
            if found is None:
                raise Http404
            try:
                decision_services.decide(
                    actor=request.user,
                    application=found,
                    outcome=form.cleaned_data["outcome"],
                    amount=form.cleaned_data["amount"],
                    message=form.cleaned_data["message"],
                    expected_version=form.cleaned_data["based_on_version"],
                )
            except DomainError as error:
                _show_error(request, error, form)
                failed = form
            else:
                messages.success(request, _("Decision saved."))
                return redirect(
                    f"{reverse('grants_staff:decisions', args=[call.pk])}?page={request.GET.get('page', 1)}"
                )
        else:
            failed = form
    result = _ranking(call)
    page = Paginator(result.rows, PAGE_SIZE).get_page(request.GET.get("page"))
    rows = []
    for row in page:
        decision = getattr(row.application, "decision", None)
        if failed is not None and failed.data.get("application") == str(row.application.pk):
            form = failed
        else:
            form = DecisionForm(
                initial={
                    "application": row.application.pk,
                    "outcome": decision.outcome if decision else "",
                    "amount": decision.amount if decision else row.application.requested_amount,
                    "message": decision.message if decision else "",
                    "based_on_version": decision.version if decision else None,
                },
                auto_id=f"id_{row.application.pk}_%s",
            )
        rows.append((row, decision, form))
    return render(
        request,
        "grants/staff/decisions.html",
        _context(
            call,
            "decisions",
            rows=rows,
            page=page,
            results_form=ResultsForm(),
            untold=Decision.objects.filter(application__call=call, notified_at__isnull=True).count(),
        ),
        status=422 if failed is not None else 200,
    )


@require_http_methods(["POST"])
@second_factor_required
def notify(request, call_pk):
    """Tell every applicant not yet told of their decision (each once)."""
    call = _call(request, call_pk)
    return run_and_redirect(
        request,
        lambda: decision_services.notify_decisions(actor=request.user, call=call),
        done=lambda told: _("%(count)s applicants will be told.") % {"count": told},
        back=reverse("grants_staff:decisions", args=[call.pk]),
    )


@require_http_methods(["POST"])
@second_factor_required
def publish_results(request, call_pk):
    """Publish the call's awards on the hub and mark its results as published."""
    call = _call(request, call_pk)
    form = ResultsForm(request.POST)
    if not form.is_valid():
        return redirect("grants_staff:decisions", call.pk)
    return run_and_redirect(
        request,
        lambda: decision_services.publish_results(actor=request.user, call=call, announcements=form.announcements()),
        done=_("Results published."),
        back=reverse("grants_staff:decisions", args=[call.pk]),
    )


@require_http_methods(["POST"])
@second_factor_required
def publish(request, call_pk):
    """Publish a draft call."""
    call = _call(request, call_pk)
    return run_and_redirect(
        request,
        lambda: call_services.publish_call(actor=request.user, call=call),
        done=_("The call is published."),
        back=reverse("grants_staff:applications", args=[call.pk]),
    )


# --- Exports ----------------------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@second_factor_required
def export(request, call_pk, what, fmt):
    """A warning about the personal data in the file (GET), then the file (POST, confirmed), logged."""
    call = _call(request, call_pk)
    if what not in selectors.EXPORTS or fmt not in exports.FORMATS:
        raise Http404
    form = ExportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        headings, rows = selectors.EXPORTS[what](actor=request.user, call=call)
        return exports.download(
            actor=request.user,
            instance=call,
            action="grants.export",
            what=what,
            name=call.code,
            headings=headings,
            rows=rows,
            fmt=fmt,
        )
    return render(
        request,
        "grants/staff/export.html",
        _context(call, "applications", form=form, what=what, fmt=fmt, label=selectors.EXPORT_LABELS[what]),
        status=422 if request.method == "POST" else 200,
    )


staff_patterns = [
    path("applications/", applications, name="applications"),
    path("applications/<int:pk>/", application, name="application"),
    path("extension/", extension, name="extension"),
    path("applications/<int:pk>/assign/", assign_reviewer, name="assign"),
    path("applications/<int:pk>/assignments/<int:assignment_pk>/remove/", unassign_reviewer, name="unassign"),
    path("assignment/", assignment, name="assignment"),
    path("pool/add/", pool_add, name="pool-add"),
    path("pool/<int:pk>/remove/", pool_remove, name="pool-remove"),
    path("pool/interests/", pool_interest, name="pool-interest"),
    path("ranking/", ranking, name="ranking"),
    path("decisions/", decisions, name="decisions"),
    path("notify/", notify, name="notify"),
    path("publish-results/", publish_results, name="publish-results"),
    path("publish/", publish, name="publish"),
    path("export/<str:what>/<str:fmt>/", export, name="export"),
]

# Mounted by wagtail_hooks under /admin/: /admin/grants/calls/<pk>/...
urlpatterns = [path("grants/calls/<int:call_pk>/", include((staff_patterns, "grants_staff")))]

"""A city's own advisory pages, for its focal point and the region's staff: its assessments (scored with
staff while a draft), its action plan and the progress reports on it, the printable plan.

Who may: the city's focal point (their own city only) and the staff of its region (permissions.can_view).
Anyone else signed in gets a 404 (the records do not exist for them), the anonymous the sign-in page.
Meeting records and their notes are never read here (staff see them in the admin).

Thin: reads through the selectors, writes through the services, whose refusals come back as messages at
the form (never a 500, nothing half-saved).
"""

from collections import defaultdict

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.db.models import Min, Q
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import path, reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from citynet.accounts.second_factor import second_factor_required
from citynet.core import pdf
from citynet.core.exceptions import Conflict, DomainError
from citynet.core.forms import show_at_form
from citynet.network.models import Municipality

from .. import permissions
from ..forms import ProgressForm, ScoringForm, score_field
from ..models import OPEN_ACTION, Action, Assessment, AssessmentStatus, CapacityArea, PlanStatus, ProgressUpdate, Score
from ..selectors import assessments as assessment_selectors
from ..selectors import plans as plan_selectors
from ..selectors import stakeholders
from ..services import assessments as assessment_services
from ..services import plans as plan_services

PDF_FALLBACK_LANGUAGE = "en"


def _city_or_404(request, slug) -> Municipality:
    """The city, if the person may see its advisory records (its focal point, its region's staff)."""
    city = Municipality.objects.select_related("country").filter(slug=slug).first()
    if city is None or not permissions.can_view(request.user, Assessment(municipality=city)):
        raise Http404
    return city


def _plan_or_404(request, city, pk):
    plan = plan_selectors.plan_for(request.user, pk)
    if plan is None or plan.municipality_id != city.pk:
        raise Http404
    return plan


def _plan_url(plan, fragment: str = "") -> str:
    url = reverse("advisory:city-plan", args=[plan.municipality.slug, plan.pk])
    return f"{url}#{fragment}" if fragment else url


def _is_staff(user, city) -> bool:
    return permissions.is_region_staff(user, Assessment(municipality=city))


# --- The overview ------------------------------------------------------------------------------------------


@login_required
@second_factor_required
@require_safe
def overview(request, slug):
    """The city's advisory work in one page: its assessments, the comparison of the final ones, its plans
    and its stakeholder map (the table and the gaps)."""
    city = _city_or_404(request, slug)
    user = request.user
    plans = plan_selectors.plans_for(user, municipality=city).annotate(
        next_due=Min("actions__due_on", filter=Q(status=PlanStatus.ADOPTED, actions__status__in=OPEN_ACTION))
    )
    return render(
        request,
        "advisory/city/overview.html",
        {
            "city": city,
            "assessments": list(assessment_selectors.assessments_for(user, municipality=city)),
            "comparison": assessment_selectors.comparison(user, city),
            "plans": list(plans),
            "map": stakeholders.municipality_map(user, city.pk),
            "is_staff": _is_staff(user, city),
        },
    )


# --- An assessment -----------------------------------------------------------------------------------------


def _assessment_or_404(request, city, pk) -> Assessment:
    assessment = (
        assessment_selectors.assessments_for(request.user, municipality=city)
        .select_related("conducted_by", "with_focal_point")
        .filter(pk=pk)
        .first()
    )
    if assessment is None:
        raise Http404
    return assessment


def _scores(assessment) -> dict:
    return {score.area_id: score for score in Score.objects.filter(assessment=assessment)}


def _score_all(actor, assessment, changes, version) -> int:
    """Give every changed area's score, all or none: the first refusal undoes the ones before it. Returns the
    assessment's version afterwards."""
    with transaction.atomic():
        for area, score, evidence, comment in changes:
            try:
                assessment_services.score_area(
                    actor=actor,
                    assessment=assessment,
                    area=area,
                    score=score,
                    evidence=evidence,
                    comment=comment,
                    version=version,
                )
            except DomainError as error:
                error.area = area
                raise
            version = assessment.version
    return version


@login_required
@second_factor_required
@require_http_methods(["GET", "POST"])
def assessment_detail(request, slug, pk):
    """An assessment, area by area. While a draft, its city's focal point and its staff score it together;
    a final one reads only."""
    city = _city_or_404(request, slug)
    assessment = _assessment_or_404(request, city, pk)
    user = request.user
    areas = list(CapacityArea.objects.filter(framework_id=assessment.framework_id).order_by("sort_order", "pk"))
    scores = _scores(assessment)
    may_score = assessment.status == AssessmentStatus.DRAFT and permissions.can_score(user, assessment)
    form = None
    status = 200
    if may_score:
        form = ScoringForm(
            request.POST if request.method == "POST" else None, assessment=assessment, areas=areas, scores=scores
        )
    if request.method == "POST":
        if form is None:
            messages.error(request, _("This assessment is final: its scores can no longer change."))
            return redirect("advisory:city-assessment", city.slug, assessment.pk)
        if form.is_valid():
            changes = form.changes(scores)
            version = form.cleaned_data["version"]
            if not changes:
                messages.info(request, _("Nothing was changed."))
                return redirect("advisory:city-assessment", city.slug, assessment.pk)
            try:
                _score_all(user, assessment, changes, version)
            except Conflict as error:
                form.add_error(None, error.message)
                current = Assessment.objects.filter(pk=assessment.pk).values_list("version", flat=True).first()
                form.move_to_version(current)
                scores = _scores(assessment)  # what is saved now, shown beside what was typed
            except DomainError as error:
                area = getattr(error, "area", None)
                placed = False
                if area is not None:
                    for message in getattr(error, "errors", {}).get("score", []):
                        form.add_error(score_field(area.pk), message)
                        placed = True
                if not placed:
                    show_at_form(form, error)
            else:
                messages.success(request, _("The scores were saved."))
                return redirect("advisory:city-assessment", city.slug, assessment.pk)
        status = 422
    rows = []
    form_rows = {row[0].pk: row for row in form.rows()} if form is not None else {}
    for area in areas:
        saved = scores.get(area.pk)
        label = (assessment.framework.scale_labels or {}).get(str(saved.score), "") if saved else ""
        rows.append({"area": area, "saved": saved, "label": label, "fields": form_rows.get(area.pk)})
    return render(
        request,
        "advisory/city/assessment.html",
        {
            "city": city,
            "assessment": assessment,
            "framework": assessment.framework,
            "rows": rows,
            "form": form,
        },
        status=status,
    )


# --- A plan --------------------------------------------------------------------------------------------------


def _history(plan) -> dict:
    """Every progress report on the plan's actions, newest first, by action (one query)."""
    by_action = defaultdict(list)
    updates = (
        ProgressUpdate.objects.filter(action__plan_id=plan.pk)
        .select_related("reported_by", "reviewed_by")
        .order_by("-reported_on", "-pk")
    )
    for update in updates:
        by_action[update.action_id].append(update)
    return by_action


def _public_links(plan) -> tuple[set, set]:
    """The ids of the plan's supporting events and awards that have a public page (two queries at most)."""
    from citynet.events import permissions as event_permissions
    from citynet.events.models import Event
    from citynet.grants.selectors.public import public_awards

    event_ids = {event.pk for action in plan.action_list for event in action.events.all()}
    award_ids = {award.pk for action in plan.action_list for award in action.awards.all()}
    public_events = (
        set(event_permissions.scope_public_events(Event.objects.filter(pk__in=event_ids)).values_list("pk", flat=True))
        if event_ids
        else set()
    )
    public_grants = set(public_awards().filter(pk__in=award_ids).values_list("pk", flat=True)) if award_ids else set()
    return public_events, public_grants


def _plan_context(request, plan) -> dict:
    history = _history(plan)
    public_events, public_grants = _public_links(plan)
    user = request.user
    for action in plan.action_list:
        action.history = history.get(action.pk, [])
        action.pending = [u for u in action.history if u.review == "pending"]
        action.public_events = [e for e in action.events.all() if e.pk in public_events]
        action.public_awards = [a for a in action.awards.all() if a.pk in public_grants]
        action.may_report = permissions.can_report_progress(user, action)
    goals = [(goal, [a for a in plan.action_list if a.goal_id == goal.pk]) for goal in plan.goal_list]
    without_goal = [a for a in plan.action_list if a.goal_id is None]
    languages = [plan.language] + ([PDF_FALLBACK_LANGUAGE] if plan.language != PDF_FALLBACK_LANGUAGE else [])
    return {
        "city": plan.municipality,
        "plan": plan,
        "goals": goals,
        "without_goal": without_goal,
        "overdue_count": sum(1 for a in plan.action_list if a.is_overdue),
        "pdf_languages": [(code, settings.LANGUAGE_NAMES.get(code, code)) for code in languages],
    }


@login_required
@second_factor_required
@require_safe
def plan_detail(request, slug, pk):
    """The plan whole: goals, actions with owners, dates, status and percent, indicators, each action's
    progress reports, budget and funding, the supporting events and grants."""
    city = _city_or_404(request, slug)
    plan = _plan_or_404(request, city, pk)
    return render(request, "advisory/city/plan.html", _plan_context(request, plan))


@login_required
@second_factor_required
@require_safe
def plan_print(request, slug, pk):
    """The plan as a page to print (its print stylesheet leaves the site's header and links out)."""
    city = _city_or_404(request, slug)
    plan = _plan_or_404(request, city, pk)
    return render(request, "advisory/city/plan_print.html", _plan_context(request, plan))


@login_required
@second_factor_required
@require_safe
def plan_pdf(request, slug, pk):
    """The plan as a PDF in the city's language (the plan's `language`) or in English (`?language=`)."""
    from weasyprint import HTML

    city = _city_or_404(request, slug)
    plan = _plan_or_404(request, city, pk)
    language = request.GET.get("language") or plan.language
    if language not in {plan.language, PDF_FALLBACK_LANGUAGE}:
        raise Http404
    with translation.override(language):
        context = _plan_context(request, plan)
        context.update({"font_css": pdf.font_css(), "direction": pdf.text_direction(), "language": language})
        html = render_to_string("advisory/city/plan_pdf.html", context)
    document = HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf()
    response = HttpResponse(document, content_type="application/pdf")
    draft = "-draft" if plan.status == PlanStatus.DRAFT else ""
    response["Content-Disposition"] = f'attachment; filename="action-plan-{plan.pk}-{language}{draft}.pdf"'
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


# --- Progress on an action ------------------------------------------------------------------------------------


@login_required
@second_factor_required
@require_http_methods(["GET", "POST"])
def progress(request, slug, pk, action_pk):
    """The city's focal point (or its staff) reports an action's progress; it waits for staff review."""
    city = _city_or_404(request, slug)
    action = (
        permissions.scope_visible(Action.objects.all(), request.user)
        .select_related("plan__municipality__country", "goal")
        .filter(pk=action_pk, plan_id=pk, plan__municipality=city)
        .first()
    )
    if action is None:
        raise Http404
    plan = action.plan
    may_report = permissions.can_report_progress(request.user, action)
    form = ProgressForm(request.POST if request.method == "POST" and may_report else None, action=action)
    if request.method == "POST":
        if not may_report:
            messages.error(request, _("Progress is reported only on an adopted plan."))
            return redirect(_plan_url(plan, f"action-{action.pk}"))
        if form.is_valid():
            try:
                plan_services.report_progress(actor=request.user, action=action, **form.cleaned_data)
            except DomainError as error:
                show_at_form(form, error)
            else:
                messages.success(
                    request, _("Your report was received. It waits for staff review before the action changes.")
                )
                return redirect(_plan_url(plan, f"action-{action.pk}"))
    pending = list(
        ProgressUpdate.objects.filter(action=action, review="pending").select_related("reported_by").order_by("-pk")
    )
    return render(
        request,
        "advisory/city/progress.html",
        {"city": city, "plan": plan, "action": action, "form": form, "may_report": may_report, "pending": pending},
        status=422 if form.is_bound else 200,
    )


def _city(suffix, view, name):
    return path(f"municipalities/<slug:slug>/advisory/{suffix}", view, name=name)


urlpatterns = [
    _city("", overview, "city"),
    _city("assessments/<int:pk>/", assessment_detail, "city-assessment"),
    _city("plans/<int:pk>/", plan_detail, "city-plan"),
    _city("plans/<int:pk>/print/", plan_print, "city-plan-print"),
    _city("plans/<int:pk>/plan.pdf", plan_pdf, "city-plan-pdf"),
    _city("plans/<int:pk>/actions/<int:action_pk>/progress/", progress, "city-progress"),
]

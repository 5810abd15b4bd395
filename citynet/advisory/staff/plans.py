"""The staff's admin for the advisory plans (/admin/advisory/...): its viewsets on the core's generic
admin, its own pages, and their permission policies. Registered by ../wagtail_hooks.py.

- "Action plans" (/admin/advisory/plans/): the plans of the regions the editor runs (the secretariat: all),
  filtered by region, municipality and status, exported as CSV/XLSX (logged); a plan created and changed
  through services/plans.py::save_plan, with its version.
- The plan's page (/admin/advisory/plans/<pk>/): its goals, actions (owners, dates, status, percent,
  budget, funding, areas, events and grants), indicators, overdue actions flagged, each action's latest
  accepted progress; adding and changing goals, actions and indicators; adopting and closing; the adopted
  versions, each readable as agreed; the plan's actions as a spreadsheet (logged).
- "Progress to review" (/admin/advisory/progress/): the focal points' reports awaiting review in the
  editor's regions, accepted or returned with a note.
- "Overdue actions" (/admin/advisory/overdue/): the open actions past their due date, longest first.

Who may: the staff of the plan's region (permissions.can_manage, scope_staff, can_review_progress); a plan
of another region does not exist for them (404). Every write is a call to services/plans.py; a refusal is
shown on the page, never as an error page.
"""

from django.contrib import messages
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import QuerySet
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import include, path, reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.html import format_html
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods
from django_filters import ChoiceFilter, ModelChoiceFilter
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.menu import MenuItem
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.admin.ui.tables import Column
from wagtail.admin.viewsets.base import ViewSet

from citynet.accounts.second_factor import second_factor_required
from citynet.core import exports, records
from citynet.core.actions import run_and_redirect
from citynet.core.admin_forms import language_columns as languages
from citynet.core.admin_views import (
    LoggedExportIndexView,
    RecordRules,
    RecordsViewSet,
    RulesPermissionPolicy,
    language_panels,
)
from citynet.core.exceptions import Conflict, DomainError, InvalidTransition
from citynet.core.forms import show_at_form
from citynet.events.models import Event
from citynet.grants.models import Award
from citynet.network import permissions as network
from citynet.network.models import Municipality, Organisation, Region

from .. import permissions
from ..models import (
    Action,
    Assessment,
    CapacityArea,
    Engagement,
    Goal,
    Indicator,
    Plan,
    PlanStatus,
    PlanVersion,
    ProgressUpdate,
    ReviewState,
)
from ..selectors import plans as selectors
from ..services import plans as services
from . import plan_forms

PAGE_SIZE = 50
EXPORT_ACTION = "advisory.export"

# --- Rules ---------------------------------------------------------------------------------------------


def choices(queryset: QuerySet, actor) -> QuerySet:
    """What staff may pick in a plan's form: cities of their regions, their regions' engagements and
    assessments, any registry organisation (organisations are public)."""
    model = queryset.model
    if model in (Engagement, Assessment):
        return permissions.scope_staff(queryset, actor)
    if model in (Municipality, Organisation):
        return network.scope_choices(queryset, actor)
    return queryset.none()


PLAN_RULES = RecordRules(
    may_any=lambda actor, action: permissions.can_run_advisory(actor),
    may=lambda actor, record, action: permissions.can_manage(actor, record),
    scope=permissions.scope_staff,
    choices=choices,
)
POLICIES = {Plan: RulesPermissionPolicy(Plan, PLAN_RULES)}


def _save_plan(*, actor, instance, values, expected_version=None):
    return services.save_plan(
        actor=actor, instance=instance if instance.pk else None, values=values, version=expected_version
    )


def _delete_plan(*, actor, instance):
    """A draft made by mistake may go; an adopted plan is what a city agreed to: it is closed, never deleted."""
    if instance.status != PlanStatus.DRAFT or instance.versions.exists():
        raise InvalidTransition(_("Only a draft plan that was never adopted can be deleted; close an adopted plan."))
    records.delete(actor=actor, instance=instance, may=permissions.can_manage)


# --- The plans' list ---------------------------------------------------------------------------------


def _managed_regions(request):
    return network.scope_managed(Region.objects.all(), request.user).order_by("name_en")


def _managed_cities(request):
    return network.scope_choices(Municipality.objects.all(), request.user).order_by("name_en")


class PlanFilterSet(WagtailFilterSet):
    region = ModelChoiceFilter(
        label=gettext_lazy("Region"), field_name="municipality__country__region", queryset=_managed_regions
    )
    municipality = ModelChoiceFilter(label=gettext_lazy("Municipality"), queryset=_managed_cities)
    status = ChoiceFilter(label=gettext_lazy("Status"), choices=PlanStatus.choices)

    class Meta:
        model = Plan
        fields = []


class PlanIndexView(LoggedExportIndexView):
    """The plans of the editor's regions, with how many actions each has, are done and are overdue."""

    export_action = EXPORT_ACTION

    def get_base_queryset(self):
        return permissions.scope_staff(selectors.plans_for(self.request.user), self.request.user)


class PeriodColumn(Column):
    def get_value(self, instance):
        return f"{instance.starts_on:%Y-%m-%d} – {instance.ends_on:%Y-%m-%d}"


class ActionsColumn(Column):
    """Actions: how many, done, overdue."""

    def get_value(self, instance):
        text = _("%(count)s actions, %(done)s done") % {
            "count": getattr(instance, "action_count", 0),
            "done": getattr(instance, "done_count", 0),
        }
        overdue = getattr(instance, "overdue_count", 0)
        if overdue:
            return format_html("{} · <strong>{}</strong>", text, _("%(count)s overdue") % {"count": overdue})
        return text


class PlanPageColumn(Column):
    def get_value(self, instance):
        return format_html('<a href="{}">{}</a>', reverse("advisory_plans_staff:plan", args=[instance.pk]), _("Open"))


class PlanViewSet(RecordsViewSet):
    model = Plan
    name = "advisory_plans"
    url_prefix = "advisory/plans"
    icon = "list-ul"
    menu_label = gettext_lazy("Action plans")
    menu_order = 300
    index_view_class = PlanIndexView
    filterset_class = PlanFilterSet
    list_display = [
        "title",
        "municipality",
        "status",
        PeriodColumn("period", label=gettext_lazy("Period")),
        ActionsColumn("actions", label=gettext_lazy("Actions")),
        PlanPageColumn("page", label=gettext_lazy("Goals and actions")),
    ]
    search_fields = ["title_en", "title_ar", "title_sq", "title_mk", "title_sr", "title_sr_latn", "title_bs"]
    list_export = [
        "municipality",
        *languages("title"),
        "status",
        "number",
        "starts_on",
        "ends_on",
        "language",
        "budget",
        "currency",
        "funding_sources",
        "share_publicly",
        "action_count",
        "done_count",
        "overdue_count",
    ]
    export_filename = "action-plans"
    base_form_class = plan_forms.PlanAdminForm
    save_service = staticmethod(_save_plan)
    delete_service = staticmethod(_delete_plan)
    panels = [
        FieldRowPanel([FieldPanel("municipality"), FieldPanel("language")]),
        FieldRowPanel([FieldPanel("engagement"), FieldPanel("baseline")]),
        language_panels("title", gettext_lazy("Title")),
        FieldRowPanel([FieldPanel("starts_on"), FieldPanel("ends_on")]),
        MultiFieldPanel(
            [FieldRowPanel([FieldPanel("budget"), FieldPanel("currency")]), FieldPanel("funding_sources")],
            heading=gettext_lazy("Budget and funding"),
        ),
        MultiFieldPanel(
            [FieldPanel("share_publicly"), language_panels("public_summary", gettext_lazy("Public summary"))],
            heading=gettext_lazy("What the hub may show"),
        ),
        FieldPanel("is_demo"),
    ]

    @cached_property
    def permission_policy(self):
        return POLICIES[Plan]

    @cached_property
    def rules(self):
        return PLAN_RULES

    @cached_property
    def export_headings(self):
        return {
            **super().export_headings,
            "action_count": _("Actions"),
            "done_count": _("Actions done"),
            "overdue_count": _("Actions overdue"),
        }


# --- The plan's page ---------------------------------------------------------------------------------------


def _plan(request, plan_pk) -> Plan:
    """The plan with everything it says, for the staff of its region; another's plan is a 404."""
    plan = selectors.plan_for(request.user, plan_pk)
    if plan is None or not permissions.can_manage(request.user, plan):
        raise Http404
    return plan


def _plain_plan(request, plan_pk) -> Plan:
    """The plan alone (for a form or a button), for the staff of its region; else a 404."""
    plan = (
        permissions.scope_staff(Plan.objects.all(), request.user)
        .select_related("municipality__country", "baseline")
        .filter(pk=plan_pk)
        .first()
    )
    if plan is None:
        raise Http404
    return plan


def _plan_url(plan) -> str:
    return reverse("advisory_plans_staff:plan", args=[plan.pk])


def _action_url(action) -> str:
    return reverse("advisory_plans_staff:action", args=[action.plan_id, action.pk])


def _goals_with_actions(plan) -> list[tuple]:
    """The plan's goals in order, each with its actions; then the actions of no goal (if any)."""
    by_goal = {}
    for action in plan.action_list:
        by_goal.setdefault(action.goal_id, []).append(action)
    groups = [(goal, by_goal.get(goal.pk, [])) for goal in plan.goal_list]
    if by_goal.get(None):
        groups.append((None, by_goal[None]))
    return groups


@require_http_methods(["GET"])
@second_factor_required
def plan_page(request, plan_pk):
    plan = _plan(request, plan_pk)
    versions = list(PlanVersion.objects.filter(plan=plan).select_related("created_by").order_by("-number"))
    pending = ProgressUpdate.objects.filter(action__plan=plan, review=ReviewState.PENDING).count()
    return render(
        request,
        "advisory/staff/plans/plan.html",
        {
            "plan": plan,
            "groups": _goals_with_actions(plan),
            "versions": versions,
            "pending": pending,
            "overdue": sum(1 for action in plan.action_list if action.is_overdue),
            "active": "plan",
        },
    )


def _version_of(request) -> int | None:
    form = plan_forms.VersionForm(request.POST)
    return form.cleaned_data["version"] if form.is_valid() else None


@require_http_methods(["POST"])
@second_factor_required
def adopt(request, plan_pk):
    """Adopt the plan as it stands (a new version when it changed since the last adoption)."""
    plan = _plain_plan(request, plan_pk)
    was = (plan.status, plan.number)

    def done(adopted):
        if (adopted.status, adopted.number) == was:
            messages.warning(request, _("The plan is adopted as it stands already: nothing was changed."))
            return None
        return _("The plan is adopted: version %(number)s is kept as agreed.") % {"number": adopted.number}

    return run_and_redirect(
        request,
        lambda: services.adopt_plan(actor=request.user, plan=plan, version=_version_of(request)),
        done=done,
        back=_plan_url(plan),
    )


@require_http_methods(["POST"])
@second_factor_required
def close(request, plan_pk):
    plan = _plain_plan(request, plan_pk)

    def act():
        if plan.status == PlanStatus.CLOSED:
            raise InvalidTransition(_("This plan is closed already."))
        return services.close_plan(actor=request.user, plan=plan, version=_version_of(request))

    return run_and_redirect(
        request,
        act,
        done=_("The plan is closed: it no longer changes, and no more progress is reported."),
        back=_plan_url(plan),
    )


# --- Goals, actions, indicators -----------------------------------------------------------------------------


def _unchanged_since(record, form) -> None:
    """Under the record's row lock: refuse the save when it changed since the form was opened."""
    locked = type(record).objects.select_for_update().get(pk=record.pk)
    if plan_forms.fingerprint(locked, form._meta.fields) != form.cleaned_data.get("based_on"):
        raise Conflict()


def _save_part(request, form, record, save):
    """Run `save()` (a service) when the form is valid; its refusal shown at the form. The saved record,
    or None."""
    if not form.is_valid():
        return None
    try:
        with transaction.atomic():
            if record is not None:
                _unchanged_since(record, form)
            return save()
    except DomainError as error:
        show_at_form(form, error)
        return None


def _part_page(request, template, plan, form, status=200, **extra):
    return render(request, f"advisory/staff/plans/{template}", {"plan": plan, "form": form, **extra}, status=status)


@require_http_methods(["GET", "POST"])
@second_factor_required
def goal_form(request, plan_pk, pk=None):
    plan = _plain_plan(request, plan_pk)
    goal = None
    if pk is not None:
        goal = Goal.objects.filter(plan=plan, pk=pk).first()
        if goal is None:
            raise Http404
    form = plan_forms.GoalForm(request.POST or None, instance=goal or Goal(plan=plan), for_user=request.user)
    if request.method == "POST":
        saved = _save_part(
            request,
            form,
            goal,
            lambda: services.save_goal(actor=request.user, plan=plan, instance=goal, values=form.values()),
        )
        if saved is not None:
            messages.success(request, _("The goal is saved."))
            return redirect(_plan_url(plan))
        return _part_page(request, "goal_form.html", plan, form, status=422, goal=goal)
    return _part_page(request, "goal_form.html", plan, form, goal=goal)


def _action_of(plan, pk) -> Action:
    action = Action.objects.filter(plan=plan, pk=pk).select_related("plan").first()
    if action is None:
        raise Http404
    action.plan = plan
    return action


def _action_page(request, plan, action, form, progress_form=None, status=200):
    updates = []
    if action is not None:
        updates = list(
            ProgressUpdate.objects.filter(action=action)
            .select_related("reported_by", "reviewed_by")
            .order_by("-reported_on", "-pk")
        )
    return _part_page(
        request,
        "action_form.html",
        plan,
        form,
        status=status,
        action=action,
        indicators=list(action.indicators.all()) if action is not None else [],
        updates=updates,
        progress_form=progress_form or plan_forms.ProgressForm(initial={"reported_on": timezone.localdate()}),
        may_report=action is not None and permissions.can_report_progress(request.user, action),
    )


@require_http_methods(["GET", "POST"])
@second_factor_required
def action_form(request, plan_pk, pk=None):
    """An action of the plan: its owner, dates, budget and funding, goal, areas, events and grants; on an
    existing action, its indicators and its progress reports too."""
    plan = _plain_plan(request, plan_pk)
    action = _action_of(plan, pk) if pk is not None else None
    form = plan_forms.ActionForm(
        request.POST or None, instance=action or Action(plan=plan), for_user=request.user, plan=plan
    )
    if request.method == "POST":
        saved = _save_part(
            request,
            form,
            action,
            lambda: services.save_action(actor=request.user, plan=plan, instance=action, values=form.values()),
        )
        if saved is not None:
            messages.success(request, _("The action is saved."))
            return redirect(_action_url(saved))
        return _action_page(request, plan, action, form, status=422)
    return _action_page(request, plan, action, form)


@require_http_methods(["GET", "POST"])
@second_factor_required
def indicator_form(request, plan_pk, action_pk, pk=None):
    plan = _plain_plan(request, plan_pk)
    action = _action_of(plan, action_pk)
    indicator = None
    if pk is not None:
        indicator = Indicator.objects.filter(action=action, pk=pk).first()
        if indicator is None:
            raise Http404
    form = plan_forms.IndicatorForm(
        request.POST or None, instance=indicator or Indicator(action=action), for_user=request.user
    )
    if request.method == "POST":
        saved = _save_part(
            request,
            form,
            indicator,
            lambda: services.save_indicator(
                actor=request.user, action=action, instance=indicator, values=form.values()
            ),
        )
        if saved is not None:
            messages.success(request, _("The indicator is saved."))
            return redirect(_action_url(action))
        status = 422
    else:
        status = 200
    return _part_page(request, "indicator_form.html", plan, form, status=status, action=action, indicator=indicator)


@require_http_methods(["POST"])
@second_factor_required
def record_progress(request, plan_pk, pk):
    """Progress staff record for the city (from a visit, a call): it waits for review like the city's own."""
    plan = _plain_plan(request, plan_pk)
    action = _action_of(plan, pk)
    form = plan_forms.ProgressForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return redirect(_action_url(action))
    return run_and_redirect(
        request,
        lambda: services.report_progress(actor=request.user, action=action, **form.cleaned_data),
        done=_("The progress is recorded; it awaits review."),
        back=_action_url(action),
    )


# --- Versions -------------------------------------------------------------------------------------------------


def _in_language(texts: dict, language: str) -> str:
    """A snapshot's text in the page's language, else English, else any it has."""
    if not texts:
        return ""
    return texts.get(language) or texts.get("en") or next(iter(texts.values()))


@require_http_methods(["GET"])
@second_factor_required
def version_page(request, plan_pk, number):
    """A plan as it stood when adopted (its PlanVersion's snapshot), in the page's language where it has it."""
    plan = _plain_plan(request, plan_pk)
    version = PlanVersion.objects.filter(plan=plan, number=number).select_related("created_by").first()
    if version is None:
        raise Http404
    snapshot = version.snapshot
    language = (get_language() or "en").split("-")[0]
    actions = snapshot.get("actions", [])
    codes = {code for action in actions for code in action.get("areas", [])}
    areas = {}
    for area in CapacityArea.objects.filter(code__in=codes).order_by("framework_id"):
        areas.setdefault(area.code, area.name)
    events = dict(
        Event.objects.filter(pk__in={pk for a in actions for pk in a.get("events", [])}).values_list("pk", "title")
    )
    awards = dict(
        Award.objects.filter(pk__in={pk for a in actions for pk in a.get("awards", [])}).values_list(
            "pk", "recipient_name"
        )
    )
    shown = []
    for action in actions:
        organisation = action.get("owner_organisation")
        shown.append(
            {
                "goal_id": action.get("goal_id"),
                "title": _in_language(action.get("title"), language),
                "owner_department": action.get("owner_department"),
                "owner_organisation": _in_language(organisation["name"], language) if organisation else "",
                "starts_on": action.get("starts_on"),
                "due_on": action.get("due_on"),
                "budget": action.get("budget"),
                "funding_source": action.get("funding_source"),
                "areas": [areas.get(code, code) for code in action.get("areas", [])],
                "events": [events.get(pk, f"#{pk}") for pk in action.get("events", [])],
                "awards": [awards.get(pk, f"#{pk}") for pk in action.get("awards", [])],
                "indicators": [
                    {**indicator, "name": _in_language(indicator.get("name"), language)}
                    for indicator in action.get("indicators", [])
                ],
            }
        )
    goals = [(goal["id"], _in_language(goal.get("text"), language)) for goal in snapshot.get("goals", [])]
    groups = [(text, [a for a in shown if a["goal_id"] == goal_id]) for goal_id, text in goals]
    known = {goal_id for goal_id, _text in goals}
    loose = [a for a in shown if a["goal_id"] not in known]
    if loose:
        groups.append((None, loose))
    return render(
        request,
        "advisory/staff/plans/version.html",
        {
            "plan": plan,
            "version": version,
            "snapshot": snapshot,
            "title": _in_language(snapshot.get("title"), language),
            "public_summary": _in_language(snapshot.get("public_summary"), language),
            "groups": groups,
        },
    )


# --- Exports --------------------------------------------------------------------------------------------------


def _names(records_) -> str:
    return "; ".join(str(record) for record in records_)


def _number(value) -> str:
    return "—" if value is None else str(value)


def _indicator_text(indicator) -> str:
    unit = f" {indicator.unit}" if indicator.unit else ""
    return f"{indicator.name}: {_number(indicator.baseline)} → {_number(indicator.target)} ({_number(indicator.current)}){unit}"


def action_rows(plan) -> tuple[list[str], list[list]]:
    """A plan's actions as a table: one row per action, with its indicators and its latest accepted progress."""
    headings = [
        _("Goal"),
        _("Action"),
        _("Owner: municipal department"),
        _("Owner: partner organisation"),
        _("Start"),
        _("Due"),
        _("Status"),
        _("Percent done"),
        _("Overdue"),
        _("Budget"),
        _("Funding source"),
        _("Areas addressed"),
        _("Supporting events"),
        _("Supporting grants"),
        _("Indicators (baseline → target, current)"),
        _("Last accepted progress: as of"),
        _("Last accepted progress: evidence"),
    ]
    rows = []
    for action in plan.action_list:
        last = action.last_accepted
        indicators = "; ".join(_indicator_text(indicator) for indicator in action.indicators.all())
        rows.append(
            [
                action.goal.text if action.goal_id else "",
                action.title,
                action.owner_department,
                action.owner_organisation.name if action.owner_organisation_id else "",
                action.starts_on,
                action.due_on,
                str(action.get_status_display()),
                action.percent,
                _("yes") if action.is_overdue else "",
                "" if action.budget is None else f"{action.budget} {plan.currency}",
                action.funding_source,
                _names(action.areas.all()),
                _names(action.events.all()),
                "; ".join(award.recipient_name for award in action.awards.all()),
                indicators,
                last.reported_on if last else "",
                last.evidence if last else "",
            ]
        )
    return headings, rows


@require_http_methods(["GET"])
@second_factor_required
def export_actions(request, plan_pk, fmt):
    plan = _plan(request, plan_pk)
    if fmt not in exports.FORMATS:
        raise Http404
    headings, rows = action_rows(plan)
    return exports.download(
        actor=request.user,
        instance=plan,
        action=EXPORT_ACTION,
        what="actions",
        name=f"plan-{plan.pk}",
        headings=headings,
        rows=rows,
        fmt=fmt,
    )


# --- Progress to review, overdue actions ------------------------------------------------------------------------


def _staff_only(request):
    if not permissions.can_run_advisory(request.user):
        raise Http404


@require_http_methods(["GET"])
@second_factor_required
def review_queue(request):
    """The progress reports awaiting review in the editor's regions, the oldest first."""
    _staff_only(request)
    page = Paginator(selectors.review_queue(request.user), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "advisory/staff/plans/review_queue.html",
        {"page": page, "form": plan_forms.ReviewForm()},
    )


@require_http_methods(["POST"])
@second_factor_required
def review(request, pk):
    """Accept a report (the action takes its status and percent) or return it with a note. The same
    decision sent twice (a double submit) is said to be recorded already, and changes nothing."""
    _staff_only(request)
    update = (
        permissions.scope_staff(ProgressUpdate.objects.all(), request.user)
        .select_related("action__plan__municipality__country")
        .filter(pk=pk)
        .first()
    )
    if update is None:
        raise Http404
    back = reverse("advisory_progress:index")
    form = plan_forms.ReviewForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose to accept the report or to return it for changes."))
        return redirect(back)
    accept = form.cleaned_data["decision"] == "accept"
    wanted = ReviewState.ACCEPTED if accept else ReviewState.RETURNED
    if update.review == wanted and update.reviewed_by_id == request.user.pk:
        messages.info(request, _("Your review of this report is recorded already."))
        return redirect(back)
    done = _("Accepted: the action shows this progress.") if accept else _("Returned to the city with your note.")
    return run_and_redirect(
        request,
        lambda: services.review_progress(
            actor=request.user, update=update, accept=accept, note=form.cleaned_data["note"]
        ),
        done=done,
        back=back,
    )


@require_http_methods(["GET"])
@second_factor_required
def overdue(request):
    """The open actions past their due date on the adopted plans of the editor's regions, longest first."""
    _staff_only(request)
    actions = permissions.scope_staff(selectors.overdue_actions(request.user), request.user)
    page = Paginator(actions, PAGE_SIZE).get_page(request.GET.get("page"))
    today = timezone.localdate()
    for action in page:
        action.days_overdue = (today - action.due_on).days
    return render(request, "advisory/staff/plans/overdue.html", {"page": page, "today": today})


class StaffMenuItem(MenuItem):
    """Shown to those who run some advisory work (the secretariat, regional coordinators)."""

    def is_shown(self, request):
        return permissions.can_run_advisory(request.user)


class ProgressReviewViewSet(ViewSet):
    name = "advisory_progress"
    url_prefix = "advisory/progress"
    icon = "tasks"
    menu_label = gettext_lazy("Progress to review")
    menu_order = 310
    menu_item_class = StaffMenuItem

    def get_urlpatterns(self):
        return [
            path("", review_queue, name="index"),
            path("<int:pk>/review/", review, name="review"),
        ]


class OverdueActionsViewSet(ViewSet):
    name = "advisory_overdue"
    url_prefix = "advisory/overdue"
    icon = "warning"
    menu_label = gettext_lazy("Overdue actions")
    menu_order = 320
    menu_item_class = StaffMenuItem

    def get_urlpatterns(self):
        return [path("", overdue, name="index")]


# Viewset classes for the "Advisory" menu, in menu order.
VIEWSETS = [PlanViewSet, ProgressReviewViewSet, OverdueActionsViewSet]

plan_patterns = [
    path("", plan_page, name="plan"),
    path("adopt/", adopt, name="adopt"),
    path("close/", close, name="close"),
    path("goals/new/", goal_form, name="goal-new"),
    path("goals/<int:pk>/", goal_form, name="goal"),
    path("actions/new/", action_form, name="action-new"),
    path("actions/<int:pk>/", action_form, name="action"),
    path("actions/<int:pk>/progress/", record_progress, name="record-progress"),
    path("actions/<int:action_pk>/indicators/new/", indicator_form, name="indicator-new"),
    path("actions/<int:action_pk>/indicators/<int:pk>/", indicator_form, name="indicator"),
    path("versions/<int:number>/", version_page, name="version"),
    path("export/<str:fmt>/", export_actions, name="export"),
]

# The part's own admin pages (paths below /admin/), each part in a namespace of its own.
urlpatterns = [path("advisory/plans/<int:plan_pk>/", include((plan_patterns, "advisory_plans_staff")))]

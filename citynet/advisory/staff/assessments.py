"""The staff's admin for the advisory assessments (/admin/advisory/...): its viewsets on the core's generic
admin, its own pages, and their permission policies. Registered by ../wagtail_hooks.py.

- Assessment frameworks (/admin/advisory/frameworks/, the secretariat's): a viewset on the core's generic
  admin, the areas inline, saved through `save_framework`; a new edition (`new_framework_version`) from
  /admin/advisory/frameworks/<pk>/new-edition/.
- Assessments (/admin/advisory/assessments/...): the list in the staff's regions, starting one, the
  assessment's page (a score per area, its evidence and comment; finalising), and a city's comparison
  side by side (with its CSV/XLSX export).
- The regions' capacity (/admin/advisory/capacity/): the regions the staff run, each linking to its heat
  map on the site's side (../views/capacity.py, where the admin's frame does not slow it down), and the
  heat map's CSV/XLSX export.

Every page asks for the second factor and reads through the actor's scope: a record, city or region the
actor does not run is a 404. Every write is a service call; a refusal is a message, never an error page.
"""

from django.contrib import messages
from django.core.paginator import Paginator
from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import include, path, reverse
from django.utils.functional import cached_property
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods
from wagtail.admin.menu import MenuItem
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.admin.ui.tables import Column
from wagtail.admin.viewsets.base import ViewSet

from citynet.accounts.second_factor import second_factor_required
from citynet.core import exports, records
from citynet.core.actions import run_and_redirect
from citynet.core.admin_views import RecordRules, RecordsViewSet, RulesPermissionPolicy, language_panels
from citynet.core.exceptions import DomainError
from citynet.network import permissions as network
from citynet.network.models import Municipality, Topic

from .. import permissions
from ..models import Assessment, AssessmentStatus, CapacityArea, Framework, Score
from ..selectors import assessments as selectors
from ..services import assessments as services
from ..views.capacity import heat_map_or_404
from .assessment_forms import (
    AssessmentFilterForm,
    FrameworkAdminForm,
    StartAssessmentForm,
    staff_regions,
)

PAGE_SIZE = 50
EXPORT_ACTION = "advisory.export"

# --- Frameworks (the secretariat's) ----------------------------------------------------------------------


def _framework_choices(queryset, actor):
    """In a framework's form: any topic (network-wide and public) for an area; nothing else to pick."""
    if queryset.model is Topic:
        return queryset
    return queryset.none()


def _frameworks_in_scope(queryset, actor):
    return queryset if permissions.can_manage_frameworks(actor) else queryset.none()


FRAMEWORK_RULES = RecordRules(
    may_any=lambda actor, action: permissions.can_manage_frameworks(actor),
    may=lambda actor, record, action: permissions.can_manage_frameworks(actor, record),
    scope=_frameworks_in_scope,
    choices=_framework_choices,
)
POLICIES = {Framework: RulesPermissionPolicy(Framework, FRAMEWORK_RULES)}


def _save_framework(*, actor, instance, values, expected_version=None, areas=None):
    """The generic admin's save, as `save_framework` takes it (a framework has no lock counter: its
    `edition` is the questionnaire's edition)."""
    return services.save_framework(actor=actor, instance=instance if instance.pk else None, values=values, areas=areas)


def _delete_framework(*, actor, instance):
    """A framework no assessment uses may be deleted (a mistake); one in use is refused (PROTECT)."""
    records.delete(actor=actor, instance=instance, may=permissions.can_manage_frameworks)


def _area_rows(form) -> list[dict]:
    rows = []
    for child in form.formsets["areas"].forms:
        data = getattr(child, "cleaned_data", None) or {}
        if not data or data.get("DELETE"):
            continue
        rows.append({name: data[name] for name in services.AREA_FIELDS if name in data})
    return rows


class NewEditionColumn(Column):
    def get_value(self, instance):
        return format_html(
            '<a href="{}">{}</a>',
            reverse("advisory_assessments:new-edition", args=[instance.pk]),
            _("Make a new edition"),
        )


class FrameworkViewSet(RecordsViewSet):
    model = Framework
    name = "advisory_frameworks"
    url_prefix = "advisory/frameworks"
    icon = "list-ol"
    menu_label = gettext_lazy("Assessment frameworks")
    menu_order = 200
    list_display = ["name", "edition", "is_current", "scale_min", "scale_max", NewEditionColumn("new", label="")]
    list_filter = ["is_current"]
    list_export = []
    search_fields = ["name_en", "name_ar"]
    base_form_class = FrameworkAdminForm
    save_service = staticmethod(_save_framework)
    delete_service = staticmethod(_delete_framework)
    area_panels = [
        FieldRowPanel([FieldPanel("code"), FieldPanel("sort_order"), FieldPanel("topic")]),
        language_panels("name", gettext_lazy("Name")),
        language_panels("description", gettext_lazy("What is assessed"), classname="collapsed"),
    ]
    panels = [
        language_panels("name", gettext_lazy("Name")),
        MultiFieldPanel(
            [FieldRowPanel([FieldPanel("scale_min"), FieldPanel("scale_max")]), FieldPanel("scale_labels")],
            heading=gettext_lazy("Scale"),
        ),
        InlinePanel("areas", heading=gettext_lazy("Capacity areas"), label=gettext_lazy("Area"), panels=area_panels),
    ]

    @cached_property
    def permission_policy(self):
        return POLICIES[Framework]

    @cached_property
    def rules(self):
        return FRAMEWORK_RULES

    def service_arguments(self, form) -> dict:
        return {"values": form.model_values(), "areas": _area_rows(form)}


def _managed_framework(request, pk) -> Framework:
    if not permissions.can_manage_frameworks(request.user):
        raise Http404
    return get_object_or_404(Framework, pk=pk)


@require_http_methods(["GET", "POST"])
@second_factor_required
def new_edition(request, pk):
    """Ask (GET), then make the framework's next edition (POST) and open it."""
    framework = _managed_framework(request, pk)
    if request.method == "POST":
        try:
            copy = services.new_framework_version(actor=request.user, framework=framework)
        except DomainError as error:
            messages.error(request, str(error.message))
            return redirect("advisory_frameworks:index")
        messages.success(
            request,
            _("Edition %(edition)s made; new assessments use it. Change its areas and scale here.")
            % {"edition": copy.edition},
        )
        return redirect("advisory_frameworks:edit", copy.pk)
    return render(request, "advisory/staff/assessments/new_edition.html", {"framework": framework})


# --- Assessments --------------------------------------------------------------------------------------


def _staff_assessment(request, pk) -> Assessment:
    """An assessment of the actor's regions (404 otherwise)."""
    if not permissions.can_run_advisory(request.user):
        raise Http404
    queryset = permissions.scope_staff(Assessment.objects.all(), request.user)
    return get_object_or_404(queryset.select_related("municipality__country__region", "framework"), pk=pk)


def _staff_municipality(request, pk) -> Municipality:
    if not permissions.can_run_advisory(request.user):
        raise Http404
    municipality = get_object_or_404(Municipality.objects.select_related("country__region"), pk=pk)
    if not network.can_manage_region(request.user, municipality.country.region):
        raise Http404
    return municipality


@require_http_methods(["GET"])
@second_factor_required
def assessment_list(request):
    """The assessments of the staff's regions, newest first, with filters."""
    if not permissions.can_run_advisory(request.user):
        raise Http404
    form = AssessmentFilterForm(request.GET or None, actor=request.user)
    chosen = form.cleaned_data if form.is_bound and form.is_valid() else {}
    queryset = selectors.assessments_for(request.user, region=chosen.get("region"), status=chosen.get("status"))
    queryset = permissions.scope_staff(queryset, request.user)
    if chosen.get("municipality"):
        queryset = queryset.filter(municipality=chosen["municipality"])
    if chosen.get("kind"):
        queryset = queryset.filter(kind=chosen["kind"])
    if chosen.get("framework"):
        queryset = queryset.filter(framework=chosen["framework"])
    page = Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "advisory/staff/assessments/list.html",
        {"page": page, "filters": form, "query": query.urlencode(), "invalid": form.is_bound and not form.is_valid()},
    )


@require_http_methods(["GET", "POST"])
@second_factor_required
def start(request):
    """Start a draft assessment of a municipality of the staff's regions."""
    if not permissions.can_run_advisory(request.user):
        raise Http404
    form = StartAssessmentForm(request.POST or None, actor=request.user, initial=request.GET.dict())
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            assessment = services.start_assessment(
                actor=request.user,
                municipality=data["municipality"],
                framework=data["framework"],
                kind=data["kind"],
                conducted_on=data["conducted_on"],
                engagement=data["engagement"],
            )
        except DomainError as error:
            if not _place(form, error):
                form.add_error(None, str(error.message))
        else:
            messages.success(request, _("Assessment started: score each area below."))
            return redirect("advisory_assessments:detail", assessment.pk)
    return render(
        request,
        "advisory/staff/assessments/start.html",
        {"form": form},
        status=422 if request.method == "POST" else 200,
    )


def _place(form, error) -> bool:
    placed = False
    for field, found in getattr(error, "errors", {}).items():
        if field in form.fields:
            for message in found:
                form.add_error(field, message)
            placed = True
    return placed


def _rows(assessment: Assessment, typed: dict | None = None, errors: dict | None = None) -> list[dict]:
    """One row per area of the assessment's framework: its stored score, or what the person typed."""
    areas = list(CapacityArea.objects.filter(framework_id=assessment.framework_id).order_by("sort_order", "pk"))
    stored = {score.area_id: score for score in Score.objects.filter(assessment=assessment)}
    labels = assessment.framework.scale_labels or {}
    scale = [
        (str(value), labels.get(str(value), ""))
        for value in range(assessment.framework.scale_min, assessment.framework.scale_max + 1)
    ]
    rows = []
    for area in areas:
        score = stored.get(area.pk)
        row = {
            "area": area,
            "stored": score,
            "score": "" if score is None else str(score.score),
            "label": labels.get(str(score.score), "") if score else "",
            "evidence": score.evidence if score else "",
            "comment": score.comment if score else "",
            "scale": scale,
            "error": (errors or {}).get(area.pk, ""),
        }
        if typed and area.pk in typed:
            row.update(typed[area.pk])
        rows.append(row)
    return rows


def _detail_page(request, assessment, *, typed=None, errors=None, version=None, conflict=False, status=200):
    return render(
        request,
        "advisory/staff/assessments/detail.html",
        {
            "assessment": assessment,
            "rows": _rows(assessment, typed, errors),
            "version": assessment.version if version is None else version,
            "conflict": conflict,
            "editable": assessment.status == AssessmentStatus.DRAFT and permissions.can_score(request.user, assessment),
            "may_finalise": assessment.status == AssessmentStatus.DRAFT
            and permissions.can_finalise(request.user, assessment),
        },
        status=status,
    )


@require_http_methods(["GET"])
@second_factor_required
def detail(request, pk):
    """The assessment: a row per area with its score (number and label), evidence and comment; a draft's
    rows are a form, a final assessment is read-only."""
    return _detail_page(request, _staff_assessment(request, pk))


@require_http_methods(["POST"])
@second_factor_required
def score(request, pk):
    """Save the areas whose score, evidence or comment changed, all or none (through `score_area`, with the
    version the person saw). A refusal keeps what they typed."""
    assessment = _staff_assessment(request, pk)
    if assessment.status != AssessmentStatus.DRAFT:
        messages.error(request, _("This assessment is final: its scores can no longer be changed."))
        return redirect("advisory_assessments:detail", assessment.pk)
    try:
        version = int(request.POST.get("version", ""))
    except ValueError:
        messages.error(request, _("This form is incomplete: reload the page and try again."))
        return redirect("advisory_assessments:detail", assessment.pk)
    areas = list(CapacityArea.objects.filter(framework_id=assessment.framework_id).order_by("sort_order", "pk"))
    stored = {s.area_id: s for s in Score.objects.filter(assessment=assessment)}
    typed, errors, changes = {}, {}, []
    for area in areas:
        if not any(f"{name}-{area.pk}" in request.POST for name in ("score", "evidence", "comment")):
            continue  # not on the form that was sent: left as it is
        given = {
            "score": request.POST.get(f"score-{area.pk}", "").strip(),
            "evidence": request.POST.get(f"evidence-{area.pk}", "").strip(),
            "comment": request.POST.get(f"comment-{area.pk}", "").strip(),
        }
        typed[area.pk] = given
        before = stored.get(area.pk)
        if before is not None and (str(before.score), before.evidence, before.comment) == (
            given["score"],
            given["evidence"],
            given["comment"],
        ):
            continue
        if not given["score"]:
            if before is not None or given["evidence"] or given["comment"]:
                errors[area.pk] = _("Give a score from %(lowest)s to %(highest)s.") % {
                    "lowest": assessment.framework.scale_min,
                    "highest": assessment.framework.scale_max,
                }
            continue
        changes.append((area, given))
    if not errors and changes:
        current = version
        try:
            with transaction.atomic():
                for area, given in changes:
                    try:
                        services.score_area(
                            actor=request.user,
                            assessment=assessment,
                            area=area,
                            score=given["score"],
                            evidence=given["evidence"],
                            comment=given["comment"],
                            version=current,
                        )
                    except DomainError as error:
                        error.area = area
                        raise
                    current = assessment.version
        except DomainError as error:
            area = getattr(error, "area", None)
            if area is not None and getattr(error, "errors", None):
                errors[area.pk] = str(error.message)
            else:
                messages.error(request, str(error.message))
            assessment.refresh_from_db(fields=["version"])
            if errors:  # a score the service refused: nothing saved, the form as typed
                return _detail_page(request, assessment, typed=typed, errors=errors, version=version, status=422)
            # Someone scored meanwhile: what they saved is shown beside what this person typed, which is kept;
            # sending it again (now against the current version) saves it over theirs, knowingly.
            return _detail_page(request, assessment, typed=typed, conflict=True, status=409)
    if errors:
        messages.error(request, _("Nothing was saved: correct the areas marked below."))
        return _detail_page(request, assessment, typed=typed, errors=errors, version=version, status=422)
    if changes:
        messages.success(request, _("Scores saved."))
    else:
        messages.info(request, _("Nothing changed."))
    return redirect("advisory_assessments:detail", assessment.pk)


@require_http_methods(["POST"])
@second_factor_required
def finalise(request, pk):
    """Make the draft final (refused with a message while an area is unscored or someone scored meanwhile)."""
    assessment = _staff_assessment(request, pk)
    try:
        version = int(request.POST.get("version", ""))
    except ValueError:
        version = -1
    return run_and_redirect(
        request,
        lambda: services.finalise_assessment(actor=request.user, assessment=assessment, version=version),
        done=_("Assessment finalised: it is now compared with the city's other assessments."),
        back=reverse("advisory_assessments:detail", args=[assessment.pk]),
    )


# --- A city's comparison -------------------------------------------------------------------------------


def _comparison(request, municipality_pk):
    municipality = _staff_municipality(request, municipality_pk)
    found = selectors.comparison(request.user, municipality)
    if found is None:
        raise Http404
    return found


@require_http_methods(["GET"])
@second_factor_required
def compare(request, municipality_pk):
    """The city's final assessments side by side per area, with the change from the baseline."""
    comparison = _comparison(request, municipality_pk)
    drafts = permissions.scope_staff(
        Assessment.objects.filter(municipality=comparison.municipality, status=AssessmentStatus.DRAFT), request.user
    ).order_by("-conducted_on", "-pk")
    return render(
        request,
        "advisory/staff/assessments/compare.html",
        {"comparison": comparison, "drafts": list(drafts[:10])},
    )


def comparison_table(comparison) -> tuple[list[str], list[list]]:
    """The comparison as a spreadsheet: an area per row; per assessment its score, label, evidence, comment."""
    headings = [_("Area code"), _("Area")]
    for assessment in comparison.assessments:
        title = f"{assessment.get_kind_display()} {assessment.conducted_on.isoformat()}"
        headings += [
            _("%(assessment)s: score") % {"assessment": title},
            _("%(assessment)s: meaning") % {"assessment": title},
            _("%(assessment)s: evidence") % {"assessment": title},
            _("%(assessment)s: comment") % {"assessment": title},
        ]
    headings.append(_("Change"))
    rows = []
    for row in comparison.rows:
        line = [row.area.code, row.area.name]
        for cell in row.cells:
            line += [cell.score, cell.label, cell.evidence, cell.comment]
        line.append(row.change)
        rows.append(line)
    return headings, rows


@require_http_methods(["GET"])
@second_factor_required
def compare_export(request, municipality_pk, fmt):
    if fmt not in exports.FORMATS:
        raise Http404
    comparison = _comparison(request, municipality_pk)
    headings, rows = comparison_table(comparison)
    return exports.download(
        actor=request.user,
        instance=comparison.municipality,
        action=EXPORT_ACTION,
        what="assessments",
        name=comparison.municipality.slug,
        headings=headings,
        rows=rows,
        fmt=fmt,
    )


# --- The region's capacity -----------------------------------------------------------------------------


@require_http_methods(["GET"])
@second_factor_required
def capacity_index(request):
    """The regions whose capacity the actor may see."""
    if not permissions.can_run_advisory(request.user):
        raise Http404
    return render(request, "advisory/staff/assessments/capacity_index.html", {"regions": staff_regions(request.user)})


def heat_map_table(heat_map) -> tuple[list[str], list[list]]:
    headings = [_("City"), _("Assessed on"), *(area.name for area in heat_map.areas)]
    rows = [
        [row.municipality.name, row.assessment.conducted_on, *(cell.score for cell in row.cells)]
        for row in heat_map.rows
    ]
    rows.append([_("Mean score"), "", *(summary.mean for summary in heat_map.summaries)])
    rows.append([_("Cities below the middle of the scale"), "", *(summary.low for summary in heat_map.summaries)])
    return headings, rows


@require_http_methods(["GET"])
@second_factor_required
def capacity_export(request, region_slug, fmt):
    if fmt not in exports.FORMATS:
        raise Http404
    heat_map = heat_map_or_404(request, region_slug)
    headings, rows = heat_map_table(heat_map)
    return exports.download(
        actor=request.user,
        instance=heat_map.region,
        action=EXPORT_ACTION,
        what="capacity",
        name=heat_map.region.slug,
        headings=headings,
        rows=rows,
        fmt=fmt,
    )


# --- Menu and URLs -------------------------------------------------------------------------------------


class StaffMenuItem(MenuItem):
    """Shown to those who run some advisory work (the secretariat, regional coordinators)."""

    def is_shown(self, request):
        return permissions.can_run_advisory(request.user)


class AssessmentsMenuViewSet(ViewSet):
    """The menu's "Assessments": the pages are this module's own (`urlpatterns`)."""

    name = "advisory_assessments_menu"
    url_prefix = "advisory/assessments-menu"
    icon = "tasks"
    menu_label = gettext_lazy("Assessments")
    menu_order = 210
    menu_item_class = StaffMenuItem

    def get_urlpatterns(self):
        return []

    @property
    def menu_url(self):
        return reverse("advisory_assessments:list")


class CapacityMenuViewSet(ViewSet):
    """The menu's "Capacity by region": the regions the staff may see, each with its heat map."""

    name = "advisory_capacity_menu"
    url_prefix = "advisory/capacity-menu"
    icon = "table"
    menu_label = gettext_lazy("Capacity by region")
    menu_order = 220
    menu_item_class = StaffMenuItem

    def get_urlpatterns(self):
        return []

    @property
    def menu_url(self):
        return reverse("advisory_assessments:capacity-index")


patterns = [
    path("frameworks/<int:pk>/new-edition/", new_edition, name="new-edition"),
    path("assessments/", assessment_list, name="list"),
    path("assessments/start/", start, name="start"),
    path("assessments/<int:pk>/", detail, name="detail"),
    path("assessments/<int:pk>/score/", score, name="score"),
    path("assessments/<int:pk>/finalise/", finalise, name="finalise"),
    path("assessments/compare/<int:municipality_pk>/", compare, name="compare"),
    path("assessments/compare/<int:municipality_pk>/export/<str:fmt>/", compare_export, name="compare-export"),
    path("capacity/", capacity_index, name="capacity-index"),
    path("capacity/<slug:region_slug>/export/<str:fmt>/", capacity_export, name="capacity-export"),
]

# Viewset classes for the "Advisory" menu, in menu order.
VIEWSETS = [FrameworkViewSet, AssessmentsMenuViewSet, CapacityMenuViewSet]
# The part's own admin pages (paths below /admin/), each part in a namespace of its own.
urlpatterns = [path("advisory/", include((patterns, "advisory_assessments")))]

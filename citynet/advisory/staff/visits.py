"""The staff's admin for the advisory visits (/admin/advisory/...): its viewsets on the core's generic
admin, its own pages, and their permission policies. Registered by ../wagtail_hooks.py.

- Engagements (/admin/advisory/engagements/): the list (region, phase, status; any spelling of a city),
  the form, and the engagement's page with its visits.
- Visits (/admin/advisory/visits/): the form with its meetings as an inline panel, saved in one
  transaction through the visit and meeting services; the visit's page (/admin/advisory/visits/<pk>/
  page/) with its meetings and their notes, publishing and unpublishing, the meetings' export.
- The stakeholder map: its projects (/admin/advisory/projects/), and the maps of a municipality or a
  country (/admin/advisory/stakeholders/...) as a table, a network picture and the gaps, with exports.

Who may: the region's staff (the secretariat everywhere, a coordinator in their regions), asked of
../permissions.py and nothing else; a record of another region is a 404; everyone else never passes the
admin's door. Every write is a call to ../services/visits.py.
"""

import math

from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Count, Q, QuerySet
from django.http import Http404
from django.shortcuts import render
from django.urls import include, path, reverse
from django.utils.functional import cached_property
from django.utils.html import format_html
from django.utils.translation import get_language_bidi, gettext_lazy
from django.utils.translation import gettext as _
from django.utils.translation import override as language_override
from django.views.decorators.http import require_http_methods
from wagtail.admin.menu import MenuItem
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.admin.ui.tables import Column
from wagtail.admin.viewsets.base import ViewSet
from wagtail.admin.widgets.button import HeaderButton

from citynet.accounts.models import Role
from citynet.accounts.second_factor import second_factor_required
from citynet.core import exports, records
from citynet.core.actions import run_and_redirect
from citynet.core.admin_forms import language_columns as languages
from citynet.core.admin_views import (
    CountColumn,
    LinkColumn,
    LoggedExportIndexView,
    RecordRules,
    RecordsEditView,
    RecordsViewSet,
    RulesPermissionPolicy,
    language_panels,
)
from citynet.core.exceptions import InvalidInput
from citynet.core.names import fold
from citynet.core.templatetags.citynet import precise_date
from citynet.network import permissions as network
from citynet.network.models import Country, Municipality, Organisation, Person, Region, Topic

from .. import permissions
from ..models import Engagement, Meeting, Project, Visit
from ..selectors import stakeholders as stakeholder_selectors
from ..selectors import visits as visit_selectors
from ..services import visits as services
from . import visit_forms

EXPORT_ACTION = "advisory.export"  # registered by ../wagtail_hooks.py
PAGE_SIZE = 100


# --- Rules -------------------------------------------------------------------------------------------------


def staff_users(queryset: QuerySet, actor) -> QuerySet:
    """The accounts that may lead an engagement or join a visit: the secretariat and the coordinators of
    the regions `actor` runs (the service checks the engagement's own region)."""
    region_ids = network.managed_region_ids(actor)
    staff = Q(roles__role=Role.SECRETARIAT)
    if region_ids is network.EVERY_REGION:
        staff |= Q(roles__role=Role.REGIONAL_COORDINATOR)
    elif region_ids:
        staff |= Q(roles__role=Role.REGIONAL_COORDINATOR, roles__region_id__in=region_ids)
    else:
        return queryset.none()
    return queryset.filter(staff, is_active=True).distinct()


def choices(queryset: QuerySet, actor) -> QuerySet:
    """What staff may pick in these forms: their regions' engagements, visits' meetings, places and people,
    the staff of their regions; any topic or registry organisation (both network-wide and public)."""
    model = queryset.model
    if model in (Topic, Organisation):
        return queryset
    if model in (Engagement, Visit):
        return permissions.scope_staff(queryset, actor)
    if model is Meeting:
        return (
            permissions.scope_staff(queryset, actor)
            .select_related("visit", "organisation", "person")
            .order_by("-visit__starts_on", "visit_id", "sort_order", "pk")
        )
    if model in (Region, Country, Municipality, Person):
        return network.scope_choices(queryset, actor)
    if model._meta.label == "accounts.User":
        return staff_users(queryset, actor)
    return queryset.none()


def _rules() -> RecordRules:
    return RecordRules(
        may_any=lambda actor, action: permissions.can_run_advisory(actor),
        may=lambda actor, record, action: permissions.can_manage(actor, record),
        scope=permissions.scope_staff,
        choices=choices,
    )


RULES = _rules()
POLICIES = {model: RulesPermissionPolicy(model, RULES) for model in (Engagement, Visit, Project)}


class StaffMenuItem(MenuItem):
    """Shown to those who run some advisory work (the secretariat, regional coordinators)."""

    def is_shown(self, request):
        return permissions.can_run_advisory(request.user)


# --- Services as the generic admin calls them ------------------------------------------------------------


def _new_or(instance):
    return instance if instance is not None and instance.pk is not None else None


def save_engagement(*, actor, instance, expected_version=None, values, municipalities, lead_staff):
    return services.save_engagement(
        actor=actor,
        instance=_new_or(instance),
        values=values,
        municipalities=municipalities,
        lead_staff=lead_staff,
        version=expected_version,
    )


def delete_engagement(*, actor, instance):
    """Delete an engagement entered by mistake; one with visits keeps its memory (change its status)."""
    if instance.visits.exists():
        raise InvalidInput(_("This engagement has visits: mark it cancelled or completed instead of deleting it."))
    records.delete(actor=actor, instance=instance, may=permissions.can_manage)


@transaction.atomic
def save_visit_with_meetings(
    *, actor, instance, expected_version=None, values, municipalities, team, meetings, deleted
) -> Visit:
    """The visit's form in one transaction: the visit (save_visit), then its meetings (save_meeting for each
    row, delete_meeting for those struck out). A refusal of any one leaves nothing saved, and says which
    meeting it was about."""
    visit = services.save_visit(
        actor=actor,
        instance=_new_or(instance),
        values=values,
        municipalities=municipalities,
        team=team,
        version=expected_version,
    )
    existing = {meeting.pk: meeting for meeting in Meeting.objects.filter(visit=visit)}
    for pk in deleted:
        if pk in existing:
            services.delete_meeting(actor=actor, meeting=existing[pk])
    for row in meetings:
        row = dict(row)
        topics, position, pk = row.pop("topics"), row.pop("position"), row.pop("id", None)
        if pk is not None and pk not in existing:
            raise InvalidInput(_("A meeting of the form is not one of this visit's: reload the page."))
        try:
            services.save_meeting(actor=actor, instance=existing.get(pk), values={**row, "visit": visit}, topics=topics)
        except InvalidInput as error:
            raise InvalidInput(
                _("Meeting %(number)s: %(message)s") % {"number": position, "message": error.message}
            ) from error
    return visit


def delete_visit(*, actor, instance):
    """Delete a visit entered by mistake; a published one is unpublished first."""
    if instance.is_published:
        raise InvalidInput(_("This visit is published: unpublish it before deleting it."))
    records.delete(actor=actor, instance=instance, may=permissions.can_manage)


def save_project(*, actor, instance, expected_version=None, values, topics):
    return services.save_project(
        actor=actor, instance=_new_or(instance), values=values, topics=topics, version=expected_version
    )


def delete_project(*, actor, instance):
    records.delete(actor=actor, instance=instance, may=permissions.can_manage)


# --- Columns -----------------------------------------------------------------------------------------------


class DatesColumn(Column):
    """The dates, said only as precisely as they are known ("2018", "17 September 2018")."""

    def get_value(self, instance):
        precision = getattr(instance, "date_precision", "day")
        start = precise_date(instance.starts_on, precision)
        end = precise_date(instance.ends_on, precision) if instance.ends_on else "…"
        return start if start == end else f"{start} – {end}"


class PublishedColumn(Column):
    def get_value(self, instance):
        return _("Published") if instance.is_published else _("Not published")


class MapColumn(Column):
    """A project's map: its municipality's, else its country's."""

    def get_value(self, instance):
        if instance.municipality_id:
            url = reverse("advisory_stakeholders:municipality", args=[instance.municipality_id])
            return format_html('<a href="{}">{}</a>', url, instance.municipality)
        url = reverse("advisory_stakeholders:country", args=[instance.country_id])
        return format_html('<a href="{}">{}</a>', url, _("%(country)s (country-wide)") % {"country": instance.country})


class PlacesColumn(Column):
    def get_value(self, instance):
        return ", ".join(str(city) for city in instance.municipalities.all())


# --- Viewsets ----------------------------------------------------------------------------------------------


def search_engagements(queryset: QuerySet, query: str) -> QuerySet:
    """Engagements by their title in any language, or by any spelling of one of their cities (Čair, Чаир)."""
    text = query.strip()
    words = fold(text).split()
    if not text:
        return queryset.none()
    titled = Q()
    for column in languages("title"):
        titled |= Q(**{f"{column}__icontains": text})
    cities = Municipality.objects.all()
    for word in words or [text]:
        cities = cities.filter(search_text__contains=word)
    return queryset.filter(
        titled
        | Q(pk__in=Engagement.municipalities.through.objects.filter(municipality__in=cities).values("engagement_id"))
    )


def search_visits(queryset: QuerySet, query: str) -> QuerySet:
    text = query.strip()
    if not text:
        return queryset.none()
    matched = Q(slug__icontains=text) | Q(places__icontains=text)
    for column in languages("title"):
        matched |= Q(**{f"{column}__icontains": text})
    words = fold(text).split() or [text]
    cities = Municipality.objects.all()
    for word in words:
        cities = cities.filter(search_text__contains=word)
    visited = Visit.municipalities.through.objects.filter(municipality__in=cities).values("visit_id")
    return queryset.filter(matched | Q(pk__in=visited))


def search_projects(queryset: QuerySet, query: str) -> QuerySet:
    text = query.strip()
    if not text:
        return queryset.none()
    words = fold(text).split() or [text]
    cities = Municipality.objects.all()
    for word in words:
        cities = cities.filter(search_text__contains=word)
    return queryset.filter(
        Q(title__icontains=text)
        | Q(organisation__name__icontains=text)
        | Q(organisation__acronym__icontains=text)
        | Q(funder__name__icontains=text)
        | Q(municipality__in=cities)
    )


class AdvisoryIndexView(LoggedExportIndexView):
    export_action = EXPORT_ACTION


class EngagementIndexView(AdvisoryIndexView):
    def get_base_queryset(self):
        return super().get_base_queryset().prefetch_related("municipalities").annotate(visit_count=Count("visits"))


class VisitIndexView(AdvisoryIndexView):
    def get_base_queryset(self):
        return super().get_base_queryset().annotate(meeting_count=Count("meetings"))


class PageButtonEditView(RecordsEditView):
    """The record's form, with a button to its own page (visits, publishing, exports)."""

    page_url_name = None
    page_label = ""

    @cached_property
    def header_buttons(self):
        return [
            *super().header_buttons,
            HeaderButton(self.page_label, url=reverse(self.page_url_name, args=[self.object.pk]), icon_name="view"),
        ]


class EngagementEditView(PageButtonEditView):
    page_url_name = "advisory_visits:engagement"
    page_label = gettext_lazy("The engagement's visits")


class VisitEditView(PageButtonEditView):
    page_url_name = "advisory_visits:visit"
    page_label = gettext_lazy("Meetings, publishing and export")


class AdvisoryViewSet(RecordsViewSet):
    index_view_class = AdvisoryIndexView
    menu_item_class = StaffMenuItem

    @cached_property
    def permission_policy(self):
        return POLICIES[self.model]

    @cached_property
    def rules(self):
        return RULES


class EngagementViewSet(AdvisoryViewSet):
    model = Engagement
    name = "advisory_engagements"
    url_prefix = "advisory/engagements"
    icon = "group"
    menu_label = gettext_lazy("Engagements")
    menu_order = 100
    index_view_class = EngagementIndexView
    edit_view_class = EngagementEditView
    list_display = [
        "title",
        "region",
        "phase",
        "status",
        DatesColumn("dates", label=gettext_lazy("Dates")),
        PlacesColumn("places", label=gettext_lazy("Municipalities")),
        CountColumn("visit_count", label=gettext_lazy("Visits")),
        LinkColumn("page", label="", url_name="advisory_visits:engagement", text=gettext_lazy("Visits")),
    ]
    list_filter = ["region", "phase", "status"]
    search_fields = ["title_en"]
    search_function = search_engagements
    list_export = [*languages("title"), "region", "phase", "status", "starts_on", "ends_on", "date_precision"]
    export_filename = "advisory-engagements"
    list_select_related = ("region",)
    base_form_class = visit_forms.EngagementAdminForm
    save_service = staticmethod(save_engagement)
    delete_service = staticmethod(delete_engagement)
    panels = [
        FieldRowPanel([FieldPanel("region"), FieldPanel("phase"), FieldPanel("status")]),
        language_panels("title", gettext_lazy("Title")),
        FieldPanel("purpose"),
        FieldPanel("municipalities"),
        FieldPanel("lead_staff"),
        FieldRowPanel([FieldPanel("starts_on"), FieldPanel("ends_on"), FieldPanel("date_precision")]),
        FieldRowPanel([FieldPanel("is_demo"), FieldPanel("source")]),
    ]

    def service_arguments(self, form) -> dict:
        return {
            "values": form.model_values(),
            "municipalities": list(form.cleaned_data.get("municipalities") or []),
            "lead_staff": list(form.cleaned_data.get("lead_staff") or []),
        }


class VisitViewSet(AdvisoryViewSet):
    model = Visit
    name = "advisory_visits_list"
    url_prefix = "advisory/visits"
    icon = "site"
    menu_label = gettext_lazy("Visits")
    menu_order = 110
    index_view_class = VisitIndexView
    edit_view_class = VisitEditView
    list_display = [
        "title",
        "engagement",
        DatesColumn("dates", label=gettext_lazy("Dates")),
        "status",
        PublishedColumn("published", label=gettext_lazy("On the hub")),
        CountColumn("meeting_count", label=gettext_lazy("Meetings")),
        LinkColumn("page", label="", url_name="advisory_visits:visit", text=gettext_lazy("Meetings and publishing")),
    ]
    list_filter = ["engagement__region", "status", "is_published"]
    search_fields = ["title_en"]
    search_function = search_visits
    list_export = [
        "slug",
        *languages("title"),
        "engagement",
        "status",
        "starts_on",
        "ends_on",
        "time_zone",
        "places",
        "is_published",
    ]
    export_filename = "advisory-visits"
    list_select_related = ("engagement",)
    base_form_class = visit_forms.VisitAdminForm
    save_service = staticmethod(save_visit_with_meetings)
    delete_service = staticmethod(delete_visit)
    meeting_panels = [
        FieldRowPanel([FieldPanel("kind"), FieldPanel("held_on"), FieldPanel("sort_order")]),
        FieldRowPanel([FieldPanel("person"), FieldPanel("organisation"), FieldPanel("counterpart")]),
        FieldRowPanel([FieldPanel("municipality"), FieldPanel("country")]),
        FieldPanel("topics"),
        FieldPanel("notes"),
        language_panels("public_summary", gettext_lazy("Public summary")),
        FieldPanel("is_public"),
    ]
    panels = [
        FieldRowPanel([FieldPanel("engagement"), FieldPanel("status")]),
        language_panels("title", gettext_lazy("Title")),
        FieldPanel("slug"),
        MultiFieldPanel(
            [
                FieldPanel("time_zone"),
                FieldRowPanel([FieldPanel("starts_on"), FieldPanel("ends_on")]),
                FieldPanel("places"),
                FieldPanel("countries"),
                FieldPanel("municipalities"),
            ],
            heading=gettext_lazy("Where and when (days on the local calendar)"),
        ),
        MultiFieldPanel(
            [FieldPanel("team"), FieldPanel("team_note"), FieldPanel("agenda")],
            heading=gettext_lazy("Team and agenda"),
        ),
        language_panels("public_summary", gettext_lazy("Public summary")),
        InlinePanel("meetings", heading=gettext_lazy("Meetings"), label=gettext_lazy("Meeting"), panels=meeting_panels),
        FieldRowPanel([FieldPanel("is_demo"), FieldPanel("source")]),
    ]

    def service_arguments(self, form) -> dict:
        meetings, deleted = visit_forms.meeting_rows(form, services.MEETING_FIELDS)
        return {
            "values": form.model_values(),
            "municipalities": list(form.cleaned_data.get("municipalities") or []),
            "team": list(form.cleaned_data.get("team") or []),
            "meetings": meetings,
            "deleted": deleted,
        }


class ProjectViewSet(AdvisoryViewSet):
    model = Project
    name = "advisory_projects"
    url_prefix = "advisory/projects"
    icon = "list-ul"
    menu_label = gettext_lazy("Stakeholders")
    menu_order = 120
    list_display = [
        "title",
        "organisation",
        MapColumn("where", label=gettext_lazy("Where (its map)")),
        "status",
        "funder",
        DatesColumn("period", label=gettext_lazy("Period")),
    ]
    list_filter = ["status", "country"]
    search_fields = ["title"]
    search_function = search_projects
    list_export = [
        "organisation",
        "title",
        "municipality",
        "country",
        "status",
        "funder",
        "starts_on",
        "ends_on",
        "date_precision",
    ]
    export_filename = "advisory-projects"
    list_select_related = ("organisation", "funder", "municipality", "country")
    base_form_class = visit_forms.ProjectAdminForm
    save_service = staticmethod(save_project)
    delete_service = staticmethod(delete_project)
    panels = [
        FieldRowPanel([FieldPanel("organisation"), FieldPanel("status")]),
        FieldPanel("title"),
        FieldRowPanel([FieldPanel("municipality"), FieldPanel("country")]),
        FieldPanel("topics"),
        FieldPanel("funder"),
        FieldRowPanel([FieldPanel("starts_on"), FieldPanel("ends_on"), FieldPanel("date_precision")]),
        FieldPanel("learned_at"),
        FieldPanel("note"),
        FieldPanel("is_demo"),
    ]

    def service_arguments(self, form) -> dict:
        return {"values": form.model_values(), "topics": list(form.cleaned_data.get("topics") or [])}


class StakeholderMapsViewSet(ViewSet):
    """The maps of the staff's municipalities and countries: the index, each map and its export."""

    name = "advisory_stakeholders"
    url_prefix = "advisory/stakeholders"
    icon = "table"
    menu_label = gettext_lazy("Stakeholder maps")
    menu_order = 130
    menu_item_class = StaffMenuItem

    def get_urlpatterns(self):
        return stakeholder_patterns


# Viewset classes for the "Advisory" menu, in menu order.
VIEWSETS = [EngagementViewSet, VisitViewSet, ProjectViewSet, StakeholderMapsViewSet]


# --- The staff's own pages -----------------------------------------------------------------------------------


def _runs_advisory(request) -> None:
    if not permissions.can_run_advisory(request.user):
        raise Http404


def _visit(request, pk) -> Visit:
    _runs_advisory(request)
    visit = visit_selectors.visit_for_staff(request.user, pk)
    if visit is None:
        raise Http404
    return visit


def public_url(visit: Visit, language: str) -> str:
    """The consultation's public page, in the staff's language."""
    with language_override(language):
        return reverse("advisory:consultation", kwargs={"slug": visit.slug})


@require_http_methods(["GET"])
@second_factor_required
def engagement_page(request, pk):
    """The engagement with its cities, lead staff and visits (each with its published state)."""
    _runs_advisory(request)
    engagement = visit_selectors.engagement_for_staff(request.user, pk)
    if engagement is None:
        raise Http404
    visits = list(visit_selectors.visits_for(request.user, engagement_id=engagement.pk))
    return render(request, "advisory/staff/visits/engagement.html", {"engagement": engagement, "visits": visits})


@require_http_methods(["GET"])
@second_factor_required
def visit_page(request, pk):
    """The visit's page: its meetings (notes for those who may see them), publishing, the public page, exports."""
    visit = _visit(request, pk)
    meetings = [
        (meeting, permissions.can_see_notes(request.user, meeting), visit_selectors.counterpart_label(meeting))
        for meeting in visit.meetings.all()
    ]
    language = getattr(request, "LANGUAGE_CODE", "en")
    return render(
        request,
        "advisory/staff/visits/visit.html",
        {
            "visit": visit,
            "meetings": meetings,
            "public_url": public_url(visit, language) if visit.is_published else None,
        },
    )


@require_http_methods(["POST"])
@second_factor_required
def publish(request, pk):
    visit = _visit(request, pk)
    return run_and_redirect(
        request,
        lambda: services.publish_visit(actor=request.user, visit=visit),
        done=_("The visit is published on the hub as a consultation."),
        back=reverse("advisory_visits:visit", args=[visit.pk]),
    )


@require_http_methods(["POST"])
@second_factor_required
def unpublish(request, pk):
    visit = _visit(request, pk)
    return run_and_redirect(
        request,
        lambda: services.unpublish_visit(actor=request.user, visit=visit),
        done=_("The visit is no longer on the hub."),
        back=reverse("advisory_visits:visit", args=[visit.pk]),
    )


def meeting_table(visit: Visit, actor) -> tuple[list[str], list[list]]:
    """The visit's meetings as a table; the notes column only for those who may see every meeting's notes."""
    meetings = list(visit.meetings.all())
    with_notes = all(permissions.can_see_notes(actor, meeting) for meeting in meetings)
    headings = [
        _("Order"),
        _("Day"),
        _("Kind"),
        _("Counterpart"),
        _("Municipality"),
        _("Country"),
        _("Topics"),
        _("Shown with the published visit"),
        _("Public summary (English)"),
        _("Public summary (Arabic)"),
    ]
    if with_notes:
        headings.append(_("Confidential notes"))
    rows = []
    for meeting in meetings:
        row = [
            meeting.sort_order,
            meeting.held_on,
            meeting.get_kind_display(),
            visit_selectors.counterpart_label(meeting),
            str(meeting.municipality) if meeting.municipality_id else "",
            meeting.country,
            ", ".join(topic.name for topic in meeting.topics.all()),
            _("yes") if meeting.is_public else _("no"),
            meeting.public_summary_en or "",
            getattr(meeting, "public_summary_ar", "") or "",
        ]
        if with_notes:
            row.append(meeting.notes)
        rows.append(row)
    return headings, rows


@require_http_methods(["GET"])
@second_factor_required
def meetings_export(request, pk, fmt):
    """The visit's meetings as a CSV or XLSX file (notes for staff only; every cell formula-safe), logged."""
    visit = _visit(request, pk)
    if fmt not in exports.FORMATS:
        raise Http404
    headings, rows = meeting_table(visit, request.user)
    return exports.download(
        actor=request.user,
        instance=visit,
        action=EXPORT_ACTION,
        what="meetings",
        name=visit.slug,
        headings=headings,
        rows=rows,
        fmt=fmt,
    )


# --- The stakeholder maps ---------------------------------------------------------------------------------------

PICTURE_WIDTH = 720
ROW_HEIGHT = 34


def picture(stakeholder_map, *, rtl: bool = False) -> dict:
    """The map's network as positions for a server-drawn SVG: organisations in one column, topics in the other,
    a line for each organisation working on a topic (thicker with more projects). Organisations come first in
    the reading direction: on the left in English, on the right in Arabic; each label stands outside its dot."""
    organisations = [node for node in stakeholder_map.nodes if node.kind == "organisation"]
    topics = [node for node in stakeholder_map.nodes if node.kind == "topic"]
    rows = max(len(organisations), len(topics), 1)
    height = rows * ROW_HEIGHT + 20

    def spread(nodes):
        gap = (height - 20) / max(len(nodes), 1)
        return {node.id: round(10 + gap * index + gap / 2) for index, node in enumerate(nodes)}

    first, second = (PICTURE_WIDTH - 250, 250) if rtl else (250, PICTURE_WIDTH - 250)
    # Labels sit outside the two columns: away from the lines, towards the picture's edges.
    outward = {first: -8 if first < second else 8, second: 8 if first < second else -8}
    anchor = {x: "end" if outward[x] < 0 else "start" for x in (first, second)}
    left, right = spread(organisations), spread(topics)

    def placed(nodes, ys, x):
        return [
            {"label": node.label, "y": ys[node.id], "x": x, "text_x": x + outward[x], "anchor": anchor[x]}
            for node in nodes
        ]

    return {
        "width": PICTURE_WIDTH,
        "height": math.ceil(height),
        "organisations": placed(organisations, left, first),
        "topics": placed(topics, right, second),
        "lines": [
            {
                "x1": first,
                "y1": left[edge.source],
                "x2": second,
                "y2": right[edge.target],
                "width": min(1 + edge.weight, 6),
            }
            for edge in stakeholder_map.edges
            if edge.kind == "works_on" and edge.source in left and edge.target in right
        ],
    }


def map_table(stakeholder_map) -> tuple[list[str], list[list]]:
    headings = [
        _("Organisation"),
        _("Project"),
        _("Municipality"),
        _("Topics"),
        _("Funder"),
        _("Start"),
        _("End"),
        _("Status"),
    ]
    rows = [
        [
            row.organisation,
            row.title,
            row.municipality or _("Country-wide"),
            ", ".join(topic.name for topic in row.topics),
            row.funder,
            precise_date(row.starts_on, row.date_precision) if row.starts_on else "",
            precise_date(row.ends_on, row.date_precision) if row.ends_on else "",
            row.status_label,
        ]
        for row in stakeholder_map.rows
    ]
    return headings, rows


def _map(request, kind: str, pk):
    _runs_advisory(request)
    reader = stakeholder_selectors.municipality_map if kind == "municipality" else stakeholder_selectors.country_map
    stakeholder_map = reader(request.user, pk)
    if stakeholder_map is None:
        raise Http404
    return stakeholder_map


@require_http_methods(["GET"])
@second_factor_required
def stakeholder_index(request):
    """The staff's countries and municipalities, each with how many current or planned projects it has."""
    _runs_advisory(request)
    on_the_map = Q(projects__status__in=stakeholder_selectors.ON_THE_MAP)
    countries = (
        network.scope_managed(Country.objects.all(), request.user)
        .select_related("region")
        .annotate(project_count=Count("projects", filter=on_the_map))
        .order_by("region__slug", "code")
    )
    cities = (
        network.scope_managed(Municipality.objects.all(), request.user)
        .select_related("country")
        .annotate(project_count=Count("projects", filter=on_the_map))
        .order_by("-project_count", "country__code", "name_en", "pk")
    )
    query = (request.GET.get("q") or "").strip()
    if query:
        for word in fold(query).split():
            cities = cities.filter(search_text__contains=word)
    page = Paginator(cities, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "advisory/staff/visits/stakeholders.html",
        {"countries": list(countries), "page": page, "q": query},
    )


def _map_page(request, kind, pk):
    stakeholder_map = _map(request, kind, pk)
    return render(
        request,
        "advisory/staff/visits/map.html",
        {
            "map": stakeholder_map,
            "picture": picture(stakeholder_map, rtl=get_language_bidi()),
            "kind": kind,
            "export_name": f"advisory_stakeholders:{kind}-export",
        },
    )


def _map_export(request, kind, pk, fmt):
    if fmt not in exports.FORMATS:
        raise Http404
    stakeholder_map = _map(request, kind, pk)
    headings, rows = map_table(stakeholder_map)
    return exports.download(
        actor=request.user,
        instance=request.user,
        action=EXPORT_ACTION,
        what="stakeholders",
        name=stakeholder_map.place_name,
        headings=headings,
        rows=rows,
        fmt=fmt,
    )


@require_http_methods(["GET"])
@second_factor_required
def municipality_map(request, pk):
    return _map_page(request, "municipality", pk)


@require_http_methods(["GET"])
@second_factor_required
def country_map(request, pk):
    return _map_page(request, "country", pk)


@require_http_methods(["GET"])
@second_factor_required
def municipality_map_export(request, pk, fmt):
    return _map_export(request, "municipality", pk, fmt)


@require_http_methods(["GET"])
@second_factor_required
def country_map_export(request, pk, fmt):
    return _map_export(request, "country", pk, fmt)


stakeholder_patterns = [
    path("", stakeholder_index, name="index"),
    path("municipality/<int:pk>/", municipality_map, name="municipality"),
    path("municipality/<int:pk>/export/<str:fmt>/", municipality_map_export, name="municipality-export"),
    path("country/<int:pk>/", country_map, name="country"),
    path("country/<int:pk>/export/<str:fmt>/", country_map_export, name="country-export"),
]

staff_patterns = [
    path("engagements/<int:pk>/page/", engagement_page, name="engagement"),
    path("visits/<int:pk>/page/", visit_page, name="visit"),
    path("visits/<int:pk>/publish/", publish, name="publish"),
    path("visits/<int:pk>/unpublish/", unpublish, name="unpublish"),
    path("visits/<int:pk>/meetings/export/<str:fmt>/", meetings_export, name="meetings-export"),
]

# The part's own admin pages (paths below /admin/), each part in a namespace of its own.
urlpatterns = [path("advisory/", include((staff_patterns, "advisory_visits")))]

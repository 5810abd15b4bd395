"""Grants in the Wagtail admin (/admin/grants/...): calls, awards and applicant organisations as viewset
declarations on the core's generic admin; the cycle's own pages (applications, screening, assignment,
ranking, decisions, exports) are in views/staff.py.

Who may do what comes from grants.permissions (a call is its region's staff's); every write is a call to
the grants' services; exports of the listings are neutralised against formulas by the core and logged here.
"""

from django.db.models import QuerySet
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.html import format_html_join
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.admin.ui.tables import Column
from wagtail.admin.viewsets.model import ModelViewSetGroup

from citynet.core import records
from citynet.core.admin_forms import language_columns as languages
from citynet.core.admin_views import (
    LoggedExportIndexView,
    RecordRules,
    RecordsViewSet,
    RulesPermissionPolicy,
    language_panels,
)
from citynet.network import permissions as network

from . import permissions
from .admin_grantees import GrantViewSet
from .forms import staff as staff_forms
from .models import ApplicantOrganisation, Application, Award, Call
from .services import calls as call_services
from .services import staff as staff_services
from .services.calls import CRITERION_FIELDS, QUESTION_FIELDS


def choices(queryset: QuerySet, actor) -> QuerySet:
    """What staff may pick in grants' forms: their calls and applications, their regions' places, any
    registry organisation (organisations are public)."""
    model = queryset.model
    if model is Call:
        return permissions.scope_managed_calls(queryset, actor)
    if model is Application:
        return permissions.scope_managed_applications(queryset, actor)
    return network.scope_choices(queryset, actor)


def _scope_awards(queryset, actor):
    return queryset.filter(call__in=permissions.scope_managed_calls(Call.objects.all(), actor))


CALL_RULES = RecordRules(
    may_any=lambda actor, action: permissions.can_manage_calls(actor),
    may=lambda actor, record, action: permissions.can_manage_call(actor, record),
    scope=permissions.scope_managed_calls,
    choices=choices,
)
AWARD_RULES = RecordRules(
    may_any=lambda actor, action: permissions.can_manage_calls(actor),
    may=lambda actor, record, action: staff_services.may_manage_award(actor, record),
    scope=_scope_awards,
    choices=choices,
)
# Correct and link only: organisations are created by their applicants, never deleted under them.
ORGANISATION_RULES = RecordRules(
    may_any=lambda actor, action: (
        action in {"view", "change"} and staff_services.may_manage_applicant_organisations(actor)
    ),
    may=lambda actor, record, action: (
        action in {"view", "change"} and staff_services.may_manage_applicant_organisations(actor, record)
    ),
    scope=lambda queryset, actor: (
        queryset if staff_services.may_manage_applicant_organisations(actor) else queryset.none()
    ),
    choices=choices,
)
POLICIES = {
    Call: RulesPermissionPolicy(Call, CALL_RULES),
    Award: RulesPermissionPolicy(Award, AWARD_RULES),
    ApplicantOrganisation: RulesPermissionPolicy(ApplicantOrganisation, ORGANISATION_RULES),
}


class GrantsIndexView(LoggedExportIndexView):
    export_action = "grants.export"


class GrantsViewSet(RecordsViewSet):
    index_view_class = GrantsIndexView

    @cached_property
    def permission_policy(self):
        return POLICIES[self.model]

    @cached_property
    def rules(self):
        return POLICIES[self.model].rules


def _child_rows(form, name: str, fields: list[str]) -> list[dict]:
    formset = form.formsets[name]
    rows = []
    for child_form in formset.forms:
        data = getattr(child_form, "cleaned_data", None) or {}
        if not data or data.get("DELETE"):
            continue
        row = {field: data[field] for field in fields if field in data}
        instance = data.get("id")
        if instance is not None:
            row["id"] = instance.pk
        rows.append(row)
    return rows


class StaffPagesColumn(Column):
    """Links from a call in the list to its applications, assignment, ranking and decisions."""

    def get_value(self, instance):
        links = [
            (reverse(f"grants_staff:{name}", args=[instance.pk]), label)
            for name, label in (
                ("applications", _("Applications")),
                ("assignment", _("Assignment")),
                ("ranking", _("Ranking")),
                ("decisions", _("Decisions")),
            )
        ]
        return format_html_join(" · ", '<a href="{}">{}</a>', links)


class CallViewSet(GrantsViewSet):
    model = Call
    name = "grants_calls"
    url_prefix = "grants/calls"
    icon = "doc-full-inverse"
    menu_label = _("Calls")
    menu_order = 100
    list_display = ["title", "region", "status", "closes_at", StaffPagesColumn("staff", label=_("Staff pages"))]
    list_filter = ["status", "region"]
    search_fields = ["title_en", "title_ar", "code", "slug"]
    list_export = [
        "code",
        "slug",
        *languages("title"),
        "region",
        "status",
        "currency",
        "total_budget",
        "opens_at",
        "closes_at",
        "time_zone",
    ]
    export_filename = "calls"
    list_select_related = ("region",)
    base_form_class = staff_forms.CallAdminForm
    save_service = call_services.save_call
    delete_service = staticmethod(
        lambda *, actor, instance: records.delete(actor=actor, instance=instance, may=permissions.can_manage_call)
    )
    question_panels = [
        FieldRowPanel([FieldPanel("sort_order"), FieldPanel("kind"), FieldPanel("stage"), FieldPanel("required")]),
        language_panels("label", _("Question")),
        language_panels("help_text", _("Guidance"), classname="collapsed"),
        FieldRowPanel([FieldPanel("min_length"), FieldPanel("max_length")]),
        FieldRowPanel([FieldPanel("min_value"), FieldPanel("max_value")]),
        language_panels("choices", _("Choices (one per line)"), classname="collapsed"),
    ]
    criterion_panels = [
        language_panels("name", _("Criterion")),
        language_panels("guidance", _("Guidance for reviewers"), classname="collapsed"),
        FieldRowPanel(
            [
                FieldPanel("sort_order"),
                FieldPanel("weight"),
                FieldPanel("scale_min"),
                FieldPanel("scale_max"),
                FieldPanel("allow_not_applicable"),
            ]
        ),
    ]
    panels = [
        FieldRowPanel([FieldPanel("region"), FieldPanel("slug"), FieldPanel("code")]),
        language_panels("title", _("Title")),
        language_panels("summary", _("Summary"), classname="collapsed"),
        language_panels("description", _("Description"), classname="collapsed"),
        FieldPanel("is_demo"),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("currency"), FieldPanel("total_budget")]),
                FieldRowPanel([FieldPanel("min_award"), FieldPanel("max_award")]),
            ],
            heading=_("Budget"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("time_zone"),
                FieldRowPanel([FieldPanel("opens_at"), FieldPanel("closes_at")]),
                FieldRowPanel([FieldPanel("stages"), FieldPanel("full_proposals_close_at")]),
            ],
            heading=_("Dates, on the call's clock"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("eligible_kinds"),
                FieldPanel("eligible_countries"),
                FieldRowPanel([FieldPanel("min_years_founded"), FieldPanel("requires_member_partner")]),
            ],
            heading=_("Eligibility"),
        ),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("reviewers_per_application"), FieldPanel("blind_review")]),
                FieldPanel("reviewers_see_others_after_submitting"),
            ],
            heading=_("Review"),
        ),
        InlinePanel("questions", heading=_("Application form"), label=_("Question"), panels=question_panels),
        InlinePanel("criteria", heading=_("Review rubric"), label=_("Criterion"), panels=criterion_panels),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("reported_applications"), FieldPanel("reported_applications_is_minimum")]),
                language_panels("results_announcement", _("Results announcement")),
            ],
            heading=_("Results"),
            classname="collapsed",
        ),
    ]

    def service_arguments(self, form) -> dict:
        return {
            **super().service_arguments(form),
            "questions": _child_rows(form, "questions", QUESTION_FIELDS),
            "criteria": _child_rows(form, "criteria", CRITERION_FIELDS),
        }


class AwardViewSet(GrantsViewSet):
    model = Award
    name = "grants_awards"
    url_prefix = "grants/awards"
    icon = "pick"
    menu_label = _("Awards")
    menu_order = 110
    list_display = ["recipient_name", "call", "amount", "announced_year"]
    list_filter = ["announced_year"]
    search_fields = ["recipient_name", "project_title"]
    list_export = [
        "call",
        "recipient_name",
        "partner_municipality",
        "amount",
        "project_title",
        "announced_year",
        "source",
    ]
    export_filename = "awards"
    list_select_related = ("call", "partner_municipality")
    base_form_class = staff_forms.AwardAdminForm
    save_service = staff_services.save_award
    delete_service = staff_services.delete_award
    panels = [
        FieldPanel("call"),
        FieldPanel("application"),
        FieldRowPanel([FieldPanel("recipient_name"), FieldPanel("recipient")]),
        FieldRowPanel([FieldPanel("partner_municipality"), FieldPanel("amount")]),
        FieldPanel("project_title"),
        FieldPanel("slug"),
        language_panels("summary", _("Announcement")),
        FieldRowPanel([FieldPanel("announced_on"), FieldPanel("announced_year")]),
        FieldPanel("source"),
    ]


class ApplicantOrganisationViewSet(GrantsViewSet):
    model = ApplicantOrganisation
    name = "grants_organisations"
    url_prefix = "grants/organisations"
    icon = "group"
    menu_label = _("Applicant organisations")
    menu_order = 120
    list_display = ["name", "kind", "country", "founded_year", "registry_organisation"]
    list_filter = ["kind", "country"]
    search_fields = ["name", "acronym"]
    # Contact details and registration numbers stay out of exports: files travel further than the admin.
    list_export = ["name", "acronym", "kind", "country", "city", "founded_year", "website", "registry_organisation"]
    export_filename = "applicant-organisations"
    list_select_related = ("registry_organisation",)
    base_form_class = staff_forms.ApplicantOrganisationAdminForm
    save_service = staff_services.save_applicant_organisation
    panels = [
        FieldRowPanel([FieldPanel("name"), FieldPanel("acronym")]),
        FieldPanel("kind"),
        FieldRowPanel([FieldPanel("country"), FieldPanel("city"), FieldPanel("founded_year")]),
        FieldPanel("website"),
        FieldPanel("registry_organisation"),
    ]


class GrantsViewSetGroup(ModelViewSetGroup):
    menu_label = _("Grants")
    menu_icon = "doc-full-inverse"
    menu_order = 210
    items = (CallViewSet, AwardViewSet, GrantViewSet, ApplicantOrganisationViewSet)

"""The registry in the Wagtail admin (/admin/): a viewset declaration per record, nothing more.

Scoping, service writes, history, exports and conflict handling come from citynet.core.admin_views;
who may do what comes from citynet.network.permissions; every write is a citynet.network.services call.
"""

from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.admin.viewsets.model import ModelViewSetGroup

from citynet.core.admin_forms import language_columns as languages
from citynet.core.admin_views import RecordRules, RecordsViewSet, RulesPermissionPolicy, language_panels

from . import forms as registry_forms
from . import permissions, services
from .models import (
    Country,
    Membership,
    Municipality,
    Organisation,
    Partnership,
    Person,
    Position,
    Region,
    ReportedFigure,
    Topic,
)
from .selectors import matching


def rules_for(model) -> RecordRules:
    """The registry's permission rules for `model`, as the generic admin asks for them."""
    return RecordRules(
        may_any=lambda actor, action: permissions.can_manage_records(actor, model, action),
        may=lambda actor, record, action: permissions.can_manage_record(actor, record, action),
        scope=permissions.scope_managed,
        choices=permissions.scope_choices,
    )


MODELS = (
    Region,
    Country,
    Municipality,
    Membership,
    Organisation,
    Partnership,
    Person,
    Position,
    ReportedFigure,
    Topic,
)
# Registered with Wagtail (wagtail_hooks) before anything asks it for a policy.
POLICIES = {model: RulesPermissionPolicy(model, rules_for(model)) for model in MODELS}


class RegistryViewSet(RecordsViewSet):
    """Common ground of the registry's viewsets: its rules and its delete service."""

    base_form_class = registry_forms.RegistryAdminForm
    delete_service = services.delete_record

    @cached_property
    def rules(self):
        return POLICIES[self.model].rules

    @cached_property
    def permission_policy(self):
        return POLICIES[self.model]


class RegionViewSet(RegistryViewSet):
    model = Region
    icon = "globe"
    menu_order = 100
    list_display = ["name", "slug"]
    search_fields = ["name_en", "name_ar", "slug"]
    list_export = ["slug", *languages("name"), "map_center_lat", "map_center_lng", "map_zoom"]
    export_filename = "regions"
    base_form_class = registry_forms.RegionForm
    save_service = services.save_region
    panels = [
        FieldPanel("slug"),
        language_panels("name", _("Name")),
        language_panels("summary", _("Summary"), classname="collapsed"),
        FieldRowPanel([FieldPanel("map_center_lat"), FieldPanel("map_center_lng"), FieldPanel("map_zoom")]),
    ]


class CountryViewSet(RegistryViewSet):
    model = Country
    icon = "site"
    menu_order = 110
    list_display = ["__str__", "code", "region"]
    list_filter = ["region"]
    search_fields = ["code"]
    list_export = ["code", "code.name", "region"]
    export_filename = "countries"
    list_select_related = ("region",)
    base_form_class = registry_forms.CountryForm
    save_service = services.save_country
    panels = [FieldPanel("code"), FieldPanel("region")]

    @cached_property
    def export_headings(self):
        return {"code": _("ISO code"), "code.name": _("Country"), "region": _("Region")}


class MunicipalityViewSet(RegistryViewSet):
    model = Municipality
    icon = "home"
    menu_order = 120
    list_display = ["name", "country", "population", "geonames_id"]
    list_filter = ["country", "country__region"]
    search_fields = ["search_text"]
    list_export = [
        "slug",
        *languages("name"),
        "country",
        "country.region",
        "latitude",
        "longitude",
        "population",
        "population_year",
        "geonames_id",
        "website",
    ]
    export_filename = "municipalities"
    list_select_related = ("country__region",)
    base_form_class = registry_forms.MunicipalityForm
    save_service = services.save_municipality
    search_function = matching
    panels = [
        language_panels(
            "name",
            _("Official name"),
            help_text=_("The official name in each language and script; English is required."),
        ),
        FieldRowPanel([FieldPanel("country"), FieldPanel("slug")]),
        InlinePanel(
            "alternate_names",
            heading=_("Alternate names"),
            label=_("Alternate name"),
            panels=[FieldPanel("name"), FieldPanel("language")],
        ),
        FieldRowPanel([FieldPanel("latitude"), FieldPanel("longitude")], heading=_("Coordinates")),
        FieldRowPanel([FieldPanel("population"), FieldPanel("population_year")]),
        FieldRowPanel([FieldPanel("geonames_id"), FieldPanel("website")]),
        language_panels("profile", _("Public profile"), classname="collapsed"),
    ]

    @cached_property
    def export_headings(self):
        return {**super().export_headings, "country.region": _("Region")}

    def service_arguments(self, form) -> dict:
        formset = form.formsets["alternate_names"]
        names = [
            (data["name"], data.get("language", ""))
            for data in formset.cleaned_data
            if data and not data.get("DELETE") and data.get("name")
        ]
        return {**super().service_arguments(form), "alternate_names": names}


class MembershipViewSet(RegistryViewSet):
    model = Membership
    icon = "date"
    menu_order = 130
    list_display = ["municipality", "status", "started_on", "ended_on"]
    list_filter = ["status", "municipality__country"]
    search_fields = ["municipality__name_en", "source"]
    list_export = [
        "municipality",
        "municipality.country",
        "status",
        "started_on",
        "started_precision",
        "ended_on",
        "ended_precision",
        "source",
    ]
    export_filename = "memberships"
    list_select_related = ("municipality__country",)
    base_form_class = registry_forms.MembershipForm
    save_service = services.save_membership
    panels = [
        FieldPanel("municipality"),
        FieldPanel("status"),
        FieldRowPanel([FieldPanel("started_on"), FieldPanel("started_precision")]),
        FieldRowPanel([FieldPanel("ended_on"), FieldPanel("ended_precision")]),
        FieldPanel("source"),
    ]

    @cached_property
    def export_headings(self):
        return {"municipality.country": _("Country")}


class OrganisationViewSet(RegistryViewSet):
    model = Organisation
    icon = "group"
    menu_order = 140
    list_display = ["name", "acronym", "kind", "country", "founded_year"]
    list_filter = ["kind", "country"]
    search_fields = ["search_text"]
    list_export = ["slug", *languages("name"), "acronym", "kind", "country", "city", "founded_year", "website"]
    export_filename = "organisations"
    base_form_class = registry_forms.OrganisationForm
    save_service = services.save_organisation
    search_function = matching
    panels = [
        language_panels("name", _("Name")),
        FieldRowPanel([FieldPanel("acronym"), FieldPanel("slug")]),
        FieldPanel("kind"),
        FieldRowPanel([FieldPanel("country"), FieldPanel("city"), FieldPanel("founded_year")]),
        FieldPanel("website"),
        language_panels("description", _("Description"), classname="collapsed"),
    ]


class PartnershipViewSet(RegistryViewSet):
    model = Partnership
    icon = "link"
    menu_order = 150
    list_display = ["organisation", "role", "region", "started_year", "ended_year"]
    list_filter = ["region", "role"]
    search_fields = ["organisation__name_en", "organisation__acronym"]
    list_export = ["organisation", "role", "region", "started_year", "ended_year", *languages("note")]
    export_filename = "partnerships"
    list_select_related = ("organisation", "region")
    base_form_class = registry_forms.PartnershipForm
    save_service = services.save_partnership
    panels = [
        FieldPanel("organisation"),
        FieldRowPanel([FieldPanel("region"), FieldPanel("role")]),
        FieldRowPanel([FieldPanel("started_year"), FieldPanel("ended_year")]),
        language_panels("note", _("Note"), classname="collapsed"),
    ]


class PersonViewSet(RegistryViewSet):
    model = Person
    icon = "user"
    menu_order = 160
    list_display = ["name", "other_spellings"]
    search_fields = ["search_text"]
    # Contact details stay out of exports: files travel further than the admin.
    list_export = [*languages("name"), "other_spellings"]
    export_filename = "people"
    base_form_class = registry_forms.PersonForm
    save_service = services.save_person
    search_function = matching
    panels = [
        language_panels("name", _("Name")),
        FieldPanel("other_spellings"),
        MultiFieldPanel(
            [FieldPanel("email"), FieldPanel("phone")],
            heading=_("Contact details (private)"),
            help_text=_("Never shown on the public site or in the API."),
        ),
        FieldRowPanel([FieldPanel("serves_at"), FieldPanel("role")], heading=_("First position")),
    ]

    def service_arguments(self, form) -> dict:
        arguments = super().service_arguments(form)
        if "serves_at" in form.fields:
            arguments.update(serves_at=form.cleaned_data.get("serves_at"), role=form.cleaned_data.get("role") or "")
        return arguments


class PositionViewSet(RegistryViewSet):
    model = Position
    icon = "tag"
    menu_order = 170
    list_display = ["person", "role", "municipality", "organisation", "started_on", "ended_on", "is_public"]
    list_filter = ["role", "is_public", "municipality__country"]
    search_fields = ["person__name_en", "title_en"]
    list_export = [
        "person",
        "role",
        *languages("title"),
        "municipality",
        "organisation",
        "started_on",
        "started_precision",
        "ended_on",
        "is_public",
    ]
    export_filename = "positions"
    list_select_related = ("person", "municipality", "organisation")
    base_form_class = registry_forms.PositionForm
    save_service = services.save_position
    panels = [
        FieldPanel("person"),
        FieldPanel("role"),
        language_panels("title", _("Public title")),
        FieldRowPanel([FieldPanel("municipality"), FieldPanel("organisation")]),
        FieldRowPanel([FieldPanel("started_on"), FieldPanel("started_precision"), FieldPanel("ended_on")]),
        FieldPanel("is_public"),
    ]


class ReportedFigureViewSet(RegistryViewSet):
    model = ReportedFigure
    icon = "order"
    menu_order = 180
    list_display = ["region", "measure", "qualifier", "value", "as_of"]
    list_filter = ["region", "measure"]
    search_fields = ["source_en"]
    list_export = ["region", "measure", "qualifier", "value", "as_of", "as_of_precision", *languages("source")]
    export_filename = "reported-figures"
    list_select_related = ("region",)
    base_form_class = registry_forms.ReportedFigureForm
    save_service = services.save_reported_figure
    panels = [
        FieldRowPanel([FieldPanel("region"), FieldPanel("measure")]),
        FieldRowPanel([FieldPanel("qualifier"), FieldPanel("value")]),
        FieldRowPanel([FieldPanel("as_of"), FieldPanel("as_of_precision")]),
        language_panels("source", _("Source")),
    ]


class TopicViewSet(RegistryViewSet):
    """The network's one taxonomy (risk assessment, local action plans, youth engagement, ...): events are
    tagged with it. Network-wide, so only the secretariat edits it (permissions.can_manage_records)."""

    model = Topic
    icon = "tag"
    menu_order = 190
    list_display = ["name", "slug", "sort_order"]
    search_fields = ["name_en", "name_ar", "slug"]
    list_export = ["slug", *languages("name"), *languages("description"), "sort_order"]
    export_filename = "topics"
    base_form_class = registry_forms.AutoSlugForm
    save_service = services.save_topic
    panels = [
        language_panels("name", _("Name")),
        FieldRowPanel([FieldPanel("slug"), FieldPanel("sort_order")]),
        language_panels("description", _("Description"), classname="collapsed"),
    ]


class RegistryViewSetGroup(ModelViewSetGroup):
    menu_label = _("Network registry")
    menu_icon = "globe"
    menu_order = 200
    items = (
        RegionViewSet,
        CountryViewSet,
        MunicipalityViewSet,
        MembershipViewSet,
        OrganisationViewSet,
        PartnershipViewSet,
        PersonViewSet,
        PositionViewSet,
        ReportedFigureViewSet,
        TopicViewSet,
    )

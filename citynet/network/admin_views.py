"""The registry in the Wagtail admin (/admin/): listings, forms, exports and history, scoped by role.

Who may do what is decided in one place, `RegistryPermissionPolicy` (default deny): the secretariat
(and superusers) manage every record; a regional coordinator manages the records of their regions
only, and everything else is invisible to them (a 404, as if it did not exist). Every write lands in
Wagtail's log with the values before and after it (citynet.core.audit's data shape).
"""

from django.conf import settings
from django.contrib import messages
from django.contrib.admin.utils import quote
from django.contrib.auth import get_user_model
from django.core.exceptions import FieldDoesNotExist, PermissionDenied
from django.db import transaction
from django.db.models import F, ProtectedError, Q, RestrictedError
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.html import format_html, format_html_join
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel, ObjectList
from wagtail.admin.ui.tables import Column
from wagtail.admin.views import generic
from wagtail.admin.views.generic.history import HistoryView
from wagtail.admin.views.generic.usage import UsageView
from wagtail.admin.viewsets.model import ModelViewSet, ModelViewSetGroup
from wagtail.log_actions import log
from wagtail.permission_policies.base import BasePermissionPolicy

from citynet.accounts.models import Role
from citynet.accounts.permissions import managed_region_ids
from citynet.core import audit

from . import forms as registry_forms
from .forms import in_regions, translation_columns
from .models import (
    AlternateName,
    Country,
    Membership,
    Municipality,
    Organisation,
    Partnership,
    Person,
    Position,
    Region,
    ReportedFigure,
)
from .permissions import can_manage_region, can_see_contact_details
from .selectors import matching
from .services import refresh_search_text

LANGUAGE_CODES = [code for code, _name in settings.LANGUAGES]
# Actions that make a record visible to an editor (Wagtail asks for any of these).
VISIBLE = ["add", "change", "delete", "view"]


# --- Permissions ------------------------------------------------------------------------------------


class RegistryPermissionPolicy(BasePermissionPolicy):
    """Role-based permissions for one registry model; Django's model permissions play no part.

    `coordinator_actions` are the actions a regional coordinator may take on the model, and only on
    records of their regions: `check(actor, instance)` (from citynet.network.permissions) decides per
    record, `forms.in_regions` scopes listings. Everything not listed is denied.
    """

    def __init__(self, model, *, coordinator_actions=(), check=None):
        super().__init__(model)
        self.coordinator_actions = frozenset(coordinator_actions)
        self.check = check

    def _coordinator_may(self, actions) -> bool:
        return bool(self.coordinator_actions.intersection(actions))

    def user_has_permission(self, user, action):
        region_ids = managed_region_ids(user)
        if region_ids is None:
            return True
        if region_ids and self._coordinator_may([action]):
            return True
        return False

    def user_has_permission_for_instance(self, user, action, instance):
        if not self.user_has_permission(user, action):
            return False
        if managed_region_ids(user) is None:
            return True
        if self.check is not None and self.check(user, instance):
            return True
        return False

    def instances_user_has_any_permission_for(self, user, actions):
        queryset = self.model._default_manager.all()
        region_ids = managed_region_ids(user)
        if region_ids is None:
            return queryset
        if region_ids and self._coordinator_may(actions):
            return in_regions(queryset, region_ids)
        return queryset.none()

    def _users(self, actions, region_ids=None):
        allowed = Q(is_superuser=True) | Q(roles__role=Role.SECRETARIAT)
        if self._coordinator_may(actions):
            coordinators = Q(roles__role=Role.REGIONAL_COORDINATOR)
            if region_ids is not None:
                coordinators &= Q(roles__region_id__in=region_ids)
            allowed |= coordinators
        return get_user_model().objects.filter(allowed, is_active=True).distinct()

    def users_with_any_permission(self, actions):
        return self._users(actions)

    def users_with_any_permission_for_instance(self, actions, instance):
        lookup = registry_forms.REGION_LOOKUP.get(self.model)
        if lookup is None:
            return self._users([])
        region_ids = set(
            self.model._default_manager.filter(pk=instance.pk).values_list(lookup, flat=True).exclude(**{lookup: None})
        )
        return self._users(actions, region_ids)


def _region_check(path: str):
    """A per-record check: may the actor manage the region reached by following `path` from the record?"""

    def check(actor, instance) -> bool:
        target = instance
        for attribute in path.split("."):
            target = getattr(target, attribute, None)
            if target is None:
                return False
        return can_manage_region(actor, target)

    return check


EDIT = ("add", "change", "delete")
POLICIES = {
    Region: RegistryPermissionPolicy(Region),
    Country: RegistryPermissionPolicy(Country, coordinator_actions=("change",), check=_region_check("region")),
    Municipality: RegistryPermissionPolicy(
        Municipality, coordinator_actions=("add", "change"), check=_region_check("country.region")
    ),
    Membership: RegistryPermissionPolicy(
        Membership, coordinator_actions=EDIT, check=_region_check("municipality.country.region")
    ),
    Organisation: RegistryPermissionPolicy(Organisation),
    Partnership: RegistryPermissionPolicy(Partnership, coordinator_actions=EDIT, check=_region_check("region")),
    # Coordinators see the people who serve in their region (and their private contact details, as
    # can_see_contact_details allows), and may add people; deleting a person is for the secretariat.
    Person: RegistryPermissionPolicy(Person, coordinator_actions=("add", "change"), check=can_see_contact_details),
    Position: RegistryPermissionPolicy(
        Position, coordinator_actions=EDIT, check=_region_check("municipality.country.region")
    ),
    ReportedFigure: RegistryPermissionPolicy(ReportedFigure, coordinator_actions=EDIT, check=_region_check("region")),
}


# --- Audit ------------------------------------------------------------------------------------------


def snapshot(instance) -> dict:
    """The editable values of a record (and a municipality's alternate names), JSON-safe."""
    fields = [f.name for f in instance._meta.concrete_fields if f.editable and not f.primary_key]
    data = audit.snapshot(instance, fields)
    if isinstance(instance, Municipality) and instance.pk:
        data["alternate_names"] = sorted(
            AlternateName.objects.filter(municipality_id=instance.pk).values_list("name", flat=True)
        )
    return data


def _field_label(model, name: str) -> str:
    if name == "alternate_names":
        return str(AlternateName._meta.verbose_name_plural)
    columns = translation_columns(model)
    if name in columns:
        base_field, code = columns[name]
        return str(registry_forms.language_label(base_field.verbose_name, code))
    try:
        return str(model._meta.get_field(name).verbose_name)
    except FieldDoesNotExist:  # an old entry may name a field that no longer exists
        return name


def _shown(value) -> str:
    if value in (None, "", []):
        return "—"
    if isinstance(value, list):
        value = ", ".join(str(v) for v in value)
    return Truncator(str(value)).chars(80)


class ChangesColumn(Column):
    """The fields an entry changed, each with its value before and after."""

    def __init__(self, *args, model, **kwargs):
        super().__init__(*args, **kwargs)
        self.model = model

    def get_value(self, instance):
        changed = (instance.data or {}).get("changed") or {}
        if not changed:
            return None
        return format_html(
            "<ul>{}</ul>",
            format_html_join(
                "",
                "<li><strong>{}</strong>: <del>{}</del> → <ins>{}</ins></li>",
                (
                    (_field_label(self.model, name), _shown(values[0]), _shown(values[1]))
                    for name, values in changed.items()
                ),
            ),
        )


# --- Views ------------------------------------------------------------------------------------------


def _neutralise_formula(value: str) -> str:
    # A cell starting with = + - @ is run as a formula by spreadsheet programs (CSV injection).
    return "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value


class ScopedMixin:
    """Objects outside the editor's scope do not exist for them (404), whatever the URL."""

    def scoped_queryset(self):
        return self.permission_policy.instances_user_has_any_permission_for(self.request.user, VISIBLE)


class RegistryIndexView(ScopedMixin, generic.IndexView):
    list_select_related = ()
    custom_value_preprocess = {
        **generic.IndexView.custom_value_preprocess,
        str: {"csv": _neutralise_formula},
    }

    def get_base_queryset(self):
        queryset = self.scoped_queryset()
        if self.list_select_related:
            queryset = queryset.select_related(*self.list_select_related)
        return queryset

    def search_queryset(self, queryset):
        # Records with folded spellings match any script and diacritics (Durres finds Durrës).
        if self.is_searching and hasattr(queryset.model, "search_text"):
            return matching(queryset, self.search_query)
        return super().search_queryset(queryset)


class ScopedObjectMixin(ScopedMixin):
    """Fetch the object within the editor's scope (404 outside it), then check `object_permission`."""

    object_permission = "change"

    def get_queryset(self):
        return self.scoped_queryset()

    def get_object(self, queryset=None):
        instance = super().get_object(queryset)
        if not self.user_has_permission_for_instance(self.object_permission, instance):
            raise PermissionDenied
        return instance


class AuditedSaveMixin:
    """Save through Wagtail's action, keep search keys and the edit lock fresh, and log before/after.

    All in one transaction, so a failure after the save leaves neither a half-saved record nor a log
    entry for a change that did not happen.
    """

    audit_action = "wagtail.edit"
    before = None

    def save_instance(self):
        with transaction.atomic():
            instance = self.action_class(
                self.form.instance, user=self.request.user, form=self.form, log_action=False
            ).execute(skip_permission_checks=True)
            if self.audit_action == "wagtail.edit" and isinstance(instance, Municipality):
                # The public profile editor locks optimistically on `version`: an admin save must count.
                Municipality.objects.filter(pk=instance.pk).update(version=F("version") + 1)
            if isinstance(instance, Municipality | Organisation | Person):
                refresh_search_text(instance)
            audit.record(
                actor=self.request.user,
                instance=instance,
                action=self.audit_action,
                before=self.before,
                after=snapshot(instance),
            )
        return instance


class RegistryCreateView(AuditedSaveMixin, generic.CreateView):
    audit_action = "wagtail.create"


class RegistryEditView(ScopedObjectMixin, AuditedSaveMixin, generic.EditView):
    def post(self, request, *args, **kwargs):
        # Take the "before" picture now: validating the form writes the new values onto the object.
        self.object = self.get_object()
        self.before = snapshot(self.object)
        return super().post(request, *args, **kwargs)


class RegistryDeleteView(ScopedObjectMixin, generic.DeleteView):
    object_permission = "delete"

    def delete_action(self):
        # One transaction: if the database refuses the delete, the log entry goes too.
        with transaction.atomic():
            log(
                instance=self.object,
                action="wagtail.delete",
                user=self.request.user,
                deleted=True,
                data={"before": snapshot(self.object), "after": None, "changed": {}},
            )
            self.action_class(self.object, user=self.request.user, log_action=False).execute(
                skip_permission_checks=True
            )

    def form_valid(self, form):
        try:
            return super().form_valid(form)
        except (ProtectedError, RestrictedError) as error:
            blocking = list(error.protected_objects if isinstance(error, ProtectedError) else error.restricted_objects)
            messages.error(
                self.request,
                ngettext(
                    "“%(object)s” cannot be deleted: %(count)s record still refers to it (%(examples)s). "
                    "Change or delete it first.",
                    "“%(object)s” cannot be deleted: %(count)s records still refer to it (%(examples)s). "
                    "Change or delete them first.",
                    len(blocking),
                )
                % {
                    "object": self.object,
                    "count": len(blocking),
                    "examples": ", ".join(str(record) for record in blocking[:3]),
                },
            )
            return redirect(reverse(self.edit_url_name, args=(quote(self.object.pk),)))


class RegistryHistoryView(ScopedMixin, HistoryView):
    def get_base_object_queryset(self):
        return self.scoped_queryset()

    @cached_property
    def columns(self):
        columns = list(super().columns)
        columns.insert(1, ChangesColumn("changes", label=_("Changes"), model=self.model))
        return columns


class RegistryUsageView(ScopedMixin, UsageView):
    def get_base_object_queryset(self):
        return self.scoped_queryset()


# --- Viewsets ---------------------------------------------------------------------------------------


def languages(field: str) -> list[str]:
    """The column of `field` for every language, in the order of settings.LANGUAGES (en first)."""
    codes = ["en", *[code for code in LANGUAGE_CODES if code != "en"]]
    return [f"{field}_{code.replace('-', '_')}" for code in codes]


def language_panels(field: str, heading, **kwargs) -> MultiFieldPanel:
    return MultiFieldPanel([FieldPanel(name) for name in languages(field)], heading=heading, **kwargs)


def export_headings(model, fields: list[str]) -> dict[str, str]:
    columns = translation_columns(model)
    return {
        name: registry_forms.language_label(columns[name][0].verbose_name, columns[name][1])
        for name in fields
        if name in columns
    }


class RegistryViewSet(ModelViewSet):
    """Common ground of the registry's viewsets: scoped views, audited writes, exports."""

    index_view_class = RegistryIndexView
    add_view_class = RegistryCreateView
    edit_view_class = RegistryEditView
    delete_view_class = RegistryDeleteView
    history_view_class = RegistryHistoryView
    usage_view_class = RegistryUsageView
    copy_view_enabled = False
    inspect_view_enabled = False
    # The reference index would add work to every registry write (imports too) for a usage view
    # that has little to show for plain records.
    add_to_reference_index = False
    list_select_related = ()
    base_form_class = registry_forms.RegistryAdminForm
    panels = []

    def get_index_view_kwargs(self, **kwargs):
        return super().get_index_view_kwargs(list_select_related=self.list_select_related, **kwargs)

    def get_edit_handler(self):
        return ObjectList(self.panels, base_form_class=self.base_form_class).bind_to_model(self.model)

    @cached_property
    def export_headings(self):
        return export_headings(self.model, list(self.list_export or []))


class RegionViewSet(RegistryViewSet):
    model = Region
    icon = "globe"
    menu_order = 100
    list_display = ["name", "slug"]
    search_fields = ["name_en", "name_ar", "slug"]
    list_export = ["slug", *languages("name"), "map_center_lat", "map_center_lng", "map_zoom"]
    export_filename = "regions"
    base_form_class = registry_forms.RegionForm
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
        return {
            **export_headings(self.model, self.list_export),
            "country.region": _("Region"),
        }


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
    panels = [
        language_panels("name", _("Name")),
        FieldPanel("other_spellings"),
        MultiFieldPanel(
            [FieldPanel("email"), FieldPanel("phone")],
            heading=_("Contact details (private)"),
            help_text=_("Never shown on the public site or in the API."),
        ),
    ]


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
    panels = [
        FieldRowPanel([FieldPanel("region"), FieldPanel("measure")]),
        FieldRowPanel([FieldPanel("qualifier"), FieldPanel("value")]),
        FieldRowPanel([FieldPanel("as_of"), FieldPanel("as_of_precision")]),
        language_panels("source", _("Source")),
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
    )

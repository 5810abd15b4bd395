"""Staff admin forms for the registry: every language column labelled, choices limited to the editor's regions.

The Wagtail admin builds one form per model from its panels on top of these base classes; the forms
receive the signed-in editor as `for_user`.
"""

from django import forms
from django.conf import settings
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.functional import lazy
from django.utils.text import capfirst
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from modeltranslation.translator import NotRegistered, translator
from wagtail.admin.forms import WagtailAdminModelForm

from citynet.accounts.permissions import managed_region_ids

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
)
from .services import unique_slug

# How each registry record reaches its region: the scope of a regional coordinator.
REGION_LOOKUP = {
    Region: "pk",
    Country: "region",
    Municipality: "country__region",
    Membership: "municipality__country__region",
    Position: "municipality__country__region",
    Partnership: "region",
    ReportedFigure: "region",
    # People belong to the regions they serve in; this lookup crosses a to-many relation.
    Person: "positions__municipality__country__region",
}
TO_MANY_LOOKUPS = {Person}
RTL_LANGUAGES = {"ar"}


def in_regions(queryset: QuerySet, region_ids: set[int] | None) -> QuerySet:
    """`queryset` limited to records of `region_ids` (None: every region). Records with no region: none."""
    if region_ids is None:
        return queryset
    lookup = REGION_LOOKUP.get(queryset.model)
    if lookup is None:
        return queryset.none()
    queryset = queryset.filter(**{f"{lookup}__in": region_ids})
    return queryset.distinct() if queryset.model in TO_MANY_LOOKUPS else queryset


def _language_label(field_label, code: str) -> str:
    return gettext("%(field)s in %(language)s") % {
        "field": capfirst(field_label),
        "language": settings.LANGUAGE_NAMES.get(code, code),
    }


language_label = lazy(_language_label, str)


def translation_columns(model) -> dict[str, tuple]:
    """{"name_ar": (<the name field>, "ar"), ...} for the model's translated fields (modeltranslation)."""
    try:
        options = translator.get_options_for_model(model)
    except NotRegistered:
        return {}
    columns = {}
    for base_name, translation_fields in options.all_fields.items():
        base_field = model._meta.get_field(base_name)
        for translation_field in translation_fields:
            columns[translation_field.name] = (base_field, translation_field.language)
    return columns


class RegistryAdminForm(WagtailAdminModelForm):
    """Base form of every registry record in the admin.

    - each language column is labelled "Official name (Arabic)" and marked with its language and
      direction, so screen readers pronounce it and Arabic is typed right-to-left;
    - the default language's column is required where the field itself is;
    - choices of regions, countries, municipalities and people are limited to what the editor manages.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.region_ids = managed_region_ids(self.for_user) if self.for_user is not None else set()
        self._label_translation_columns()
        self._limit_choices()

    def _label_translation_columns(self):
        for name, (base_field, code) in translation_columns(self._meta.model).items():
            field = self.fields.get(name)
            if field is None:
                continue
            field.label = language_label(base_field.verbose_name, code)
            field.widget.attrs.update({"lang": code, "dir": "rtl" if code in RTL_LANGUAGES else "ltr"})
            if code == settings.MODELTRANSLATION_DEFAULT_LANGUAGE and not base_field.blank:
                field.required = True

    def _limit_choices(self):
        for field in self.fields.values():
            if isinstance(field, forms.ModelChoiceField):
                field.queryset = self.choices_for(field.queryset)

    def choices_for(self, queryset: QuerySet) -> QuerySet:
        if queryset.model is Organisation:
            return queryset  # organisations are network-wide and public
        if queryset.model is Person and self.region_ids is not None:
            # A coordinator may place people who serve in their region, or who serve nowhere yet.
            return queryset.filter(
                Q(positions__municipality__country__region_id__in=self.region_ids) | Q(positions__isnull=True)
            ).distinct()
        return in_regions(queryset, self.region_ids)


def _auto_slug(form, model, source_field: str):
    """Fill an empty slug from the English name, unique among the model's records."""
    slug = form.cleaned_data.get("slug")
    source = form.cleaned_data.get(source_field)
    if not slug and source:
        form.cleaned_data["slug"] = unique_slug(model, source, exclude_pk=form.instance.pk)
        form.instance.slug = form.cleaned_data["slug"]


class RegionForm(RegistryAdminForm):
    pass


class CountryForm(RegistryAdminForm):
    pass


class AutoSlugForm(RegistryAdminForm):
    """A form whose slug may be left empty: it is then made from the English name."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "slug" in self.fields:
            self.fields["slug"].required = False
            self.fields["slug"].help_text = _("Left empty, it is made from the English name.")


class MunicipalityForm(AutoSlugForm):
    duplicate_name_message = _("%(country)s already has a municipality called “%(name)s”.")

    def clean(self):
        cleaned = super().clean()
        name, country = cleaned.get("name_en"), cleaned.get("country")
        if name and country:
            duplicates = Municipality.objects.filter(country=country, name_en__iexact=name.strip())
            if self.instance.pk:
                duplicates = duplicates.exclude(pk=self.instance.pk)
            if duplicates.exists():
                self.add_error("name_en", self.duplicate_name_message % {"country": country, "name": name})
        _auto_slug(self, Municipality, "name_en")
        return cleaned


class MembershipForm(RegistryAdminForm):
    """Future start dates and periods ending before they start are refused by Membership.clean()."""


class OrganisationForm(AutoSlugForm):
    """A founding year in the future is refused by Organisation.clean()."""

    def clean(self):
        cleaned = super().clean()
        _auto_slug(self, Organisation, "name_en")
        return cleaned


class PartnershipForm(RegistryAdminForm):
    def clean(self):
        cleaned = super().clean()
        started, ended = cleaned.get("started_year"), cleaned.get("ended_year")
        if started and ended and ended < started:
            self.add_error("ended_year", _("A partnership cannot end before it starts."))
        if started and started > timezone.localdate().year:
            self.add_error("started_year", _("A partnership cannot start in the future."))
        return cleaned


class PersonForm(RegistryAdminForm):
    pass


class PositionForm(RegistryAdminForm):
    def clean(self):
        cleaned = super().clean()
        municipality, organisation = cleaned.get("municipality"), cleaned.get("organisation")
        # Errors go on a field: Django then skips the database constraint, whose own message is obscure.
        if not municipality and not organisation and "municipality" not in self.errors:
            self.add_error(
                "municipality", _("A position is held at a municipality or an organisation: choose at least one.")
            )
        elif self.region_ids is not None and not municipality and "municipality" not in self.errors:
            # A coordinator's scope is their region's municipalities; a position elsewhere would vanish.
            self.add_error("municipality", _("Choose the municipality where this position is held."))
        started, ended = cleaned.get("started_on"), cleaned.get("ended_on")
        if started and ended and ended < started:
            self.add_error("ended_on", _("A term cannot end before it starts."))
        return cleaned


class ReportedFigureForm(RegistryAdminForm):
    def clean(self):
        cleaned = super().clean()
        as_of = cleaned.get("as_of")
        if as_of and as_of > timezone.localdate():
            self.add_error("as_of", _("A reported figure cannot be dated in the future."))
        return cleaned

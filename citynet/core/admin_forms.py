"""The base form of every record in the staff admin, whatever the app.

- each language column is labelled "Official name in Arabic" and marked with its language and
  direction, so screen readers pronounce it and Arabic is typed right-to-left;
- the default language's column is required where the field itself is;
- every list of records to choose from is limited by the app's permission rules (`choices_rule`,
  set by the viewset from its `RecordRules`), so a foreign id in a form is refused like a typo;
- records that are locked optimistically carry the version the editor started from.
"""

from django import forms
from django.conf import settings
from django.core.exceptions import FieldDoesNotExist
from django.utils.functional import lazy
from django.utils.text import capfirst
from django.utils.translation import gettext
from modeltranslation.translator import NotRegistered, translator
from wagtail.admin.forms import WagtailAdminModelForm

from .records import has_version

RTL_LANGUAGES = {"ar"}
LANGUAGE_CODES = [code for code, _name in settings.LANGUAGES]


def _language_label(field_label, code: str) -> str:
    return gettext("%(field)s in %(language)s") % {
        "field": capfirst(field_label),
        "language": settings.LANGUAGE_NAMES.get(code, code),
    }


language_label = lazy(_language_label, str)


def language_columns(field: str) -> list[str]:
    """The column of `field` for every language, in the order of settings.LANGUAGES (English first)."""
    codes = ["en", *[code for code in LANGUAGE_CODES if code != "en"]]
    return [f"{field}_{code.replace('-', '_')}" for code in codes]


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


def field_label(model, name: str) -> str:
    """What a person calls one of `model`'s fields: "Official name in Arabic", "Population", ..."""
    columns = translation_columns(model)
    if name in columns:
        base_field, code = columns[name]
        return str(language_label(base_field.verbose_name, code))
    try:
        return capfirst(str(model._meta.get_field(name).verbose_name))
    except FieldDoesNotExist:  # children (alternate names), or an old entry's field that no longer exists
        return str(getattr(model, "audit_labels", {}).get(name, name))


class ScopedAdminForm(WagtailAdminModelForm):
    # Set by the viewset: rule(queryset, actor) -> the records `actor` may pick.
    choices_rule = None
    # The version the editor started from (records with a `version` field, when editing).
    based_on_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._label_translation_columns()
        self._limit_choices()
        if has_version(self._meta.model) and self.instance.pk:
            self.fields["based_on_version"].initial = self.instance.version
            self.fields["based_on_version"].required = True
        else:
            self.fields.pop("based_on_version", None)

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
        rule = type(self).choices_rule
        for field in self.fields.values():
            if isinstance(field, forms.ModelChoiceField):
                field.queryset = rule(field.queryset, self.for_user) if rule else field.queryset.none()

    def model_values(self) -> dict:
        """The cleaned values of the model's own fields on this form: what a service may write."""
        model_fields = {f.name for f in self._meta.model._meta.concrete_fields}
        return {name: value for name, value in self.cleaned_data.items() if name in model_fields}

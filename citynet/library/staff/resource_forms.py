"""The staff's forms of the library: a resource with its organisations (the admin's form), a language
version (its language, text and file), a case study's body, a reviewer's note.

They only parse input: every list of records to pick is the editor's (the viewset's choices rule, on the
organisation rows too), and the services decide the rest (regions, files' bytes, publication)."""

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from citynet.core.admin_forms import ScopedAdminForm, language_columns, language_label
from citynet.network.models import Position

from ..models import CaseStudy

SECTIONS = ("context", "challenge", "approach", "results", "lessons")


class ResourceAdminForm(ScopedAdminForm):
    """A resource and its organisations: each organisation row offers what the editor may pick."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "slug" in self.fields:
            self.fields["slug"].required = False
        rule = type(self).choices_rule
        for formset in getattr(self, "formsets", {}).values():
            for child in [*formset.forms, formset.empty_form]:
                for field in child.fields.values():
                    if isinstance(field, forms.ModelChoiceField):
                        field.queryset = rule(field.queryset, self.for_user) if rule else field.queryset.none()


def organisation_pairs(form) -> list[tuple]:
    """The organisation rows of the resource's form as the service takes them: (organisation, role), in
    the form's order, leaving out the rows struck out and the empty ones."""
    formset = form.formsets.get("organisations")
    if formset is None:
        return []
    pairs = []
    for child in formset.forms:
        data = getattr(child, "cleaned_data", None) or {}
        if not data or data.get("DELETE") or data.get("organisation") is None:
            continue
        pairs.append((data["organisation"], data.get("role")))
    return pairs


class VersionForm(forms.Form):
    """Add or replace the resource's version in one language: its text, its file, or both."""

    language = forms.ChoiceField(
        label=_("Language"),
        choices=sorted(settings.LANGUAGES, key=lambda choice: choice[0] != settings.LANGUAGE_CODE),
        initial=settings.LANGUAGE_CODE,
    )
    text = forms.CharField(
        label=_("Text"),
        widget=forms.Textarea(attrs={"rows": 6}),
        required=False,
        help_text=_("Left empty when replacing: the text stays as it is."),
    )
    file = forms.FileField(
        label=_("File"),
        required=False,
        help_text=_("PDF, Word, Excel, PowerPoint or OpenDocument text; it replaces the language's file."),
    )


class CaseStudyForm(forms.ModelForm):
    """A case study's sections in every language, and whom to contact (a public position)."""

    based_on_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = CaseStudy
        fields = [*(name for section in SECTIONS for name in language_columns(section)), "contact"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["contact"].queryset = Position.objects.filter(is_public=True).select_related(
            "person", "municipality"
        )
        for section in SECTIONS:
            verbose = CaseStudy._meta.get_field(section).verbose_name
            for name in language_columns(section):
                code = name[len(section) + 1 :].replace("_", "-")
                self.fields[name].label = language_label(verbose, code)
                self.fields[name].widget = forms.Textarea(
                    attrs={"rows": 3, "lang": code, "dir": "rtl" if code == "ar" else "ltr"}
                )

    def section_values(self) -> dict:
        return {name: value for name, value in self.cleaned_data.items() if name != "based_on_version"}


class ReturnForm(forms.Form):
    note = forms.CharField(
        label=_("Note to the author"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("What to change before they propose it again."),
    )

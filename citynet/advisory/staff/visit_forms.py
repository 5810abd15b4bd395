"""The admin forms of engagements, visits (with their meetings) and the stakeholder map's projects.

They only parse input: every list of records to pick is the editor's (the viewset's choices rule, on the
visit's meeting rows too), countries are typed as the ISO codes of the editor's regions, and the service
decides the rest (region, days, counterparts)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from citynet.core.admin_forms import ScopedAdminForm
from citynet.network import permissions as network
from citynet.network.models import Country


def region_country_choices(actor) -> list[tuple[str, str]]:
    """The ISO codes of the countries in the regions `actor` runs, with their names."""
    countries = network.scope_managed(Country.objects.select_related("region"), actor).order_by("code")
    return [(str(country.code), f"{country.code} · {country}") for country in countries]


class CountryCodesField(forms.MultipleChoiceField):
    """Countries stored as a list of ISO codes (a JSON list on the record)."""

    widget = forms.CheckboxSelectMultiple

    def prepare_value(self, value):
        return [str(code).upper() for code in value or []]


class EngagementAdminForm(ScopedAdminForm):
    pass


class VisitAdminForm(ScopedAdminForm):
    """A visit and its meetings: countries picked among the editor's regions'; every meeting row offers only
    what the editor may pick (the empty row Wagtail copies for "add" too)."""

    countries = CountryCodesField(label=_("Countries visited"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        codes = region_country_choices(self.for_user)
        self.fields["countries"].choices = codes
        if "slug" in self.fields:
            self.fields["slug"].required = False
            self.fields["slug"].help_text = _("Its address on the hub; left empty, one is made from the title.")
        self._limit_children(codes)

    def _limit_children(self, codes):
        for _name, formset in getattr(self, "formsets", {}).items():
            formset.form = self._limited(formset.form, codes)

    def _limited(self, base, codes):
        rule = type(self).choices_rule
        actor = self.for_user

        class Limited(base):
            def __init__(self, *args, **kwargs):
                super().__init__(*args, **kwargs)
                for field in self.fields.values():
                    if isinstance(field, forms.ModelChoiceField):
                        field.queryset = rule(field.queryset, actor) if rule else field.queryset.none()
                if "country" in self.fields:
                    self.fields["country"] = forms.ChoiceField(
                        label=_("Country"),
                        choices=[("", "—"), *codes],
                        required=False,
                        help_text=_("For a national counterpart."),
                    )

        Limited.__name__ = base.__name__
        return Limited


class ProjectAdminForm(ScopedAdminForm):
    """A project in a municipality (its country follows) or country-wide (its country alone)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "country" in self.fields:
            self.fields["country"].required = False
            self.fields["country"].help_text = _("Only for a country-wide project: a municipality gives its country.")

    def clean(self):
        cleaned = super().clean()
        municipality = cleaned.get("municipality")
        if not cleaned.get("country"):
            if municipality is not None:
                cleaned["country"] = municipality.country
                self.instance.country = municipality.country
            elif "country" in self.fields and not self.has_error("municipality"):
                self.add_error("country", _("Choose the project's country or municipality."))
        return cleaned


def meeting_rows(form, fields: list[str]) -> tuple[list[dict], list[int]]:
    """The meeting rows of the visit's form as the service takes them, and the ids of those to delete.

    Each row has its topics apart (`topics`) and its id when it is an existing meeting; a row marked for
    deletion is only its id.
    """
    formset = form.formsets["meetings"]
    rows, deleted = [], []
    for position, child in enumerate(formset.forms):
        data = getattr(child, "cleaned_data", None) or {}
        instance = data.get("id")
        if data.get("DELETE"):
            if instance is not None:
                deleted.append(instance.pk)
            continue
        if not data:
            continue
        row = {field: data[field] for field in fields if field in data and field != "visit"}
        row["topics"] = list(data.get("topics") or [])
        row["position"] = position + 1
        if instance is not None:
            row["id"] = instance.pk
        rows.append(row)
    return rows, deleted

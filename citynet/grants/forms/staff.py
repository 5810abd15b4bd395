"""Staff forms for grants: the call's admin form (moments typed in the call's own time zone) and the small
forms of the staff pages (screening, extension, decision, results, exports). They only parse input; the
services decide."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_countries import countries
from wagtail.admin.widgets import AdminDateTimeInput

from citynet.core.admin_forms import RTL_LANGUAGES, ScopedAdminForm, language_columns, language_label
from citynet.network.models import OrganisationKind

from ..models import Outcome
from ..services.calls import MOMENTS, wall_clock

MOMENT_HELP = _("A time on the clock in the call's time zone (below), to the second.")


def typed_wall_clock(value):
    """What the person typed: Django made it aware in the admin's active time zone; undo that."""
    if value is None:
        return None
    return timezone.make_naive(value) if timezone.is_aware(value) else value


class CallAdminForm(ScopedAdminForm):
    """A call in the admin: opening and closing moments are read and shown on the call's own clock."""

    eligible_kinds = forms.MultipleChoiceField(
        label=_("Eligible kinds of organisation"),
        choices=OrganisationKind.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("None ticked: any kind."),
    )
    eligible_countries = forms.MultipleChoiceField(
        label=_("Eligible countries"),
        choices=list(countries),
        required=False,
        help_text=_("None chosen: the region's countries."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        zone = self.instance.time_zone if self.instance.pk else None
        for name in MOMENTS:
            if name not in self.fields:
                continue
            self.fields[name].help_text = MOMENT_HELP
            if zone and getattr(self.instance, name):
                self.initial[name] = wall_clock(getattr(self.instance, name), zone)

    def clean(self):
        cleaned = super().clean()
        for name in MOMENTS:
            if name in cleaned:
                cleaned[name] = typed_wall_clock(cleaned[name])
        return cleaned


class ApplicantOrganisationAdminForm(ScopedAdminForm):
    pass


class AwardAdminForm(ScopedAdminForm):
    pass


# --- The staff pages' forms -----------------------------------------------------------------------------

CHECKLIST = [
    ("documents_complete", _("All required documents are attached")),
    ("letter_of_support", _("The partner's letter of support is signed")),
    ("budget_consistent", _("The budget is consistent with the project")),
    ("organisation_verified", _("The organisation's registration was checked")),
]


class ScreeningForm(forms.Form):
    eligible = forms.TypedChoiceField(
        label=_("Outcome"),
        choices=[("yes", _("Eligible")), ("no", _("Excluded"))],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
    )
    screening_reason = forms.CharField(
        label=_("Reason for the exclusion"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Required to exclude: the applicant reads it."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for key, label in CHECKLIST:
            self.fields[f"check_{key}"] = forms.BooleanField(label=label, required=False)

    def checklist(self) -> dict:
        return {key: self.cleaned_data.get(f"check_{key}", False) for key, _label in CHECKLIST}


class ExtensionForm(forms.Form):
    application = forms.ModelChoiceField(label=_("Application"), queryset=None)
    closes_at = forms.DateTimeField(label=_("New deadline"), widget=AdminDateTimeInput, help_text=MOMENT_HELP)
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, applications, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["application"].queryset = applications
        # Drafts have no reference yet: staff know them by the organisation, never by their content.
        self.fields["application"].label_from_instance = lambda a: (
            f"{a.organisation.name} · {a.reference or _('draft')}"
        )

    def clean_closes_at(self):
        return typed_wall_clock(self.cleaned_data["closes_at"])


class DecisionForm(forms.Form):
    application = forms.IntegerField(widget=forms.HiddenInput)
    outcome = forms.ChoiceField(label=_("Outcome"), choices=Outcome.choices)
    amount = forms.DecimalField(label=_("Amount awarded"), required=False, min_value=0, decimal_places=2)
    message = forms.CharField(
        label=_("Message to the applicant"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    based_on_version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class ResultsForm(forms.Form):
    """The results announcement in every language of the site (each optional; the page falls back)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for column in language_columns("results_announcement"):
            code = column.removeprefix("results_announcement_").replace("_", "-")
            self.fields[column] = forms.CharField(
                label=language_label(_("Results announcement"), code),
                required=False,
                widget=forms.Textarea(
                    attrs={"rows": 3, "lang": code, "dir": "rtl" if code in RTL_LANGUAGES else "ltr"}
                ),
            )

    def announcements(self) -> dict[str, str]:
        """{column: text} of the languages written in."""
        return {name: text for name, text in self.cleaned_data.items() if text.strip()}


class AssignForm(forms.Form):
    per_application = forms.IntegerField(label=_("Reviewers per application"), min_value=1, max_value=20)


class ExportForm(forms.Form):
    confirm = forms.BooleanField(
        label=_("I will keep this file safe and delete it when I no longer need it."), required=True
    )


# --- The pool and assignments by hand --------------------------------------------------------------------


class PoolAddForm(forms.Form):
    email = forms.EmailField(label=_("Email address of the reviewer's account"))
    max_assignments = forms.IntegerField(
        label=_("At most (applications)"),
        min_value=1,
        max_value=10000,
        required=False,
        help_text=_("Leave empty for no limit."),
    )


class PoolInterestForm(forms.Form):
    """An interest a pool member declared, recorded by staff: one organisation, municipality or country."""

    member = forms.ModelChoiceField(label=_("Reviewer"), queryset=None)
    organisation = forms.ModelChoiceField(label=_("Applicant organisation"), queryset=None, required=False)
    municipality = forms.ModelChoiceField(label=_("Municipality"), queryset=None, required=False)
    country = forms.ChoiceField(label=_("Country"), choices=[("", "—"), *countries], required=False)
    note = forms.CharField(label=_("Note"), max_length=300, required=False)

    def __init__(self, *args, members, organisations, municipalities, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["member"].queryset = members
        self.fields["organisation"].queryset = organisations
        self.fields["municipality"].queryset = municipalities

    def clean(self):
        cleaned = super().clean()
        named = [name for name in ("organisation", "municipality", "country") if cleaned.get(name)]
        if len(named) != 1:
            raise forms.ValidationError(_("Choose one: an organisation, a municipality or a country."))
        return cleaned


class ManualAssignForm(forms.Form):
    member = forms.ModelChoiceField(label=_("Reviewer"), queryset=None)

    def __init__(self, *args, members, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["member"].queryset = members

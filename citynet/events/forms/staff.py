"""Staff forms for events: the event's admin form (registration moments and session times typed on the
event's own clock; the programme's choices limited to this event and the editor's regions) and the small
forms of the staff pages (add a participant, invite a city or a person, exports). They only parse input;
the services decide."""

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from citynet.core.admin_forms import ScopedAdminForm
from citynet.grants.forms.staff import typed_wall_clock
from citynet.grants.services.calls import wall_clock
from citynet.network.models import Municipality, Organisation

from ..models import Gender, ParticipantRole, ParticipationStatus, Session
from ..services.events import EVENT_MOMENTS, SESSION_MOMENTS

MOMENT_HELP = _("A time on the clock of the event's time zone (below).")


class WorkingLanguagesField(forms.CharField):
    """Language codes typed as "sq, mk, en"; stored as a list."""

    def prepare_value(self, value):
        if isinstance(value, list):
            return ", ".join(value)
        return value

    def to_python(self, value):
        text = super().to_python(value) or ""
        return [code.strip().lower() for code in text.replace(";", ",").split(",") if code.strip()]


class EventAdminForm(ScopedAdminForm):
    """An event in the admin: moments shown and read on the event's own clock; a speaker's session is one
    of this event's; people and cities to pick are those of the editor's regions."""

    working_languages = WorkingLanguagesField(
        label=_("Working languages"), required=False, help_text=_("Language codes, e.g. sq, mk, en.")
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        zone = self.instance.time_zone if self.instance.pk else None
        for name in EVENT_MOMENTS:
            if name in self.fields:
                self.fields[name].help_text = MOMENT_HELP
                if zone and getattr(self.instance, name):
                    self.initial[name] = wall_clock(getattr(self.instance, name), zone)
        self._limit_children(zone)

    def _limit_children(self, zone):
        """Every child form (the empty one Wagtail copies for "add" too) offers only what the editor may
        pick; a speaker's session is one of this event's; session times read on the event's clock."""
        for name, formset in getattr(self, "formsets", {}).items():
            formset.form = self._limited(formset.form, name, zone)

    def _limited(self, base, name, zone):
        rule = type(self).choices_rule
        actor = self.for_user
        event = self.instance

        class Limited(base):
            def __init__(self, *args, **kwargs):
                super().__init__(*args, **kwargs)
                for field_name, field in self.fields.items():
                    if field_name == "session":
                        field.queryset = Session.objects.filter(event=event) if event.pk else Session.objects.none()
                    elif isinstance(field, forms.ModelChoiceField):
                        field.queryset = rule(field.queryset, actor) if rule else field.queryset.none()
                if name == "sessions":
                    for moment in SESSION_MOMENTS:
                        self.fields[moment].help_text = MOMENT_HELP
                        if zone and self.instance.pk:
                            self.initial[moment] = wall_clock(getattr(self.instance, moment), zone)

        Limited.__name__ = base.__name__
        return Limited

    def clean(self):
        cleaned = super().clean()
        for name in EVENT_MOMENTS:
            if name in cleaned:
                cleaned[name] = typed_wall_clock(cleaned[name])
        return cleaned


def child_rows(form, name: str, fields: list[str]) -> list[dict]:
    """The rows of one inline panel as the service takes them (session times back on the event's clock)."""
    formset = form.formsets[name]
    rows = []
    for child_form in formset.forms:
        data = getattr(child_form, "cleaned_data", None) or {}
        if not data or data.get("DELETE"):
            continue
        row = {field: data[field] for field in fields if field in data}
        if name == "sessions":
            for moment in SESSION_MOMENTS:
                if moment in row:
                    row[moment] = typed_wall_clock(row[moment])
        instance = data.get("id")
        if instance is not None:
            row["id"] = instance.pk
        rows.append(row)
    return rows


# --- The staff pages' forms -----------------------------------------------------------------------------

STATUS_FILTER = [("", _("All")), ("live", _("Live (not cancelled)")), *ParticipationStatus.choices]


class ParticipantForm(forms.Form):
    """A participant added by the staff (a city's delegate, an expert, a partner)."""

    name = forms.CharField(label=_("Name"), max_length=200)
    email = forms.EmailField(label=_("Email"))
    language = forms.ChoiceField(label=_("Language for emails"), choices=settings.LANGUAGES, initial="en")
    municipality = forms.ModelChoiceField(label=_("Municipality"), queryset=Municipality.objects.none(), required=False)
    organisation = forms.ModelChoiceField(label=_("Organisation"), queryset=Organisation.objects.none(), required=False)
    organisation_name = forms.CharField(label=_("Organisation (as named)"), max_length=200, required=False)
    role = forms.ChoiceField(label=_("Role"), choices=ParticipantRole.choices, initial=ParticipantRole.OFFICIAL)
    gender = forms.ChoiceField(label=_("Gender"), choices=Gender.choices, required=False)
    accessibility_needs = forms.CharField(
        label=_("Accessibility needs"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    dietary_needs = forms.CharField(label=_("Dietary needs"), max_length=300, required=False)
    needs_travel_support = forms.BooleanField(label=_("Asks for travel support"), required=False)

    def __init__(self, *args, municipalities, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["municipality"].queryset = municipalities
        self.fields["organisation"].queryset = organisations


class InviteCityForm(forms.Form):
    municipality = forms.ModelChoiceField(label=_("Municipality"), queryset=Municipality.objects.none())

    def __init__(self, *args, municipalities, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["municipality"].queryset = municipalities


class InvitePersonForm(forms.Form):
    email = forms.EmailField(label=_("Email"))
    language = forms.ChoiceField(label=_("Language of the email"), choices=settings.LANGUAGES, initial="en")


class ExportForm(forms.Form):
    confirm = forms.BooleanField(
        label=_("I will keep this file safe and delete it when I no longer need it."), required=True
    )

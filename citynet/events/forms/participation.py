"""Participants' forms: registering oneself, a city's delegate (or a substitute), a questionnaire.

They parse what was typed; the services decide (seats, invitations, who may register whom) and their
refusals come back at the fields through `citynet.core.forms.show_at_form`.
"""

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from citynet.core.i18n import translated

from ..models import SCALE, Gender, ParticipantRole

SCORES = [("", "—")] + [(str(n), str(n)) for n in range(SCALE[0], SCALE[1] + 1)]


class NamedChoiceField(forms.ModelChoiceField):
    """A municipality or organisation by its name in the page's language."""

    def label_from_instance(self, obj):
        resolved = translated(obj, "name")
        return resolved.text if resolved else str(obj)


class _PersonForm(forms.Form):
    """What every registration asks of a person (the registering form and the delegate's share it)."""

    name = forms.CharField(label=_("Full name"), max_length=200, widget=forms.TextInput(attrs={"dir": "auto"}))
    language = forms.ChoiceField(
        label=_("Language for emails"),
        choices=settings.LANGUAGES,
        help_text=_("Confirmations, reminders and the certificate of attendance come in this language."),
    )
    role = forms.ChoiceField(label=_("Role"), choices=ParticipantRole.choices, initial=ParticipantRole.OTHER)
    gender = forms.ChoiceField(
        label=_("Gender (optional)"),
        choices=[(Gender.UNSTATED.value, Gender.UNSTATED.label)] + [c for c in Gender.choices if c[0]],
        required=False,
        help_text=_(
            "Asked only for anonymous figures (how many women and men took part) that the network's donors ask "
            "for. Never shown with your name; “Prefer not to say” is fine."
        ),
    )
    accessibility_needs = forms.CharField(
        label=_("Accessibility needs"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2, "dir": "auto"}),
        help_text=_("Seen by the organisers only."),
    )
    dietary_needs = forms.CharField(
        label=_("Dietary needs"),
        max_length=300,
        required=False,
        widget=forms.TextInput(attrs={"dir": "auto"}),
        help_text=_("Seen by the organisers only."),
    )
    needs_travel_support = forms.BooleanField(label=_("Travel support is needed"), required=False)
    travel_support_note = forms.CharField(
        label=_("About the travel support"),
        max_length=300,
        required=False,
        widget=forms.TextInput(attrs={"dir": "auto"}),
        help_text=_("From where, and what is needed (tickets, accommodation)."),
    )

    PERSON = [
        "name",
        "language",
        "role",
        "gender",
        "accessibility_needs",
        "dietary_needs",
        "needs_travel_support",
        "travel_support_note",
    ]

    def values(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.PERSON if name in self.cleaned_data}


class RegisterForm(_PersonForm):
    """A person asks for a place for themselves (their email is their account's)."""

    municipality = NamedChoiceField(
        queryset=None,
        required=False,
        label=_("Municipality"),
        empty_label=_("None: I do not come for a municipality"),
        help_text=_("The member municipality you take part for, if any."),
    )
    organisation = NamedChoiceField(
        queryset=None, required=False, label=_("Organisation"), empty_label=_("Not in the list (name it below)")
    )
    organisation_name = forms.CharField(
        label=_("Organisation (as named)"),
        max_length=200,
        required=False,
        widget=forms.TextInput(attrs={"dir": "auto"}),
    )

    field_order = ["name", "language", "municipality", "organisation", "organisation_name"]

    def __init__(self, *args, municipalities, organisations, invited_city=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.invited_city = invited_city
        if invited_city is not None:
            del self.fields["municipality"]  # the invitation names the city
        else:
            self.fields["municipality"].queryset = municipalities
        self.fields["organisation"].queryset = organisations

    def values(self) -> dict:
        values = super().values()
        data = self.cleaned_data
        if "municipality" in self.fields:
            values["municipality"] = data.get("municipality")
        values["organisation"] = data.get("organisation")
        values["organisation_name"] = "" if data.get("organisation") else data.get("organisation_name", "")
        return values


class DelegateForm(_PersonForm):
    """A city's focal point registers (or substitutes) a delegate: the person's email is theirs to give."""

    email = forms.EmailField(
        label=_("Email"), help_text=_("Where the delegate's confirmation and reminders go."), widget=forms.EmailInput()
    )
    field_order = ["name", "email", "language", "role"]

    def values(self) -> dict:
        return {**super().values(), "email": self.cleaned_data["email"]}


class QuestionnaireForm(forms.Form):
    """Knowledge of each of the event's topics (1–5); after the event, satisfaction and a comment too."""

    def __init__(self, *args, topics, phase, **kwargs):
        super().__init__(*args, **kwargs)
        self.topics = list(topics)
        self.phase = phase
        for topic in self.topics:
            resolved = translated(topic, "name")
            self.fields[f"topic_{topic.pk}"] = forms.TypedChoiceField(
                label=resolved.text if resolved else str(topic),
                choices=SCORES,
                coerce=int,
                widget=forms.RadioSelect,
                error_messages={"required": _("Give this topic a score from 1 to 5.")},
            )
        if phase == "after":
            self.fields["satisfaction"] = forms.TypedChoiceField(
                label=_("How satisfied are you with the event?"),
                choices=SCORES,
                coerce=int,
                widget=forms.RadioSelect,
                help_text=_("1: not at all, 5: very."),
                error_messages={"required": _("Give a score from 1 to 5.")},
            )
            self.fields["comment"] = forms.CharField(
                label=_("Comment (optional)"), required=False, widget=forms.Textarea(attrs={"rows": 4, "dir": "auto"})
            )

    def topic_fields(self):
        return [self[f"topic_{topic.pk}"] for topic in self.topics]

    def values(self) -> dict:
        data = self.cleaned_data
        return {
            "knowledge": {str(topic.pk): data[f"topic_{topic.pk}"] for topic in self.topics},
            "satisfaction": data.get("satisfaction"),
            "comment": data.get("comment", ""),
        }

    @staticmethod
    def initial_from(response) -> dict:
        if response is None:
            return {}
        initial = {f"topic_{key}": value for key, value in (response.knowledge or {}).items()}
        initial.update(satisfaction=response.satisfaction, comment=response.comment)
        return initial

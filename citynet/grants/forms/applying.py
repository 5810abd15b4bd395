"""Applicants' forms: the organisation's profile, a colleague to add, and the application form itself.

The application form is built from its call's questions: one field per question (`q<id>`, the key
`answers.check` reports its messages at), the budget table as numbered rows, the partner municipality
from the region's members, and files. It only parses what was typed; the services decide what is
complete, so a draft with half its answers saves.
"""

from django import forms
from django.utils.translation import gettext_lazy as _

from citynet.core.i18n import translated

from ..answers import BUDGET, question_key, questions_for
from ..models import ApplicantOrganisation, Application, QuestionKind
from ..selectors.applications import partner_choices
from ..services.applications import ORGANISATION_FIELDS

# A budget table shows its lines and this many empty rows to fill (the script adds more).
EMPTY_BUDGET_ROWS = 3
MAX_BUDGET_ROWS = 100


class OrganisationForm(forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    website = forms.URLField(label=_("website"), required=False, assume_scheme="https")

    class Meta:
        model = ApplicantOrganisation
        fields = ORGANISATION_FIELDS

    def values(self) -> dict:
        return {name: self.cleaned_data[name] for name in ORGANISATION_FIELDS}


class AddPersonForm(forms.Form):
    email = forms.EmailField(label=_("Their email address"), help_text=_("They need an account: ask them to sign up."))


class StartForm(forms.Form):
    organisation = forms.ModelChoiceField(queryset=ApplicantOrganisation.objects.none(), label=_("Apply as"))

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations


class PartnerChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        resolved = translated(obj, "name")
        return resolved.text if resolved else str(obj)


def _label(question) -> str:
    resolved = translated(question, "label")
    return resolved.text if resolved else question.label


def _help(question) -> str:
    resolved = translated(question, "help_text")
    return resolved.text if resolved else ""


class ApplicationForm(forms.Form):
    """What an applicant types into an application: parsed, not judged (see `answers.check`)."""

    title = forms.CharField(label=_("Project title"), max_length=200, required=False)
    requested_amount = forms.CharField(label=_("Requested amount"), required=False, max_length=30)
    version = forms.IntegerField(widget=forms.HiddenInput)
    submission_key = forms.CharField(widget=forms.HiddenInput, required=False, max_length=64)

    def __init__(self, *args, application: Application, **kwargs):
        self.application = application
        call = application.call
        self.questions = questions_for(call, application.stage)
        self.asks_budget = any(q.kind == QuestionKind.BUDGET for q in self.questions)
        initial = {
            "title": application.title,
            "requested_amount": application.requested_amount,
            "version": application.version,
            "partner_municipality": application.partner_municipality_id,
        }
        for question in self.questions:
            initial[question_key(question)] = (application.answers or {}).get(str(question.pk), "")
        super().__init__(*args, initial=initial, **kwargs)
        self.fields["requested_amount"].widget.attrs.update({"inputmode": "decimal", "dir": "ltr"})
        self.fields["requested_amount"].label = _("Requested amount (%(currency)s)") % {"currency": call.currency}
        for question in self.questions:
            field = self._field_for(question)
            if field is not None:
                self.fields[question_key(question)] = field
        if call.requires_member_partner or application.partner_municipality_id:
            self.fields["partner_municipality"] = PartnerChoiceField(
                queryset=partner_choices(call),
                required=False,
                label=_("Partner municipality"),
                empty_label=_("Choose a member municipality"),
            )
            self.fields["letter_of_support"] = forms.FileField(
                label=_("Letter of support from the partner municipality"), required=False
            )

    def _field_for(self, question):
        label, help_text = _label(question), _help(question)
        common = {"label": label, "help_text": help_text, "required": False}
        kind = question.kind
        if kind == QuestionKind.TEXT:
            return forms.CharField(widget=forms.TextInput(attrs={"dir": "auto"}), **common)
        if kind == QuestionKind.LONG_TEXT:
            attrs = {"rows": 6, "dir": "auto"}
            if question.max_length:
                attrs["data-max-length"] = question.max_length
            return forms.CharField(widget=forms.Textarea(attrs=attrs), strip=False, **common)
        if kind == QuestionKind.NUMBER:
            return forms.CharField(widget=forms.TextInput(attrs={"inputmode": "decimal", "dir": "ltr"}), **common)
        if kind == QuestionKind.CHOICE:
            choices = [("", "—")] + [(c, c) for c in question.choice_list]
            return forms.ChoiceField(choices=choices, **common)
        if kind == QuestionKind.DATE:
            return forms.CharField(widget=forms.DateInput(attrs={"type": "date"}), **common)
        if kind == QuestionKind.FILE:
            return forms.FileField(**common)
        return None  # the budget table is rows of its own

    # --- Reading what was typed --------------------------------------------------------------------------

    def question_fields(self):
        """(question, bound field or None) in order, for the template; the budget where its question stands."""
        return [(q, self[question_key(q)] if question_key(q) in self.fields else None) for q in self.questions]

    def values(self) -> dict:
        data = self.cleaned_data
        answers = {}
        for question in self.questions:
            if question.kind in (QuestionKind.FILE, QuestionKind.BUDGET):
                continue
            answers[str(question.pk)] = data.get(question_key(question)) or ""
        values = {"title": data.get("title") or "", "answers": answers, "requested_amount": data["requested_amount"]}
        if "partner_municipality" in self.fields:
            values["partner_municipality"] = data.get("partner_municipality")
        return values

    def budget_rows(self) -> list[dict]:
        """The budget table as typed (bound) or as saved, with empty rows to fill."""
        if self.is_bound:
            rows = []
            for index in range(MAX_BUDGET_ROWS):
                prefix = f"{BUDGET}-{index}-"
                if f"{prefix}category" not in self.data and f"{prefix}amount" not in self.data:
                    break
                rows.append(
                    {
                        "category": self.data.get(f"{prefix}category", ""),
                        "description": self.data.get(f"{prefix}description", ""),
                        "amount": self.data.get(f"{prefix}amount", ""),
                    }
                )
            return rows
        rows = [
            {"category": line.category, "description": line.description, "amount": line.amount}
            for line in self.application.budget_lines.all()
        ]
        return rows + [{"category": "", "description": "", "amount": ""}] * EMPTY_BUDGET_ROWS

    def budget_lines(self) -> list[dict] | None:
        """The rows to save, or None when the form has no budget table."""
        if not self.asks_budget:
            return None
        return self.budget_rows()

    def uploads(self) -> list[tuple[str, object, object]]:
        """(kind, question or None, uploaded file) for each file given."""
        found = []
        for question in self.questions:
            if question.kind == QuestionKind.FILE:
                upload = self.files.get(question_key(question))
                if upload:
                    found.append(("answer", question, upload))
        letter = self.files.get("letter_of_support")
        if letter and "letter_of_support" in self.fields:
            found.append(("letter_of_support", None, letter))
        return found

    def show_errors(self, errors: dict) -> None:
        """Put the services' messages at their fields (the others above the form)."""
        for key, messages in errors.items():
            for message in messages:
                if key in self.fields:
                    self.add_error(key, message)
                else:
                    self.field_errors.setdefault(key, []).append(message)

    @property
    def field_errors(self) -> dict:
        # Messages for what is not a Django field (the budget table, a letter not asked here).
        if not hasattr(self, "_extra_errors"):
            self._extra_errors = {}
        return self._extra_errors

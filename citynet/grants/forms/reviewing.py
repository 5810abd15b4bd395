"""Reviewers' forms: the conflict-of-interest declaration and the review (the call's rubric).

They only parse and check the shape of the input; the rules (scale, not applicable, completeness,
versions) are the services' (services/reviews.py), whose errors come back at the field they name.
"""

from django import forms
from django.utils.translation import gettext_lazy as _

from ..models import Criterion

NOT_APPLICABLE = "na"


class DeclarationForm(forms.Form):
    conflict = forms.TypedChoiceField(
        label=_("Do you have a conflict of interest with this application?"),
        choices=[("no", _("No: I have no conflict of interest")), ("yes", _("Yes: I have a conflict of interest"))],
        widget=forms.RadioSelect,
        coerce=lambda value: value == "yes",
    )
    note = forms.CharField(
        label=_("If so, what is it?"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Staff read this to assign the application to someone else."),
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("conflict") and not (cleaned.get("note") or "").strip():
            self.add_error("note", _("Say briefly what the conflict is."))
        return cleaned


class ReviewForm(forms.Form):
    """One radio group per criterion (its scale, and "not applicable" where allowed), a comment per
    criterion, an overall comment, and the version the reviewer started from (against lost updates)."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    comment = forms.CharField(
        label=_("Overall comment"), required=False, max_length=10000, widget=forms.Textarea(attrs={"rows": 5})
    )

    def __init__(self, *args, criteria: list[Criterion], **kwargs):
        super().__init__(*args, **kwargs)
        self.criteria = criteria
        for criterion in criteria:
            choices = [(str(v), str(v)) for v in range(criterion.scale_min, criterion.scale_max + 1)]
            if criterion.allow_not_applicable:
                choices.append((NOT_APPLICABLE, _("Not applicable")))
            self.fields[f"score_{criterion.pk}"] = forms.ChoiceField(
                label=criterion.name, choices=choices, widget=forms.RadioSelect, required=False
            )
            self.fields[f"comment_{criterion.pk}"] = forms.CharField(
                label=_("Comment on “%(criterion)s”") % {"criterion": criterion.name},
                required=False,
                max_length=5000,
                widget=forms.Textarea(attrs={"rows": 3}),
            )

    @staticmethod
    def initial_from(review, scores: dict) -> dict:
        """The form's values from a saved review and its scores ({criterion id: Score})."""
        if review is None:
            return {"version": None}
        initial = {"version": review.version, "comment": review.comment}
        for criterion_id, score in scores.items():
            if score.not_applicable:
                initial[f"score_{criterion_id}"] = NOT_APPLICABLE
            elif score.value is not None:
                initial[f"score_{criterion_id}"] = str(score.value)
            initial[f"comment_{criterion_id}"] = score.comment
        return initial

    def rows(self):
        """Each criterion with its two fields, for the template."""
        return [
            {"criterion": c, "score": self[f"score_{c.pk}"], "comment": self[f"comment_{c.pk}"]} for c in self.criteria
        ]

    def scores(self) -> dict:
        """The scores as `services.reviews.save_review` takes them."""
        scores = {}
        for criterion in self.criteria:
            value = self.cleaned_data.get(f"score_{criterion.pk}") or ""
            scores[criterion.pk] = {
                "value": None if value in ("", NOT_APPLICABLE) else int(value),
                "not_applicable": value == NOT_APPLICABLE,
                "comment": self.cleaned_data.get(f"comment_{criterion.pk}") or "",
            }
        return scores


class InterestForm(forms.Form):
    """One thing the reviewer is tied to: a country, a municipality (of the regions they review for) or
    an applicant organisation typed by its exact name."""

    country = forms.ChoiceField(label=_("Country"), required=False)
    municipality = forms.ModelChoiceField(label=_("Municipality"), queryset=None, required=False)
    organisation_name = forms.CharField(
        label=_("Organisation"),
        max_length=200,
        required=False,
        help_text=_("The applicant organisation's name, exactly as it is registered."),
    )
    note = forms.CharField(label=_("Note"), max_length=300, required=False)

    def __init__(self, *args, municipalities, **kwargs):
        from django_countries import countries

        super().__init__(*args, **kwargs)
        self.fields["country"].choices = [("", "—"), *countries]
        self.fields["municipality"].queryset = municipalities

    def clean(self):
        cleaned = super().clean()
        cleaned["organisation_name"] = (cleaned.get("organisation_name") or "").strip()
        named = [name for name in ("country", "municipality", "organisation_name") if cleaned.get(name)]
        if len(named) != 1:
            raise forms.ValidationError(_("Choose one: a country, a municipality or an organisation."))
        return cleaned

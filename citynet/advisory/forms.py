"""A city's own advisory forms: scoring an assessment's areas with staff, and reporting progress on an action.

They parse what was typed and carry what the services need to decide (the assessment's `version`, the
progress report's "as of" date); the services decide (scale, who may, stale versions, double submits) and
their refusals come back at the fields through `citynet.core.forms.show_at_form` or `score_field_errors`.
"""

import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .models import ActionStatus


def score_field(area_pk: int) -> str:
    return f"score-{area_pk}"


def evidence_field(area_pk: int) -> str:
    return f"evidence-{area_pk}"


def comment_field(area_pk: int) -> str:
    return f"comment-{area_pk}"


class ScoringForm(forms.Form):
    """One score, its evidence and a comment per area of the assessment's framework, and the assessment's
    version as the person saw it (a save by someone else meanwhile makes it stale)."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)

    def __init__(self, *args, assessment, areas, scores, **kwargs):
        """`areas`: the framework's areas in order; `scores`: {area pk: Score} of what is saved now."""
        framework = assessment.framework
        labels = framework.scale_labels or {}
        initial = {"version": assessment.version}
        for area in areas:
            saved = scores.get(area.pk)
            if saved is not None:
                initial[score_field(area.pk)] = str(saved.score)
                initial[evidence_field(area.pk)] = saved.evidence
                initial[comment_field(area.pk)] = saved.comment
        kwargs.setdefault("initial", initial)
        super().__init__(*args, **kwargs)
        choices = [("", _("Not scored yet"))] + [
            (str(n), f"{n} · {labels[str(n)]}" if labels.get(str(n)) else str(n))
            for n in range(framework.scale_min, framework.scale_max + 1)
        ]
        self.areas = areas
        for area in areas:
            # A text field shown as a list of the scale: the service checks the value (its message says the
            # scale), so a value from outside the list is refused with that message, never a 500.
            self.fields[score_field(area.pk)] = forms.CharField(
                label=_("Score"), required=False, max_length=10, widget=forms.Select(choices=choices)
            )
            self.fields[evidence_field(area.pk)] = forms.CharField(
                label=_("Evidence"), required=False, widget=forms.Textarea(attrs={"rows": 2, "dir": "auto"})
            )
            self.fields[comment_field(area.pk)] = forms.CharField(
                label=_("Comment"), required=False, widget=forms.Textarea(attrs={"rows": 2, "dir": "auto"})
            )

    def rows(self):
        """(area, score field, evidence field, comment field) per area, for the template."""
        return [
            (area, self[score_field(area.pk)], self[evidence_field(area.pk)], self[comment_field(area.pk)])
            for area in self.areas
        ]

    def changes(self, scores) -> list[tuple]:
        """(area, score, evidence, comment) for each area whose typed values differ from what is saved; an
        area left unscored with nothing typed is skipped (not scored yet stays distinct from a 0)."""
        found = []
        for area in self.areas:
            score = (self.cleaned_data.get(score_field(area.pk)) or "").strip()
            evidence = (self.cleaned_data.get(evidence_field(area.pk)) or "").strip()
            comment = (self.cleaned_data.get(comment_field(area.pk)) or "").strip()
            saved = scores.get(area.pk)
            if saved is None and not (score or evidence or comment):
                continue
            if saved is not None and (str(saved.score), saved.evidence, saved.comment) == (score, evidence, comment):
                continue
            found.append((area, score, evidence, comment))
        return found

    def move_to_version(self, version: int) -> None:
        """After a stale save: keep what was typed, and take the version saved now, so that saving again
        applies these values over the other person's deliberately."""
        data = self.data.copy()
        data["version"] = str(version)
        self.data = data


class ProgressForm(forms.Form):
    """The focal point's report on an action. The "as of" date travels with the form, so a second submit of
    the same page sends the same values and the service finds the first report (no duplicate)."""

    status = forms.ChoiceField(label=_("Status"), choices=ActionStatus.choices)
    percent = forms.IntegerField(
        label=_("Percent done"),
        min_value=0,
        max_value=100,
        widget=forms.NumberInput(attrs={"min": 0, "max": 100, "step": 1, "inputmode": "numeric"}),
        help_text=_("A whole number from 0 to 100."),
    )
    evidence = forms.CharField(
        label=_("Evidence"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4, "dir": "auto"}),
        help_text=_("What shows the progress: a decision, a meeting held, a report, a figure."),
    )
    reported_on = forms.DateField(
        label=_("As of"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        input_formats=["%Y-%m-%d"],
    )

    def __init__(self, *args, action, **kwargs):
        kwargs.setdefault(
            "initial", {"status": action.status, "percent": action.percent, "reported_on": timezone.localdate()}
        )
        super().__init__(*args, **kwargs)

    def clean_reported_on(self):
        value = self.cleaned_data["reported_on"]
        if value > timezone.localdate() + datetime.timedelta(days=1):
            raise forms.ValidationError(_("Progress is reported as of today or an earlier day."))
        return value

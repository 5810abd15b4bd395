"""The forms of the staff's plan pages (staff/plans.py): a goal, an action, an indicator, progress recorded
by staff, a review. They only parse input and offer what may be picked; services/plans.py decides.

Goals, actions and indicators have no `version` column of their own: the form carries a fingerprint of
the record as the editor saw it (`based_on`), and the page refuses the save, under the record's row lock,
when someone changed it in between (see staff/plans.py, `_unchanged_since`).
"""

import hashlib
import json

from django import forms
from django.db.models import Q
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from citynet.core.admin_forms import ScopedAdminForm, language_columns
from citynet.events.models import Event
from citynet.grants.models import Award
from citynet.network.models import Organisation

from ..models import Action, ActionStatus, CapacityArea, Framework, Goal, Indicator
from ..services import plans as plan_services


def fingerprint(record, fields) -> str:
    """What a person edits of `record` (its own fields and its links), as a short digest."""
    picture = {}
    for name in fields:
        value = getattr(record, name)
        if hasattr(value, "all"):
            picture[name] = sorted(item.pk for item in value.all()) if record.pk else []
        else:
            picture[name] = getattr(value, "pk", value)
    text = json.dumps(picture, sort_keys=True, default=str)
    return hashlib.sha256(text.encode()).hexdigest()[:32]


class PlanAdminForm(ScopedAdminForm):
    """A plan in the admin: a period ending before it starts is said at its end, in words (the database's
    own check would only name its constraint)."""

    def clean(self):
        data = super().clean()
        starts_on, ends_on = data.get("starts_on"), data.get("ends_on")
        if starts_on and ends_on and ends_on < starts_on:
            self.add_error("ends_on", gettext("The plan's period cannot end before it starts."))
        return data


class PartForm(ScopedAdminForm):
    """A part of a plan: every language's column labelled, nothing to pick unless the page offers it, and
    the fingerprint of the record as the editor saw it."""

    based_on = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk and not self.is_bound:
            self.fields["based_on"].initial = fingerprint(self.instance, self._meta.fields)

    def values(self) -> dict:
        """What the service may write: the cleaned values of the record's fields on this form."""
        return {name: self.cleaned_data[name] for name in self._meta.fields if name in self.cleaned_data}


class GoalForm(PartForm):
    class Meta:
        model = Goal
        fields = [*language_columns("text"), "sort_order"]


class ActionForm(PartForm):
    """An action: its goal is one of the plan's, the areas those of the plan's assessment's framework (or
    of the current frameworks), the events and grants those of the plan's region (and network-wide events)."""

    class Meta:
        model = Action
        fields = [
            "goal",
            *language_columns("title"),
            "owner_department",
            "owner_organisation",
            "starts_on",
            "due_on",
            "budget",
            "funding_source",
            "areas",
            "events",
            "awards",
            "sort_order",
        ]
        widgets = {
            "areas": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args, plan, **kwargs):
        super().__init__(*args, **kwargs)
        region_id = plan.municipality.country.region_id
        self.fields["goal"].queryset = Goal.objects.filter(plan=plan)
        self.fields["owner_organisation"].queryset = Organisation.objects.order_by("name_en")
        if plan.baseline_id:
            areas = CapacityArea.objects.filter(framework_id=plan.baseline.framework_id)
        else:
            areas = CapacityArea.objects.filter(framework__in=Framework.objects.filter(is_current=True))
        self.fields["areas"].queryset = areas.select_related("framework").order_by("framework", "sort_order")
        self.fields["events"].queryset = Event.objects.filter(Q(region_id=region_id) | Q(region__isnull=True)).order_by(
            "-starts_on"
        )
        self.fields["awards"].queryset = Award.objects.filter(call__region_id=region_id).order_by("recipient_name")

    def values(self) -> dict:
        values = super().values()
        for name in plan_services.ACTION_RELATIONS:
            if name in values:
                values[name] = list(values[name])
        return values


class IndicatorForm(PartForm):
    class Meta:
        model = Indicator
        fields = [*language_columns("name"), "unit", "baseline", "target", "current"]


class ProgressForm(forms.Form):
    """Progress staff record for the city (after a visit, a call): it waits for review like the city's own."""

    status = forms.ChoiceField(label=_("Status"), choices=ActionStatus.choices)
    percent = forms.IntegerField(label=_("Percent done"), min_value=0, max_value=100)
    evidence = forms.CharField(label=_("Evidence"), widget=forms.Textarea(attrs={"rows": 3}), required=False)
    reported_on = forms.DateField(label=_("As of"), widget=forms.DateInput(attrs={"type": "date"}))


class ReviewForm(forms.Form):
    DECISIONS = [("accept", _("Accept")), ("return", _("Return for changes"))]

    decision = forms.ChoiceField(label=_("Decision"), choices=DECISIONS)
    note = forms.CharField(label=_("Note"), widget=forms.Textarea(attrs={"rows": 2}), required=False)


class VersionForm(forms.Form):
    """The plan's version a button was pressed on (adopt, close): a stale page is refused."""

    version = forms.IntegerField(min_value=1)

"""Forms of the staff's assessment pages: starting an assessment, the list's filters, and the scale labels of a
framework. They only parse input: the services (services/assessments.py) decide."""

import json

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from citynet.core.admin_forms import ScopedAdminForm
from citynet.network import permissions as network
from citynet.network.models import Municipality, Region

from .. import permissions
from ..models import AssessmentKind, AssessmentStatus, Engagement, Framework


def staff_municipalities(actor):
    """The municipalities of the regions `actor` runs (every one for the secretariat)."""
    region_ids = network.managed_region_ids(actor)
    queryset = Municipality.objects.select_related("country").order_by("name_en", "pk")
    if region_ids is network.EVERY_REGION:
        return queryset
    return queryset.filter(country__region_id__in=region_ids or [])


def staff_regions(actor):
    """The regions `actor` runs (all of them for the secretariat)."""
    region_ids = network.managed_region_ids(actor)
    queryset = Region.objects.order_by("name_en", "pk")
    if region_ids is network.EVERY_REGION:
        return queryset
    return queryset.filter(pk__in=region_ids or [])


class StartAssessmentForm(forms.Form):
    municipality = forms.ModelChoiceField(label=_("Municipality"), queryset=Municipality.objects.none())
    kind = forms.ChoiceField(label=_("Kind"), choices=AssessmentKind.choices, initial=AssessmentKind.BASELINE)
    conducted_on = forms.DateField(
        label=_("Conducted on"), widget=forms.DateInput(attrs={"type": "date"}), initial=timezone.localdate
    )
    framework = forms.ModelChoiceField(
        label=_("Framework"),
        queryset=Framework.objects.all(),
        required=False,
        empty_label=_("The framework in use for new assessments"),
    )
    engagement = forms.ModelChoiceField(label=_("Engagement"), queryset=Engagement.objects.none(), required=False)

    def __init__(self, *args, actor, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["municipality"].queryset = staff_municipalities(actor)
        self.fields["engagement"].queryset = permissions.scope_staff(Engagement.objects.all(), actor).order_by("-pk")


class AssessmentFilterForm(forms.Form):
    """The list's filters; a value outside the actor's choices is simply not a valid filter."""

    region = forms.ModelChoiceField(label=_("Region"), queryset=Region.objects.none(), required=False)
    municipality = forms.ModelChoiceField(label=_("Municipality"), queryset=Municipality.objects.none(), required=False)
    kind = forms.ChoiceField(label=_("Kind"), choices=[("", _("All")), *AssessmentKind.choices], required=False)
    status = forms.ChoiceField(label=_("Status"), choices=[("", _("All")), *AssessmentStatus.choices], required=False)
    framework = forms.ModelChoiceField(label=_("Framework"), queryset=Framework.objects.all(), required=False)

    def __init__(self, *args, actor, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = staff_regions(actor)
        self.fields["municipality"].queryset = staff_municipalities(actor)


class ScaleLabelsField(forms.JSONField):
    """What each score means, as JSON: {"0": "absent", "1": "emerging", ...}."""

    def to_python(self, value):
        value = super().to_python(value)
        if value in (None, ""):
            return {}
        if not isinstance(value, dict) or not all(isinstance(v, str) for v in value.values()):
            raise forms.ValidationError(_('Give one label per score, as in {"0": "absent", "1": "emerging"}.'))
        return {str(key): label for key, label in value.items()}

    def prepare_value(self, value):
        if isinstance(value, dict):
            return json.dumps(value, ensure_ascii=False, indent=1)
        return super().prepare_value(value)


class FrameworkAdminForm(ScopedAdminForm):
    scale_labels = ScaleLabelsField(
        label=_("What each score means"),
        required=False,
        help_text=_('One label per score, in English: {"0": "absent", "1": "emerging", ...}.'),
        widget=forms.Textarea(attrs={"rows": 6, "dir": "ltr"}),
    )

    def clean(self):
        cleaned = super().clean()
        labels = cleaned.get("scale_labels") or {}
        lowest, highest = cleaned.get("scale_min"), cleaned.get("scale_max")
        if labels and lowest is not None and highest is not None:
            outside = [key for key in labels if not key.isdigit() or not lowest <= int(key) <= highest]
            if outside:
                self.add_error(
                    "scale_labels",
                    _("These scores are outside the scale: %(scores)s.") % {"scores": ", ".join(sorted(outside))},
                )
        return cleaned

"""Staff admin forms for the registry: every language column labelled, choices limited to the editor's regions.

The Wagtail admin builds one form per model from its panels on top of these base classes; the forms
receive the signed-in editor as `for_user`.
"""

from django import forms
from django.utils.translation import gettext_lazy as _

from citynet.core.admin_forms import ScopedAdminForm

from . import permissions
from .models import Municipality, PositionRole


class RegistryAdminForm(ScopedAdminForm):
    """Base form of every registry record in the admin (labels, directions, scoped choices, version)."""


class RegionForm(RegistryAdminForm):
    pass


class CountryForm(RegistryAdminForm):
    pass


class AutoSlugForm(RegistryAdminForm):
    """A form whose slug may be left empty: it is then made from the English name."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "slug" in self.fields:
            self.fields["slug"].required = False
            self.fields["slug"].help_text = _("Left empty, it is made from the English name.")


class MunicipalityForm(AutoSlugForm):
    """A second city of the same name in one country is refused by services.save_municipality."""


class MembershipForm(RegistryAdminForm):
    """Future start dates and periods ending before they start are refused by Membership.clean()."""


class OrganisationForm(AutoSlugForm):
    """A founding year in the future is refused by Organisation.clean()."""


class PartnershipForm(RegistryAdminForm):
    """Years in the wrong order or in the future are refused by Partnership.clean()."""


class PersonForm(RegistryAdminForm):
    """A new person comes with the city where they serve: a coordinator can add people only that way."""

    serves_at = forms.ModelChoiceField(
        queryset=Municipality.objects.select_related("country").order_by("name_en"),
        required=False,
        label=_("Serves at"),
        help_text=_("The municipality where this person holds a position. Regional coordinators must choose one."),
    )
    role = forms.ChoiceField(choices=[("", "---------"), *PositionRole.choices], required=False, label=_("Role"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            # Positions of a stored person are edited as positions.
            self.fields.pop("serves_at")
            self.fields.pop("role")
        elif not permissions.manages_every_region(self.for_user):
            self.fields["serves_at"].required = True
            self.fields["role"].required = True

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("serves_at") and not cleaned.get("role") and "role" in self.fields:
            self.add_error("role", _("Choose the person's role at this municipality."))
        return cleaned


class PositionForm(RegistryAdminForm):
    def clean(self):
        cleaned = super().clean()
        municipality, organisation = cleaned.get("municipality"), cleaned.get("organisation")
        # Errors go on a field: Django then skips the database constraint, whose own message is obscure.
        if not municipality and not organisation and "municipality" not in self.errors:
            self.add_error(
                "municipality", _("A position is held at a municipality or an organisation: choose at least one.")
            )
        elif (
            not permissions.manages_every_region(self.for_user)
            and not municipality
            and "municipality" not in self.errors
        ):
            # A coordinator's scope is their region's municipalities; a position elsewhere would vanish.
            self.add_error("municipality", _("Choose the municipality where this position is held."))
        return cleaned


class ReportedFigureForm(RegistryAdminForm):
    """A date in the future is refused by ReportedFigure.clean()."""

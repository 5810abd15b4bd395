from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _


class MunicipalityProfileForm(forms.Form):
    """A city's public profile, one text per language, and the version the editor started from."""

    website = forms.URLField(label=_("Website"), required=False, assume_scheme="https")
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for code, name in settings.LANGUAGES:
            self.fields[f"profile_{code}"] = forms.CharField(
                label=_("Profile in %(language)s") % {"language": name},
                required=False,
                max_length=4000,
                widget=forms.Textarea(attrs={"rows": 4, "lang": code, "dir": "auto"}),
            )

    def profile_fields(self):
        return [self[f"profile_{code}"] for code, _name in settings.LANGUAGES]

    def profiles(self) -> dict[str, str]:
        return {code: self.cleaned_data[f"profile_{code}"] for code, _name in settings.LANGUAGES}


class SearchForm(forms.Form):
    q = forms.CharField(label=_("Search"), max_length=100, required=False)

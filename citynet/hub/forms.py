import hashlib
import json

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from citynet.network.services import translations_of


class MunicipalityProfileForm(forms.Form):
    """A city's public profile, one text per language, and the version the editor started from."""

    website = forms.URLField(label=_("Website"), required=False, assume_scheme="https")
    version = forms.IntegerField(widget=forms.HiddenInput)
    # A short fingerprint of each text as the editor first saw it, to tell after a conflict which
    # texts someone else changed meanwhile (not a secret: a tampered one only changes what is shown).
    started = forms.CharField(widget=forms.HiddenInput, required=False, max_length=2000)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # After a conflict: what is saved now, per field name, where it differs from this person's text.
        self.saved: dict[str, str] = {}
        for code, name in settings.LANGUAGES:
            self.fields[f"profile_{code}"] = forms.CharField(
                label=_("Profile in %(language)s") % {"language": name},
                required=False,
                max_length=4000,
                widget=forms.Textarea(attrs={"rows": 4, "lang": code, "dir": "auto"}),
            )

    def text_names(self) -> list[str]:
        return [*(f"profile_{code}" for code, _name in settings.LANGUAGES), "website"]

    @staticmethod
    def fingerprint(values: dict) -> str:
        digest = {
            name: hashlib.sha256((value or "").strip().encode()).hexdigest()[:12]
            for name, value in values.items()
            if name not in ("version", "started")
        }
        return json.dumps(digest, separators=(",", ":"), sort_keys=True)

    @classmethod
    def values_of(cls, municipality) -> dict:
        """The form's values for the profile as saved now, and the fingerprint of its texts."""
        values = {f"profile_{code}": text for code, text in translations_of(municipality, "profile").items()}
        values.update(website=municipality.website or "")
        values.update(version=municipality.version, started=cls.fingerprint(values))
        return values

    def _started(self) -> dict | None:
        try:
            started = json.loads(self.cleaned_data.get("started") or "null")
        except ValueError:
            return None
        return started if isinstance(started, dict) else None

    def rebase(self, municipality) -> None:
        """After a conflict: keep this person's text, show what someone else changed meanwhile, and take
        the saved version, so that the next Save deliberately applies this person's text."""
        current = self.values_of(municipality)
        now = json.loads(current["started"])
        started = self._started()
        if started is None:  # no fingerprint: show every saved text that differs from this person's
            started = json.loads(self.fingerprint({name: self.cleaned_data.get(name) for name in self.text_names()}))
        self.saved = {name: current[name] for name in self.text_names() if now.get(name) != started.get(name)}
        self.data = self.data.copy()
        self.data["version"] = str(current["version"])
        self.data["started"] = current["started"]

    def profile_fields(self):
        return [self[f"profile_{code}"] for code, _name in settings.LANGUAGES]

    def profile_rows(self) -> list[dict]:
        """Each language's field, and what is saved now when someone else changed it meanwhile."""
        rows = []
        for field in [*self.profile_fields(), self["website"]]:
            rows.append({"field": field, "saved": self.saved.get(field.name), "changed": field.name in self.saved})
        return rows

    def profiles(self) -> dict[str, str]:
        return {code: self.cleaned_data[f"profile_{code}"] for code, _name in settings.LANGUAGES}

"""The search's query and filters, as the page and the API take them."""

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from . import registry
from .selectors import MAX_PAGE, Filters, filter_options


class SearchForm(forms.Form):
    q = forms.CharField(label=_("Search"), max_length=100, required=False)
    kind = forms.ChoiceField(label=_("Kind"), required=False)
    region = forms.ChoiceField(label=_("Region"), required=False)
    country = forms.ChoiceField(label=_("Country"), required=False)
    topic = forms.ChoiceField(label=_("Topic"), required=False)
    language = forms.ChoiceField(label=_("Language"), required=False)
    year = forms.IntegerField(label=_("Year"), required=False, min_value=1900, max_value=2200)
    page = forms.IntegerField(required=False, min_value=1, max_value=MAX_PAGE)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        options = filter_options()
        anything = [("", _("Any"))]
        self.fields["kind"].choices = anything + [(p.kind, p.plural) for p in registry.providers()]
        self.fields["region"].choices = anything + [(r.slug, r.name) for r in options["regions"]]
        self.fields["country"].choices = anything + [(c.code, c.code.name) for c in options["countries"]]
        self.fields["topic"].choices = anything + [(t.slug, t.name) for t in options["topics"]]
        self.fields["language"].choices = anything + [
            (code, settings.LANGUAGE_NAMES.get(code, name)) for code, name in settings.LANGUAGES
        ]
        self._options = options

    def filters(self) -> Filters:
        data = self.cleaned_data
        regions = {r.slug: r.pk for r in self._options["regions"]}
        topics = {t.slug: t.pk for t in self._options["topics"]}
        return Filters(
            kind=data.get("kind") or "",
            region=regions.get(data.get("region") or ""),
            country=data.get("country") or "",
            topic=topics.get(data.get("topic") or ""),
            language=data.get("language") or "",
            year=data.get("year"),
        )

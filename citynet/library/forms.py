"""A focal point's case study on the public site (views/proposals.py): its title and summary, its topics
and work streams, and its body's sections (context, challenge, approach, results, lessons, whom to
contact), each text in any of the network's languages.

The form parses what was typed and carries the version the person started from; the services decide
(who may, a title, what a submission needs, a stale version) and their refusals come back at the fields
through `citynet.core.forms.show_at_form`.
"""

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from citynet.core.i18n import current_language, translated
from citynet.network.models import Position, Topic

from .models import CaseStudy, Resource, WorkStream
from .services.resources import column

LANGUAGES = list(settings.LANGUAGES)
# The texts of a case study, in the order the form shows them: each has a column per language.
TEXTS = ("title", "summary", "context", "challenge", "approach", "results", "lessons")
LABELS = {
    "title": _("Title"),
    "summary": _("Summary"),
    "context": _("Context"),
    "challenge": _("Challenge"),
    "approach": _("Approach"),
    "results": _("Results"),
    "lessons": _("Lessons"),
}
HINTS = {
    "summary": _("Two or three sentences shown in the library's list."),
    "context": _("The city, and what the situation was."),
    "challenge": _("What the city had to deal with."),
    "approach": _("What the city did, with whom."),
    "results": _("What changed, with figures where there are any."),
    "lessons": _("What another city may learn from it."),
}
LENGTHS = {"title": 300, "summary": 2000}
TEXT_LENGTH = 20000


class NamedChoices(forms.ModelMultipleChoiceField):
    """Topics or work streams, each named in the page's language (English where it has no name in it)."""

    def label_from_instance(self, obj):
        resolved = translated(obj, "name")
        return resolved.text if resolved else obj.slug


class ContactChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        role = obj.title or obj.get_role_display()
        return f"{obj.person} ({role})"


class ProposalForm(forms.Form):
    """A case study as its proposer writes it; `version` is the resource's as they opened it (none for a
    new one)."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1, required=False)

    def __init__(self, *args, municipality, resource: Resource | None = None, **kwargs):
        if resource is not None:
            kwargs.setdefault("initial", self.values_of(resource))
        super().__init__(*args, **kwargs)
        self.resource = resource
        self.municipality = municipality
        self.fields["version"].required = resource is not None
        for name in TEXTS:
            for code, _language in LANGUAGES:
                short = name in LENGTHS
                self.fields[column(name, code)] = forms.CharField(
                    label=LABELS[name],
                    help_text=HINTS.get(name, ""),
                    required=False,
                    max_length=LENGTHS.get(name, TEXT_LENGTH),
                    widget=(
                        forms.TextInput(attrs={"lang": code, "dir": "auto"})
                        if name == "title"
                        else forms.Textarea(attrs={"rows": 3 if short else 5, "lang": code, "dir": "auto"})
                    ),
                )
        self.fields["topics"] = NamedChoices(
            label=_("Topics"),
            queryset=Topic.objects.order_by("sort_order", "slug"),
            required=False,
            widget=forms.CheckboxSelectMultiple,
        )
        self.fields["work_streams"] = NamedChoices(
            label=_("Work streams"),
            queryset=WorkStream.objects.order_by("sort_order", "slug"),
            required=False,
            widget=forms.CheckboxSelectMultiple,
        )
        self.fields["contact"] = ContactChoice(
            label=_("Whom to contact"),
            help_text=_("A public position of your city: only its public details are shown."),
            queryset=Position.objects.filter(municipality=municipality, is_public=True).select_related("person"),
            required=False,
        )

    @staticmethod
    def values_of(resource: Resource) -> dict:
        """The form's values for the case study as saved now."""
        body = CaseStudy.objects.filter(resource=resource).first() or CaseStudy()
        values = {"version": resource.version}
        for name in TEXTS:
            source = resource if name in ("title", "summary") else body
            for code, _language in LANGUAGES:
                values[column(name, code)] = getattr(source, column(name, code)) or ""
        values["topics"] = [topic.pk for topic in resource.topics.all()]
        values["work_streams"] = [stream.pk for stream in resource.work_streams.all()]
        values["contact"] = body.contact_id
        return values

    def move_to_version(self, version: int) -> None:
        """After a conflict: keep what the person typed, and take the saved version, so that the next
        save deliberately applies their text."""
        self.data = self.data.copy()
        self.data["version"] = str(version)

    def values(self) -> dict:
        """What the services take: every text's columns, the topics, work streams and contact."""
        data = self.cleaned_data
        values = {column(name, code): data[column(name, code)].strip() for name in TEXTS for code, _l in LANGUAGES}
        values.update(topics=list(data["topics"]), work_streams=list(data["work_streams"]), contact=data["contact"])
        return values

    def languages(self) -> list[dict]:
        """The texts by language, the page's language first and open; another language is open where it
        has a text or an error."""
        first = current_language()
        ordered = sorted(LANGUAGES, key=lambda pair: pair[0] != first)
        groups = []
        for code, name in ordered:
            fields = [self[column(text, code)] for text in TEXTS]
            filled = any((field.value() or "").strip() for field in fields)
            groups.append(
                {
                    "code": code,
                    "name": name,
                    "fields": fields,
                    "open": code == first or filled or any(field.errors for field in fields),
                }
            )
        return groups

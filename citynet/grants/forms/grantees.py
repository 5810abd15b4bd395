"""The grantee's report form and staff's review of it."""

from django import forms
from django.utils.translation import gettext_lazy as _


class ReportForm(forms.Form):
    text = forms.CharField(label=_("Report"), widget=forms.Textarea(attrs={"rows": 8, "dir": "auto"}), required=False)
    file = forms.FileField(label=_("File (PDF, Word, Excel, OpenDocument, PNG or JPEG)"), required=False)
    based_on_version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class ReportReviewForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"), choices=[("approve", _("Approve")), ("return", _("Return for changes"))]
    )
    comment = forms.CharField(
        label=_("Comment to the grantee"), widget=forms.Textarea(attrs={"rows": 4, "dir": "auto"}), required=False
    )

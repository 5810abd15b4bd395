"""The knowledge library: the network's reports, assessments, case studies, toolkits, guides, policy briefs,
training materials, event reports, videos and links, in several languages.

The seed's hub offers the regional assessment report for the Western Balkans, the case studies of the
network's work streams, how other cities deal with violent extremism, and the Durrës workshop's full
report. A `Resource` is one work whatever its languages: its kind, work streams and topics (the network's
taxonomy, `network.Topic`, shared with events), the regions, countries and municipalities it concerns,
the organisations behind it, when it was published (to the year, month or day), who may read it
(`Access`) and from when (an embargo). Each language it exists in is a `ResourceVersion` with its own file
(checked by its bytes and size, its text extracted for search by a background task) or its own text. A
case study is a resource with a structured body (`CaseStudy`): context, challenge, approach, results,
lessons and whom to contact.

Staff of the region publish; a city's focal point may propose a case study about their city, which waits
in a moderation queue (`ResourceStatus.PROPOSED`) until staff publish it or return it with a note.

Translated fields (titles, summaries, the case study's sections, work streams' names) get a column per
language from modeltranslation (translation.py).
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from modelcluster.models import ClusterableModel

from citynet.grants.models import private_storage
from citynet.network.models import DatePrecision


class ResourceKind(models.TextChoices):
    REPORT = "report", _("Report")
    ASSESSMENT = "assessment", _("Assessment")
    CASE_STUDY = "case_study", _("Case study")
    TOOLKIT = "toolkit", _("Toolkit")
    GUIDE = "guide", _("Guide")
    POLICY_BRIEF = "policy_brief", _("Policy brief")
    TRAINING_MATERIAL = "training_material", _("Training material")
    EVENT_REPORT = "event_report", _("Event report")
    VIDEO = "video", _("Video")
    EXTERNAL_LINK = "external_link", _("External link")


class Access(models.TextChoices):
    PUBLIC = "public", _("Public")
    MEMBERS = "members", _("Members only (the people of member cities)")
    STAFF = "staff", _("Staff only")


class ResourceStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PROPOSED = "proposed", _("Proposed, awaiting review")
    RETURNED = "returned", _("Returned to its author")
    PUBLISHED = "published", _("Published")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class WorkStream(models.Model):
    """One of the network's work streams (the seed's hub groups its case studies by them)."""

    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    name = models.CharField(_("name"), max_length=150)
    description = models.TextField(_("description"), blank=True)
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["sort_order", "slug"]
        verbose_name = _("work stream")
        verbose_name_plural = _("work streams")

    def __str__(self):
        return self.name


class Resource(ClusterableModel):
    slug = models.SlugField(_("slug"), max_length=160, unique=True)
    kind = models.CharField(_("kind"), max_length=30, choices=ResourceKind.choices)
    title = models.CharField(_("title"), max_length=300)
    summary = models.TextField(_("summary"), blank=True)
    is_demo = models.BooleanField(
        _("demo"), default=False, help_text=_("Plainly marked demo content, never a fact of the network.")
    )
    work_streams = ParentalManyToManyField(
        WorkStream, blank=True, related_name="resources", verbose_name=_("work streams")
    )
    topics = ParentalManyToManyField("network.Topic", blank=True, related_name="resources", verbose_name=_("topics"))
    regions = ParentalManyToManyField("network.Region", blank=True, related_name="resources", verbose_name=_("regions"))
    countries = ParentalManyToManyField(
        "network.Country", blank=True, related_name="resources", verbose_name=_("countries")
    )
    municipalities = ParentalManyToManyField(
        "network.Municipality", blank=True, related_name="resources", verbose_name=_("municipalities")
    )
    events = ParentalManyToManyField(
        "events.Event", blank=True, related_name="resources", verbose_name=_("events it came from")
    )
    calls = ParentalManyToManyField(
        "grants.Call", blank=True, related_name="resources", verbose_name=_("grant calls it came from")
    )
    published_on = models.DateField(_("published on"), null=True, blank=True)
    published_precision = models.CharField(
        _("published date known to"), max_length=10, choices=DatePrecision.choices, default=DatePrecision.DAY
    )
    external_url = models.URLField(_("link"), blank=True, help_text=_("For a video or an external link."))
    source = models.CharField(_("source"), max_length=300, blank=True, help_text=_("Where the facts come from."))
    access = models.CharField(_("who may read it"), max_length=10, choices=Access.choices, default=Access.PUBLIC)
    embargo_until = models.DateField(
        _("embargoed until"), null=True, blank=True, help_text=_("Not shown to anyone but staff before this day.")
    )
    status = models.CharField(_("status"), max_length=12, choices=ResourceStatus.choices, default=ResourceStatus.DRAFT)
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("proposed by"),
    )
    review_note = models.TextField(_("note to the author"), blank=True)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True, editable=False)
    search_text = models.TextField(editable=False, blank=True, default="")
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-published_on", "-pk"]
        verbose_name = _("resource")
        verbose_name_plural = _("resources")
        indexes = [models.Index(fields=["status", "access", "-published_on"], name="library_resource_listing")]

    def __str__(self):
        return self.title

    def clean(self):
        if self.kind in (ResourceKind.VIDEO, ResourceKind.EXTERNAL_LINK) and not self.external_url:
            raise ValidationError({"external_url": _("A video or an external link needs its address.")})


class ResourceOrganisationRole(models.TextChoices):
    AUTHOR = "author", _("Author")
    PARTNER = "partner", _("Partner")
    PUBLISHER = "publisher", _("Publisher")
    FUNDER = "funder", _("Funder")


class ResourceOrganisation(models.Model):
    """An organisation behind a resource, and its part in it."""

    resource = ParentalKey(Resource, on_delete=models.CASCADE, related_name="organisations")
    organisation = models.ForeignKey(
        "network.Organisation", on_delete=models.CASCADE, related_name="resources", verbose_name=_("organisation")
    )
    role = models.CharField(_("role"), max_length=12, choices=ResourceOrganisationRole.choices)
    sort_order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["sort_order", "pk"]
        verbose_name = _("organisation of a resource")
        verbose_name_plural = _("organisations of a resource")
        constraints = [
            models.UniqueConstraint(fields=["resource", "organisation", "role"], name="one_role_per_organisation")
        ]

    def __str__(self):
        return f"{self.organisation} ({self.get_role_display()})"


class ExtractionStatus(models.TextChoices):
    NONE = "none", _("Nothing to extract")
    PENDING = "pending", _("Waiting for extraction")
    DONE = "done", _("Extracted")
    FAILED = "failed", _("Could not be read")


def version_upload_to(instance, filename: str) -> str:
    return f"library/{instance.resource_id}/{instance.language}/{filename}"


class ResourceVersion(models.Model):
    """A resource in one language: its own file (PDF or office document) or its own text, or both.

    The file is checked by its bytes and size when it is added (citynet/core/uploads.py), stored where the
    proxy never serves it, and downloaded only as an attachment. Its text, page count and cover
    thumbnail are read by a background task (tasks/extraction.py), for search and for the resource's page.
    """

    resource = ParentalKey(Resource, on_delete=models.CASCADE, related_name="versions")
    language = models.CharField(_("language"), max_length=10, choices=settings.LANGUAGES)
    text = models.TextField(_("text"), blank=True)
    file = models.FileField(_("file"), storage=private_storage, upload_to=version_upload_to, blank=True)
    original_name = models.CharField(_("file name"), max_length=200, blank=True)
    content_type = models.CharField(_("content type"), max_length=120, blank=True)
    size = models.PositiveIntegerField(_("size in bytes"), null=True, blank=True)
    sha256 = models.CharField(max_length=64, blank=True)
    page_count = models.PositiveIntegerField(_("pages"), null=True, blank=True)
    # Kept with the file (private: a members-only report's cover is not public) and served by a view.
    thumbnail = models.ImageField(_("cover"), storage=private_storage, upload_to=version_upload_to, blank=True)
    extracted_text = models.TextField(editable=False, blank=True, default="")
    extraction = models.CharField(
        _("text extraction"), max_length=10, choices=ExtractionStatus.choices, default=ExtractionStatus.NONE
    )
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["resource", "language"]
        verbose_name = _("language version")
        verbose_name_plural = _("language versions")
        constraints = [models.UniqueConstraint(fields=["resource", "language"], name="one_version_per_language")]

    def __str__(self):
        return f"{self.resource} ({self.language})"

    def clean(self):
        if not self.file and not self.text.strip():
            raise ValidationError(_("A language version needs its file or its text."))


class CaseStudy(models.Model):
    """A case study's structured body: what happened in a city, and what others may learn from it."""

    resource = models.OneToOneField(Resource, on_delete=models.CASCADE, related_name="case_study")
    context = models.TextField(_("context"), blank=True)
    challenge = models.TextField(_("challenge"), blank=True)
    approach = models.TextField(_("approach"), blank=True)
    results = models.TextField(_("results"), blank=True)
    lessons = models.TextField(_("lessons"), blank=True)
    contact = models.ForeignKey(
        "network.Position",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("whom to contact"),
        help_text=_("A public position (a city's focal point, say): only its public details are shown."),
    )

    class Meta:
        verbose_name = _("case study")
        verbose_name_plural = _("case studies")

    def __str__(self):
        return str(self.resource)

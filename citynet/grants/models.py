"""Grants: calls for proposals, the applications to them, their screening, review, decision and the grants
that follow an award.

The cycle, as the network ran its 2018 Local Innovation Grant: a call opens and closes at exact moments
in its own time zone; applicant organisations draft and submit applications; staff screen them against
the call's eligibility rules; reviewers from the call's pool, each free of conflicts, score them on the
call's rubric; staff decide within the call's budget and publish the awards; grantees then report.

Translated fields (titles, descriptions, labels) get a column per language from modeltranslation
(translation.py). Reviewers' assignments live here, not on the accounts' role model.
"""

import datetime
import uuid
import zoneinfo
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.storage import storages
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel

from citynet.network.models import OrganisationKind

MONEY = {"max_digits": 14, "decimal_places": 2}


def private_storage():
    """Where applicants' and grantees' files are kept: never served by the proxy (settings.STORAGES)."""
    return storages["private"]


def time_zone_choices():
    return [(name, name.replace("_", " ")) for name in sorted(zoneinfo.available_timezones())]


# --- Calls --------------------------------------------------------------------------------------------


class CallStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")
    RESULTS_PUBLISHED = "results_published", _("Results published")


class CallStages(models.TextChoices):
    ONE_STAGE = "one_stage", _("One stage: full applications")
    TWO_STAGES = "two_stages", _("Expression of interest, then invited full proposals")


class Stage(models.TextChoices):
    """Which part of a two-stage call an application (or a question) belongs to."""

    FULL = "full", _("Full application")
    EXPRESSION_OF_INTEREST = "eoi", _("Expression of interest")


class Call(ClusterableModel):
    region = models.ForeignKey(
        "network.Region", on_delete=models.PROTECT, related_name="calls", verbose_name=_("region")
    )
    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    code = models.CharField(
        _("reference code"),
        max_length=20,
        unique=True,
        help_text=_("Starts every application's reference number, e.g. WB-LIG-2018."),
    )
    title = models.CharField(_("title"), max_length=200)
    summary = models.TextField(_("summary"), blank=True, help_text=_("One or two sentences for lists and feeds."))
    description = models.TextField(_("description"), blank=True)
    is_demo = models.BooleanField(
        _("demo call"), default=False, help_text=_("Shown with a plain “demo” label: not a real call.")
    )
    status = models.CharField(_("status"), max_length=20, choices=CallStatus.choices, default=CallStatus.DRAFT)

    currency = models.CharField(_("currency"), max_length=3, default="EUR")
    total_budget = models.DecimalField(_("total budget"), **MONEY, validators=[MinValueValidator(0)])
    min_award = models.DecimalField(_("minimum award"), **MONEY, default=Decimal(0), validators=[MinValueValidator(0)])
    max_award = models.DecimalField(_("maximum award"), **MONEY, validators=[MinValueValidator(0)])

    time_zone = models.CharField(_("time zone"), max_length=64, default="Europe/Tirane", choices=time_zone_choices)
    opens_at = models.DateTimeField(_("opens at"))
    closes_at = models.DateTimeField(_("closes at"), help_text=_("The deadline, to the second."))
    stages = models.CharField(_("stages"), max_length=20, choices=CallStages.choices, default=CallStages.ONE_STAGE)
    full_proposals_close_at = models.DateTimeField(
        _("full proposals close at"),
        null=True,
        blank=True,
        help_text=_("Two-stage calls: the invited proposals' deadline."),
    )

    # Eligibility rules, checked automatically at screening (and shown to applicants before they apply).
    eligible_kinds = models.JSONField(
        _("eligible kinds of organisation"), default=list, blank=True, help_text=_("Empty: any kind.")
    )
    eligible_countries = models.JSONField(
        _("eligible countries"), default=list, blank=True, help_text=_("Country codes; empty: the region's countries.")
    )
    min_years_founded = models.PositiveSmallIntegerField(_("founded at least (years)"), null=True, blank=True)
    requires_member_partner = models.BooleanField(_("must partner with a member municipality"), default=False)

    # Review.
    reviewers_per_application = models.PositiveSmallIntegerField(_("reviewers per application"), default=3)
    blind_review = models.BooleanField(_("blind review"), default=True)
    reviewers_see_others_after_submitting = models.BooleanField(
        _("reviewers see the others' scores after submitting their own"), default=False
    )

    # What the sources report where the records themselves are not kept (the 2018 call: "more than 80").
    reported_applications = models.PositiveIntegerField(_("applications received (reported)"), null=True, blank=True)
    reported_applications_is_minimum = models.BooleanField(_("the reported figure is a minimum"), default=False)
    results_announcement = models.TextField(_("results announcement"), blank=True)
    results_published_at = models.DateTimeField(_("results published at"), null=True, blank=True)

    search_text = models.TextField(editable=False, blank=True, default="")
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    audit_labels = {"questions": _("questions"), "criteria": _("criteria")}

    class Meta:
        ordering = ["-closes_at", "pk"]
        verbose_name = _("call")
        verbose_name_plural = _("calls")
        indexes = [models.Index(fields=["status", "closes_at"], name="call_status_closes")]

    def __str__(self):
        return self.title

    @property
    def zone(self) -> zoneinfo.ZoneInfo:
        return zoneinfo.ZoneInfo(self.time_zone)

    @property
    def is_published(self) -> bool:
        return self.status != CallStatus.DRAFT

    def is_open(self, at=None) -> bool:
        """Open for applications at `at` (now): published, opened, and before the deadline to the second."""
        at = at or timezone.now()
        return self.is_published and self.opens_at <= at < self.closes_at

    def closes_at_for(self, stage: str) -> "datetime.datetime":
        """The deadline of a stage: the call's, or the invited full proposals' in a two-stage call."""
        if self.stages == CallStages.TWO_STAGES and stage == Stage.FULL and self.full_proposals_close_at:
            return self.full_proposals_close_at
        return self.closes_at

    def clean(self):
        errors = {}
        if self.opens_at and self.closes_at and self.closes_at <= self.opens_at:
            errors["closes_at"] = _("The call must close after it opens.")
        if self.min_award is not None and self.max_award is not None and self.min_award > self.max_award:
            errors["max_award"] = _("The maximum award cannot be below the minimum.")
        if self.max_award is not None and self.total_budget is not None and self.max_award > self.total_budget:
            errors["max_award"] = _("The maximum award cannot exceed the call's total budget.")
        if self.stages == CallStages.TWO_STAGES and not self.full_proposals_close_at:
            errors["full_proposals_close_at"] = _("A two-stage call needs the full proposals' deadline.")
        if self.full_proposals_close_at and self.closes_at and self.full_proposals_close_at <= self.closes_at:
            errors["full_proposals_close_at"] = _("Full proposals must close after the expressions of interest.")
        unknown = set(self.eligible_kinds or []) - set(OrganisationKind.values)
        if unknown:
            errors["eligible_kinds"] = _("Unknown kinds of organisation: %(kinds)s.") % {
                "kinds": ", ".join(sorted(unknown))
            }
        if self.currency and (len(self.currency) != 3 or not self.currency.isalpha()):
            errors["currency"] = _("Give the currency as its three-letter code, e.g. EUR.")
        if errors:
            raise ValidationError(errors)


class QuestionKind(models.TextChoices):
    TEXT = "text", _("Short text")
    LONG_TEXT = "long_text", _("Long text")
    NUMBER = "number", _("Number")
    CHOICE = "choice", _("Choice")
    DATE = "date", _("Date")
    FILE = "file", _("File")
    BUDGET = "budget", _("Budget table")


class Question(models.Model):
    """One question of a call's application form."""

    call = ParentalKey(Call, on_delete=models.CASCADE, related_name="questions", verbose_name=_("call"))
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)
    stage = models.CharField(_("stage"), max_length=10, choices=Stage.choices, default=Stage.FULL)
    kind = models.CharField(_("kind"), max_length=20, choices=QuestionKind.choices, default=QuestionKind.LONG_TEXT)
    label = models.CharField(_("question"), max_length=300)
    help_text = models.TextField(_("guidance"), blank=True)
    required = models.BooleanField(_("required"), default=True)
    min_length = models.PositiveIntegerField(_("minimum characters"), null=True, blank=True)
    max_length = models.PositiveIntegerField(_("maximum characters"), null=True, blank=True)
    min_value = models.DecimalField(_("minimum value"), **MONEY, null=True, blank=True)
    max_value = models.DecimalField(_("maximum value"), **MONEY, null=True, blank=True)
    choices = models.TextField(_("choices"), blank=True, help_text=_("One per line."))

    class Meta:
        ordering = ["sort_order", "pk"]
        verbose_name = _("question")
        verbose_name_plural = _("questions")

    def __str__(self):
        return self.label

    @property
    def choice_list(self) -> list[str]:
        return [line.strip() for line in (self.choices or "").splitlines() if line.strip()]

    def clean(self):
        if self.kind == QuestionKind.CHOICE and not self.choice_list:
            raise ValidationError({"choices": _("A choice question needs at least one choice.")})
        if self.min_length and self.max_length and self.min_length > self.max_length:
            raise ValidationError({"max_length": _("The maximum cannot be below the minimum.")})


class Criterion(models.Model):
    """One criterion of a call's review rubric: a weight and a scale."""

    call = ParentalKey(Call, on_delete=models.CASCADE, related_name="criteria", verbose_name=_("call"))
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)
    name = models.CharField(_("criterion"), max_length=200)
    guidance = models.TextField(_("guidance for reviewers"), blank=True)
    weight = models.DecimalField(
        _("weight"), max_digits=6, decimal_places=2, default=Decimal(1), validators=[MinValueValidator(Decimal("0.01"))]
    )
    scale_min = models.SmallIntegerField(_("lowest score"), default=0)
    scale_max = models.SmallIntegerField(_("highest score"), default=5)
    allow_not_applicable = models.BooleanField(_("may be marked not applicable"), default=False)

    class Meta:
        ordering = ["sort_order", "pk"]
        verbose_name = _("criterion")
        verbose_name_plural = _("criteria")

    def __str__(self):
        return self.name

    def clean(self):
        if self.scale_min is not None and self.scale_max is not None and self.scale_min >= self.scale_max:
            raise ValidationError({"scale_max": _("The highest score must be above the lowest.")})


# --- Applicants --------------------------------------------------------------------------------------


class ApplicantOrganisation(models.Model):
    """An organisation that applies: its profile, reused across calls, shared by its people."""

    name = models.CharField(_("name"), max_length=200)
    acronym = models.CharField(_("acronym"), max_length=30, blank=True)
    kind = models.CharField(
        _("kind"), max_length=30, choices=OrganisationKind.choices, default=OrganisationKind.LOCAL_NGO
    )
    country = CountryField(_("country"))
    city = models.CharField(_("city"), max_length=120, blank=True)
    founded_year = models.PositiveSmallIntegerField(_("founded in"), null=True, blank=True)
    registration_number = models.CharField(_("registration number"), max_length=60, blank=True)
    website = models.URLField(_("website"), blank=True)
    email = models.EmailField(_("contact email"), blank=True)
    # The registry's public record of the same organisation, when there is one (set by staff).
    registry_organisation = models.ForeignKey(
        "network.Organisation",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="applicant_profiles",
        verbose_name=_("registry organisation"),
    )
    people = models.ManyToManyField(
        settings.AUTH_USER_MODEL, through="OrganisationMember", related_name="applicant_organisations"
    )
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    private_fields = ("email", "registration_number")

    class Meta:
        ordering = ["name"]
        verbose_name = _("applicant organisation")
        verbose_name_plural = _("applicant organisations")

    def __str__(self):
        return self.name

    def clean(self):
        if self.founded_year and self.founded_year > timezone.localdate().year:
            raise ValidationError({"founded_year": _("An organisation cannot be founded in the future.")})


class OrganisationMember(models.Model):
    organisation = models.ForeignKey(
        ApplicantOrganisation, on_delete=models.CASCADE, related_name="members", verbose_name=_("organisation")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="applicant_memberships",
        verbose_name=_("account"),
    )
    is_manager = models.BooleanField(_("manages the profile and its people"), default=False)
    joined_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("organisation member")
        verbose_name_plural = _("organisation members")
        constraints = [models.UniqueConstraint(fields=["organisation", "user"], name="unique_organisation_member")]

    def __str__(self):
        return f"{self.user} · {self.organisation}"


# --- Applications --------------------------------------------------------------------------------------


class ApplicationStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class Screening(models.TextChoices):
    PENDING = "pending", _("Not screened yet")
    ELIGIBLE = "eligible", _("Eligible")
    EXCLUDED = "excluded", _("Excluded")


class Application(models.Model):
    call = models.ForeignKey(Call, on_delete=models.PROTECT, related_name="applications", verbose_name=_("call"))
    organisation = models.ForeignKey(
        ApplicantOrganisation, on_delete=models.PROTECT, related_name="applications", verbose_name=_("organisation")
    )
    stage = models.CharField(_("stage"), max_length=10, choices=Stage.choices, default=Stage.FULL)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("started by"),
    )
    title = models.CharField(_("project title"), max_length=200, blank=True)
    # {question id: the answer as typed}; files and budget lines have their own records.
    answers = models.JSONField(_("answers"), default=dict, blank=True)
    partner_municipality = models.ForeignKey(
        "network.Municipality",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="grant_applications",
        verbose_name=_("partner municipality"),
    )
    requested_amount = models.DecimalField(_("requested amount"), **MONEY, default=Decimal(0))

    status = models.CharField(
        _("status"), max_length=20, choices=ApplicationStatus.choices, default=ApplicationStatus.DRAFT
    )
    reference = models.CharField(_("reference number"), max_length=40, unique=True, null=True, blank=True)
    # Its place in the call's sequence, given at submission (the reference ends with it): reviewers know
    # an application by it ("Application 12 of ..."), which says nothing about who applied.
    number = models.PositiveIntegerField(_("number in the call"), null=True, blank=True, editable=False)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)
    invited_to_full_proposal = models.BooleanField(_("invited to a full proposal"), default=False)

    screening = models.CharField(_("screening"), max_length=20, choices=Screening.choices, default=Screening.PENDING)
    screening_checklist = models.JSONField(_("screening checklist"), default=dict, blank=True)
    screening_reason = models.TextField(_("reason"), blank=True)
    screened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    screened_at = models.DateTimeField(null=True, blank=True)

    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    audit_labels = {"budget_lines": _("budget lines")}

    class Meta:
        ordering = ["call", "reference", "pk"]
        verbose_name = _("application")
        verbose_name_plural = _("applications")
        indexes = [models.Index(fields=["call", "status"], name="application_call_status")]
        constraints = [
            # One application per organisation, call and stage: a second click finds the first.
            models.UniqueConstraint(fields=["call", "organisation", "stage"], name="one_application_per_stage"),
        ]

    def __str__(self):
        return self.reference or self.title or str(_("Draft application"))

    @property
    def deadline(self) -> "datetime.datetime":
        """This application's deadline, to the second: its own extension, else its stage's."""
        extension = getattr(self, "extension", None) if self.pk else None
        if extension is not None:
            return extension.closes_at
        return self.call.closes_at_for(self.stage)

    def is_before_deadline(self, at=None) -> bool:
        return (at or timezone.now()) < self.deadline


class BudgetLine(models.Model):
    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="budget_lines", verbose_name=_("application")
    )
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)
    category = models.CharField(_("category"), max_length=120)
    description = models.CharField(_("description"), max_length=300, blank=True)
    amount = models.DecimalField(_("amount"), **MONEY, validators=[MinValueValidator(0)])

    class Meta:
        ordering = ["sort_order", "pk"]
        verbose_name = _("budget line")
        verbose_name_plural = _("budget lines")

    def __str__(self):
        return f"{self.category}: {self.amount}"


class AttachmentKind(models.TextChoices):
    ANSWER = "answer", _("Answer to a question")
    LETTER_OF_SUPPORT = "letter_of_support", _("Letter of support from the partner municipality")


def attachment_path(instance, filename):
    # Never the uploader's file name on disk: a random name in the call's folder.
    return f"grants/{instance.application.call_id}/{uuid.uuid4().hex}"


class Attachment(models.Model):
    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="attachments", verbose_name=_("application")
    )
    kind = models.CharField(_("kind"), max_length=30, choices=AttachmentKind.choices, default=AttachmentKind.ANSWER)
    question = models.ForeignKey(
        Question, on_delete=models.CASCADE, null=True, blank=True, related_name="+", verbose_name=_("question")
    )
    file = models.FileField(_("file"), upload_to=attachment_path, storage=private_storage, max_length=200)
    original_name = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(_("content type"), max_length=100)
    size = models.PositiveIntegerField(_("size in bytes"))
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["uploaded_at", "pk"]
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")

    def __str__(self):
        return self.original_name


class DeadlineExtension(models.Model):
    """More time for one application (a power cut, a disaster): granted by staff, with a reason."""

    application = models.OneToOneField(
        Application, on_delete=models.CASCADE, related_name="extension", verbose_name=_("application")
    )
    closes_at = models.DateTimeField(_("new deadline"))
    reason = models.TextField(_("reason"))
    granted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    granted_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("deadline extension")
        verbose_name_plural = _("deadline extensions")

    def __str__(self):
        return str(self.application)


# --- Review --------------------------------------------------------------------------------------------


class PoolMember(models.Model):
    """A reviewer in a call's pool: who may be assigned its applications."""

    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="pool", verbose_name=_("call"))
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="review_pools", verbose_name=_("reviewer")
    )
    max_assignments = models.PositiveIntegerField(_("at most (applications)"), null=True, blank=True)
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("pool member")
        verbose_name_plural = _("reviewer pool")
        constraints = [models.UniqueConstraint(fields=["call", "reviewer"], name="unique_pool_member")]

    def __str__(self):
        return str(self.reviewer)


class DeclaredInterest(models.Model):
    """What a reviewer is tied to: never assigned an application from it (an organisation, a city, a country)."""

    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="declared_interests",
        verbose_name=_("reviewer"),
    )
    organisation = models.ForeignKey(
        ApplicantOrganisation,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("organisation"),
    )
    municipality = models.ForeignKey(
        "network.Municipality",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("municipality"),
    )
    country = CountryField(_("country"), blank=True)
    # An organisation as the reviewer names it: matched at assignment (folded: case, accents, script) to
    # applicant organisations of that name, so declaring one never tells whether it has applied.
    organisation_name = models.CharField(_("organisation (as named)"), max_length=200, blank=True)
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("declared interest")
        verbose_name_plural = _("declared interests")
        constraints = [
            models.CheckConstraint(
                name="interest_names_one_thing",
                condition=Q(organisation__isnull=False)
                | Q(municipality__isnull=False)
                | ~Q(country="")
                | ~Q(organisation_name=""),
            )
        ]

    def __str__(self):
        return str(self.organisation or self.municipality or self.organisation_name or self.country.name)


class Declaration(models.TextChoices):
    PENDING = "pending", _("Not declared yet")
    NO_CONFLICT = "no_conflict", _("No conflict of interest")
    CONFLICT = "conflict", _("Conflict of interest")


class Assignment(models.Model):
    """One reviewer asked to review one application; the review itself once they declare no conflict."""

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="assignments", verbose_name=_("application")
    )
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="review_assignments",
        verbose_name=_("reviewer"),
    )
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("assigned by"),
    )
    automatic = models.BooleanField(_("assigned automatically"), default=False)
    assigned_at = models.DateTimeField(auto_now_add=True)
    declaration = models.CharField(
        _("conflict of interest"), max_length=20, choices=Declaration.choices, default=Declaration.PENDING
    )
    declaration_note = models.TextField(_("what the conflict is"), blank=True)
    declared_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["assigned_at", "pk"]
        verbose_name = _("review assignment")
        verbose_name_plural = _("review assignments")
        constraints = [models.UniqueConstraint(fields=["application", "reviewer"], name="unique_assignment")]
        indexes = [models.Index(fields=["reviewer", "declaration"], name="assignment_reviewer")]

    def __str__(self):
        return f"{self.application} · {self.reviewer}"


class ReviewStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")


class Review(models.Model):
    assignment = models.OneToOneField(
        Assignment, on_delete=models.CASCADE, related_name="review", verbose_name=_("assignment")
    )
    status = models.CharField(_("status"), max_length=20, choices=ReviewStatus.choices, default=ReviewStatus.DRAFT)
    comment = models.TextField(_("overall comment"), blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    audit_labels = {"scores": _("scores")}

    class Meta:
        verbose_name = _("review")
        verbose_name_plural = _("reviews")

    def __str__(self):
        return str(self.assignment)


class Score(models.Model):
    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="scores", verbose_name=_("review"))
    criterion = models.ForeignKey(Criterion, on_delete=models.CASCADE, related_name="+", verbose_name=_("criterion"))
    value = models.SmallIntegerField(_("score"), null=True, blank=True)
    not_applicable = models.BooleanField(_("not applicable"), default=False)
    comment = models.TextField(_("comment"), blank=True)

    class Meta:
        verbose_name = _("score")
        verbose_name_plural = _("scores")
        constraints = [
            models.UniqueConstraint(fields=["review", "criterion"], name="one_score_per_criterion"),
            models.CheckConstraint(
                name="score_or_not_applicable", condition=Q(value__isnull=True) | Q(not_applicable=False)
            ),
        ]

    def __str__(self):
        return f"{self.criterion}: {'n/a' if self.not_applicable else self.value}"


# --- Decisions and grants ------------------------------------------------------------------------------


class Outcome(models.TextChoices):
    AWARD = "award", _("Award")
    RESERVE = "reserve", _("Reserve list")
    REJECT = "reject", _("Reject")


class Decision(models.Model):
    application = models.OneToOneField(
        Application, on_delete=models.CASCADE, related_name="decision", verbose_name=_("application")
    )
    outcome = models.CharField(_("outcome"), max_length=20, choices=Outcome.choices)
    amount = models.DecimalField(_("amount awarded"), **MONEY, null=True, blank=True)
    message = models.TextField(_("message to the applicant"), blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    decided_at = models.DateTimeField(auto_now=True)
    notified_at = models.DateTimeField(_("applicant told at"), null=True, blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")

    def __str__(self):
        return f"{self.application}: {self.get_outcome_display()}"

    def clean(self):
        if self.outcome == Outcome.AWARD and not self.amount:
            raise ValidationError({"amount": _("An award needs an amount.")})
        if self.outcome != Outcome.AWARD and self.amount:
            raise ValidationError({"amount": _("Only an award has an amount.")})


class Award(models.Model):
    """A published award: what the hub announces. It may stand without an application record
    (the 2018 call's winner is known from the sources, its application is not)."""

    call = models.ForeignKey(Call, on_delete=models.PROTECT, related_name="awards", verbose_name=_("call"))
    application = models.OneToOneField(
        Application,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="award",
        verbose_name=_("application"),
    )
    slug = models.SlugField(_("slug"), max_length=160, unique=True)
    recipient_name = models.CharField(_("recipient"), max_length=200)
    recipient = models.ForeignKey(
        "network.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="grant_awards",
        verbose_name=_("registry organisation"),
    )
    partner_municipality = models.ForeignKey(
        "network.Municipality",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="grant_awards",
        verbose_name=_("partner municipality"),
    )
    amount = models.DecimalField(_("amount"), **MONEY, null=True, blank=True)
    project_title = models.CharField(_("project"), max_length=200, blank=True)
    summary = models.TextField(_("announcement"), blank=True)
    announced_on = models.DateField(_("announced on"), null=True, blank=True)
    announced_year = models.PositiveSmallIntegerField(_("announced in (year)"))
    source = models.CharField(_("source"), max_length=300, blank=True)

    class Meta:
        ordering = ["-announced_year", "recipient_name"]
        verbose_name = _("award")
        verbose_name_plural = _("awards")

    def __str__(self):
        return f"{self.recipient_name} · {self.call}"


class Grant(ClusterableModel):
    """The grant that follows an award: the agreement, its tranches, milestones and reports."""

    application = models.OneToOneField(
        Application, on_delete=models.PROTECT, related_name="grant", verbose_name=_("application")
    )
    amount = models.DecimalField(_("amount"), **MONEY)
    agreement_signed_on = models.DateField(_("agreement signed on"), null=True, blank=True)
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    version = models.PositiveIntegerField(default=1, editable=False)

    audit_labels = {"tranches": _("payment tranches"), "reports": _("reports")}

    class Meta:
        verbose_name = _("grant")
        verbose_name_plural = _("grants")

    def __str__(self):
        return str(self.application)

    def clean(self):
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": _("A grant cannot end before it starts.")})


class Tranche(models.Model):
    grant = ParentalKey(Grant, on_delete=models.CASCADE, related_name="tranches", verbose_name=_("grant"))
    due_on = models.DateField(_("due on"))
    amount = models.DecimalField(_("amount"), **MONEY, validators=[MinValueValidator(0)])
    paid_on = models.DateField(_("paid on"), null=True, blank=True)

    class Meta:
        ordering = ["due_on", "pk"]
        verbose_name = _("payment tranche")
        verbose_name_plural = _("payment tranches")

    def __str__(self):
        return f"{self.due_on}: {self.amount}"


class ReportKind(models.TextChoices):
    NARRATIVE = "narrative", _("Narrative report")
    FINANCIAL = "financial", _("Financial report")
    MILESTONE = "milestone", _("Milestone")


class ReportStatus(models.TextChoices):
    DUE = "due", _("Due")
    SUBMITTED = "submitted", _("Submitted")
    APPROVED = "approved", _("Approved")
    RETURNED = "returned", _("Returned for changes")


def report_path(instance, filename):
    return f"grants/reports/{instance.grant_id}/{uuid.uuid4().hex}"


class GrantReport(models.Model):
    """A milestone or report the grantee owes, with its due date; uploaded by them, approved or returned by staff."""

    grant = ParentalKey(Grant, on_delete=models.CASCADE, related_name="reports", verbose_name=_("grant"))
    kind = models.CharField(_("kind"), max_length=20, choices=ReportKind.choices)
    title = models.CharField(_("title"), max_length=200)
    due_on = models.DateField(_("due on"))
    status = models.CharField(_("status"), max_length=20, choices=ReportStatus.choices, default=ReportStatus.DUE)
    file = models.FileField(_("file"), upload_to=report_path, storage=private_storage, max_length=200, blank=True)
    original_name = models.CharField(_("file name"), max_length=200, blank=True)
    content_type = models.CharField(_("content type"), max_length=100, blank=True)
    text = models.TextField(_("report"), blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    staff_comment = models.TextField(_("staff comment"), blank=True)
    reminded_at = models.DateTimeField(null=True, blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        ordering = ["due_on", "pk"]
        verbose_name = _("grant report")
        verbose_name_plural = _("grant reports")

    def __str__(self):
        return self.title

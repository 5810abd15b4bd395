"""Advisory work with cities: engagements and visits, meetings and the stakeholder map, needs and capacity
assessments, local action plans and their follow-up.

The seed is the model: after the engagement and training phase, the network's team held city-specific
consultations in Kosovo and Macedonia on 17–20 September 2018 (the mayors of Prizren and Čair, the
national counter-terrorism and P/CVE coordinators, ICITAP, Democracy Lab, the "Konika" institute, CIVIL,
OSCE, Search for Common Ground), to understand local contexts, map existing and planned programmes and
find the gaps in local capacity. citynet keeps that work's memory, so the next visit starts where the
last one ended.

Confidential by default: meeting notes, assessments and draft plans are for the region's staff and the
city's own focal point (for their city) only (permissions.py). The public sees only what staff publish:
that a consultation took place, where, when, with whom by kind, and its approved public summary; and a
plan's public summary and progress where the city agreed to share it.

Translated fields (titles, public summaries, the capacity areas' names) get a column per language from
modeltranslation (translation.py). Records edited by two people at once carry a `version` (optimistic
locking, as in the registry).
"""

import zoneinfo

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from modelcluster.models import ClusterableModel

from citynet.grants.models import time_zone_choices
from citynet.network.models import DatePrecision

# --- Engagements ---------------------------------------------------------------------------------------


class Phase(models.TextChoices):
    SCOPING = "scoping", _("Scoping")
    ASSESSMENT = "assessment", _("Assessment")
    ACTION_PLANNING = "action_planning", _("Action planning")
    IMPLEMENTATION = "implementation", _("Implementation support")
    REVIEW = "review", _("Review")


class EngagementStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    ACTIVE = "active", _("Active")
    COMPLETED = "completed", _("Completed")
    CANCELLED = "cancelled", _("Cancelled")


class Engagement(ClusterableModel):
    """The network's advisory work with one or more municipalities of a region, over months or years."""

    region = models.ForeignKey(
        "network.Region", on_delete=models.PROTECT, related_name="engagements", verbose_name=_("region")
    )
    title = models.CharField(_("title"), max_length=200)
    purpose = models.TextField(_("purpose"), blank=True)
    municipalities = ParentalManyToManyField(
        "network.Municipality", related_name="engagements", verbose_name=_("municipalities")
    )
    phase = models.CharField(_("phase"), max_length=20, choices=Phase.choices, default=Phase.SCOPING)
    status = models.CharField(
        _("status"), max_length=20, choices=EngagementStatus.choices, default=EngagementStatus.PLANNED
    )
    lead_staff = ParentalManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="led_engagements", verbose_name=_("lead staff")
    )
    starts_on = models.DateField(_("start"))
    ends_on = models.DateField(_("end"), null=True, blank=True)
    date_precision = models.CharField(
        _("dates known to the"), max_length=5, choices=DatePrecision.choices, default=DatePrecision.DAY
    )
    is_demo = models.BooleanField(
        _("demo"), default=False, help_text=_("Plainly marked demo content, not a real engagement.")
    )
    source = models.CharField(_("source"), max_length=300, blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-starts_on", "pk"]
        verbose_name = _("advisory engagement")
        verbose_name_plural = _("advisory engagements")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=models.F("starts_on")),
                name="engagement_ends_after_it_starts",
            )
        ]

    def __str__(self):
        return self.title


# --- Visits and meetings -------------------------------------------------------------------------------


class VisitStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    HELD = "held", _("Held")
    CANCELLED = "cancelled", _("Cancelled")


class Visit(ClusterableModel):
    """A visit of the network's team to one or more places: its dates on the local calendar, the team,
    an agenda, and meetings. Published on the hub (as a consultation) only once staff approve its
    public summary."""

    engagement = models.ForeignKey(
        Engagement, on_delete=models.CASCADE, related_name="visits", verbose_name=_("engagement")
    )
    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    title = models.CharField(_("title"), max_length=200)
    status = models.CharField(_("status"), max_length=20, choices=VisitStatus.choices, default=VisitStatus.PLANNED)
    starts_on = models.DateField(_("first day"))
    ends_on = models.DateField(_("last day"))
    time_zone = models.CharField(_("time zone"), max_length=64, choices=time_zone_choices, default="Europe/Belgrade")
    places = models.CharField(_("places"), max_length=300, blank=True, help_text=_("Cities and countries visited."))
    municipalities = ParentalManyToManyField(
        "network.Municipality", blank=True, related_name="advisory_visits", verbose_name=_("municipalities visited")
    )
    countries = models.JSONField(_("countries visited"), default=list, blank=True)  # ISO codes ("XK", "MK")
    team = ParentalManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="advisory_visits", verbose_name=_("team")
    )
    team_note = models.CharField(
        _("team (as published)"), max_length=300, blank=True, help_text=_("E.g. “the network's team”.")
    )
    agenda = models.TextField(_("agenda"), blank=True)
    public_summary = models.TextField(_("public summary"), blank=True)
    is_published = models.BooleanField(_("published on the hub"), default=False, editable=False)
    published_at = models.DateTimeField(null=True, blank=True, editable=False)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, editable=False, related_name="+"
    )
    is_demo = models.BooleanField(_("demo"), default=False)
    source = models.CharField(_("source"), max_length=300, blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-starts_on", "pk"]
        verbose_name = _("visit")
        verbose_name_plural = _("visits")
        indexes = [models.Index(fields=["is_published", "starts_on"], name="visit_published_starts")]
        constraints = [
            models.CheckConstraint(condition=Q(ends_on__gte=models.F("starts_on")), name="visit_ends_after_it_starts")
        ]

    def __str__(self):
        return self.title

    @property
    def zone(self) -> zoneinfo.ZoneInfo:
        return zoneinfo.ZoneInfo(self.time_zone)


class MeetingKind(models.TextChoices):
    MAYOR = "mayor", _("Mayor")
    NATIONAL_COORDINATOR = "national_coordinator", _("National coordinator")
    PRACTITIONERS = "practitioners", _("Practitioners")
    CIVIL_SOCIETY = "civil_society", _("Civil society")
    INTERNATIONAL = "international", _("International organisation")
    DONORS = "donors", _("Donors")
    OTHER = "other", _("Other")


class Meeting(models.Model):
    """One meeting within a visit, with its counterpart: a person from the registry or an organisation
    (or, where the sources name neither, a described counterpart such as "the national P/CVE
    coordinator of Kosovo"). Its notes are confidential (staff only); its public summary is shown with
    the visit once published, if staff marked it public."""

    visit = ParentalKey(Visit, on_delete=models.CASCADE, related_name="meetings", verbose_name=_("visit"))
    held_on = models.DateField(_("day"), null=True, blank=True)
    kind = models.CharField(_("kind"), max_length=30, choices=MeetingKind.choices)
    municipality = models.ForeignKey(
        "network.Municipality",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="advisory_meetings",
        verbose_name=_("municipality"),
    )
    country = models.CharField(_("country"), max_length=2, blank=True)  # ISO code, for national counterparts
    person = models.ForeignKey(
        "network.Person", on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("person")
    )
    organisation = models.ForeignKey(
        "network.Organisation",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="advisory_meetings",
        verbose_name=_("organisation"),
    )
    counterpart = models.CharField(
        _("counterpart (described)"),
        max_length=200,
        blank=True,
        help_text=_("Who was met, where the registry has no record: e.g. “National P/CVE coordinator”."),
    )
    topics = ParentalManyToManyField("network.Topic", blank=True, related_name="+", verbose_name=_("topics"))
    notes = models.TextField(_("confidential notes"), blank=True, help_text=_("Staff only; never published."))
    public_summary = models.TextField(_("public summary"), blank=True)
    is_public = models.BooleanField(_("shown with the published visit"), default=True)
    sort_order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["sort_order", "held_on", "pk"]
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        indexes = [models.Index(fields=["municipality", "visit"], name="meeting_city_visit")]

    def __str__(self):
        return f"{self.get_kind_display()} · {self.counterpart or self.organisation or self.person or ''}".strip(" ·")

    def clean(self):
        if not (self.person_id or self.organisation_id or self.counterpart.strip()):
            raise ValidationError(_("Say who was met: a person, an organisation or a described counterpart."))


# --- The stakeholder map --------------------------------------------------------------------------------


class ProjectStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    CURRENT = "current", _("Current")
    FINISHED = "finished", _("Finished")


class Project(models.Model):
    """Who works on what, where: an organisation's current or planned project on some topics, in a
    municipality or a whole country, with its funder and period; built up from meetings and editable."""

    organisation = models.ForeignKey(
        "network.Organisation", on_delete=models.CASCADE, related_name="projects", verbose_name=_("organisation")
    )
    title = models.CharField(_("title"), max_length=200)
    municipality = models.ForeignKey(
        "network.Municipality",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="projects",
        verbose_name=_("municipality"),
    )
    country = models.ForeignKey(
        "network.Country", on_delete=models.PROTECT, related_name="projects", verbose_name=_("country")
    )
    topics = models.ManyToManyField("network.Topic", blank=True, related_name="projects", verbose_name=_("topics"))
    funder = models.ForeignKey(
        "network.Organisation",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="funded_projects",
        verbose_name=_("funder"),
    )
    status = models.CharField(_("status"), max_length=20, choices=ProjectStatus.choices, default=ProjectStatus.CURRENT)
    starts_on = models.DateField(_("start"), null=True, blank=True)
    ends_on = models.DateField(_("end"), null=True, blank=True)
    date_precision = models.CharField(
        _("dates known to the"), max_length=5, choices=DatePrecision.choices, default=DatePrecision.YEAR
    )
    learned_at = models.ForeignKey(
        Meeting,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="projects",
        verbose_name=_("learned at meeting"),
    )
    note = models.TextField(_("note"), blank=True)
    is_demo = models.BooleanField(_("demo"), default=False)
    version = models.PositiveIntegerField(default=1, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["organisation__name", "title", "pk"]
        verbose_name = _("project")
        verbose_name_plural = _("projects")
        indexes = [models.Index(fields=["country", "status"], name="project_country_status")]

    def __str__(self):
        return self.title


# --- Needs and capacity assessments --------------------------------------------------------------------


class Framework(ClusterableModel):
    """A versioned assessment questionnaire: its capacity areas, each scored on the same scale. A new
    version is a new framework; an assessment keeps the version it was made with, and two assessments
    compare area by area on the areas' codes."""

    name = models.CharField(_("name"), max_length=200)
    edition = models.PositiveSmallIntegerField(_("edition"), default=1)
    scale_min = models.PositiveSmallIntegerField(_("lowest score"), default=0)
    scale_max = models.PositiveSmallIntegerField(_("highest score"), default=4)
    scale_labels = models.JSONField(
        _("what each score means"),
        default=dict,
        blank=True,
        help_text=_('One label per score, in English: {"0": "absent", ...}.'),
    )
    is_current = models.BooleanField(_("used for new assessments"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name", "-edition"]
        verbose_name = _("assessment framework")
        verbose_name_plural = _("assessment frameworks")
        constraints = [
            models.UniqueConstraint(fields=["name", "edition"], name="one_framework_per_edition"),
            models.CheckConstraint(condition=Q(scale_max__gt=models.F("scale_min")), name="framework_scale_grows"),
        ]

    def __str__(self):
        return f"{self.name} (v{self.edition})"


class CapacityArea(models.Model):
    """One area of a framework (coordination structures, risk assessment, referral mechanisms, ...)."""

    framework = ParentalKey(Framework, on_delete=models.CASCADE, related_name="areas", verbose_name=_("framework"))
    code = models.SlugField(_("code"), max_length=60)
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("what is assessed"), blank=True)
    topic = models.ForeignKey(
        "network.Topic", on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("topic")
    )
    sort_order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["sort_order", "pk"]
        verbose_name = _("capacity area")
        verbose_name_plural = _("capacity areas")
        constraints = [models.UniqueConstraint(fields=["framework", "code"], name="one_area_code_per_framework")]

    def __str__(self):
        return self.name


class AssessmentKind(models.TextChoices):
    BASELINE = "baseline", _("Baseline")
    REASSESSMENT = "reassessment", _("Reassessment")


class AssessmentStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    FINAL = "final", _("Final")


class Assessment(ClusterableModel):
    """A municipality's needs and capacity assessment, filled by staff with the city's focal point:
    a score per area with evidence and a comment. Confidential (staff of the region, the city's focal
    point)."""

    municipality = models.ForeignKey(
        "network.Municipality", on_delete=models.CASCADE, related_name="assessments", verbose_name=_("municipality")
    )
    framework = models.ForeignKey(
        Framework, on_delete=models.PROTECT, related_name="assessments", verbose_name=_("framework")
    )
    engagement = models.ForeignKey(
        Engagement,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="assessments",
        verbose_name=_("engagement"),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=AssessmentKind.choices, default=AssessmentKind.BASELINE)
    status = models.CharField(
        _("status"), max_length=10, choices=AssessmentStatus.choices, default=AssessmentStatus.DRAFT
    )
    conducted_on = models.DateField(_("conducted on"))
    conducted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("conducted by"),
    )
    with_focal_point = models.ForeignKey(
        "network.Person",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("with the city's focal point"),
    )
    summary = models.TextField(_("summary"), blank=True)
    is_demo = models.BooleanField(_("demo"), default=False)
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["municipality", "-conducted_on", "-pk"]
        verbose_name = _("assessment")
        verbose_name_plural = _("assessments")
        indexes = [models.Index(fields=["municipality", "status", "conducted_on"], name="assessment_city_status")]

    def __str__(self):
        return f"{self.municipality} · {self.get_kind_display()} · {self.conducted_on:%Y-%m-%d}"


class Score(models.Model):
    """An area's score in an assessment, with the evidence behind it and a comment."""

    assessment = ParentalKey(Assessment, on_delete=models.CASCADE, related_name="scores", verbose_name=_("assessment"))
    area = models.ForeignKey(CapacityArea, on_delete=models.PROTECT, related_name="scores", verbose_name=_("area"))
    score = models.PositiveSmallIntegerField(_("score"), validators=[MaxValueValidator(100)])
    evidence = models.TextField(_("evidence"), blank=True)
    comment = models.TextField(_("comment"), blank=True)

    class Meta:
        ordering = ["area__sort_order", "pk"]
        verbose_name = _("score")
        verbose_name_plural = _("scores")
        constraints = [models.UniqueConstraint(fields=["assessment", "area"], name="one_score_per_area")]

    def __str__(self):
        return f"{self.area}: {self.score}"


# --- Local action plans -----------------------------------------------------------------------------------


class PlanStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    ADOPTED = "adopted", _("Adopted")
    CLOSED = "closed", _("Closed")


class Plan(ClusterableModel):
    """A city's local action plan: goals and actions with owners, timelines, indicators, budget and
    funding, linked to the assessment areas they address and to the events and grants that support
    them. Confidential while a draft; its public summary and progress are shown on the hub only where
    the city agreed (`share_publicly`)."""

    municipality = models.ForeignKey(
        "network.Municipality", on_delete=models.CASCADE, related_name="action_plans", verbose_name=_("municipality")
    )
    engagement = models.ForeignKey(
        Engagement,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="plans",
        verbose_name=_("engagement"),
    )
    baseline = models.ForeignKey(
        Assessment,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="plans",
        verbose_name=_("assessment it answers"),
    )
    title = models.CharField(_("title"), max_length=200)
    status = models.CharField(_("status"), max_length=10, choices=PlanStatus.choices, default=PlanStatus.DRAFT)
    starts_on = models.DateField(_("period from"))
    ends_on = models.DateField(_("period until"))
    language = models.CharField(_("the city's language"), max_length=10, choices=settings.LANGUAGES, default="en")
    budget = models.DecimalField(_("total budget"), max_digits=12, decimal_places=2, null=True, blank=True)
    currency = models.CharField(_("currency"), max_length=3, default="EUR")
    funding_sources = models.TextField(_("funding sources"), blank=True)
    public_summary = models.TextField(_("public summary"), blank=True)
    share_publicly = models.BooleanField(_("the city agrees to publish the summary and progress"), default=False)
    number = models.PositiveSmallIntegerField(_("plan version"), default=1, editable=False)
    is_demo = models.BooleanField(_("demo"), default=False)
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["municipality", "-starts_on", "pk"]
        verbose_name = _("local action plan")
        verbose_name_plural = _("local action plans")
        constraints = [
            models.CheckConstraint(condition=Q(ends_on__gte=models.F("starts_on")), name="plan_ends_after_it_starts")
        ]

    def __str__(self):
        return self.title


class Goal(models.Model):
    plan = ParentalKey(Plan, on_delete=models.CASCADE, related_name="goals", verbose_name=_("plan"))
    text = models.CharField(_("goal"), max_length=300)
    sort_order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["sort_order", "pk"]
        verbose_name = _("goal")
        verbose_name_plural = _("goals")

    def __str__(self):
        return self.text


class ActionStatus(models.TextChoices):
    NOT_STARTED = "not_started", _("Not started")
    IN_PROGRESS = "in_progress", _("In progress")
    DONE = "done", _("Done")
    DELAYED = "delayed", _("Delayed")
    DROPPED = "dropped", _("Dropped")


OPEN_ACTION = [ActionStatus.NOT_STARTED, ActionStatus.IN_PROGRESS, ActionStatus.DELAYED]


class Action(ClusterableModel):
    """One action of a plan: who owns it (a municipal department or a partner organisation), when it
    is due, its budget, the assessment areas it addresses and the events and grants that support it.
    Its status and percent are those of its last accepted progress update."""

    plan = ParentalKey(Plan, on_delete=models.CASCADE, related_name="actions", verbose_name=_("plan"))
    goal = models.ForeignKey(
        Goal, on_delete=models.SET_NULL, null=True, blank=True, related_name="actions", verbose_name=_("goal")
    )
    title = models.CharField(_("action"), max_length=300)
    owner_department = models.CharField(_("owner: municipal department"), max_length=200, blank=True)
    owner_organisation = models.ForeignKey(
        "network.Organisation",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("owner: partner organisation"),
    )
    starts_on = models.DateField(_("start"), null=True, blank=True)
    due_on = models.DateField(_("due"))
    status = models.CharField(
        _("status"), max_length=20, choices=ActionStatus.choices, default=ActionStatus.NOT_STARTED
    )
    percent = models.PositiveSmallIntegerField(
        _("percent done"), default=0, validators=[MinValueValidator(0), MaxValueValidator(100)]
    )
    budget = models.DecimalField(_("budget"), max_digits=12, decimal_places=2, null=True, blank=True)
    funding_source = models.CharField(_("funding source"), max_length=200, blank=True)
    areas = ParentalManyToManyField(CapacityArea, blank=True, related_name="actions", verbose_name=_("areas addressed"))
    events = ParentalManyToManyField(
        "events.Event", blank=True, related_name="plan_actions", verbose_name=_("supporting events")
    )
    awards = ParentalManyToManyField(
        "grants.Award", blank=True, related_name="plan_actions", verbose_name=_("supporting grants")
    )
    reminded_for = models.DateField(null=True, blank=True, editable=False)  # the due date last reminded of
    sort_order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["sort_order", "due_on", "pk"]
        verbose_name = _("action")
        verbose_name_plural = _("actions")
        indexes = [models.Index(fields=["status", "due_on"], name="action_status_due")]

    def __str__(self):
        return self.title


class Indicator(models.Model):
    """How an action's result is measured: a baseline and a target, in a unit."""

    action = ParentalKey(Action, on_delete=models.CASCADE, related_name="indicators", verbose_name=_("action"))
    name = models.CharField(_("indicator"), max_length=200)
    unit = models.CharField(_("unit"), max_length=40, blank=True)
    baseline = models.DecimalField(_("baseline"), max_digits=12, decimal_places=2, null=True, blank=True)
    target = models.DecimalField(_("target"), max_digits=12, decimal_places=2, null=True, blank=True)
    current = models.DecimalField(_("current value"), max_digits=12, decimal_places=2, null=True, blank=True)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")

    def __str__(self):
        return self.name


class ReviewState(models.TextChoices):
    PENDING = "pending", _("Awaiting review")
    ACCEPTED = "accepted", _("Accepted")
    RETURNED = "returned", _("Returned for changes")


class ProgressUpdate(models.Model):
    """The focal point's report on an action (status, percent, evidence, date), reviewed by staff: an
    accepted update sets the action's status and percent."""

    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="updates", verbose_name=_("action"))
    status = models.CharField(_("status"), max_length=20, choices=ActionStatus.choices)
    percent = models.PositiveSmallIntegerField(
        _("percent done"), validators=[MinValueValidator(0), MaxValueValidator(100)]
    )
    evidence = models.TextField(_("evidence"), blank=True)
    reported_on = models.DateField(_("as of"))
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("reported by")
    )
    review = models.CharField(_("review"), max_length=10, choices=ReviewState.choices, default=ReviewState.PENDING)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    review_note = models.TextField(_("review note"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-reported_on", "-pk"]
        verbose_name = _("progress update")
        verbose_name_plural = _("progress updates")
        indexes = [models.Index(fields=["review", "created_at"], name="update_review_created")]

    def __str__(self):
        return f"{self.action} · {self.percent} %"


class PlanVersion(models.Model):
    """A plan as it stood when adopted (or re-adopted): goals, actions, indicators, as a snapshot, so
    later changes never rewrite what was agreed."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="versions", verbose_name=_("plan"))
    number = models.PositiveSmallIntegerField(_("version"))
    snapshot = models.JSONField(_("snapshot"))
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")

    class Meta:
        ordering = ["plan", "-number"]
        verbose_name = _("plan version")
        verbose_name_plural = _("plan versions")
        constraints = [models.UniqueConstraint(fields=["plan", "number"], name="one_plan_version_number")]

    def __str__(self):
        return f"{self.plan} · v{self.number}"

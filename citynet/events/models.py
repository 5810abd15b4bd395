"""Events: trainings, workshops, summits, online sessions and study visits, from invitation to attendance,
evaluation and report.

The programme the seed describes is the model: three training meetings in 2017 (Kosovo, Albania,
Montenegro, known only to the year), the two-day regional practitioner workshop in Durrës on 12–13
September 2017, the network's International Summit. An event belongs to a region (or to the whole
network), is hosted by a municipality or held online, and has a programme of sessions with speakers.

People take part through a `Participation`: one person at one event, from a municipality or an
organisation. Its status says whether it holds a seat: only `offered` (a seat held while the person
confirms) and `confirmed` do; a request awaiting approval never blocks one, and the waiting list is
ordered by when each person joined it. The seat rules (capacity, per-city quotas and their release
date, promotion from the waiting list, offers that lapse) are in services/seats.py; every change to
seats locks the event's row, so two people can never take the last seat at once.

Translated fields (titles, summaries, venues) get a column per language from modeltranslation
(translation.py). Personal data (participants' names, emails, needs) is for organisers only.
"""

import datetime
import uuid
import zoneinfo

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from modelcluster.models import ClusterableModel

from citynet.grants.models import private_storage, time_zone_choices
from citynet.network.models import DatePrecision


class EventKind(models.TextChoices):
    TRAINING = "training", _("Training")
    WORKSHOP = "workshop", _("Workshop")
    SUMMIT = "summit", _("Summit")
    ONLINE_SESSION = "online_session", _("Online session")
    STUDY_VISIT = "study_visit", _("Study visit")


class EventStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")
    CANCELLED = "cancelled", _("Cancelled")


class RegistrationMode(models.TextChoices):
    NONE = "none", _("No registration on this site")
    INVITATION = "invitation", _("Invitation only")
    APPROVAL = "approval", _("Open, with approval")
    OPEN = "open", _("Open")


class Event(ClusterableModel):
    region = models.ForeignKey(
        "network.Region",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="events",
        verbose_name=_("region"),
        help_text=_("Empty: a network-wide event (the International Summit)."),
    )
    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=EventKind.choices, default=EventKind.TRAINING)
    status = models.CharField(_("status"), max_length=20, choices=EventStatus.choices, default=EventStatus.DRAFT)
    is_demo = models.BooleanField(
        _("demo event"), default=False, help_text=_("Shown with a plain “demo” label: not a real event.")
    )
    title = models.CharField(_("title"), max_length=200)
    summary = models.TextField(_("summary"), blank=True, help_text=_("One or two sentences for lists and feeds."))
    description = models.TextField(_("description"), blank=True)
    topics = ParentalManyToManyField("network.Topic", blank=True, related_name="events", verbose_name=_("topics"))

    # Where and when. Dates are the event's own (local) dates; a source may know only the month or year.
    host_municipality = models.ForeignKey(
        "network.Municipality",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="hosted_events",
        verbose_name=_("host municipality"),
    )
    country = CountryField(
        _("country"), blank=True, help_text=_("Where it took place when the host city is not known (or not a member).")
    )
    venue = models.CharField(_("venue"), max_length=200, blank=True)
    online_url = models.URLField(_("online link"), blank=True)
    time_zone = models.CharField(_("time zone"), max_length=64, default="Europe/Tirane", choices=time_zone_choices)
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    date_precision = models.CharField(
        _("dates known to the"), max_length=5, choices=DatePrecision.choices, default=DatePrecision.DAY
    )

    organisers = ParentalManyToManyField(
        "network.Organisation", blank=True, related_name="organised_events", verbose_name=_("organisers")
    )
    partners = ParentalManyToManyField(
        "network.Organisation", blank=True, related_name="partnered_events", verbose_name=_("partner organisations")
    )
    working_languages = models.JSONField(
        _("working languages"), default=list, blank=True, help_text=_("Language codes, e.g. sq, mk, en.")
    )
    interpretation = models.CharField(
        _("interpretation"), max_length=200, blank=True, help_text=_("e.g. Albanian ↔ Macedonian ↔ English")
    )

    # Registration and seats (services/seats.py applies these).
    registration_mode = models.CharField(
        _("registration"), max_length=20, choices=RegistrationMode.choices, default=RegistrationMode.NONE
    )
    registration_opens_at = models.DateTimeField(_("registration opens at"), null=True, blank=True)
    registration_closes_at = models.DateTimeField(_("registration closes at"), null=True, blank=True)
    capacity = models.PositiveIntegerField(_("seats"), null=True, blank=True, help_text=_("Empty: no limit."))
    seats_per_city = models.PositiveSmallIntegerField(
        _("seats per city"),
        null=True,
        blank=True,
        help_text=_("A quota for each municipality (e.g. two delegates per member city). Empty: no quota."),
    )
    quota_release_on = models.DateField(
        _("unused city seats return to the shared pool on"),
        null=True,
        blank=True,
        help_text=_("From this day, seats the cities have not taken are open to anyone on the waiting list."),
    )
    requires_confirmation = models.BooleanField(
        _("a place offered from the waiting list must be confirmed"),
        default=False,
    )
    offer_hours = models.PositiveSmallIntegerField(
        _("hours to confirm an offered place"), default=48, validators=[MinValueValidator(1)]
    )
    city_approval = models.BooleanField(_("the city's focal point approves its people's registrations"), default=False)

    # What the sources report where the records themselves are not kept (the seed's 2017 workshop).
    reported_participants = models.PositiveIntegerField(_("participants (reported)"), null=True, blank=True)
    reported_cities = models.PositiveIntegerField(_("cities (reported)"), null=True, blank=True)
    reported_countries = models.PositiveSmallIntegerField(_("countries (reported)"), null=True, blank=True)
    reported_source = models.CharField(_("source of the reported figures"), max_length=300, blank=True)

    takeaways = models.TextField(_("key takeaways"), blank=True)

    search_text = models.TextField(editable=False, blank=True, default="")
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    audit_labels = {"sessions": _("programme"), "speakers": _("speakers")}

    class Meta:
        ordering = ["-starts_on", "pk"]
        verbose_name = _("event")
        verbose_name_plural = _("events")
        indexes = [
            models.Index(fields=["status", "starts_on"], name="event_status_starts"),
            models.Index(fields=["region", "status", "starts_on"], name="event_region_status_starts"),
        ]

    def __str__(self):
        return self.title

    @property
    def zone(self) -> zoneinfo.ZoneInfo:
        return zoneinfo.ZoneInfo(self.time_zone)

    @property
    def is_published(self) -> bool:
        return self.status != EventStatus.DRAFT

    def has_ended(self, today: datetime.date | None = None) -> bool:
        """Over, on the event's own calendar (a date known only to the year ends with its year)."""
        today = today or timezone.now().astimezone(self.zone).date()
        return self.last_day() < today

    def last_day(self) -> datetime.date:
        if self.date_precision == DatePrecision.YEAR:
            return datetime.date(self.ends_on.year, 12, 31)
        if self.date_precision == DatePrecision.MONTH:
            following = (self.ends_on.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)
            return following - datetime.timedelta(days=1)
        return self.ends_on

    def days(self) -> list[datetime.date]:
        """The event's days, for attendance: known only when its dates are known to the day."""
        if self.date_precision != DatePrecision.DAY:
            return []
        count = (self.ends_on - self.starts_on).days + 1
        return [self.starts_on + datetime.timedelta(days=n) for n in range(max(count, 0))]

    def registration_is_open(self, at: datetime.datetime | None = None) -> bool:
        """People may ask for a place now: published, a registration mode, within its window, not over."""
        at = at or timezone.now()
        if self.status != EventStatus.PUBLISHED or self.registration_mode == RegistrationMode.NONE:
            return False
        if self.registration_opens_at and at < self.registration_opens_at:
            return False
        if self.registration_closes_at and at >= self.registration_closes_at:
            return False
        return not self.has_ended(at.astimezone(self.zone).date())

    def quotas_apply(self, today: datetime.date | None = None) -> bool:
        """Per-city quotas bind until the organisers' release date (from that day all seats are shared)."""
        if not self.seats_per_city:
            return False
        today = today or timezone.now().astimezone(self.zone).date()
        return self.quota_release_on is None or today < self.quota_release_on

    def clean(self):
        errors = {}
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            errors["ends_on"] = _("An event cannot end before it starts.")
        if (
            self.registration_opens_at
            and self.registration_closes_at
            and self.registration_closes_at <= self.registration_opens_at
        ):
            errors["registration_closes_at"] = _("Registration must close after it opens.")
        if self.capacity is not None and self.seats_per_city and self.seats_per_city > self.capacity:
            errors["seats_per_city"] = _("A city's quota cannot be larger than the event's seats.")
        if (
            self.kind != EventKind.ONLINE_SESSION
            and self.host_municipality_id
            and self.country
            and self.host_municipality.country.code != self.country
        ):
            errors["country"] = _("The host municipality is in another country.")
        if self.registration_mode != RegistrationMode.NONE and self.date_precision != DatePrecision.DAY:
            errors["registration_mode"] = _("People can register only for an event whose dates are known to the day.")
        unknown = [code for code in self.working_languages or [] if not isinstance(code, str) or len(code) > 10]
        if unknown:
            errors["working_languages"] = _("Give each working language as its code, e.g. sq or mk.")
        if errors:
            raise ValidationError(errors)


class SessionKind(models.TextChoices):
    OPENING = "opening", _("Opening")
    PLENARY = "plenary", _("Plenary")
    TRAINING = "training", _("Training")
    BREAKOUT = "breakout", _("Breakout")
    CLOSING = "closing", _("Closing")


class Session(models.Model):
    """One item of an event's programme, at times typed on the event's own clock."""

    event = ParentalKey(Event, on_delete=models.CASCADE, related_name="sessions", verbose_name=_("event"))
    title = models.CharField(_("title"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=SessionKind.choices, default=SessionKind.PLENARY)
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    room = models.CharField(_("room"), max_length=120, blank=True)
    description = models.TextField(_("description"), blank=True)

    class Meta:
        ordering = ["starts_at", "pk"]
        verbose_name = _("session")
        verbose_name_plural = _("sessions")

    def __str__(self):
        return self.title

    def clean(self):
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            raise ValidationError({"ends_at": _("A session must end after it starts.")})


class Speaker(models.Model):
    """Someone who speaks at an event: a person from the registry, or a guest named here.

    A speaker's name is public only when they chose to be listed (`listed_publicly`).
    """

    event = ParentalKey(Event, on_delete=models.CASCADE, related_name="speakers", verbose_name=_("event"))
    session = models.ForeignKey(
        Session,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="speakers",
        verbose_name=_("session"),
        help_text=_("Save the programme first, then pick the session."),
    )
    person = models.ForeignKey(
        "network.Person",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="talks",
        verbose_name=_("person"),
    )
    guest_name = models.CharField(_("guest's name"), max_length=200, blank=True)
    affiliation = models.CharField(_("affiliation"), max_length=200, blank=True)
    listed_publicly = models.BooleanField(_("agreed to be listed on the public page"), default=False)
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["sort_order", "pk"]
        verbose_name = _("speaker")
        verbose_name_plural = _("speakers")

    def __str__(self):
        return self.name

    @property
    def name(self) -> str:
        return self.person.name if self.person_id else self.guest_name

    def clean(self):
        if bool(self.person_id) == bool(self.guest_name.strip()):
            raise ValidationError({"guest_name": _("Choose a person from the registry or name a guest (one of them).")})
        if self.session_id and self.event_id and self.session.event_id != self.event_id:
            raise ValidationError({"session": _("This session belongs to another event.")})


class DocumentKind(models.TextChoices):
    AGENDA = "agenda", _("Agenda")
    REPORT = "report", _("Report")
    PHOTO = "photo", _("Photo")
    PRESENTATION = "presentation", _("Presentation")
    OTHER = "other", _("Other")


class EventDocument(models.Model):
    """A report, agenda or photo of an event, kept in private storage and served by a view that checks."""

    event = ParentalKey(Event, on_delete=models.CASCADE, related_name="documents", verbose_name=_("event"))
    kind = models.CharField(_("kind"), max_length=20, choices=DocumentKind.choices, default=DocumentKind.REPORT)
    title = models.CharField(_("title"), max_length=200)
    file = models.FileField(_("file"), upload_to="events/%Y/", storage=private_storage, max_length=300)
    is_public = models.BooleanField(_("public"), default=True, help_text=_("Untick for organisers only."))
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["sort_order", "pk"]
        verbose_name = _("document")
        verbose_name_plural = _("documents")

    def __str__(self):
        return self.title


class Commitment(models.Model):
    """A follow-up commitment a city made at an event (a local action plan by spring, say)."""

    event = ParentalKey(Event, on_delete=models.CASCADE, related_name="commitments", verbose_name=_("event"))
    municipality = models.ForeignKey(
        "network.Municipality",
        on_delete=models.CASCADE,
        related_name="event_commitments",
        verbose_name=_("municipality"),
    )
    text = models.TextField(_("commitment"))
    due_on = models.DateField(_("due on"), null=True, blank=True)
    is_public = models.BooleanField(_("public"), default=True)

    class Meta:
        ordering = ["municipality__name", "pk"]
        verbose_name = _("follow-up commitment")
        verbose_name_plural = _("follow-up commitments")

    def __str__(self):
        return f"{self.municipality}: {self.text[:60]}"


# --- Invitations and participation ------------------------------------------------------------------


def new_token() -> str:
    return uuid.uuid4().hex


class Invitation(models.Model):
    """An invitation to an event: a city's link (for its delegates) or one person's, by email."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="invitations", verbose_name=_("event"))
    municipality = models.ForeignKey(
        "network.Municipality",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="event_invitations",
        verbose_name=_("municipality"),
    )
    email = models.EmailField(_("email (private)"), blank=True)
    token = models.CharField(max_length=32, unique=True, default=new_token, editable=False)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        constraints = [
            models.CheckConstraint(
                name="invitation_city_or_person",
                condition=Q(municipality__isnull=False, email="") | Q(municipality__isnull=True) & ~Q(email=""),
            ),
            models.UniqueConstraint(
                fields=["event", "municipality"],
                condition=Q(municipality__isnull=False, revoked_at__isnull=True),
                name="one_live_invitation_per_city",
            ),
        ]

    def __str__(self):
        return str(self.municipality or self.email)

    @property
    def is_live(self) -> bool:
        return self.revoked_at is None


class ParticipantRole(models.TextChoices):
    MAYOR = "mayor", _("Mayor or deputy mayor")
    OFFICIAL = "official", _("Municipal official")
    PRACTITIONER = "practitioner", _("Practitioner")
    CIVIL_SOCIETY = "civil_society", _("Civil society")
    NATIONAL = "national", _("National government")
    INTERNATIONAL = "international", _("International partner")
    EXPERT = "expert", _("Expert")
    OTHER = "other", _("Other")


class Gender(models.TextChoices):
    WOMAN = "woman", _("Woman")
    MAN = "man", _("Man")
    OTHER = "other", _("Another gender")
    UNSTATED = "", _("Prefer not to say")


class ParticipationStatus(models.TextChoices):
    PENDING = "pending", _("Awaiting approval")
    WAITING = "waiting", _("On the waiting list")
    OFFERED = "offered", _("Place offered, awaiting confirmation")
    CONFIRMED = "confirmed", _("Confirmed")
    DECLINED = "declined", _("Not approved")
    CANCELLED = "cancelled", _("Cancelled")
    LAPSED = "lapsed", _("Offer lapsed")


# The statuses that hold a seat; everything about seats counts these and only these.
SEATED = (ParticipationStatus.OFFERED, ParticipationStatus.CONFIRMED)
# A person's live participation (one per event and email).
LIVE = (ParticipationStatus.PENDING, ParticipationStatus.WAITING, *SEATED)


class Participation(models.Model):
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="participations", verbose_name=_("event"))
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="participations",
        verbose_name=_("account"),
    )
    name = models.CharField(_("name"), max_length=200)
    email = models.EmailField(_("email"))
    language = models.CharField(_("language for emails"), max_length=10, choices=settings.LANGUAGES, default="en")
    municipality = models.ForeignKey(
        "network.Municipality",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="participations",
        verbose_name=_("municipality"),
    )
    organisation = models.ForeignKey(
        "network.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="participations",
        verbose_name=_("organisation"),
    )
    organisation_name = models.CharField(_("organisation (as named)"), max_length=200, blank=True)
    role = models.CharField(_("role"), max_length=20, choices=ParticipantRole.choices, default=ParticipantRole.OTHER)
    gender = models.CharField(_("gender"), max_length=10, choices=Gender.choices, blank=True, default="")
    accessibility_needs = models.TextField(_("accessibility needs"), blank=True)
    dietary_needs = models.CharField(_("dietary needs"), max_length=300, blank=True)
    needs_travel_support = models.BooleanField(_("asks for travel support"), default=False)
    travel_support_note = models.CharField(_("travel support"), max_length=300, blank=True)

    status = models.CharField(_("status"), max_length=20, choices=ParticipationStatus.choices)
    invitation = models.ForeignKey(
        Invitation, on_delete=models.SET_NULL, null=True, blank=True, related_name="participations"
    )
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # The waiting list's order: when the person asked (kept when a delegate is substituted).
    queued_at = models.DateTimeField(_("asked at"), default=timezone.now)
    offer_expires_at = models.DateTimeField(_("offer held until"), null=True, blank=True)
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True)
    replaced_by = models.OneToOneField(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="replaces", verbose_name=_("replaced by")
    )
    reminded_at = models.DateTimeField(null=True, blank=True, editable=False)
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    private_fields = ("email", "accessibility_needs", "dietary_needs", "gender", "travel_support_note")

    class Meta:
        ordering = ["queued_at", "pk"]
        verbose_name = _("participation")
        verbose_name_plural = _("participations")
        constraints = [
            models.UniqueConstraint(
                fields=["event", "email"],
                condition=Q(status__in=["pending", "waiting", "offered", "confirmed"]),
                name="one_live_participation_per_email",
            ),
        ]
        indexes = [
            models.Index(fields=["event", "status", "queued_at"], name="participation_queue"),
            models.Index(fields=["municipality", "status"], name="participation_city"),
        ]

    def __str__(self):
        return f"{self.name} · {self.event}"

    @property
    def holds_seat(self) -> bool:
        return self.status in SEATED

    @property
    def is_live(self) -> bool:
        return self.status in LIVE

    @property
    def affiliation(self) -> str:
        if self.municipality_id:
            return str(self.municipality)
        if self.organisation_id:
            return str(self.organisation)
        return self.organisation_name


class Attendance(models.Model):
    """A participant was there on one of the event's days (checked in by the organisers)."""

    participation = models.ForeignKey(
        Participation, on_delete=models.CASCADE, related_name="attendances", verbose_name=_("participation")
    )
    day = models.DateField(_("day"))
    checked_in_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    checked_in_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["day", "pk"]
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")
        constraints = [models.UniqueConstraint(fields=["participation", "day"], name="one_attendance_per_day")]

    def __str__(self):
        return f"{self.participation} · {self.day}"


class EventFigures(models.Model):
    """An event's counted figures: confirmed places, those checked in on at least one day, their cities
    and countries. Kept current in the same transaction as every change of its participations and
    attendance (services/figures.py), so the public pages read them with the event in its one query
    instead of counting at each request. Counts only: never a name."""

    event = models.OneToOneField(
        Event, on_delete=models.CASCADE, primary_key=True, related_name="counted", verbose_name=_("event")
    )
    participants = models.PositiveIntegerField(_("participants"), default=0)
    attended = models.PositiveIntegerField(_("attended"), default=0)
    cities = models.PositiveIntegerField(_("cities"), default=0)
    countries = models.PositiveIntegerField(_("countries"), default=0)

    class Meta:
        verbose_name = _("event figures")
        verbose_name_plural = _("event figures")

    def __str__(self):
        return f"{self.event_id}: {self.participants}"


# --- Questionnaires -------------------------------------------------------------------------------------


class Phase(models.TextChoices):
    BEFORE = "before", _("Before the event")
    AFTER = "after", _("After the event")


SCALE = (1, 5)


class QuestionnaireResponse(models.Model):
    """A participant's answers before or after an event: their knowledge of each of its topics (1–5), and
    afterwards how satisfied they were (1–5). The change in knowledge is read from a person's two answers."""

    participation = models.ForeignKey(
        Participation, on_delete=models.CASCADE, related_name="responses", verbose_name=_("participation")
    )
    phase = models.CharField(_("when"), max_length=10, choices=Phase.choices)
    # {"<topic id>": 1..5}
    knowledge = models.JSONField(_("knowledge by topic"), default=dict)
    satisfaction = models.PositiveSmallIntegerField(
        _("satisfaction"),
        null=True,
        blank=True,
        validators=[MinValueValidator(SCALE[0]), MaxValueValidator(SCALE[1])],
    )
    comment = models.TextField(_("comment"), blank=True)
    submitted_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("questionnaire answer")
        verbose_name_plural = _("questionnaire answers")
        constraints = [models.UniqueConstraint(fields=["participation", "phase"], name="one_response_per_phase")]

    def __str__(self):
        return f"{self.participation} · {self.get_phase_display()}"

    def clean(self):
        errors = {}
        for key, value in (self.knowledge or {}).items():
            if not str(key).isdigit() or not isinstance(value, int) or not SCALE[0] <= value <= SCALE[1]:
                errors["knowledge"] = _("Give each topic a score from 1 to 5.")
        if self.phase == Phase.BEFORE and self.satisfaction is not None:
            errors["satisfaction"] = _("Satisfaction is asked after the event.")
        if errors:
            raise ValidationError(errors)

"""The network registry: regions, countries, municipalities, memberships, people, organisations.

Translated fields (names, descriptions, titles) get a column per language from modeltranslation
(see translation.py); citynet.core.i18n picks the one to show and says when it fell back.
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel


class DatePrecision(models.TextChoices):
    """How much of a date the sources know: the seed says "January 2016", or sometimes only a year."""

    DAY = "day", _("Day")
    MONTH = "month", _("Month")
    YEAR = "year", _("Year")


class Region(models.Model):
    slug = models.SlugField(_("slug"), unique=True, max_length=80)
    name = models.CharField(_("name"), max_length=120)
    summary = models.TextField(_("summary"), blank=True)
    map_center_lat = models.FloatField(_("map centre latitude"), default=0)
    map_center_lng = models.FloatField(_("map centre longitude"), default=0)
    map_zoom = models.PositiveSmallIntegerField(_("map zoom"), default=6)

    class Meta:
        ordering = ["name"]
        verbose_name = _("region")
        verbose_name_plural = _("regions")

    def __str__(self):
        return self.name


class Country(models.Model):
    code = CountryField(_("country"), unique=True)
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="countries", verbose_name=_("region"))

    class Meta:
        ordering = ["code"]
        verbose_name = _("country")
        verbose_name_plural = _("countries")

    def __str__(self):
        return str(self.code.name)


class Municipality(ClusterableModel):
    name = models.CharField(
        _("official name"), max_length=150, help_text=_("The official name, in each language and script.")
    )
    slug = models.SlugField(_("slug"), max_length=160, unique=True)
    country = models.ForeignKey(
        Country, on_delete=models.PROTECT, related_name="municipalities", verbose_name=_("country")
    )
    latitude = models.DecimalField(_("latitude"), max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField(_("longitude"), max_digits=9, decimal_places=6, null=True, blank=True)
    population = models.PositiveIntegerField(_("population"), null=True, blank=True)
    population_year = models.PositiveSmallIntegerField(_("population year"), null=True, blank=True)
    profile = models.TextField(
        _("public profile"), blank=True, help_text=_("A short public description of the city's work.")
    )
    website = models.URLField(_("website"), blank=True)
    geonames_id = models.PositiveIntegerField(_("GeoNames id"), null=True, blank=True, unique=True)
    # Every spelling of every name, folded by citynet.core.names.fold; kept by the services.
    search_text = models.TextField(editable=False, blank=True, default="")
    version = models.PositiveIntegerField(default=1, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    # Children that the audit log pictures beside the fields (citynet.core.admin_views' history).
    audit_labels = {"alternate_names": _("alternate names")}

    class Meta:
        ordering = ["name"]
        verbose_name = _("municipality")
        verbose_name_plural = _("municipalities")
        indexes = [models.Index(fields=["name_en", "id"], name="municipality_name_en_id")]

    def __str__(self):
        return self.name

    def clean(self):
        name = (self.name_en or "").strip()
        if name and self.country_id:
            twins = Municipality.objects.filter(country_id=self.country_id, name_en__iexact=name).exclude(pk=self.pk)
            if twins.exists():
                raise ValidationError(
                    {
                        "name_en": _("%(country)s already has a municipality called “%(name)s”.")
                        % {"country": self.country, "name": name}
                    }
                )


class AlternateName(models.Model):
    municipality = ParentalKey(
        Municipality, on_delete=models.CASCADE, related_name="alternate_names", verbose_name=_("municipality")
    )
    name = models.CharField(_("name"), max_length=150)
    language = models.CharField(_("language"), max_length=10, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("alternate name")
        verbose_name_plural = _("alternate names")
        constraints = [
            models.UniqueConstraint(fields=["municipality", "name"], name="unique_alternate_name"),
        ]

    def __str__(self):
        return self.name


class MembershipStatus(models.TextChoices):
    PROSPECTIVE = "prospective", _("Prospective")
    MEMBER = "member", _("Member")
    SUSPENDED = "suspended", _("Suspended")
    LEFT = "left", _("Left")


class Membership(models.Model):
    """One period of a municipality's standing with the network; the latest period is its status."""

    municipality = models.ForeignKey(
        Municipality, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("municipality")
    )
    status = models.CharField(_("status"), max_length=20, choices=MembershipStatus.choices)
    started_on = models.DateField(_("from"))
    started_precision = models.CharField(
        _("precision of 'from'"), max_length=5, choices=DatePrecision.choices, default=DatePrecision.DAY
    )
    ended_on = models.DateField(_("until"), null=True, blank=True)
    ended_precision = models.CharField(
        _("precision of 'until'"), max_length=5, choices=DatePrecision.choices, default=DatePrecision.DAY
    )
    source = models.CharField(_("source"), max_length=300, blank=True)

    class Meta:
        ordering = ["municipality", "-started_on"]
        indexes = [models.Index(fields=["municipality", "started_on"], name="membership_municipality_start")]
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.CheckConstraint(
                name="membership_ends_after_it_starts",
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=models.F("started_on")),
            ),
        ]

    def __str__(self):
        return f"{self.municipality} · {self.get_status_display()} · {self.started_on:%Y-%m}"

    def clean(self):
        errors = {}
        if self.started_on and self.started_on > timezone.localdate():
            errors["started_on"] = _("A membership cannot start in the future.")
        if self.started_on and self.ended_on and self.ended_on < self.started_on:
            errors["ended_on"] = _("A membership cannot end before it starts.")
        if errors:
            raise ValidationError(errors)

    def is_current(self, on: datetime.date | None = None) -> bool:
        on = on or timezone.localdate()
        return self.started_on <= on and (self.ended_on is None or self.ended_on > on)


class OrganisationKind(models.TextChoices):
    LOCAL_NGO = "local_ngo", _("Local NGO")
    INTERNATIONAL = "international", _("International organisation")
    NATIONAL_BODY = "national_body", _("National body")
    DONOR = "donor", _("Donor")
    IMPLEMENTING_PARTNER = "implementing_partner", _("Implementing partner")


class Organisation(models.Model):
    name = models.CharField(_("name"), max_length=200)
    acronym = models.CharField(_("acronym"), max_length=30, blank=True)
    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    kind = models.CharField(_("kind"), max_length=30, choices=OrganisationKind.choices)
    country = CountryField(_("country"), blank=True)
    city = models.CharField(_("city"), max_length=120, blank=True)
    founded_year = models.PositiveSmallIntegerField(_("founded in"), null=True, blank=True)
    description = models.TextField(_("description"), blank=True)
    website = models.URLField(_("website"), blank=True)
    search_text = models.TextField(editable=False, blank=True, default="")

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")

    def __str__(self):
        return self.name

    def clean(self):
        if self.founded_year and self.founded_year > timezone.localdate().year:
            raise ValidationError({"founded_year": _("An organisation cannot be founded in the future.")})


class Topic(models.Model):
    """A theme of the network's work (risk assessment, local action plans, youth engagement, ...).

    The network's one taxonomy: events are tagged with it now, the library's resources and the
    advisory work later. Network-wide, so the secretariat keeps it.
    """

    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    name = models.CharField(_("name"), max_length=150)
    description = models.TextField(_("description"), blank=True)
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["sort_order", "slug"]
        verbose_name = _("topic")
        verbose_name_plural = _("topics")

    def __str__(self):
        return self.name


class PartnershipRole(models.TextChoices):
    LOCAL_PARTNER = "local_partner", _("Local partner")
    IMPLEMENTING_PARTNER = "implementing_partner", _("Implementing partner")
    HOST = "host", _("Host")
    DONOR = "donor", _("Donor")


class Partnership(models.Model):
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="partnerships", verbose_name=_("organisation")
    )
    region = models.ForeignKey(Region, on_delete=models.CASCADE, related_name="partnerships", verbose_name=_("region"))
    role = models.CharField(_("role"), max_length=30, choices=PartnershipRole.choices)
    started_year = models.PositiveSmallIntegerField(_("since"), null=True, blank=True)
    ended_year = models.PositiveSmallIntegerField(_("until"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        ordering = ["region", "role", "organisation__name"]
        verbose_name = _("partnership")
        verbose_name_plural = _("partnerships")
        constraints = [
            models.UniqueConstraint(fields=["organisation", "region", "role"], name="unique_partnership"),
        ]

    def __str__(self):
        return f"{self.organisation} · {self.get_role_display()} · {self.region}"

    def clean(self):
        errors = {}
        if self.started_year and self.ended_year and self.ended_year < self.started_year:
            errors["ended_year"] = _("A partnership cannot end before it starts.")
        if self.started_year and self.started_year > timezone.localdate().year:
            errors["started_year"] = _("A partnership cannot start in the future.")
        if errors:
            raise ValidationError(errors)


class Person(models.Model):
    """Someone the network works with. Contact details are private: never in public pages or the API."""

    name = models.CharField(_("name"), max_length=200)
    other_spellings = models.CharField(
        _("other spellings"), max_length=400, blank=True, help_text=_("Separate spellings with commas.")
    )
    email = models.EmailField(_("email (private)"), blank=True)
    phone = models.CharField(_("phone (private)"), max_length=40, blank=True)
    search_text = models.TextField(editable=False, blank=True, default="")

    # Never in the audit log, an export, a public page or the API (citynet.core.audit).
    private_fields = ("email", "phone")

    class Meta:
        ordering = ["name"]
        verbose_name = _("person")
        verbose_name_plural = _("people")

    def __str__(self):
        return self.name


class PositionRole(models.TextChoices):
    MAYOR = "mayor", _("Mayor")
    FOCAL_POINT = "focal_point", _("Focal point")
    PRACTITIONER = "practitioner", _("Practitioner")
    NATIONAL_COORDINATOR = "national_coordinator", _("National coordinator")
    STAFF = "staff", _("Staff")


class Position(models.Model):
    """A person's role at a municipality or an organisation, for a term."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="positions", verbose_name=_("person"))
    role = models.CharField(_("role"), max_length=30, choices=PositionRole.choices)
    title = models.CharField(_("public title"), max_length=200, blank=True)
    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="positions",
        verbose_name=_("municipality"),
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="positions",
        verbose_name=_("organisation"),
    )
    started_on = models.DateField(_("term from"), null=True, blank=True)
    started_precision = models.CharField(
        _("precision of 'term from'"), max_length=5, choices=DatePrecision.choices, default=DatePrecision.YEAR
    )
    ended_on = models.DateField(_("term until"), null=True, blank=True)
    is_public = models.BooleanField(_("shown on the public site"), default=True)

    class Meta:
        ordering = ["person__name"]
        verbose_name = _("position")
        verbose_name_plural = _("positions")
        constraints = [
            models.CheckConstraint(
                name="position_serves_somewhere",
                condition=Q(municipality__isnull=False) | Q(organisation__isnull=False),
            ),
        ]

    def __str__(self):
        return f"{self.person} · {self.get_role_display()}"

    def clean(self):
        if self.started_on and self.ended_on and self.ended_on < self.started_on:
            raise ValidationError({"ended_on": _("A term cannot end before it starts.")})


class ReportedFigure(models.Model):
    """A figure the network reported ("more than 40 members"), shown as reported, with its source."""

    class Measure(models.TextChoices):
        MEMBERS = "members", _("Member municipalities")
        APPLICATIONS = "applications", _("Grant applications")

    class Qualifier(models.TextChoices):
        EXACTLY = "exactly", _("exactly")
        MORE_THAN = "more_than", _("more than")
        ABOUT = "about", _("about")

    region = models.ForeignKey(
        Region, on_delete=models.CASCADE, related_name="reported_figures", verbose_name=_("region")
    )
    measure = models.CharField(_("measure"), max_length=30, choices=Measure.choices)
    qualifier = models.CharField(_("qualifier"), max_length=12, choices=Qualifier.choices, default="exactly")
    value = models.PositiveIntegerField(_("value"))
    source = models.CharField(_("source"), max_length=300)
    as_of = models.DateField(_("as of"))
    as_of_precision = models.CharField(
        _("precision of 'as of'"), max_length=5, choices=DatePrecision.choices, default=DatePrecision.YEAR
    )

    class Meta:
        ordering = ["region", "measure", "-as_of"]
        verbose_name = _("reported figure")
        verbose_name_plural = _("reported figures")

    def __str__(self):
        return f"{self.region} · {self.get_measure_display()} · {self.value}"

    def clean(self):
        if self.as_of and self.as_of > timezone.localdate():
            raise ValidationError({"as_of": _("A reported figure cannot be dated in the future.")})

"""People who sign in, and the roles they hold in the network, each scoped to where it applies."""

from django.conf import settings
from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class AccountManager(UserManager):
    """Accounts are identified by email address; there are no usernames."""

    def _create_user(self, email, password, **extra_fields):
        if not email:
            raise ValueError("An email address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email=None, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email=None, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", True)
        extra_fields.setdefault("is_superuser", True)
        return self._create_user(email, password, **extra_fields)


class User(AbstractUser):
    username = None
    first_name = None
    last_name = None
    email = models.EmailField(_("email address"), unique=True)
    display_name = models.CharField(_("display name"), max_length=150, blank=True)
    preferred_language = models.CharField(
        _("preferred language"), max_length=10, choices=settings.LANGUAGES, default="en"
    )

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []
    objects = AccountManager()

    class Meta:
        verbose_name = _("account")
        verbose_name_plural = _("accounts")

    def __str__(self):
        return self.display_name or self.email

    def get_full_name(self):
        return self.display_name or self.email

    def get_short_name(self):
        return self.display_name or self.email


class Role(models.TextChoices):
    SECRETARIAT = "secretariat", _("Secretariat")
    REGIONAL_COORDINATOR = "regional_coordinator", _("Regional coordinator")
    FOCAL_POINT = "focal_point", _("City focal point")
    MEMBER = "member", _("Member practitioner")
    APPLICANT = "applicant", _("Grant applicant")
    REVIEWER = "reviewer", _("Reviewer")


# Which scope each role needs: a role held without its scope would grant too much or nothing.
REGION_ROLES = {Role.REGIONAL_COORDINATOR}
MUNICIPALITY_ROLES = {Role.FOCAL_POINT, Role.MEMBER}
# Roles whose holders must sign in with a second factor (TOTP).
SECOND_FACTOR_ROLES = {Role.SECRETARIAT, Role.REGIONAL_COORDINATOR}


class RoleAssignment(models.Model):
    """One role held by one account, scoped to a region or a municipality where the role needs it."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="roles", verbose_name=_("account"))
    role = models.CharField(_("role"), max_length=32, choices=Role.choices)
    region = models.ForeignKey(
        "network.Region", on_delete=models.CASCADE, null=True, blank=True, verbose_name=_("region")
    )
    municipality = models.ForeignKey(
        "network.Municipality",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        verbose_name=_("municipality"),
    )
    created_at = models.DateTimeField(_("assigned at"), auto_now_add=True)

    class Meta:
        verbose_name = _("role assignment")
        verbose_name_plural = _("role assignments")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "role", "region", "municipality"],
                name="unique_role_assignment",
                nulls_distinct=False,
            ),
            models.CheckConstraint(
                name="coordinator_has_region",
                condition=~Q(role="regional_coordinator") | Q(region__isnull=False, municipality__isnull=True),
            ),
            models.CheckConstraint(
                name="city_roles_have_municipality",
                condition=~Q(role__in=["focal_point", "member"]) | Q(municipality__isnull=False, region__isnull=True),
            ),
        ]

    def __str__(self):
        scope = self.municipality or self.region
        return f"{self.user} · {self.get_role_display()}" + (f" · {scope}" if scope else "")

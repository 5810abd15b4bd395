"""Reads about accounts and their roles."""

from functools import cached_property

from django.db.models import QuerySet

from citynet.core.prepared import PreparedQuery

from .models import SECOND_FACTOR_ROLES, Role, RoleAssignment


def _assignments_of(user_id) -> QuerySet[RoleAssignment]:
    return QuerySet(RoleAssignment).filter(user_id=user_id).order_by("pk")


# Read on nearly every signed-in request (every permission check starts here): compiled once per process.
_ASSIGNMENTS = PreparedQuery(_assignments_of, -1)


class Roles:
    """The roles one actor holds, loaded once per request and asked many times."""

    def __init__(self, user):
        self.user = user

    @cached_property
    def _assignments(self) -> list[RoleAssignment]:
        if not getattr(self.user, "is_authenticated", False) or not self.user.is_active:
            return []
        return _ASSIGNMENTS.instances(self.user.pk)

    def has(self, role: Role) -> bool:
        return any(a.role == role for a in self._assignments)

    @property
    def is_secretariat(self) -> bool:
        return bool(getattr(self.user, "is_superuser", False)) or self.has(Role.SECRETARIAT)

    def region_ids(self, role: Role = Role.REGIONAL_COORDINATOR) -> set[int]:
        return {a.region_id for a in self._assignments if a.role == role and a.region_id}

    def municipality_ids(self, role: Role) -> set[int]:
        return {a.municipality_id for a in self._assignments if a.role == role and a.municipality_id}

    @property
    def needs_second_factor(self) -> bool:
        return bool(getattr(self.user, "is_superuser", False) or getattr(self.user, "is_staff", False)) or any(
            a.role in SECOND_FACTOR_ROLES for a in self._assignments
        )


def roles_of(user) -> Roles:
    """The actor's roles, cached on the user object so a request loads them once."""
    cached = getattr(user, "_citynet_roles", None)
    if cached is None:
        cached = Roles(user)
        if getattr(user, "is_authenticated", False):
            user._citynet_roles = cached
    return cached

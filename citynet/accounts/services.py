"""Writes to accounts and roles. Each business action owns its transaction and its audit entry."""

from django.contrib.auth.models import Group, Permission
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from citynet.core import audit
from citynet.core.exceptions import InvalidInput
from citynet.core.permissions import ensure_can

from .models import MUNICIPALITY_ROLES, REGION_ROLES, Role, RoleAssignment, User
from .permissions import can_manage_roles

# The Wagtail admin lets in only accounts with "wagtailadmin.access_admin"; these groups carry it.
# They mirror the role assignments (the source of truth) and are kept in step by the services below.
SECRETARIAT_GROUP = "Secretariat"
COORDINATORS_GROUP = "Regional coordinators"
ADMIN_GROUPS = {Role.SECRETARIAT: SECRETARIAT_GROUP, Role.REGIONAL_COORDINATOR: COORDINATORS_GROUP}

# Apps whose model permissions the secretariat group holds. Coordinators hold only admin access: what
# they may do is decided per object by the registry's permission policy, and model permissions would
# also open Wagtail's site-wide history report (every region's before/after values) to them.
SECRETARIAT_APPS = ("network",)


def _permissions_for(role: Role) -> list[Permission]:
    access = Q(content_type__app_label="wagtailadmin", codename="access_admin")
    if role == Role.SECRETARIAT:
        access |= Q(content_type__app_label__in=SECRETARIAT_APPS) | Q(
            content_type__app_label="accounts", content_type__model="roleassignment"
        )
    return list(Permission.objects.filter(access))


def ensure_admin_groups() -> dict[Role, Group]:
    """The staff groups, created with their permissions when missing. Idempotent."""
    groups = {}
    for role, name in ADMIN_GROUPS.items():
        group, _created = Group.objects.get_or_create(name=name)
        group.permissions.add(*_permissions_for(role))
        groups[role] = group
    return groups


def sync_admin_groups(user: User) -> User:
    """Put `user` in exactly the staff groups their role assignments call for, and out of the others."""
    held = set(RoleAssignment.objects.filter(user=user).values_list("role", flat=True))
    for role, group in ensure_admin_groups().items():
        if role in held:
            user.groups.add(group)
        else:
            user.groups.remove(group)
    _forget_cached_permissions(user)
    return user


def _forget_cached_permissions(user: User) -> None:
    # roles_of() and Django's ModelBackend cache on the user object; a changed role must be seen at once.
    for attribute in ("_citynet_roles", "_perm_cache", "_group_perm_cache", "_user_perm_cache"):
        user.__dict__.pop(attribute, None)


def check_scope(role: Role, region, municipality) -> None:
    """Raise InvalidInput unless the scope fits the role (a coordinator's region, a focal point's city)."""
    if role in REGION_ROLES:
        if region is None or municipality is not None:
            raise InvalidInput(_("A regional coordinator needs a region, and no municipality."))
    elif role in MUNICIPALITY_ROLES:
        if municipality is None or region is not None:
            raise InvalidInput(_("This role needs a municipality, and no region."))
    elif region is not None or municipality is not None:
        raise InvalidInput(_("This role applies to the whole network: leave region and municipality empty."))


def as_role(value) -> Role:
    """The Role named by `value`, or InvalidInput."""
    try:
        return Role(value)
    except ValueError:
        raise InvalidInput(_("Unknown role.")) from None


@transaction.atomic
def assign_role(*, actor, user: User, role: Role | str, region=None, municipality=None) -> RoleAssignment:
    """Give `user` the `role`, scoped to `region` or `municipality` as the role requires.

    Only the secretariat assigns roles (NotPermitted otherwise); a scope that does not fit the role is
    InvalidInput. Assigning a role the user already holds is a no-op. Side effects: an audit entry for a
    new assignment, and the user's staff groups follow their roles (admin access for the secretariat and
    coordinators).
    """
    ensure_can(can_manage_roles, actor, user)
    role = as_role(role)
    check_scope(role, region, municipality)
    assignment, created = RoleAssignment.objects.get_or_create(
        user=user, role=role, region=region, municipality=municipality
    )
    if created:
        audit.record(actor=actor, instance=assignment, action="wagtail.create", after=audit.snapshot(assignment))
    sync_admin_groups(user)
    return assignment


@transaction.atomic
def revoke_role(*, actor, user: User, role: Role | str, region=None, municipality=None) -> RoleAssignment | None:
    """Take the `role` (in that scope) away from `user`; revoking a role not held is a no-op (None).

    Only the secretariat revokes roles. Side effects: an audit entry with the revoked assignment, and the
    user leaves the staff group of that role unless another assignment still calls for it.
    """
    ensure_can(can_manage_roles, actor, user)
    role = as_role(role)
    assignment = (
        RoleAssignment.objects.select_for_update()
        .filter(user=user, role=role, region=region, municipality=municipality)
        .first()
    )
    if assignment is not None:
        audit.record(actor=actor, instance=assignment, action="wagtail.delete", before=audit.snapshot(assignment))
        assignment.delete()
    sync_admin_groups(user)
    return assignment


@transaction.atomic
def change_role(
    *, actor, assignment: RoleAssignment, role: Role | str, region=None, municipality=None
) -> RoleAssignment:
    """Replace one assignment by another for the same user (the admin's edit): revoke, then assign."""
    ensure_can(can_manage_roles, actor, assignment.user)
    new_role = as_role(role)
    check_scope(new_role, region, municipality)
    unchanged = (assignment.role, assignment.region_id, assignment.municipality_id) == (
        new_role,
        getattr(region, "pk", None),
        getattr(municipality, "pk", None),
    )
    if unchanged:
        return assignment
    revoke_role(
        actor=actor,
        user=assignment.user,
        role=assignment.role,
        region=assignment.region,
        municipality=assignment.municipality,
    )
    return assign_role(actor=actor, user=assignment.user, role=new_role, region=region, municipality=municipality)

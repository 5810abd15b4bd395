"""Who may do what with accounts and roles. Each check lists what it allows and ends in `return False`."""

from .models import Role
from .selectors import roles_of

# Roles that work in the staff admin (/admin/). Everyone else (focal points, members, applicants,
# reviewers, plain accounts) uses the public site only.
ADMIN_ROLES = {Role.SECRETARIAT, Role.REGIONAL_COORDINATOR}


def _is_active(actor) -> bool:
    # The system actor (commands) is not "authenticated" but acts as the secretariat.
    return bool(getattr(actor, "is_active", False)) and (
        bool(getattr(actor, "is_authenticated", False)) or bool(getattr(actor, "is_superuser", False))
    )


def can_access_admin(actor, obj=None) -> bool:
    """Open the staff admin at all: the secretariat (and superusers) and regional coordinators."""
    if not _is_active(actor):
        return False
    roles = roles_of(actor)
    if roles.is_secretariat:
        return True
    if roles.region_ids():
        return True
    return False


def can_manage_roles(actor, obj=None) -> bool:
    """Assign and revoke roles (any role, anywhere): the secretariat only."""
    if not _is_active(actor):
        return False
    if roles_of(actor).is_secretariat:
        return True
    return False

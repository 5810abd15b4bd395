"""Assigning and revoking roles: who may, what scope each role takes, and the staff groups that follow."""

import pytest
from wagtail.models import ModelLogEntry

from citynet.accounts import services
from citynet.accounts.models import Role, RoleAssignment
from citynet.accounts.permissions import can_access_admin
from citynet.accounts.tests import factories
from citynet.core.actors import SYSTEM
from citynet.core.exceptions import InvalidInput, NotPermitted
from citynet.network.permissions import managed_region_ids
from citynet.network.tests.factories import MunicipalityFactory, RegionFactory

pytestmark = pytest.mark.django_db


def group_names(user) -> set[str]:
    return set(user.groups.values_list("name", flat=True))


def test_secretariat_assigns_a_coordinator_when_the_role_has_a_region():
    actor, user, region = factories.secretariat(), factories.UserFactory(), RegionFactory()

    assignment = services.assign_role(actor=actor, user=user, role=Role.REGIONAL_COORDINATOR, region=region)

    assert (assignment.user, assignment.role, assignment.region) == (user, Role.REGIONAL_COORDINATOR, region)
    assert group_names(user) == {services.COORDINATORS_GROUP}
    assert user.has_perm("wagtailadmin.access_admin")
    assert can_access_admin(user)
    assert managed_region_ids(user) == {region.pk}


def test_assigning_twice_changes_nothing_when_the_role_is_already_held():
    actor, user, region = factories.secretariat(), factories.UserFactory(), RegionFactory()

    first = services.assign_role(actor=actor, user=user, role=Role.REGIONAL_COORDINATOR, region=region)
    second = services.assign_role(actor=actor, user=user, role="regional_coordinator", region=region)

    assert first == second
    assert RoleAssignment.objects.filter(user=user).count() == 1
    assert ModelLogEntry.objects.filter(object_id=str(first.pk), action="wagtail.create").count() == 1


@pytest.mark.parametrize(
    "make_actor",
    [
        lambda: factories.UserFactory(),
        lambda: factories.coordinator(RegionFactory()),
        lambda: factories.focal_point(MunicipalityFactory()),
        lambda: factories.reviewer(),
    ],
)
def test_assign_role_is_refused_when_the_actor_is_not_secretariat(make_actor):
    user = factories.UserFactory()

    with pytest.raises(NotPermitted):
        services.assign_role(actor=make_actor(), user=user, role=Role.SECRETARIAT)

    assert not user.roles.exists()
    assert not user.groups.exists()


def test_superuser_and_system_assign_roles_when_acting_as_secretariat():
    superuser = factories.UserFactory(is_superuser=True)

    services.assign_role(actor=superuser, user=factories.UserFactory(), role=Role.REVIEWER)
    services.assign_role(actor=SYSTEM, user=factories.UserFactory(), role=Role.APPLICANT)

    assert RoleAssignment.objects.filter(role__in=[Role.REVIEWER, Role.APPLICANT]).count() == 2


@pytest.mark.parametrize(
    ("role", "scope", "message"),
    [
        (Role.REGIONAL_COORDINATOR, {}, "A regional coordinator needs a region"),
        (Role.FOCAL_POINT, {}, "This role needs a municipality"),
        (Role.MEMBER, {"region": True}, "This role needs a municipality"),
        (Role.SECRETARIAT, {"region": True}, "applies to the whole network"),
        ("chief", {}, "Unknown role"),
    ],
)
def test_assign_role_explains_when_the_scope_does_not_fit_the_role(role, scope, message):
    user = factories.UserFactory()
    scope = {"region": RegionFactory()} if scope else {}

    with pytest.raises(InvalidInput) as error:
        services.assign_role(actor=factories.secretariat(), user=user, role=role, **scope)

    assert message in str(error.value.message)
    assert not user.roles.exists()


def test_focal_point_gets_no_admin_group_when_assigned_to_a_city():
    user = factories.UserFactory()

    services.assign_role(
        actor=factories.secretariat(), user=user, role=Role.FOCAL_POINT, municipality=MunicipalityFactory()
    )

    assert group_names(user) == set()
    assert not user.has_perm("wagtailadmin.access_admin")
    assert not can_access_admin(user)


def test_secretariat_group_holds_registry_permissions_when_created():
    user = factories.UserFactory()

    services.assign_role(actor=SYSTEM, user=user, role=Role.SECRETARIAT)

    assert group_names(user) == {services.SECRETARIAT_GROUP}
    assert user.has_perms(["wagtailadmin.access_admin", "network.change_municipality", "accounts.add_roleassignment"])


def test_revoking_removes_the_group_when_no_other_assignment_needs_it():
    actor, user = factories.secretariat(), factories.UserFactory()
    first, second = RegionFactory(), RegionFactory()
    services.assign_role(actor=actor, user=user, role=Role.REGIONAL_COORDINATOR, region=first)
    services.assign_role(actor=actor, user=user, role=Role.REGIONAL_COORDINATOR, region=second)

    services.revoke_role(actor=actor, user=user, role=Role.REGIONAL_COORDINATOR, region=first)
    assert group_names(user) == {services.COORDINATORS_GROUP}
    assert managed_region_ids(user) == {second.pk}

    services.revoke_role(actor=actor, user=user, role=Role.REGIONAL_COORDINATOR, region=second)
    assert group_names(user) == set()
    assert not user.has_perm("wagtailadmin.access_admin")
    assert not can_access_admin(user)


def test_revoking_twice_is_a_no_op_when_the_role_is_already_gone():
    actor, user, region = factories.secretariat(), factories.UserFactory(), RegionFactory()
    assignment = services.assign_role(actor=actor, user=user, role=Role.REGIONAL_COORDINATOR, region=region)

    assert services.revoke_role(actor=actor, user=user, role=Role.REGIONAL_COORDINATOR, region=region) is not None
    assert services.revoke_role(actor=actor, user=user, role=Role.REGIONAL_COORDINATOR, region=region) is None
    assert ModelLogEntry.objects.filter(object_id=str(assignment.pk), action="wagtail.delete").count() == 1


def test_revoke_role_is_refused_when_the_actor_is_a_coordinator():
    region = RegionFactory()
    user = factories.UserFactory()
    services.assign_role(actor=SYSTEM, user=user, role=Role.REGIONAL_COORDINATOR, region=region)

    with pytest.raises(NotPermitted):
        services.revoke_role(
            actor=factories.coordinator(region), user=user, role=Role.REGIONAL_COORDINATOR, region=region
        )

    assert user.roles.exists()


def test_change_role_moves_the_user_between_groups_when_the_role_changes():
    actor, user = factories.secretariat(), factories.UserFactory()
    assignment = services.assign_role(actor=actor, user=user, role=Role.REGIONAL_COORDINATOR, region=RegionFactory())

    changed = services.change_role(actor=actor, assignment=assignment, role=Role.SECRETARIAT)

    assert changed.role == Role.SECRETARIAT
    assert list(user.roles.values_list("role", flat=True)) == [Role.SECRETARIAT]
    assert group_names(user) == {services.SECRETARIAT_GROUP}


def test_inactive_accounts_reach_nothing_when_they_hold_a_role():
    user = factories.secretariat()
    user.is_active = False

    assert not can_access_admin(user)
    assert managed_region_ids(user) == set()

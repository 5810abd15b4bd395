import pytest

from citynet.accounts.tests import factories as people
from citynet.core.testing import actor
from citynet.network.permissions import can_edit_municipality_profile, can_manage_region, can_see_contact_details
from citynet.network.tests.factories import CountryFactory, MunicipalityFactory, PositionFactory, RegionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def city():
    return MunicipalityFactory(country=CountryFactory(code="XK", region=RegionFactory(slug="here")))


@pytest.mark.parametrize(
    ("role", "allowed"),
    [
        ("anonymous", False),
        ("user", False),
        ("member", False),
        ("focal_point", True),
        ("other_focal_point", False),
        ("applicant", False),
        ("reviewer", False),
        ("coordinator", True),
        ("other_coordinator", False),
        ("secretariat", True),
    ],
)
def test_who_may_edit_a_city_profile(city, role, allowed):
    assert can_edit_municipality_profile(actor(role, city=city, region=city.country.region), city) is allowed


def test_coordinator_manages_only_their_region(city):
    coordinator = people.coordinator(city.country.region)
    assert can_manage_region(coordinator, city.country.region)
    assert not can_manage_region(coordinator, RegionFactory(slug="elsewhere"))
    assert not can_manage_region(coordinator, None)


def test_contact_details_are_private_when_actor_is_a_focal_point(city):
    position = PositionFactory(municipality=city)
    assert not can_see_contact_details(people.focal_point(city), position.person)
    assert can_see_contact_details(people.coordinator(city.country.region), position.person)
    assert can_see_contact_details(people.secretariat(), position.person)


def test_inactive_account_loses_its_roles(city):
    focal_point = people.focal_point(city)
    focal_point.is_active = False
    focal_point.save()
    focal_point.refresh_from_db()
    assert not can_edit_municipality_profile(focal_point, city)


def test_the_region_scope_rule_is_written_in_one_module():
    """Every other module asks network.permissions; none reads a coordinator's regions itself."""
    import pathlib

    root = pathlib.Path(__file__).resolve().parents[2]
    readers = sorted(
        str(path.relative_to(root))
        for path in root.rglob("*.py")
        if "tests" not in path.parts and ".region_ids(" in path.read_text(encoding="utf-8")
    )
    # accounts.permissions reads it only to let coordinators into the admin at all, not to scope records.
    assert readers == ["accounts/permissions.py", "network/permissions.py"]

"""Who may read, edit, propose and review the library's resources, per role: the public and plain users
read published public resources out of embargo; members of a city the members-only ones too; staff every
published resource; editors (the secretariat, a coordinator in their regions) and a proposer see drafts.
The scope_* querysets say the same as the can_* checks."""

import datetime

import pytest
from django.contrib.auth.models import AnonymousUser
from django.utils import timezone

from citynet.accounts.tests import factories as people
from citynet.library import permissions
from citynet.library.models import Access, Resource, ResourceKind, ResourceStatus
from citynet.library.tests.factories import ResourceFactory
from citynet.network.tests.factories import CountryFactory, MunicipalityFactory, RegionFactory

pytestmark = pytest.mark.django_db


def resource_of(**kwargs):
    """A ResourceFactory resource with its relations stored: the factory sets a clusterable model's
    relations in memory only, and they are written when the resource is saved."""
    resource = ResourceFactory(**kwargs)
    resource.save()
    return resource


ROLES = [
    "anonymous",
    "user",
    "member",
    "focal_point",
    "other_focal_point",
    "coordinator",
    "other_coordinator",
    "secretariat",
]
STAFF = {"coordinator", "other_coordinator", "secretariat"}
EDITORS = {"coordinator", "secretariat"}  # of the region the scene's resources concern


@pytest.fixture
def scene():
    today = timezone.localdate()
    region = RegionFactory(slug="synthetic-here")
    elsewhere = RegionFactory(slug="synthetic-elsewhere")
    country = CountryFactory(code="XK", region=region)
    other_country = CountryFactory(code="RS", region=elsewhere)
    city = MunicipalityFactory(country=country, name_en="Synthetic city")
    other_city = MunicipalityFactory(country=other_country, name_en="Synthetic city elsewhere")
    actors = {
        "anonymous": AnonymousUser(),
        "user": people.UserFactory(),
        "member": people.member(city),
        "focal_point": people.focal_point(city),
        "other_focal_point": people.focal_point(other_city),
        "coordinator": people.coordinator(region),
        "other_coordinator": people.coordinator(elsewhere),
        "secretariat": people.secretariat(),
    }

    def made(**kwargs):
        return resource_of(municipalities=[city], **kwargs)

    resources = {
        "public": made(),
        "members": made(access=Access.MEMBERS),
        "staff_only": made(access=Access.STAFF),
        "embargoed": made(embargo_until=today + datetime.timedelta(days=30)),
        "embargo_over": made(embargo_until=today - datetime.timedelta(days=1)),
        "embargoed_members": made(access=Access.MEMBERS, embargo_until=today + datetime.timedelta(days=3)),
        "draft": made(status=ResourceStatus.DRAFT),
        "withdrawn": made(status=ResourceStatus.WITHDRAWN),
        "proposal": made(status=ResourceStatus.DRAFT, kind=ResourceKind.CASE_STUDY, proposed_by=actors["focal_point"]),
        "proposed": made(
            status=ResourceStatus.PROPOSED, kind=ResourceKind.CASE_STUDY, proposed_by=actors["focal_point"]
        ),
    }
    return region, elsewhere, city, other_city, actors, resources


# What each role may read of the scene's resources (all about the coordinator's region).
READERS = {
    "public": set(ROLES),
    "embargo_over": set(ROLES),
    "members": {"member", "focal_point", "other_focal_point"} | STAFF,
    "staff_only": STAFF,
    "embargoed": STAFF,
    "embargoed_members": STAFF,
    "draft": EDITORS,
    "withdrawn": EDITORS,
    "proposal": EDITORS | {"focal_point"},
    "proposed": EDITORS | {"focal_point"},
}


@pytest.mark.parametrize("role", ROLES)
def test_each_role_reads_what_its_access_allows_and_the_readable_scope_agrees(scene, role):
    *_, actors, resources = scene
    actor = actors[role]

    allowed = {name for name, resource in resources.items() if permissions.can_view(actor, resource)}
    assert allowed == {name for name, readers in READERS.items() if role in readers}
    assert all(permissions.can_download(actor, r) == permissions.can_view(actor, r) for r in resources.values())
    # The library's lists: what can_view allows through publication, never drafts or proposals.
    readable = set(permissions.scope_readable(Resource.objects.all(), actor).values_list("pk", flat=True))
    published = {
        r.pk for r in resources.values() if r.status == ResourceStatus.PUBLISHED and permissions.can_view(actor, r)
    }
    assert readable == published


def test_the_public_scope_is_the_anonymous_visitors_and_the_same_for_everyone(scene):
    *_, resources = scene
    public = set(permissions.scope_public(Resource.objects.all()))
    assert public == {resources["public"], resources["embargo_over"]}


def test_an_inactive_member_reads_only_what_the_public_reads(scene):
    *_, actors, resources = scene
    member = actors["member"]
    member.is_active = False
    member.save()
    assert not permissions.can_view(member, resources["members"])
    assert permissions.can_view(member, resources["public"])
    assert set(permissions.scope_readable(Resource.objects.all(), member)) == {
        resources["public"],
        resources["embargo_over"],
    }


@pytest.mark.parametrize("role", ROLES)
def test_editing_is_the_secretariats_and_the_regions_coordinators(scene, role):
    *_, actors, resources = scene
    actor = actors[role]

    for resource in resources.values():
        assert permissions.can_edit(actor, resource) == (role in EDITORS)
    editable = set(permissions.scope_editable(Resource.objects.all(), actor))
    assert editable == (set(resources.values()) if role in EDITORS else set())
    assert permissions.can_add(actor) == (role in STAFF)


def test_a_resource_concerns_a_region_through_its_regions_countries_or_municipalities(scene):
    region, elsewhere, city, other_city, actors, _resources = scene
    coordinator, other = actors["coordinator"], actors["other_coordinator"]
    by_region = resource_of(regions=[region])
    by_country = resource_of(countries=[city.country])
    by_city = resource_of(municipalities=[city])
    theirs = resource_of(municipalities=[other_city])
    network_wide = ResourceFactory()

    for resource in (by_region, by_country, by_city):
        assert permissions.can_edit(coordinator, resource)
        assert not permissions.can_edit(other, resource)
    assert permissions.can_edit(other, theirs) and not permissions.can_edit(coordinator, theirs)
    # A network-wide resource is the secretariat's alone.
    assert not permissions.can_edit(coordinator, network_wide) and not permissions.can_edit(other, network_wide)
    assert permissions.can_edit(actors["secretariat"], network_wide)
    editable = set(permissions.scope_editable(Resource.objects.filter(is_demo=True), coordinator))
    assert {by_region, by_country, by_city} <= editable
    assert theirs not in editable and network_wide not in editable
    assert not permissions.can_edit(coordinator, Resource())  # an unsaved one concerns no region yet


@pytest.mark.parametrize("role", ROLES)
def test_only_the_citys_focal_point_proposes_a_case_study_about_it(scene, role):
    _region, _elsewhere, city, _other_city, actors, _resources = scene
    assert permissions.can_propose(actors[role], city) == (role == "focal_point")
    assert not permissions.can_propose(actors[role], None)


@pytest.mark.parametrize("role", ROLES)
def test_a_proposal_is_changed_by_its_proposer_while_a_draft_or_returned_and_reviewed_by_its_editors(scene, role):
    *_, actors, resources = scene
    actor = actors[role]
    draft, proposed = resources["proposal"], resources["proposed"]

    assert permissions.can_change_proposal(actor, draft) == (role == "focal_point")
    assert not permissions.can_change_proposal(actor, proposed)
    assert permissions.can_review(actor, proposed) == (role in EDITORS)
    assert not permissions.can_review(actor, draft)  # not yet submitted
    returned = ResourceFactory(status=ResourceStatus.RETURNED, proposed_by=actors["focal_point"])
    assert permissions.can_change_proposal(actor, returned) == (role == "focal_point")


@pytest.mark.parametrize("role", ROLES)
def test_the_review_queue_and_ones_proposals(scene, role):
    *_, actors, resources = scene
    actor = actors[role]

    queue = set(permissions.scope_review_queue(Resource.objects.all(), actor))
    assert queue == ({resources["proposed"]} if role in EDITORS else set())
    mine = set(permissions.scope_proposals_of(Resource.objects.all(), actor))
    assert mine == ({resources["proposal"], resources["proposed"]} if role == "focal_point" else set())


def test_readable_levels_per_kind_of_reader(scene):
    *_, actors, _resources = scene
    assert permissions.readable_levels(actors["anonymous"]) == {Access.PUBLIC}
    assert permissions.readable_levels(actors["user"]) == {Access.PUBLIC}
    assert permissions.readable_levels(actors["member"]) == {Access.PUBLIC, Access.MEMBERS}
    assert permissions.readable_levels(actors["other_coordinator"]) == {Access.PUBLIC, Access.MEMBERS, Access.STAFF}
    assert permissions.is_released(ResourceFactory(embargo_until=timezone.localdate()))  # the embargo ends on its day

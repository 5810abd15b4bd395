"""The stakeholder map: staff record who works on what (from a meeting, or by hand), the region's staff and
the city's own focal point read a city's map (table, picture, gaps), nobody else does, at a fixed number
of queries."""

import datetime

import pytest
from django.contrib.auth.models import AnonymousUser
from wagtail.models import ModelLogEntry

from citynet.accounts.tests import factories as people
from citynet.advisory.models import Project, ProjectStatus
from citynet.advisory.selectors import stakeholders as selectors
from citynet.advisory.services import visits as services
from citynet.advisory.tests.factories import EngagementFactory, MeetingFactory, ProjectFactory, VisitFactory
from citynet.core.exceptions import Conflict, InvalidInput, NotPermitted
from citynet.core.testing import assert_queries_do_not_grow
from citynet.network.tests.factories import (
    CountryFactory,
    MunicipalityFactory,
    OrganisationFactory,
    RegionFactory,
    TopicFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def region():
    region = RegionFactory(slug="here")
    CountryFactory(code="XK", region=region)
    return region


@pytest.fixture
def elsewhere():
    region = RegionFactory(slug="elsewhere")
    CountryFactory(code="RS", region=region)
    return region


@pytest.fixture
def country(region):
    return region.countries.get()


@pytest.fixture
def city(country):
    return MunicipalityFactory(country=country, name_en="Synthetic city")


@pytest.fixture
def staff(region):
    return people.coordinator(region)


@pytest.fixture
def topics():
    return [TopicFactory(name_en=f"Synthetic topic {n}") for n in range(3)]


def project_values(city, **overrides):
    return {
        "organisation": OrganisationFactory(name_en="Synthetic NGO"),
        "title": "Synthetic youth project",
        "municipality": city,
        "status": ProjectStatus.CURRENT,
        "starts_on": datetime.date(2025, 1, 1),
        "ends_on": datetime.date(2027, 12, 31),
        **overrides,
    }


# --- Writing the map -------------------------------------------------------------------------------------


def test_staff_put_a_project_on_the_map_its_country_is_its_citys(city, staff, topics):
    project = services.save_project(actor=staff, values=project_values(city), topics=topics[:2])

    project.refresh_from_db()
    assert project.country == city.country
    assert list(project.topics.all()) == topics[:2]
    entry = ModelLogEntry.objects.get(object_id=str(project.pk), action="wagtail.create")
    assert entry.data["after"]["topics"] == ["Synthetic topic 0", "Synthetic topic 1"]


def test_a_project_heard_of_at_a_meeting_is_placed_where_the_meeting_was(region, city, staff, topics):
    meeting = MeetingFactory(visit=VisitFactory(engagement=EngagementFactory(region=region)), municipality=city)

    project = services.record_project(
        actor=staff, meeting=meeting, values={"organisation": OrganisationFactory(), "title": "Synthetic heard of"}
    )

    assert (project.learned_at, project.municipality, project.country) == (meeting, city, city.country)


def test_a_stale_version_of_a_project_is_a_conflict(city, staff):
    project = ProjectFactory(municipality=city)
    services.save_project(actor=staff, instance=project, values={"title": "Synthetic renamed"}, version=1)

    with pytest.raises(Conflict):
        services.save_project(actor=staff, instance=project, values={"title": "Synthetic lost"}, version=1)
    assert Project.objects.get().title == "Synthetic renamed"


def test_bad_project_input_is_refused_at_its_fields_and_nothing_is_saved(region, city, staff, topics):
    neighbour = CountryFactory(code="MK", region=region)
    with pytest.raises(InvalidInput) as refused:
        services.save_project(
            actor=staff,
            values=project_values(city, country=neighbour, ends_on=datetime.date(2024, 1, 1)),
            topics=topics,
        )
    assert refused.value.errors["ends_on"] == ["A project cannot end before it starts."]
    assert "municipality" in refused.value.errors

    with pytest.raises(InvalidInput, match="country or municipality"):
        services.save_project(actor=staff, values=project_values(None))
    assert not Project.objects.exists()


def test_a_project_in_another_regions_country_is_refused(city, elsewhere, staff):
    with pytest.raises(NotPermitted):
        services.save_project(actor=staff, values=project_values(None, country=elsewhere.countries.get()))
    assert not Project.objects.exists()


@pytest.mark.parametrize("role", ["other_coordinator", "focal_point", "anonymous"])
def test_only_the_regions_staff_write_the_map(role, region, city, elsewhere):
    actor = {
        "other_coordinator": people.coordinator(elsewhere),
        "focal_point": people.focal_point(city),
        "anonymous": AnonymousUser(),
    }[role]
    project = ProjectFactory(municipality=city, title="Synthetic original")
    meeting = MeetingFactory(visit=VisitFactory(engagement=EngagementFactory(region=region)), municipality=city)

    with pytest.raises(NotPermitted):
        services.save_project(actor=actor, values=project_values(city))
    with pytest.raises(NotPermitted):
        services.save_project(actor=actor, instance=project, values={"title": "Synthetic taken over"})
    with pytest.raises(NotPermitted):
        services.record_project(actor=actor, meeting=meeting, values={"title": "Synthetic heard of"})
    assert list(Project.objects.values_list("title", flat=True)) == ["Synthetic original"]


# --- Reading the map -------------------------------------------------------------------------------------


def test_a_citys_map_has_its_table_its_picture_and_its_gaps(city, staff, topics):
    ngo = OrganisationFactory(name_en="Synthetic NGO")
    donor = OrganisationFactory(name_en="Synthetic donor")
    current = ProjectFactory(municipality=city, organisation=ngo, funder=donor, title="Synthetic current")
    current.topics.set([topics[0]])
    planned = ProjectFactory(municipality=city, organisation=ngo, status=ProjectStatus.PLANNED, title="Synthetic next")
    planned.topics.set([topics[0]])
    finished = ProjectFactory(municipality=city, status=ProjectStatus.FINISHED, title="Synthetic finished")
    finished.topics.set([topics[1]])
    national = ProjectFactory(municipality=None, country=city.country, title="Synthetic national")
    national.topics.set([topics[2]])
    ProjectFactory(municipality=MunicipalityFactory(country=city.country), title="Synthetic elsewhere")

    picture = selectors.municipality_map(staff, city.pk)

    assert [row.title for row in picture.rows] == ["Synthetic current", "Synthetic next", "Synthetic national"]
    assert picture.rows[0].funder == "Synthetic donor"
    assert picture.rows[2].municipality == ""
    edges = {(e.source, e.target, e.kind, e.weight) for e in picture.edges}
    assert (f"organisation:{ngo.pk}", f"topic:{topics[0].pk}", "works_on", 2) in edges
    assert (f"organisation:{donor.pk}", f"organisation:{ngo.pk}", "funds", 1) in edges
    assert (f"place:municipality:{city.pk}", f"organisation:{ngo.pk}", "works_in", 2) in edges
    assert {n.kind for n in picture.nodes} == {"place", "organisation", "topic"}
    # The finished project's topic is a gap: nobody works on it there now.
    assert [gap.name for gap in picture.gaps] == ["Synthetic topic 1"]


def test_a_citys_focal_point_sees_its_own_projects_only_and_never_another_citys_map(city, country, topics):
    ProjectFactory(municipality=city, title="Synthetic here")
    ProjectFactory(municipality=None, country=country, title="Synthetic national")
    other = MunicipalityFactory(country=country)
    ProjectFactory(municipality=other, title="Synthetic there")

    own = selectors.municipality_map(people.focal_point(city), city.pk)

    assert [row.title for row in own.rows] == ["Synthetic here"]
    assert selectors.municipality_map(people.focal_point(other), city.pk) is None
    assert selectors.country_map(people.focal_point(city), country.pk) is None


@pytest.mark.parametrize("who", ["other_coordinator", "anonymous", "member"])
def test_outsiders_see_no_map(who, city, country, elsewhere):
    ProjectFactory(municipality=city)
    actor = {
        "other_coordinator": people.coordinator(elsewhere),
        "anonymous": AnonymousUser(),
        "member": people.member(city),
    }[who]

    assert selectors.municipality_map(actor, city.pk) is None
    assert selectors.country_map(actor, country.pk) is None


def test_a_countrys_map_has_its_cities_and_national_projects(city, country, staff, elsewhere):
    ProjectFactory(municipality=city, title="Synthetic here")
    ProjectFactory(municipality=None, country=country, title="Synthetic national")
    ProjectFactory(municipality=MunicipalityFactory(country=elsewhere.countries.get()), title="Synthetic abroad")

    picture = selectors.country_map(staff, country.pk)

    assert sorted(row.title for row in picture.rows) == ["Synthetic here", "Synthetic national"]
    assert picture.nodes[0].id == f"place:country:{country.pk}"


def test_maps_keep_a_fixed_query_budget(city, country, staff, topics):
    def grow(n):
        for index in range(n):
            project = ProjectFactory(
                municipality=city if index % 2 else None,
                country=country,
                funder=OrganisationFactory(),
                learned_at=MeetingFactory(visit=VisitFactory(engagement=EngagementFactory(region=country.region))),
            )
            project.topics.set(topics[: 1 + index % 2])

    focal_point = people.focal_point(city)
    assert assert_queries_do_not_grow(lambda: selectors.municipality_map(staff, city.pk), grow, sizes=(5, 40)) <= 8
    assert (
        assert_queries_do_not_grow(lambda: selectors.municipality_map(focal_point, city.pk), grow, sizes=(45, 60)) <= 8
    )
    assert assert_queries_do_not_grow(lambda: selectors.country_map(staff, country.pk), grow, sizes=(65, 80)) <= 8

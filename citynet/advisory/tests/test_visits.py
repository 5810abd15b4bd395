"""Engagements, visits and meetings: who may write them (the region's staff only), what bad input gets
(a message at the field, nothing half-saved), publishing a consultation; and what the public and the staff
read of them: never notes, never an unpublished visit or a hidden meeting, a fixed number of queries."""

import datetime

import pytest
from django.contrib.auth.models import AnonymousUser
from wagtail.models import ModelLogEntry

from citynet.accounts.tests import factories as people
from citynet.advisory.models import Engagement, Meeting, MeetingKind, Visit, VisitStatus
from citynet.advisory.selectors import visits as selectors
from citynet.advisory.services import visits as services
from citynet.advisory.tests.factories import EngagementFactory, MeetingFactory, VisitFactory, in_days
from citynet.core.exceptions import Conflict, InvalidInput, InvalidTransition, NotPermitted
from citynet.core.testing import assert_queries_do_not_grow
from citynet.network.tests.factories import (
    CountryFactory,
    MunicipalityFactory,
    OrganisationFactory,
    PersonFactory,
    RegionFactory,
    TopicFactory,
)

pytestmark = pytest.mark.django_db

NOTES = "Synthetic confidential notes: never public."


@pytest.fixture
def region():
    region = RegionFactory(slug="here")
    CountryFactory(code="XK", region=region)
    CountryFactory(code="MK", region=region)
    return region


@pytest.fixture
def elsewhere():
    region = RegionFactory(slug="elsewhere")
    CountryFactory(code="RS", region=region)
    return region


@pytest.fixture
def city(region):
    return MunicipalityFactory(country=region.countries.get(code="XK"), name_en="Synthetic city")


@pytest.fixture
def staff(region):
    return people.coordinator(region)


@pytest.fixture
def engagement(region, city):
    return EngagementFactory(region=region, municipalities=[city])


@pytest.fixture
def visit(engagement, city):
    visit = VisitFactory(engagement=engagement)
    visit.municipalities.set([city])
    visit.save()
    return visit


def outsiders(city, elsewhere):
    """Everyone who must not write a region's advisory records."""
    return {
        "other_coordinator": people.coordinator(elsewhere),
        "focal_point": people.focal_point(city),
        "anonymous": AnonymousUser(),
    }


def engagement_values(region, **overrides):
    return {
        "region": region,
        "title_en": "Synthetic engagement with two cities",
        "purpose": "Synthetic purpose.",
        "phase": "scoping",
        "status": "active",
        "starts_on": datetime.date(2026, 1, 1),
        **overrides,
    }


def visit_values(engagement, **overrides):
    return {
        "engagement": engagement,
        "title_en": "Synthetic consultations",
        "status": VisitStatus.PLANNED,
        "starts_on": in_days(10),
        "ends_on": in_days(13),
        "time_zone": "Europe/Belgrade",
        "places": "Synthetic town",
        **overrides,
    }


# --- Engagements ---------------------------------------------------------------------------------------


def test_staff_create_an_engagement_with_its_cities_and_lead_staff_and_it_is_audited(region, city, staff):
    engagement = services.save_engagement(
        actor=staff, values=engagement_values(region), municipalities=[city], lead_staff=[staff]
    )

    engagement.refresh_from_db()
    assert list(engagement.municipalities.all()) == [city]
    assert list(engagement.lead_staff.all()) == [staff]
    entry = ModelLogEntry.objects.get(object_id=str(engagement.pk), action="wagtail.create")
    assert entry.data["after"]["municipalities"] == ["Synthetic city"]


def test_a_stale_version_is_a_conflict_and_a_fresh_one_bumps_it(region, city, staff, engagement):
    changed = services.save_engagement(
        actor=staff,
        instance=engagement,
        values={"phase": "assessment"},
        municipalities=[city],
        lead_staff=[],
        version=1,
    )
    assert changed.version == 2

    with pytest.raises(Conflict):
        services.save_engagement(
            actor=staff,
            instance=engagement,
            values={"phase": "review"},
            municipalities=[city],
            lead_staff=[],
            version=1,
        )
    assert Engagement.objects.get(pk=engagement.pk).phase == "assessment"


def test_an_engagements_cities_and_lead_staff_are_of_its_region(region, city, elsewhere, staff):
    foreign_city = MunicipalityFactory(country=elsewhere.countries.get(), name_en="Synthetic far city")
    foreign_staff = people.coordinator(elsewhere)

    with pytest.raises(InvalidInput) as refused:
        services.save_engagement(
            actor=staff,
            values=engagement_values(region, ends_on=datetime.date(2025, 1, 1)),
            municipalities=[city, foreign_city],
            lead_staff=[foreign_staff],
        )

    assert "Synthetic far city" in refused.value.errors["municipalities"][0]
    assert refused.value.errors["lead_staff"]
    assert refused.value.errors["ends_on"] == ["An engagement cannot end before it starts."]
    assert not Engagement.objects.exists()


def test_an_engagement_needs_at_least_one_city(region, staff):
    with pytest.raises(InvalidInput, match="at least one municipality"):
        services.save_engagement(actor=staff, values=engagement_values(region), municipalities=[], lead_staff=[])


@pytest.mark.parametrize("role", ["other_coordinator", "focal_point", "anonymous"])
def test_only_the_regions_staff_write_engagements(role, region, city, elsewhere, engagement):
    actor = outsiders(city, elsewhere)[role]

    with pytest.raises(NotPermitted):
        services.save_engagement(actor=actor, values=engagement_values(region), municipalities=[city], lead_staff=[])
    with pytest.raises(NotPermitted):
        services.save_engagement(
            actor=actor, instance=engagement, values={"title_en": "Taken over"}, municipalities=[city], lead_staff=[]
        )
    assert Engagement.objects.count() == 1
    assert Engagement.objects.get().title_en != "Taken over"


def test_the_secretariat_runs_every_region(region, city):
    engagement = services.save_engagement(
        actor=people.secretariat(), values=engagement_values(region), municipalities=[city], lead_staff=[]
    )
    assert engagement.pk


# --- Visits -----------------------------------------------------------------------------------------------


def test_staff_plan_a_visit_its_slug_and_countries_follow_its_cities(engagement, city, staff):
    visit = services.save_visit(actor=staff, values=visit_values(engagement), municipalities=[city], team=[staff])

    visit.refresh_from_db()
    assert visit.slug == f"synthetic-consultations-{in_days(10).year}"
    assert visit.countries == ["XK"]
    assert list(visit.municipalities.all()) == [city]
    assert list(visit.team.all()) == [staff]
    assert ModelLogEntry.objects.filter(object_id=str(visit.pk), action="wagtail.create").count() == 1


def test_a_visits_last_day_is_not_before_its_first(engagement, staff):
    with pytest.raises(InvalidInput) as refused:
        services.save_visit(actor=staff, values=visit_values(engagement, ends_on=in_days(9)))

    assert refused.value.errors["ends_on"] == ["The last day of a visit cannot be before its first day."]
    assert not Visit.objects.exists()


def test_a_visits_cities_and_countries_are_of_the_engagements_region(engagement, elsewhere, staff):
    far = MunicipalityFactory(country=elsewhere.countries.get(), name_en="Synthetic far city")

    with pytest.raises(InvalidInput) as refused:
        services.save_visit(actor=staff, values=visit_values(engagement, countries=["RS"]), municipalities=[far])

    assert "Synthetic far city" in refused.value.errors["municipalities"][0]
    assert "RS" in refused.value.errors["countries"][0]
    assert not Visit.objects.exists()


def test_publication_is_not_written_through_the_visits_form(visit, staff):
    with pytest.raises(InvalidInput, match="cannot be changed here"):
        services.save_visit(actor=staff, instance=visit, values={"is_published": True})
    assert not Visit.objects.get(pk=visit.pk).is_published


def test_a_visit_moved_to_another_regions_engagement_is_refused(visit, elsewhere, staff):
    far = EngagementFactory(region=elsewhere)

    with pytest.raises(NotPermitted):
        services.save_visit(actor=staff, instance=visit, values={"engagement": far})
    with pytest.raises(InvalidInput, match="not in the engagement's region"):
        services.save_visit(actor=people.secretariat(), instance=visit, values={"engagement": far})
    assert Visit.objects.get(pk=visit.pk).engagement_id == visit.engagement_id


def test_a_visit_is_not_held_before_its_first_day(engagement, staff):
    with pytest.raises(InvalidInput, match="before its first day"):
        services.save_visit(actor=staff, values=visit_values(engagement, status=VisitStatus.HELD))


@pytest.mark.parametrize("role", ["other_coordinator", "focal_point", "anonymous"])
def test_only_the_regions_staff_write_visits(role, engagement, visit, city, elsewhere):
    actor = outsiders(city, elsewhere)[role]

    with pytest.raises(NotPermitted):
        services.save_visit(actor=actor, values=visit_values(engagement))
    with pytest.raises(NotPermitted):
        services.save_visit(actor=actor, instance=visit, values={"agenda": "Taken over"})
    assert Visit.objects.count() == 1
    assert Visit.objects.get().agenda == ""


# --- Publishing --------------------------------------------------------------------------------------------


def test_publishing_approves_the_public_summary_and_twice_is_once(visit, staff):
    published = services.publish_visit(actor=staff, visit=visit)

    assert published.is_published
    assert published.published_by == staff
    assert published.published_at is not None
    again = services.publish_visit(actor=staff, visit=visit)
    assert again.published_at == published.published_at
    entries = ModelLogEntry.objects.filter(object_id=str(visit.pk), action="wagtail.edit")
    assert entries.count() == 1
    assert entries.get().data["changed"]["is_published"] == [False, True]


def test_a_visit_without_an_english_public_summary_or_not_held_is_not_published(engagement, staff):
    unsummarised = VisitFactory(engagement=engagement, public_summary_en="")
    planned = VisitFactory(engagement=engagement, status=VisitStatus.PLANNED)

    with pytest.raises(InvalidTransition, match="public summary in English"):
        services.publish_visit(actor=staff, visit=unsummarised)
    with pytest.raises(InvalidTransition, match="was held"):
        services.publish_visit(actor=staff, visit=planned)
    assert not Visit.objects.filter(is_published=True).exists()


def test_a_published_visit_keeps_its_summary_until_unpublished(visit, staff):
    services.publish_visit(actor=staff, visit=visit)

    with pytest.raises(InvalidInput, match="cannot be empty"):
        services.save_visit(actor=staff, instance=visit, values={"public_summary_en": ""})

    unpublished = services.unpublish_visit(actor=staff, visit=visit)
    assert not unpublished.is_published and unpublished.published_by is None
    assert services.unpublish_visit(actor=staff, visit=visit).is_published is False


@pytest.mark.parametrize("role", ["other_coordinator", "focal_point", "anonymous"])
def test_only_the_regions_staff_publish(role, visit, city, elsewhere, staff):
    actor = outsiders(city, elsewhere)[role]

    with pytest.raises(NotPermitted):
        services.publish_visit(actor=actor, visit=visit)
    services.publish_visit(actor=staff, visit=visit)
    with pytest.raises(NotPermitted):
        services.unpublish_visit(actor=actor, visit=visit)
    assert Visit.objects.get(pk=visit.pk).is_published


# --- Meetings ----------------------------------------------------------------------------------------------


def test_staff_record_a_meeting_with_an_organisation_and_its_topics(visit, city, staff):
    organisation = OrganisationFactory(name_en="Synthetic institute")
    topic = TopicFactory()

    meeting = services.save_meeting(
        actor=staff,
        values={
            "visit": visit,
            "kind": MeetingKind.CIVIL_SOCIETY,
            "organisation": organisation,
            "municipality": city,
            "held_on": visit.starts_on,
            "notes": NOTES,
            "public_summary_en": "Synthetic summary.",
        },
        topics=[topic],
    )

    meeting = Meeting.objects.get(pk=meeting.pk)
    assert meeting.organisation == organisation
    assert list(meeting.topics.all()) == [topic]
    assert ModelLogEntry.objects.filter(object_id=str(meeting.pk), action="wagtail.create").count() == 1


def test_a_meeting_says_who_was_met(visit, staff):
    with pytest.raises(InvalidInput) as refused:
        services.save_meeting(actor=staff, values={"visit": visit, "kind": MeetingKind.MAYOR})

    assert refused.value.errors["counterpart"] == [
        "Say who was met: a person, an organisation or a described counterpart."
    ]
    assert not Meeting.objects.exists()


def test_a_meetings_city_country_and_day_are_the_visits(visit, elsewhere, staff):
    far = MunicipalityFactory(country=elsewhere.countries.get(), name_en="Synthetic far city")

    with pytest.raises(InvalidInput) as refused:
        services.save_meeting(
            actor=staff,
            values={
                "visit": visit,
                "kind": MeetingKind.MAYOR,
                "person": PersonFactory(),
                "municipality": far,
                "country": "rs",
                "held_on": visit.ends_on + datetime.timedelta(days=1),
            },
        )

    assert set(refused.value.errors) == {"municipality", "country", "held_on"}
    assert not Meeting.objects.exists()


@pytest.mark.parametrize("role", ["other_coordinator", "focal_point", "anonymous"])
def test_only_the_regions_staff_write_meetings(role, visit, city, elsewhere):
    actor = outsiders(city, elsewhere)[role]
    meeting = MeetingFactory(visit=visit)

    with pytest.raises(NotPermitted):
        services.save_meeting(actor=actor, values={"visit": visit, "kind": "mayor", "counterpart": "Someone"})
    with pytest.raises(NotPermitted):
        services.save_meeting(actor=actor, instance=meeting, values={"notes": "Overwritten"})
    with pytest.raises(NotPermitted):
        services.delete_meeting(actor=actor, meeting=meeting)
    assert list(Meeting.objects.values_list("notes", flat=True)) == [NOTES]


def test_staff_delete_a_wrong_meeting(visit, staff):
    meeting = MeetingFactory(visit=visit)

    services.delete_meeting(actor=staff, meeting=meeting)

    assert not Meeting.objects.exists()
    assert ModelLogEntry.objects.filter(object_id=str(meeting.pk), action="wagtail.delete").exists()


# --- What the public reads ----------------------------------------------------------------------------------


def published(visit, staff):
    return services.publish_visit(actor=staff, visit=visit)


def test_the_public_list_shows_published_visits_newest_first_with_meetings_by_kind(engagement, visit, staff):
    older = VisitFactory(engagement=engagement, starts_on=in_days(-400), ends_on=in_days(-398))
    VisitFactory(engagement=engagement)  # held, never published
    MeetingFactory(visit=visit, kind=MeetingKind.MAYOR)
    MeetingFactory(visit=visit, kind=MeetingKind.CIVIL_SOCIETY)
    MeetingFactory(visit=visit, kind=MeetingKind.CIVIL_SOCIETY)
    MeetingFactory(visit=visit, kind=MeetingKind.DONORS, is_public=False)
    published(visit, staff)
    published(older, staff)

    cards = selectors.published_consultations()

    assert [card.slug for card in cards] == [visit.slug, older.slug]
    assert [(k.kind, k.count) for k in cards[0].meetings_by_kind] == [("mayor", 1), ("civil_society", 2)]
    assert [place.name for place in cards[0].municipalities] == ["Synthetic city"]
    assert NOTES not in repr(cards)
    assert selectors.published_consultation_count() == 2
    assert selectors.published_consultations(limit=1, offset=1)[0].slug == older.slug


def test_cards_by_id_are_the_published_ones_in_the_order_asked_for_in_pages_of_twenty(engagement, visit, staff):
    published(visit, staff)
    MeetingFactory(visit=visit, kind=MeetingKind.MAYOR)
    MeetingFactory(visit=visit, kind=MeetingKind.DONORS, is_public=False)
    hidden = VisitFactory(engagement=engagement)  # never published
    more = [VisitFactory(engagement=engagement) for _ in range(selectors.PAGE_SIZE + 1)]
    for other in more:
        published(other, staff)
    asked = [other.pk for other in reversed(more)] + [hidden.pk, visit.pk]

    cards = selectors.consultation_cards(asked)

    assert [card["pk"] for card in cards] == [pk for pk in asked if pk != hidden.pk]
    assert cards[-1]["kinds"] == [("mayor", 1)]  # the unpublished meeting is not counted
    assert cards[-1]["slug"] == visit.slug and cards[-1]["title_en"] == visit.title_en
    assert NOTES not in repr(cards)


def test_the_public_list_of_a_region_is_that_regions(engagement, visit, elsewhere, staff):
    published(visit, staff)
    far_visit = VisitFactory(engagement=EngagementFactory(region=elsewhere))
    services.publish_visit(actor=people.secretariat(), visit=far_visit)

    assert [c.slug for c in selectors.published_consultations(engagement.region_id)] == [visit.slug]
    assert selectors.published_consultation_count(elsewhere.pk) == 1


def test_a_consultations_page_shows_its_public_meetings_never_notes(visit, city, staff):
    MeetingFactory(
        visit=visit, kind=MeetingKind.CIVIL_SOCIETY, organisation=OrganisationFactory(name_en="Synthetic NGO")
    )
    MeetingFactory(
        visit=visit, kind=MeetingKind.MAYOR, person=PersonFactory(name_en="Synthetic mayor"), municipality=city
    )
    MeetingFactory(visit=visit, kind=MeetingKind.NATIONAL_COORDINATOR, counterpart="Synthetic national coordinator")
    MeetingFactory(visit=visit, kind=MeetingKind.DONORS, counterpart="Synthetic hidden donor", is_public=False)

    assert selectors.published_consultation(visit.slug) is None  # not yet published
    published(visit, staff)
    page = selectors.published_consultation(visit.slug)

    assert sorted(m.counterpart for m in page.meetings) == [
        "Synthetic NGO",
        "Synthetic mayor",
        "Synthetic national coordinator",
    ]
    assert page.public_summary == "A synthetic public summary."
    assert NOTES not in repr(page)
    assert "hidden donor" not in repr(page)
    assert "private" not in repr(page)  # the mayor's email is never read into it


def test_a_citys_profile_lists_visits_that_went_there_or_met_someone_there(engagement, visit, region, staff):
    other_city = MunicipalityFactory(country=region.countries.get(code="MK"))
    met_there = VisitFactory(engagement=engagement)
    MeetingFactory(visit=met_there, municipality=other_city)
    hidden_meeting = VisitFactory(engagement=engagement)
    MeetingFactory(visit=hidden_meeting, municipality=other_city, is_public=False)
    unpublished = VisitFactory(engagement=engagement)
    MeetingFactory(visit=unpublished, municipality=other_city)
    for each in (visit, met_there, hidden_meeting):
        published(each, staff)

    assert [c.slug for c in selectors.municipality_consultations(other_city.pk)] == [met_there.slug]
    assert [c.slug for c in selectors.municipality_consultations(visit.municipalities.get().pk)] == [visit.slug]


# --- What staff read -------------------------------------------------------------------------------------


def test_staff_read_their_regions_visits_with_notes_and_nobody_else_does(visit, city, elsewhere, staff):
    MeetingFactory(visit=visit)

    whole = selectors.visit_for_staff(staff, visit.pk)
    assert [m.notes for m in whole.meetings.all()] == [NOTES]
    assert [v.meeting_count for v in selectors.visits_for(staff)] == [1]
    assert selectors.visit_for_staff(people.secretariat(), visit.pk) is not None
    for actor in outsiders(city, elsewhere).values():
        assert selectors.visit_for_staff(actor, visit.pk) is None
        assert not selectors.visits_for(actor).exists()
        assert not selectors.engagements_for(actor).exists()
        assert selectors.engagement_for_staff(actor, visit.engagement_id) is None
    assert selectors.engagement_for_staff(staff, visit.engagement_id).visits.get() == visit


# --- Query budgets ---------------------------------------------------------------------------------------


def _grower(engagement, staff, city, *, one_visit=None):
    """Adds published visits, each with a city and meetings of several kinds (or meetings to `one_visit`)."""

    def grow(n):
        for _ in range(max(1, n // 5) if one_visit is None else 0):
            visit = VisitFactory(engagement=engagement)
            visit.municipalities.set([city])
            visit.save()
            MeetingFactory(visit=visit, organisation=OrganisationFactory(), municipality=city)
            MeetingFactory(visit=visit, kind=MeetingKind.MAYOR, person=PersonFactory())
            Visit.objects.filter(pk=visit.pk).update(is_published=True)
        if one_visit is not None:
            for _ in range(max(1, n // 5)):
                MeetingFactory(visit=one_visit, organisation=OrganisationFactory(), municipality=city)
                MeetingFactory(visit=one_visit, kind=MeetingKind.MAYOR, person=PersonFactory())

    return grow


def test_public_reads_keep_a_fixed_query_budget(engagement, visit, city, staff, django_assert_max_num_queries):
    published(visit, staff)
    grow = _grower(engagement, staff, city)

    assert assert_queries_do_not_grow(lambda: selectors.published_consultations(limit=500), grow, sizes=(5, 50)) <= 4
    assert (
        assert_queries_do_not_grow(
            lambda: selectors.municipality_consultations(city.pk, limit=500), grow, sizes=(5, 50)
        )
        <= 4
    )
    one = _grower(engagement, staff, city, one_visit=visit)
    assert assert_queries_do_not_grow(lambda: selectors.published_consultation(visit.slug), one, sizes=(5, 50)) <= 4


def test_staff_reads_keep_a_fixed_query_budget(engagement, visit, city, staff):
    grow = _grower(engagement, staff, city)

    assert assert_queries_do_not_grow(lambda: list(selectors.visits_for(staff)), grow, sizes=(5, 50)) <= 8
    assert assert_queries_do_not_grow(lambda: list(selectors.engagements_for(staff)), grow, sizes=(5, 50)) <= 8
    one = _grower(engagement, staff, city, one_visit=visit)
    assert assert_queries_do_not_grow(lambda: selectors.visit_for_staff(staff, visit.pk), one, sizes=(5, 50)) <= 10

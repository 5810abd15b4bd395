import datetime

import pytest

from citynet.network import selectors
from citynet.network.models import MembershipStatus
from citynet.network.tests.factories import (
    CountryFactory,
    MembershipFactory,
    MunicipalityFactory,
    RegionFactory,
    member_municipality,
)

pytestmark = pytest.mark.django_db


def test_membership_status_is_the_current_period_when_a_city_left():
    municipality = MunicipalityFactory()
    MembershipFactory(
        municipality=municipality, started_on=datetime.date(2016, 1, 1), ended_on=datetime.date(2019, 1, 1)
    )
    MembershipFactory(municipality=municipality, status=MembershipStatus.LEFT, started_on=datetime.date(2019, 1, 1))
    assert selectors.list_municipalities().get().membership_status == "left"


def test_members_of_counts_only_current_members_when_others_are_prospective():
    region = RegionFactory()
    country = CountryFactory(region=region)
    member_municipality(country=country)
    MunicipalityFactory(country=country)
    assert selectors.members_of(region).count() == 1


def test_list_municipalities_filters_prospective_including_cities_without_records():
    country = CountryFactory()
    member_municipality(country=country)
    prospective = MunicipalityFactory(country=country)
    assert list(selectors.list_municipalities(status="prospective")) == [prospective]


def test_matching_finds_every_word_when_query_has_several(western_balkans):
    assert [m.name_en for m in selectors.list_municipalities(q="Гњилане")] == ["Gjilan"]
    assert [m.name_en for m in selectors.list_municipalities(q="cair")] == ["Čair"]
    assert selectors.list_municipalities(q="   ").count() == 0


def test_timeline_counts_members_at_each_year_end_when_joins_are_spread(western_balkans):
    timeline = selectors.membership_timeline(western_balkans, today=datetime.date(2019, 6, 1))
    assert timeline == [
        {"year": 2016, "members": 3, "joined": 3},
        {"year": 2017, "members": 3, "joined": 0},
        {"year": 2018, "members": 4, "joined": 1},
        {"year": 2019, "members": 4, "joined": 0},
    ]


def test_members_by_country_lists_every_country_even_without_members(western_balkans):
    rows = {
        str(row["country"].code): [m.name_en for m in row["members"]]
        for row in selectors.members_by_country(western_balkans)
    }
    assert set(rows) == {"AL", "BA", "XK", "MK", "ME", "RS"}
    assert sorted(rows["XK"]) == ["Gjilan", "Peja", "Prizren"]
    assert rows["AL"] == []

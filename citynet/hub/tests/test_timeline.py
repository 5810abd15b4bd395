"""The hub's membership timeline, computed once per period rather than per period for every year."""

import datetime

import pytest

from citynet.network import selectors
from citynet.network.models import MembershipStatus
from citynet.network.tests.factories import CountryFactory, MembershipFactory, MunicipalityFactory, RegionFactory

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 6, 15)
D = datetime.date


def test_the_timeline_counts_every_history_as_the_year_by_year_reading_does():
    region = RegionFactory(slug="synthetic-timeline")
    country = CountryFactory(code="PT", region=region)
    histories = [
        [(D(2015, 3, 1), None)],
        [(D(2015, 12, 31), D(2018, 1, 1))],  # left on New Year's day: a member at the end of 2017 only
        [(D(2016, 5, 1), D(2017, 5, 1)), (D(2019, 1, 1), None)],  # left, came back
        [(D(2017, 1, 1), D(2020, 1, 1)), (D(2018, 1, 1), None)],  # overlapping periods: counted once
        [(D(2025, 1, 1), D(2026, 9, 1))],  # leaves later this year: still a member today
        [(D(2026, 1, 1), D(2026, 3, 1))],  # joined and left this year
        [(D(2026, 9, 1), None)],  # joins later this year
    ]
    for periods in histories:
        city = MunicipalityFactory(country=country)
        for started_on, ended_on in periods:
            MembershipFactory(municipality=city, started_on=started_on, ended_on=ended_on)
    MembershipFactory(
        municipality=MunicipalityFactory(country=country), status=MembershipStatus.SUSPENDED, started_on=D(2016, 1, 1)
    )

    timeline = selectors.membership_timeline_by_year(region, today=TODAY)

    assert timeline == selectors.membership_timeline(region, today=TODAY)
    assert [(row["year"], row["members"], row["joined"]) for row in timeline] == [
        (2015, 2, 2),
        (2016, 3, 1),
        (2017, 3, 1),
        (2018, 2, 1),
        (2019, 3, 1),
        (2020, 3, 0),
        (2021, 3, 0),
        (2022, 3, 0),
        (2023, 3, 0),
        (2024, 3, 0),
        (2025, 4, 1),
        (2026, 4, 2),
    ]


def test_a_region_without_members_has_no_timeline():
    assert selectors.membership_timeline_by_year(RegionFactory(slug="synthetic-empty"), today=TODAY) == []

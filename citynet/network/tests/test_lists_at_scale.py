"""The registry's lists stay right when they are made fast for a big network (see docs/benchmarks.md).

The status filter is a semi-join on membership periods, not a filter on the status annotation; API
pages load their ids first and keep the list's count in the cache until the registry changes.
"""

import datetime

import pytest

from citynet.network import selectors
from citynet.network.models import MembershipStatus
from citynet.network.tests.factories import CountryFactory, MembershipFactory, MunicipalityFactory

pytestmark = pytest.mark.django_db

API = "/api/v1"
TODAY = datetime.date.today()
LONG_AGO = datetime.date(2016, 1, 1)


def _city_with(*periods):
    """A municipality with these (status, from, until) periods."""
    municipality = MunicipalityFactory()
    for status, started_on, ended_on in periods:
        MembershipFactory(municipality=municipality, status=status, started_on=started_on, ended_on=ended_on)
    return municipality


def test_each_status_filter_finds_exactly_the_cities_whose_status_it_is_when_histories_vary():
    joined = datetime.date(2019, 5, 1)
    next_year = TODAY + datetime.timedelta(days=365)
    _city_with()  # no record: prospective
    _city_with((MembershipStatus.MEMBER, LONG_AGO, None))
    _city_with((MembershipStatus.PROSPECTIVE, LONG_AGO, joined), (MembershipStatus.MEMBER, joined, None))
    _city_with((MembershipStatus.MEMBER, LONG_AGO, joined), (MembershipStatus.LEFT, joined, None))
    _city_with((MembershipStatus.MEMBER, LONG_AGO, joined), (MembershipStatus.SUSPENDED, joined, None))
    _city_with((MembershipStatus.MEMBER, LONG_AGO, joined))  # ended, nothing since: prospective
    _city_with((MembershipStatus.MEMBER, next_year, None))  # not yet: prospective
    _city_with((MembershipStatus.PROSPECTIVE, LONG_AGO, None))
    # Overlapping open periods (the services never make them): the latest started one counts.
    _city_with((MembershipStatus.MEMBER, LONG_AGO, None), (MembershipStatus.SUSPENDED, joined, None))
    _city_with((MembershipStatus.SUSPENDED, LONG_AGO, None), (MembershipStatus.PROSPECTIVE, joined, None))

    everyone = list(selectors.list_municipalities())
    for status in MembershipStatus.values:
        expected = [m.pk for m in everyone if (m.membership_status or MembershipStatus.PROSPECTIVE) == status]
        found = [m.pk for m in selectors.list_municipalities(status=status)]
        assert found == expected, status
    assert sum(len(selectors.list_municipalities(status=s)) for s in MembershipStatus.values) == len(everyone)


def test_api_pages_walked_at_every_offset_give_the_whole_ordered_list_once(client):
    country = CountryFactory(code="AL")
    cities = [MunicipalityFactory(country=country, name_en=f"Synthetic town {n:02}") for n in range(23)]
    for city in cities[::3]:
        MembershipFactory(municipality=city)

    walked = []
    for offset in range(0, 30, 5):
        page = client.get(f"{API}/municipalities?country=AL&limit=5&offset={offset}").json()
        assert page["count"] == 23
        walked += [item["slug"] for item in page["items"]]
    assert walked == [c.slug for c in sorted(cities, key=lambda c: (c.name_en, c.pk))]
    members = client.get(f"{API}/municipalities?country=AL&status=member&limit=3&offset=6").json()
    assert members["count"] == 8
    assert [i["slug"] for i in members["items"]] == [c.slug for c in cities[::3][6:9]]
    assert all(i["status"] == "member" for i in members["items"])


def test_an_api_list_counts_again_when_the_registry_changes(client, django_capture_on_commit_callbacks):
    country = CountryFactory(code="RS")
    MunicipalityFactory(country=country)
    assert client.get(f"{API}/municipalities?country=RS&limit=1").json()["count"] == 1
    with django_capture_on_commit_callbacks(execute=True):
        MunicipalityFactory(country=country)
    # Another page of the same list: its count was kept, but under the registry version before the write.
    assert client.get(f"{API}/municipalities?country=RS&limit=1&offset=1").json()["count"] == 2


def test_an_api_page_far_into_the_list_computes_membership_for_its_own_rows_only(client):
    """Rows skipped by an OFFSET are computed in full: with the membership subqueries, a page deep
    into 50,000 municipalities took seconds. The page's ids come first, then only its rows."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    country = CountryFactory(code="ME")
    for _ in range(12):
        MunicipalityFactory(country=country)

    with CaptureQueriesContext(connection) as captured:
        page = client.get(f"{API}/municipalities?country=ME&limit=5&offset=5").json()

    assert len(page["items"]) == 5
    with_membership = [q["sql"] for q in captured.captured_queries if "network_membership" in q["sql"]]
    assert with_membership, "the page's rows come with their membership status"
    assert not [sql for sql in with_membership if "OFFSET" in sql.upper()]

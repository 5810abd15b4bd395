"""The site's search page: grouped results with their passages, a kind's pages, filters, bad input."""

import pytest
from django.urls import reverse

from citynet.accounts.tests.factories import member
from citynet.core.cache import forget_local
from citynet.events.tests.factories import EventFactory
from citynet.library.models import Access
from citynet.library.tests.factories import ResourceFactory
from citynet.network.tests.factories import MunicipalityFactory, member_municipality

URL = reverse("search:page")


@pytest.fixture(autouse=True)
def fresh():
    forget_local()
    yield
    forget_local()


def test_the_page_without_a_query_offers_the_box_and_no_results(client, db):
    response = client.get("/en/search/")
    assert response.status_code == 200
    assert response.context["results"] is None
    assert 'role="search"' in response.content.decode()


def test_a_city_found_by_its_cyrillic_name_in_arabic(client, western_balkans, indexed):
    indexed()
    response = client.get("/ar/search/", {"q": "Гњилане"})
    html = response.content.decode()
    assert '<html lang="ar" dir="rtl">' in html
    group = response.context["results"].groups[0]
    assert (group.kind, [h.url for h in group.hits]) == ("municipality", ["/ar/municipalities/gjilan/"])


def test_organisations_by_acronym_and_a_mayor_by_the_arabic_spelling_without_contact_details(
    client, western_balkans, indexed
):
    indexed()
    assert "icma" in client.get("/en/search/", {"q": "icma"}).content.decode()
    response = client.get("/ar/search/", {"q": "فيسار غانيو"})
    people = next(g for g in response.context["results"].groups if g.kind == "person")
    assert [h.url for h in people.hits] == ["/ar/municipalities/cair/"]
    assert "@" not in response.content.decode().split('id="results-heading"')[1]


def test_the_words_found_are_marked_in_the_passage(client, db, indexed):
    EventFactory(title_en="Synthetic meeting", description_en="Mayors met on the local referral mechanism.")
    indexed()
    html = client.get("/en/search/", {"q": "referral"}).content.decode()
    assert "<mark>referral</mark>" in html


def test_a_kind_with_more_results_than_shown_links_to_its_pages(client, db, indexed):
    for n in range(25):
        EventFactory(title_en=f"Synthetic workshop {n:02}")
    indexed()
    html = client.get("/en/search/", {"q": "workshop"}).content.decode()
    assert "See all 25 results of this kind" in html
    response = client.get("/en/search/", {"q": "workshop", "kind": "event", "page": 2})
    assert len(response.context["results"].hits) == 5
    assert 'rel="prev"' in response.content.decode()


def test_a_members_only_report_is_found_by_a_member_and_not_by_the_public(client, db, indexed):
    city = member_municipality()
    ResourceFactory(title_en="Synthetic members report", access=Access.MEMBERS)
    indexed()
    assert "Synthetic members report" not in client.get(URL, {"q": "members report"}).content.decode()
    client.force_login(member(city))
    assert "Synthetic members report" in client.get(URL, {"q": "members report"}).content.decode()


def test_bad_input_gets_a_translated_message_and_no_results(client, db):
    response = client.get("/en/search/", {"q": "x" * 500, "year": "soon", "kind": "spaceship"})
    assert response.status_code == 200
    assert response.context["results"] is None
    html = response.content.decode()
    assert "Ensure this value has at most 100 characters" in html
    assert "Enter a whole number." in html
    assert 'role="alert"' in html


def test_nothing_found_says_so(client, db, indexed):
    MunicipalityFactory(name_en="Prizren")
    indexed()
    assert "Nothing matches that search." in client.get(URL, {"q": "zzzzqqq"}).content.decode()


@pytest.mark.parametrize("count", [3, 60])
def test_the_page_makes_a_fixed_number_of_queries(client, db, indexed, django_assert_max_num_queries, count):
    for _ in range(count):
        MunicipalityFactory()
        ResourceFactory()
    indexed()
    # The search's three, and on PostgreSQL its transaction's savepoint, SET LOCAL and release (selectors.py).
    with django_assert_max_num_queries(11):
        assert client.get(URL, {"q": "synthetic"}).status_code == 200


def test_an_anonymous_visitors_search_is_served_from_the_cache_until_the_index_changes(
    client, db, indexed, django_assert_num_queries
):
    MunicipalityFactory(name_en="Synthetic Ulcinj")
    indexed()
    assert "Synthetic Ulcinj" in client.get(URL, {"q": "ulcinj"}).content.decode()
    forget_local()
    with django_assert_num_queries(0):
        assert "Synthetic Ulcinj" in client.get(URL, {"q": "ulcinj"}).content.decode()
    MunicipalityFactory(name_en="Synthetic Ulcinj Bay")
    indexed()
    assert "Synthetic Ulcinj Bay" in client.get(URL, {"q": "ulcinj"}).content.decode()


def test_a_signed_in_visitors_search_is_never_served_from_the_anonymous_cache(client, db, indexed):
    city = member_municipality()
    ResourceFactory(title_en="Synthetic members memo", access=Access.MEMBERS)
    indexed()
    assert "Synthetic members memo" not in client.get(URL, {"q": "memo"}).content.decode()
    client.force_login(member(city))
    assert "Synthetic members memo" in client.get(URL, {"q": "memo"}).content.decode()

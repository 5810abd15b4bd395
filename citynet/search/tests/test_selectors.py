"""The one search: every spelling, grouped by kind, and never what the visitor may not see."""

import pytest
from django.utils import translation

from citynet.accounts.tests.factories import UserFactory, coordinator, member
from citynet.core.cache import forget_local
from citynet.core.testing import assert_queries_do_not_grow
from citynet.events.tests.factories import EventFactory
from citynet.library.models import Access
from citynet.library.tests.factories import ResourceFactory, ResourceVersionFactory
from citynet.network.models import AlternateName
from citynet.network.tests.factories import (
    CountryFactory,
    MunicipalityFactory,
    RegionFactory,
    TopicFactory,
    member_municipality,
)
from citynet.search import selectors
from citynet.search.selectors import Filters


@pytest.fixture(autouse=True)
def english():
    forget_local()
    with translation.override("en"):
        yield
    forget_local()


def titles(results, kind=None):
    if kind is None:
        return {group.kind: [hit.title for hit in group.hits] for group in results.groups}
    return [hit.title for hit in results.hits]


@pytest.mark.parametrize(
    "query",
    ["Gjilan", "gjilan", "Gnjilane", "Гњилане", "Gjilani", "Gjilanit", "غيلان", "Gjilam"],
)
def test_a_city_is_found_by_every_spelling_a_visitor_may_type(western_balkans_registry, indexed, query):
    indexed()
    assert "Gjilan" in titles(selectors.search(None, query)).get("municipality", [])


def test_the_registrys_alternate_arabic_name_finds_its_city(db, indexed):
    city = MunicipalityFactory(name_en="Synthetic Kaçanik", slug="synthetic-kacanik")
    AlternateName.objects.create(municipality=city, name="كاتشانيك", language="ar")
    indexed()
    assert titles(selectors.search(None, "كاتشانيك")) == {"municipality": ["Synthetic Kaçanik"]}
    assert titles(selectors.search(None, "Kacanik")) == {"municipality": ["Synthetic Kaçanik"]}


@pytest.mark.parametrize(
    ("query", "city"), [("Durres", "Durrës"), ("Cair", "Čair"), ("Чаир", "Čair"), ("Peje", "Peja")]
)
def test_accents_scripts_and_definite_forms_fold_alike(db, indexed, query, city):
    MunicipalityFactory(name_en=city)
    indexed()
    assert titles(selectors.search(None, query)) == {"municipality": [city]}


def test_a_mistyped_long_word_is_corrected_and_said(db, indexed):
    MunicipalityFactory(name_en="Prizren")
    indexed()
    results = selectors.search(None, "Prizrem")
    assert titles(results) == {"municipality": ["Prizren"]}
    assert results.corrected == {"prizrem": ["prizren"]}


def test_a_short_word_is_never_guessed(db, indexed):
    MunicipalityFactory(name_en="Peja")
    indexed()
    assert selectors.search(None, "Pwj").total == 0


def test_results_are_grouped_by_kind_with_their_counts(db, indexed):
    region = RegionFactory()
    MunicipalityFactory(name_en="Synthetic Ohrid", country=CountryFactory(code="MK", region=region))
    EventFactory(title_en="Synthetic training in Ohrid", region=region)
    ResourceFactory(title_en="Synthetic Ohrid report")
    indexed()
    results = selectors.search(None, "ohrid")
    assert results.counts == {"municipality": 1, "event": 1, "resource": 1}
    assert [g.kind for g in results.groups] == ["municipality", "event", "resource"]


def test_a_word_inside_a_documents_text_finds_it_with_its_passage(db, indexed):
    resource = ResourceFactory(title_en="Synthetic annual report")
    ResourceVersionFactory(resource=resource, language="en", text="Chapter 3 covers the municipal referral mechanism.")
    indexed()
    results = selectors.search(None, "referral")
    hit = results.groups[0].hits[0]
    assert hit.title == "Synthetic annual report"
    assert ("referral", True) in hit.passage


def test_members_only_staff_only_and_embargoed_resources_are_found_only_by_who_may_read_them(db, indexed):
    city = member_municipality()
    ResourceFactory(title_en="Synthetic open guide")
    ResourceFactory(title_en="Synthetic members guide", access=Access.MEMBERS)
    ResourceFactory(title_en="Synthetic staff guide", access=Access.STAFF)
    ResourceFactory(title_en="Synthetic embargoed guide", embargo_until="2999-01-01")
    indexed()

    def found(actor):
        return sorted(titles(selectors.search(actor, "synthetic guide")).get("resource", []))

    assert found(None) == ["Synthetic open guide"]
    assert found(UserFactory()) == ["Synthetic open guide"]
    assert found(member(city)) == ["Synthetic members guide", "Synthetic open guide"]
    assert found(coordinator(city.country.region)) == [
        "Synthetic embargoed guide",
        "Synthetic members guide",
        "Synthetic open guide",
        "Synthetic staff guide",
    ]


def test_a_kinds_page_and_the_filters(db, indexed):
    region, other = RegionFactory(), RegionFactory()
    topic = TopicFactory()
    for n in range(25):
        EventFactory(title_en=f"Synthetic workshop {n:02}", region=region, topics=[topic] if n < 3 else [])
    EventFactory(title_en="Synthetic workshop elsewhere", region=other)
    indexed()
    first = selectors.search(None, "workshop", Filters(kind="event", region=region.pk))
    assert first.counts == {"event": 25}
    assert len(first.hits) == 20
    second = selectors.search(None, "workshop", Filters(kind="event", region=region.pk), start=20)
    assert len(second.hits) == 5
    assert not set(titles(first, "event")) & set(titles(second, "event"))
    by_topic = selectors.search(None, "workshop", Filters(topic=topic.pk))
    assert by_topic.counts == {"event": 3}


def test_a_title_in_the_visitors_language_else_the_fallback(db, indexed):
    MunicipalityFactory(name_en="Gjilan", name_ar="غيلان")
    indexed()
    hit = selectors.search(None, "Gjilan").groups[0].hits[0]
    assert (hit.title, hit.url) == ("Gjilan", f"/en/municipalities/{hit.route_key}/")
    with translation.override("ar"):  # the same kept results, said in Arabic
        assert (hit.title, hit.title_language) == ("غيلان", "ar")
        assert hit.url == f"/ar/municipalities/{hit.route_key}/"


def test_a_search_costs_the_same_number_of_queries_whatever_the_index_holds(db, indexed):
    region = RegionFactory()
    country = CountryFactory(code="AL", region=region)

    def grow(n):
        for _ in range(n):
            MunicipalityFactory(country=country)
            EventFactory(region=region)
            ResourceFactory()
        indexed()

    def search():
        forget_local()
        selectors.search(None, "synthetic")

    assert_queries_do_not_grow(search, grow, sizes=(3, 60))


def test_a_broad_query_reads_a_bounded_number_of_matches_of_each_kind_and_says_there_are_more(
    db, indexed, monkeypatch, client
):
    monkeypatch.setattr(selectors, "MATCHED", 3)
    for n in range(5):
        EventFactory(title_en=f"Synthetic seminar {n}")
    MunicipalityFactory(name_en="Synthetic Seminar Town")
    indexed()
    results = selectors.search(None, "seminar")
    assert results.counts == {"municipality": 1, "event": 3}
    assert "event" in results.more  # (on SQLite, whose one limit is for all kinds, every kind may have more)
    assert next(g for g in results.groups if g.kind == "event").more
    forget_local()
    html = client.get("/en/search/", {"q": "seminar"}).content.decode()
    assert "More than 4 results" in html
    assert "(3+)" in html


def test_pages_are_read_whole_so_other_sizes_share_them(db, indexed, django_assert_num_queries):
    for n in range(30):
        EventFactory(title_en=f"Synthetic forum {n:02}")
    indexed()
    first_ten = selectors.search(None, "forum", Filters(kind="event"), size=10, grouped=False)
    assert len(first_ten.hits) == 10
    with django_assert_num_queries(0):
        twenty = selectors.search(None, "forum", Filters(kind="event"), size=20, grouped=False)
    assert [h.object_id for h in twenty.hits[:10]] == [h.object_id for h in first_ten.hits]
    middle = selectors.search(None, "forum", Filters(kind="event"), start=15, size=10, grouped=False)
    assert [h.object_id for h in middle.hits[:5]] == [h.object_id for h in twenty.hits[15:]]
    assert len(middle.hits) == 10 and middle.start == 15

"""A query compiled once and run again with other values gives what the queryset itself gives."""

import pytest
from django.db.models import Count, F, QuerySet

from citynet.core.prepared import PreparedQuery
from citynet.network.models import Region
from citynet.network.tests.factories import RegionFactory

pytestmark = pytest.mark.django_db


def by_slug(slug) -> QuerySet[Region]:
    return QuerySet(Region).filter(slug=slug).annotate(countries_named=Count("countries"), label=F("name_en"))


def test_a_prepared_query_finds_each_value_as_the_queryset_would(django_assert_num_queries):
    balkans, levant = RegionFactory(name_en="Synthetic Balkans"), RegionFactory(name_en="Synthetic Levant")
    prepared = PreparedQuery(by_slug)
    for region in (balkans, levant):
        with django_assert_num_queries(1):
            found = prepared.first(region.slug)
        assert (found.pk, found.label, found.countries_named) == (region.pk, region.name_en, 0)
    assert prepared.first("no-such-region") is None


def test_it_is_compiled_once_per_database():
    prepared = PreparedQuery(by_slug)
    assert prepared.compile() is prepared.compile()


def test_rows_are_plain_dicts_by_column_name():
    region = RegionFactory(name_en="Synthetic Balkans")
    rows = PreparedQuery(
        lambda slug: QuerySet(Region).filter(slug=slug).values("slug").annotate(label=F("name_en"))
    ).rows(region.slug)
    assert rows == [{"slug": region.slug, "label": "Synthetic Balkans"}]


def test_several_values_each_take_their_place():
    first, second, third = RegionFactory(), RegionFactory(), RegionFactory()
    prepared = PreparedQuery(lambda *ids: QuerySet(Region).filter(pk__in=ids).order_by("pk"), -1, -2)
    assert [r.pk for r in prepared.instances(third.pk, first.pk)] == [first.pk, third.pk]
    assert second.pk not in [r.pk for r in prepared.instances(first.pk, first.pk)]
    with pytest.raises(TypeError):
        prepared.instances(first.pk)


def test_a_value_that_is_not_exactly_one_parameter_is_refused():
    with pytest.raises(ValueError):  # not in the query at all
        PreparedQuery(lambda slug: QuerySet(Region).all()).compile()
    with pytest.raises(ValueError):  # twice: which one to replace would be a guess
        PreparedQuery(lambda slug: QuerySet(Region).filter(slug=slug) | QuerySet(Region).filter(name=slug)).compile()


def test_a_value_is_a_parameter_never_sql():
    region = RegionFactory()
    hostile = f"{region.slug}' OR '1'='1"
    assert PreparedQuery(by_slug).first(hostile) is None


def test_the_rows_get_the_fields_converters():
    from citynet.events.tests.factories import EventFactory

    event = EventFactory(working_languages=["sq", "sr"])
    prepared = PreparedQuery(
        lambda slug: QuerySet(type(event)).filter(slug=slug).only("starts_on", "working_languages")
    )
    found = prepared.first(event.slug)
    assert found.starts_on == event.starts_on and found.working_languages == ["sq", "sr"]
    assert prepared.rows(event.slug)[0]["working_languages"] == ["sq", "sr"]

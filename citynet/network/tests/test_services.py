import datetime

import pytest
from wagtail.models import ModelLogEntry

from citynet.accounts.tests import factories as people
from citynet.core.actors import SYSTEM
from citynet.core.exceptions import Conflict, InvalidInput, NotPermitted
from citynet.network import services
from citynet.network.models import Membership, MembershipStatus, Municipality, Topic
from citynet.network.tests.factories import CountryFactory, MunicipalityFactory, RegionFactory, TopicFactory

pytestmark = pytest.mark.django_db


def test_save_municipality_indexes_every_spelling_when_created():
    country = CountryFactory(code="XK")
    municipality = services.import_municipality(
        actor=SYSTEM, country=country, names={"en": "Gjilan", "sr": "Гњилане"}, alternate_names=["Gnjilane"]
    )
    assert "gjilan" in municipality.search_text.split("\n")
    assert "gnjilane" in municipality.search_text.split("\n")
    assert municipality.slug == "gjilan"


def test_save_municipality_is_idempotent_when_run_twice():
    country = CountryFactory(code="XK")
    for _ in range(2):
        services.import_municipality(actor=SYSTEM, country=country, names={"en": "Gjilan"}, geonames_id=790674)
    assert Municipality.objects.count() == 1


def test_save_municipality_keeps_official_names_when_filling_from_a_gazetteer():
    country = CountryFactory(code="XK")
    services.import_municipality(actor=SYSTEM, country=country, names={"en": "Peja", "sq": "Pejë"}, geonames_id=1)
    services.import_municipality(
        actor=SYSTEM, country=country, names={"en": "Pejë", "sr": "Пећ"}, geonames_id=1, fill_only=True
    )
    municipality = Municipality.objects.get()
    assert (municipality.name_en, municipality.name_sq, municipality.name_sr) == ("Peja", "Pejë", "Пећ")


def test_save_municipality_refuses_when_the_english_name_is_missing():
    with pytest.raises(InvalidInput):
        services.import_municipality(actor=SYSTEM, country=CountryFactory(), names={"ar": "غيلان"})


def test_save_municipality_refuses_when_actor_is_a_focal_point():
    municipality = MunicipalityFactory()
    with pytest.raises(NotPermitted):
        services.import_municipality(
            actor=people.focal_point(municipality), country=municipality.country, names={"en": "Synthetic X"}
        )


def test_record_membership_closes_the_open_period_when_status_changes():
    municipality = MunicipalityFactory()
    services.record_membership(
        actor=SYSTEM, municipality=municipality, status=MembershipStatus.MEMBER, started_on=datetime.date(2016, 1, 1)
    )
    services.record_membership(
        actor=SYSTEM, municipality=municipality, status=MembershipStatus.LEFT, started_on=datetime.date(2020, 6, 1)
    )
    first, second = Membership.objects.order_by("started_on")
    assert first.ended_on == datetime.date(2020, 6, 1)
    assert second.ended_on is None


def test_record_membership_is_a_no_op_when_recorded_twice():
    municipality = MunicipalityFactory()
    for _ in range(2):
        services.record_membership(
            actor=SYSTEM, municipality=municipality, status="member", started_on=datetime.date(2016, 1, 1)
        )
    assert Membership.objects.count() == 1


def test_record_membership_refuses_when_it_starts_in_the_future():
    with pytest.raises(InvalidInput):
        services.record_membership(
            actor=SYSTEM,
            municipality=MunicipalityFactory(),
            status="member",
            started_on=datetime.date.today() + datetime.timedelta(days=3),
        )


def test_update_profile_saves_and_logs_before_and_after_when_focal_point_edits_own_city():
    municipality = MunicipalityFactory()
    actor = people.focal_point(municipality)
    updated = services.update_municipality_profile(
        actor=actor, municipality=municipality, profile={"en": "A synthetic profile."}, website="", expected_version=1
    )
    assert updated.profile_en == "A synthetic profile."
    assert updated.version == 2
    entry = ModelLogEntry.objects.get(object_id=str(municipality.pk), action="wagtail.edit")
    assert entry.user == actor
    assert entry.data["before"]["profile_en"] in ("", None)
    assert entry.data["after"]["profile_en"] == "A synthetic profile."


def test_update_profile_refuses_and_writes_nothing_when_someone_saved_in_between():
    municipality = MunicipalityFactory()
    actor = people.focal_point(municipality)
    services.update_municipality_profile(
        actor=actor, municipality=municipality, profile={"en": "First."}, website="", expected_version=1
    )
    with pytest.raises(Conflict):
        services.update_municipality_profile(
            actor=actor, municipality=municipality, profile={"en": "Second."}, website="", expected_version=1
        )
    assert Municipality.objects.get().profile_en == "First."


def test_update_profile_refuses_when_focal_point_edits_another_city():
    own, other = MunicipalityFactory(), MunicipalityFactory()
    with pytest.raises(NotPermitted):
        services.update_municipality_profile(
            actor=people.focal_point(own), municipality=other, profile={"en": "x"}, website="", expected_version=1
        )


# --- Topics ----------------------------------------------------------------------------------------


def test_save_topic_makes_a_unique_slug_from_the_english_name_when_none_is_given():
    actor = people.secretariat()
    first = services.save_topic(actor=actor, values={"name_en": "Synthetic resilience", "slug": ""})
    second = services.save_topic(actor=actor, values={"name_en": "Synthetic resilience", "slug": ""})
    assert (first.slug, second.slug) == ("synthetic-resilience", "synthetic-resilience-2")
    assert Topic.objects.filter(slug__startswith="synthetic-resilience").count() == 2


def test_save_topic_changes_a_stored_topic_and_keeps_its_slug_and_logs_the_change():
    actor = people.secretariat()
    topic = TopicFactory(slug="synthetic-plans", name_en="Synthetic plans")
    services.save_topic(actor=actor, instance=topic, values={"name_en": "Synthetic action plans", "sort_order": 7})
    topic.refresh_from_db()
    assert (topic.slug, topic.name_en, topic.sort_order) == ("synthetic-plans", "Synthetic action plans", 7)
    entry = ModelLogEntry.objects.get(object_id=str(topic.pk), action="wagtail.edit")
    assert entry.user == actor
    assert entry.data["after"]["name_en"] == "Synthetic action plans"


def test_save_topic_refuses_a_regional_coordinator_and_writes_nothing():
    """The taxonomy is network-wide: only the secretariat keeps it."""
    topic = TopicFactory(name_en="Synthetic youth")
    coordinator = people.coordinator(RegionFactory())
    with pytest.raises(NotPermitted):
        services.save_topic(actor=coordinator, values={"name_en": "Synthetic new topic"})
    with pytest.raises(NotPermitted):
        services.save_topic(actor=coordinator, instance=topic, values={"name_en": "Synthetic renamed"})
    topic.refresh_from_db()
    assert topic.name_en == "Synthetic youth"
    assert not Topic.objects.filter(name_en__in=["Synthetic new topic", "Synthetic renamed"]).exists()

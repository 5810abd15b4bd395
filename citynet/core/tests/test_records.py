"""The one write path (core.records): what every app's services get by calling it."""

import pytest
from wagtail.models import ModelLogEntry

from citynet.accounts.tests import factories as people
from citynet.core import records
from citynet.core.actors import SYSTEM
from citynet.core.exceptions import Conflict, InvalidInput, NotPermitted
from citynet.network.models import Municipality, Person
from citynet.network.permissions import can_manage_record
from citynet.network.tests.factories import CountryFactory, MunicipalityFactory, PersonFactory, RegionFactory

pytestmark = pytest.mark.django_db


def may_change(actor, record):
    return can_manage_record(actor, record, "change" if record.pk else "add")


def test_save_refuses_fields_the_service_does_not_name():
    city = MunicipalityFactory()

    with pytest.raises(InvalidInput):
        records.save(actor=SYSTEM, instance=city, values={"search_text": "x"}, fields=["population"], may=may_change)


def test_save_refuses_a_stale_version_and_writes_nothing():
    city = MunicipalityFactory(population=10)
    records.save(actor=SYSTEM, instance=city, values={"population": 11}, fields=["population"], may=may_change)

    with pytest.raises(Conflict):
        records.save(
            actor=SYSTEM,
            instance=city,
            values={"population": 12},
            fields=["population"],
            may=may_change,
            expected_version=1,
        )
    city.refresh_from_db()
    assert (city.population, city.version) == (11, 2)


def test_save_refuses_moving_a_record_into_a_region_the_actor_does_not_manage():
    city = MunicipalityFactory()
    coordinator = people.coordinator(city.country.region)
    elsewhere = CountryFactory(region=RegionFactory())

    with pytest.raises(NotPermitted):
        records.save(
            actor=coordinator, instance=city, values={"country": elsewhere}, fields=["country"], may=may_change
        )
    city.refresh_from_db()
    assert city.country != elsewhere


def test_save_turns_model_validation_into_messages_per_field():
    city = MunicipalityFactory()

    with pytest.raises(InvalidInput) as refused:
        records.save(actor=SYSTEM, instance=city, values={"website": "not a url"}, fields=["website"], may=may_change)

    assert list(refused.value.errors) == ["website"]


def test_save_logs_one_entry_and_no_entry_when_nothing_changed():
    city = MunicipalityFactory(population=10)
    for _ in range(2):
        records.save(actor=SYSTEM, instance=city, values={"population": 20}, fields=["population"], may=may_change)

    entries = ModelLogEntry.objects.filter(object_id=str(city.pk), action="wagtail.edit")
    assert entries.count() == 1
    assert entries.get().data["changed"] == {"population": [10, 20]}


def test_private_fields_say_that_they_changed_but_never_what_they_were():
    person = PersonFactory(email="old.secret@example.test")

    saved = records.save(
        actor=SYSTEM,
        instance=person,
        values={"email": "new.secret@example.test"},
        fields=["email"],
        may=lambda actor, record: True,
    )

    entry = ModelLogEntry.objects.get(object_id=str(person.pk), action="wagtail.edit")
    assert "secret" not in str(entry.data)
    assert saved.audit_changes == {"email": ["[private]", "[private]"]}
    assert Person.objects.get(pk=person.pk).email == "new.secret@example.test"


def test_delete_explains_what_still_refers_to_the_record_and_deletes_nothing():
    city = MunicipalityFactory()

    with pytest.raises(records.InUse) as refused:
        records.delete(actor=SYSTEM, instance=city.country, may=lambda actor, record: True)

    assert city.name in str(refused.value.message)
    assert Municipality.objects.filter(pk=city.pk).exists()
    assert not ModelLogEntry.objects.filter(action="wagtail.delete").exists()

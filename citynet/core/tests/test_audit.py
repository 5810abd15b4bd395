import pytest

from citynet.core import audit
from citynet.network.tests.factories import MunicipalityFactory

pytestmark = pytest.mark.django_db


def test_an_edit_that_only_turns_null_text_into_empty_text_changes_nothing():
    municipality = MunicipalityFactory()
    before = audit.snapshot(municipality)
    municipality.profile_ar = ""
    assert before["profile_ar"] == ""
    assert audit.snapshot(municipality) == before


def test_record_lists_only_the_fields_that_changed():
    municipality = MunicipalityFactory(population=10)
    before = audit.snapshot(municipality)
    municipality.population = 11
    entry = audit.record(
        actor=None, instance=municipality, action="wagtail.edit", before=before, after=audit.snapshot(municipality)
    )
    assert entry.data["changed"] == {"population": [10, 11]}

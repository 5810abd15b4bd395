import pytest
from django.core.management import call_command

from citynet.network.models import Membership, Municipality, Organisation, Partnership, Person, ReportedFigure

pytestmark = pytest.mark.django_db


def test_demo_states_only_the_seed_members_when_loaded(western_balkans):
    members = Municipality.objects.filter(memberships__status="member").distinct()
    assert sorted(m.name_en for m in members) == ["Gjilan", "Peja", "Prizren", "Čair"]
    assert ReportedFigure.objects.get(measure="members").value == 40
    assert sorted(Person.objects.values_list("name_en", flat=True)) == ["Mytaher Haskuka", "Visar Ganiu"]
    local = Partnership.objects.filter(role="local_partner").values_list("organisation__slug", flat=True)
    assert sorted(local) == ["global-center", "gus-albania", "icitap", "icma"]


def test_demo_loads_once_when_the_command_runs_twice():
    call_command("load_demo", "--no-gazetteer")
    call_command("load_demo", "--no-gazetteer")
    call_command("load_demo", "--no-gazetteer", "--force")
    assert Membership.objects.count() == 4
    assert Organisation.objects.filter(slug="gus-albania").count() == 1


def test_gazetteer_adds_prospective_places_and_no_members_when_imported(western_balkans):
    call_command("import_gazetteer", "western-balkans", "--min-population", "15000")
    assert Municipality.objects.count() > 100
    assert Membership.objects.count() == 4
    durres = Municipality.objects.get(name_en="Durrës")
    assert durres.latitude is not None and not durres.memberships.exists()
    # Seed cities are matched by GeoNames id, not duplicated, and keep their official names.
    assert Municipality.objects.filter(geonames_id=787157).get().name_en == "Peja"


def test_gazetteer_refuses_when_region_is_unknown(db):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError):
        call_command("import_gazetteer", "atlantis")

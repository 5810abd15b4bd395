"""The index follows the records: written on commit of a change, emptied of what may no longer be found."""

from citynet.events.models import EventStatus
from citynet.events.tests.factories import EventFactory
from citynet.library.models import Access, ResourceStatus
from citynet.library.tests.factories import ResourceFactory, ResourceVersionFactory
from citynet.network.tests.factories import MunicipalityFactory, PersonFactory, PositionFactory
from citynet.search import services
from citynet.search.models import Entry, Term


def entry(kind, obj):
    return Entry.objects.filter(kind=kind, object_id=obj.pk).first()


def test_a_saved_record_is_indexed_once_its_transaction_commits(db, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        city = MunicipalityFactory(name_en="Synthetic Gjakova", slug="synthetic-gjakova")
    found = entry("municipality", city)
    assert found.titles["en"] == "Synthetic Gjakova"
    assert " gjakova " in found.keys
    assert Term.objects.filter(word="gjakova").exists()


def test_nothing_is_indexed_while_the_transaction_is_open(db, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        EventFactory()
    assert callbacks
    assert not Entry.objects.exists()


def test_a_drafted_event_leaves_the_index(db, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        event = EventFactory()
    assert entry("event", event)
    with django_capture_on_commit_callbacks(execute=True):
        event.status = EventStatus.DRAFT
        event.save()
    assert entry("event", event) is None


def test_a_deleted_resource_leaves_the_index(db, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        resource = ResourceFactory()
    assert entry("resource", resource)
    with django_capture_on_commit_callbacks(execute=True):
        resource.delete()
    assert not Entry.objects.filter(kind="resource").exists()


def test_a_resource_is_found_by_its_versions_text_and_keeps_its_access_and_embargo(
    db, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        resource = ResourceFactory(access=Access.MEMBERS, embargo_until="2030-01-01")
        ResourceVersionFactory(resource=resource, language="sq", text="Bashkëpunimi ndërkomunal në Gjilan.")
    found = entry("resource", resource)
    assert " bashkepunimi " in found.words
    assert found.access == Access.MEMBERS
    assert str(found.available_on) == "2030-01-01"
    assert "language:sq" in found.facets


def test_a_proposal_is_not_indexed(db, indexed):
    ResourceFactory(status=ResourceStatus.PROPOSED)
    indexed()
    assert not Entry.objects.filter(kind="resource").exists()


def test_a_person_is_indexed_through_public_positions_only_and_never_with_contact_details(db, indexed):
    public = PositionFactory(person=PersonFactory(name_en="Synthetic Mayor"))
    PositionFactory(person=PersonFactory(name_en="Synthetic Hidden"), is_public=False)
    indexed()
    people = Entry.objects.filter(kind="person")
    assert [p.titles["en"] for p in people] == ["Synthetic Mayor"]
    stored = " ".join(str(v) for v in people.values_list("words", "text", "summaries", "titles").get())
    assert public.person.email not in stored
    assert "0000" not in stored


def test_reindexing_a_missing_record_removes_its_entry(db, indexed):
    city = MunicipalityFactory()
    indexed()
    city_id = city.pk
    city.delete()
    services.reindex("municipality", [city_id])
    assert not Entry.objects.filter(kind="municipality", object_id=city_id).exists()


def test_the_rebuild_command_reports_each_kind(db, capsys):
    from django.core.management import call_command

    MunicipalityFactory()
    call_command("rebuild_search_index")
    out = capsys.readouterr().out
    assert "municipality: 1" in out
    assert "Search index rebuilt: 1 entries." in out


def test_the_rebuild_command_refuses_an_unknown_kind(db):
    import pytest
    from django.core.management import CommandError, call_command

    with pytest.raises(CommandError, match="Unknown kind"):
        call_command("rebuild_search_index", "spaceship")


def test_an_award_is_found_only_once_its_calls_results_are_published(db, indexed):
    from citynet.grants.models import CallStatus
    from citynet.grants.tests.factories import AwardFactory

    hidden = AwardFactory(call__status=CallStatus.PUBLISHED)
    shown = AwardFactory(call__status=CallStatus.RESULTS_PUBLISHED)
    indexed()
    assert entry("award", hidden) is None
    assert entry("award", shown).route_key == shown.slug

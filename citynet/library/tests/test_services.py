"""The library's writes by staff: resources (who may create and change them, as they were and as they will
be), publishing and withdrawing, language versions with their files (checked by their bytes and size,
kept privately, read by a task after the commit), and case studies' bodies. Stale versions are
Conflicts; refused input is a message at its field with nothing saved."""

import io
import sys
import types
import zipfile

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.files.uploadedfile import SimpleUploadedFile
from wagtail.models import ModelLogEntry

from citynet.accounts.tests import factories as people
from citynet.core.exceptions import Conflict, InvalidInput, InvalidTransition, NotPermitted
from citynet.grants.models import private_storage
from citynet.library.models import (
    CaseStudy,
    ExtractionStatus,
    Resource,
    ResourceKind,
    ResourceOrganisationRole,
    ResourceStatus,
    ResourceVersion,
)
from citynet.library.services import resources as services
from citynet.library.tests.factories import (
    NOT_A_DOCUMENT,
    CaseStudyFactory,
    FileVersionFactory,
    ResourceFactory,
    ResourceVersionFactory,
    WorkStreamFactory,
)
from citynet.network.tests.factories import (
    CountryFactory,
    MunicipalityFactory,
    OrganisationFactory,
    PositionFactory,
    RegionFactory,
    TopicFactory,
)

pytestmark = pytest.mark.django_db


def resource_of(**kwargs):
    """A ResourceFactory resource with its relations stored: the factory sets a clusterable model's
    relations in memory only, and they are written when the resource is saved."""
    resource = ResourceFactory(**kwargs)
    resource.save()
    return resource


PDF_BYTES = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
OTHER_PDF_BYTES = b"%PDF-1.7\n% Synthetic second edition\n%%EOF\n"


def stored_files(folder="library") -> set[str]:
    """Every file kept under `folder` in the private storage (shared by the tests of one process)."""
    storage = private_storage()
    if not storage.exists(folder):
        return set()
    folders, files = storage.listdir(folder)
    found = {f"{folder}/{name}" for name in files}
    for name in folders:
        found |= stored_files(f"{folder}/{name}")
    return found


def pdf(name="synthetic-report.pdf", content=PDF_BYTES):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def pptx():
    """The smallest ZIP that filetype reads as a PowerPoint presentation (synthetic, not a real deck)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("_rels/.rels", "<Relationships/>")
        archive.writestr("ppt/presentation.xml", "<presentation/>")
    return SimpleUploadedFile("synthetic-slides.pptx", buffer.getvalue())


@pytest.fixture
def region():
    return RegionFactory(slug="synthetic-here")


@pytest.fixture
def elsewhere():
    return RegionFactory(slug="synthetic-elsewhere")


@pytest.fixture
def city(region):
    return MunicipalityFactory(country=CountryFactory(code="XK", region=region), name_en="Synthetic city")


@pytest.fixture
def other_city(elsewhere):
    return MunicipalityFactory(country=CountryFactory(code="RS", region=elsewhere), name_en="Synthetic other city")


@pytest.fixture
def coordinator(region):
    return people.coordinator(region)


@pytest.fixture
def secretariat():
    return people.secretariat()


@pytest.fixture
def extraction(monkeypatch):
    """The extraction task's module as the services import it, recording what was enqueued."""
    enqueued = []
    module = types.ModuleType("citynet.library.tasks.extraction")
    module.extract_version = types.SimpleNamespace(enqueue=lambda version_id: enqueued.append(version_id))
    monkeypatch.setitem(sys.modules, "citynet.library.tasks.extraction", module)
    return enqueued


def values(**overrides):
    return {
        "kind": ResourceKind.REPORT,
        "title_en": "Synthetic regional assessment",
        "summary_en": "Synthetic summary.",
        **overrides,
    }


def draft_in(city, **kwargs):
    return resource_of(municipalities=[city], status=ResourceStatus.DRAFT, **kwargs)


# --- Resources --------------------------------------------------------------------------------------


def test_the_secretariat_creates_a_resource_with_its_relations_and_organisations_and_it_is_audited(
    secretariat, city, region
):
    topic, stream, author = TopicFactory(), WorkStreamFactory(), OrganisationFactory(name_en="Synthetic NGO")
    resource = services.save_resource(
        actor=secretariat,
        values=values(
            regions=[region],
            municipalities=[city],
            topics=[topic],
            work_streams=[stream],
            organisations=[(author, ResourceOrganisationRole.AUTHOR), {"organisation": author, "role": "partner"}],
        ),
    )

    resource.refresh_from_db()
    assert resource.slug == "synthetic-regional-assessment"
    assert resource.status == ResourceStatus.DRAFT and resource.version == 1
    assert list(resource.municipalities.all()) == [city] and list(resource.regions.all()) == [region]
    assert list(resource.topics.all()) == [topic] and list(resource.work_streams.all()) == [stream]
    assert [(o.organisation, o.role) for o in resource.organisations.all()] == [(author, "author"), (author, "partner")]
    entry = ModelLogEntry.objects.get(object_id=str(resource.pk), action="wagtail.create")
    assert entry.data["after"]["municipalities"] == ["Synthetic city"]


def test_slugs_stay_unique_when_two_resources_share_a_title(secretariat):
    first = services.save_resource(actor=secretariat, values=values())
    second = services.save_resource(actor=secretariat, values=values())
    assert (first.slug, second.slug) == ("synthetic-regional-assessment", "synthetic-regional-assessment-2")


def test_a_coordinator_creates_resources_of_their_region_only(coordinator, city, other_city):
    mine = services.save_resource(actor=coordinator, values=values(municipalities=[city]))
    assert mine.pk

    with pytest.raises(NotPermitted):
        services.save_resource(actor=coordinator, values=values(municipalities=[other_city]))
    with pytest.raises(NotPermitted):  # network-wide: the secretariat's
        services.save_resource(actor=coordinator, values=values())
    assert Resource.objects.count() == 1


def test_a_coordinator_cannot_move_a_resource_out_of_their_region(coordinator, city, other_city):
    resource = draft_in(city)

    with pytest.raises(NotPermitted):
        services.save_resource(actor=coordinator, instance=resource, values={"municipalities": [other_city]})

    assert list(resource.municipalities.all()) == [city]
    changed = services.save_resource(
        actor=coordinator, instance=resource, values={"municipalities": [city, other_city]}
    )
    assert set(changed.municipalities.all()) == {city, other_city}  # still theirs: it concerns their region


@pytest.mark.parametrize("role", ["anonymous", "user", "member", "focal_point", "other_coordinator"])
def test_others_may_not_create_or_change_a_regions_resource(role, city, elsewhere):
    actor = {
        "anonymous": lambda: AnonymousUser(),
        "user": people.UserFactory,
        "member": lambda: people.member(city),
        "focal_point": lambda: people.focal_point(city),
        "other_coordinator": lambda: people.coordinator(elsewhere),
    }[role]()
    resource = draft_in(city)

    with pytest.raises(NotPermitted):
        services.save_resource(actor=actor, instance=resource, values={"title_en": "Synthetic changed"})
    if role != "other_coordinator":
        with pytest.raises(NotPermitted):
            services.save_resource(actor=actor, values=values(municipalities=[city]))
    resource.refresh_from_db()
    assert resource.title_en.startswith("Synthetic report")


def test_a_stale_version_is_a_conflict_and_a_fresh_one_bumps_it(coordinator, city):
    resource = draft_in(city)
    changed = services.save_resource(
        actor=coordinator, instance=resource, values={"title_en": "Synthetic new title"}, expected_version=1
    )
    assert changed.version == 2

    with pytest.raises(Conflict):
        services.save_resource(
            actor=coordinator, instance=resource, values={"title_en": "Synthetic lost"}, expected_version=1
        )
    resource.refresh_from_db()
    assert resource.title_en == "Synthetic new title"
    assert resource.slug.startswith("synthetic-resource-")  # a slug is kept when the title changes


def test_bad_input_is_refused_at_its_field_and_nothing_is_saved(secretariat):
    with pytest.raises(InvalidInput) as no_title:
        services.save_resource(actor=secretariat, values=values(title_en=""))
    assert list(no_title.value.errors) == ["title_en"]
    with pytest.raises(InvalidInput) as no_link:
        services.save_resource(actor=secretariat, values=values(kind=ResourceKind.VIDEO))
    assert "external_url" in no_link.value.errors
    with pytest.raises(InvalidInput) as workflow:
        services.save_resource(actor=secretariat, values=values(status=ResourceStatus.PUBLISHED))
    assert "status" in str(workflow.value)
    assert not Resource.objects.exists()


def test_a_resource_titled_only_in_cyrillic_gets_a_latin_slug(secretariat):
    resource = services.save_resource(
        actor=secretariat, values={"kind": ResourceKind.GUIDE, "title_sr": "Синтетички водич"}
    )
    assert resource.slug == "sinteticki-vodic"


# --- Publishing ---------------------------------------------------------------------------------------


def test_a_resource_is_published_only_with_a_language_version(coordinator, city):
    resource = draft_in(city)
    with pytest.raises(InvalidTransition):
        services.publish_resource(actor=coordinator, resource=resource)
    resource.refresh_from_db()
    assert resource.status == ResourceStatus.DRAFT and resource.published_at is None

    ResourceVersionFactory(resource=resource)
    published = services.publish_resource(actor=coordinator, resource=resource)
    assert published.status == ResourceStatus.PUBLISHED and published.published_at is not None
    again = services.publish_resource(actor=coordinator, resource=resource)
    assert again.version == published.version and again.published_at == published.published_at


def test_a_resource_titled_only_in_arabic_is_saved_and_published_from_an_english_page(secretariat):
    resource = services.save_resource(
        actor=secretariat, values={"kind": ResourceKind.REPORT, "title_ar": "تقرير اصطناعي"}
    )
    ResourceVersionFactory(resource=resource, language="ar", text="نص اصطناعي")
    published = services.publish_resource(actor=secretariat, resource=resource)
    published.refresh_from_db()
    assert published.status == ResourceStatus.PUBLISHED and published.title_ar == "تقرير اصطناعي"
    assert published.slug == "report"  # no title in Latin or Cyrillic letters: its kind


def test_a_video_is_published_with_its_address_alone(secretariat):
    video = services.save_resource(
        actor=secretariat,
        values=values(kind=ResourceKind.VIDEO, external_url="https://example.test/synthetic-video"),
    )
    assert services.publish_resource(actor=secretariat, resource=video).status == ResourceStatus.PUBLISHED


def test_withdrawing_a_published_resource_and_only_a_published_one(coordinator, city, elsewhere):
    resource = resource_of(municipalities=[city])
    with pytest.raises(NotPermitted):
        services.withdraw_resource(actor=people.coordinator(elsewhere), resource=resource)

    withdrawn = services.withdraw_resource(actor=coordinator, resource=resource)
    assert withdrawn.status == ResourceStatus.WITHDRAWN
    assert services.withdraw_resource(actor=coordinator, resource=resource).version == withdrawn.version
    with pytest.raises(InvalidTransition):
        services.withdraw_resource(actor=coordinator, resource=draft_in(city))


def test_only_editors_publish(city, elsewhere):
    resource = draft_in(city)
    ResourceVersionFactory(resource=resource)
    for outsider in (people.focal_point(city), people.coordinator(elsewhere), AnonymousUser()):
        with pytest.raises(NotPermitted):
            services.publish_resource(actor=outsider, resource=resource)
    resource.refresh_from_db()
    assert resource.status == ResourceStatus.DRAFT


def test_deleting_a_resource_takes_its_versions_and_files_after_the_commit(
    coordinator, city, elsewhere, django_capture_on_commit_callbacks
):
    resource = draft_in(city)
    version = FileVersionFactory(resource=resource)
    name = version.file.name
    with pytest.raises(NotPermitted):
        services.delete_resource(actor=people.coordinator(elsewhere), resource=resource)

    with django_capture_on_commit_callbacks(execute=True):
        services.delete_resource(actor=coordinator, resource=resource)

    assert not Resource.objects.filter(pk=resource.pk).exists()
    assert not ResourceVersion.objects.filter(pk=version.pk).exists()
    assert not private_storage().exists(name)
    assert ModelLogEntry.objects.filter(object_id=str(resource.pk), action="wagtail.delete").exists()


# --- Language versions ------------------------------------------------------------------------------------


def test_a_pdf_version_is_kept_privately_and_read_after_the_commit(
    coordinator, city, extraction, django_capture_on_commit_callbacks
):
    resource = draft_in(city)
    with django_capture_on_commit_callbacks(execute=True):
        version = services.save_version(actor=coordinator, resource=resource, language="en", upload=pdf("a b.txt"))

    version.refresh_from_db()
    assert version.content_type == "application/pdf" and version.original_name == "a b.txt"
    assert version.size == len(PDF_BYTES) and len(version.sha256) == 64
    assert version.file.name.startswith(f"library/{resource.pk}/en/") and version.file.name.endswith(".pdf")
    assert "a b" not in version.file.name  # never the uploader's name on disk
    assert version.file.storage is private_storage()
    assert private_storage().open(version.file.name).read() == PDF_BYTES
    assert version.extraction == ExtractionStatus.PENDING
    assert extraction == [version.pk]


def test_the_extraction_waits_for_the_commit(coordinator, city, extraction, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        version = services.save_version(actor=coordinator, resource=draft_in(city), language="en", upload=pdf())
    assert extraction == []
    for callback in callbacks:
        callback()
    assert extraction == [version.pk]


def test_a_new_file_resets_what_was_read_from_the_old_and_deletes_it(
    coordinator, city, extraction, django_capture_on_commit_callbacks
):
    resource = draft_in(city)
    old = FileVersionFactory(
        resource=resource, page_count=12, extracted_text="Synthetic old text", extraction=ExtractionStatus.DONE
    )
    old_name = old.file.name

    with django_capture_on_commit_callbacks(execute=True):
        version = services.save_version(
            actor=coordinator,
            resource=resource,
            language="en",
            upload=pdf(content=OTHER_PDF_BYTES),
            expected_version=old.version,
        )

    version.refresh_from_db()
    assert version.pk == old.pk and version.version == old.version + 1
    assert (version.page_count, version.extracted_text, version.extraction) == (None, "", ExtractionStatus.PENDING)
    assert not version.thumbnail
    assert private_storage().open(version.file.name).read() == OTHER_PDF_BYTES
    assert not private_storage().exists(old_name)
    assert extraction == [version.pk]


def test_a_powerpoint_is_a_document_the_library_takes(coordinator, city, extraction):
    version = services.save_version(actor=coordinator, resource=draft_in(city), language="sq", upload=pptx())
    assert version.content_type.endswith("presentationml.presentation") and version.file.name.endswith(".pptx")


@pytest.mark.parametrize(
    "upload",
    [
        SimpleUploadedFile("synthetic.pdf", NOT_A_DOCUMENT, content_type="application/pdf"),
        SimpleUploadedFile("synthetic.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 40),  # grants take images; not here
    ],
    ids=["html-named-pdf", "image"],
)
def test_a_file_that_is_not_a_document_is_refused_at_its_field_and_nothing_is_saved(
    coordinator, city, extraction, upload, django_capture_on_commit_callbacks
):
    resource = draft_in(city)
    before = stored_files()
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(InvalidInput) as refused:
        services.save_version(actor=coordinator, resource=resource, language="en", text="Synthetic", upload=upload)

    assert list(refused.value.errors) == ["file"]
    assert not ResourceVersion.objects.exists() and extraction == []
    assert stored_files() == before


def test_a_file_over_the_librarys_limit_is_refused(coordinator, city, extraction, settings):
    settings.LIBRARY_MAX_UPLOAD_BYTES = 10
    with pytest.raises(InvalidInput) as refused:
        services.save_version(actor=coordinator, resource=draft_in(city), language="en", upload=pdf())
    assert "too large" in refused.value.errors["file"][0]
    assert not ResourceVersion.objects.exists()


def test_the_limit_is_25_mb_until_the_setting_says_otherwise(settings):
    del settings.LIBRARY_MAX_UPLOAD_BYTES
    assert services.max_upload_bytes() == 25 * 1024 * 1024


def test_one_version_per_language_changed_in_place(coordinator, city):
    resource = draft_in(city)
    first = services.save_version(actor=coordinator, resource=resource, language="ar", text="نص اصطناعي")
    second = services.save_version(actor=coordinator, resource=resource, language="ar", text="نص اصطناعي آخر")

    assert first.pk == second.pk and resource.versions.count() == 1
    assert second.text == "نص اصطناعي آخر" and second.extraction == ExtractionStatus.NONE
    with pytest.raises(Conflict):
        services.save_version(actor=coordinator, resource=resource, language="ar", text="x", expected_version=1)
    with pytest.raises(InvalidInput) as unknown:
        services.save_version(actor=coordinator, resource=resource, language="de", text="Synthetisch")
    assert list(unknown.value.errors) == ["language"]


def test_a_version_needs_its_file_or_its_text(coordinator, city):
    with pytest.raises(InvalidInput) as refused:
        services.save_version(actor=coordinator, resource=draft_in(city), language="en", text="   ")
    assert list(refused.value.errors) == ["text"]
    assert not ResourceVersion.objects.exists()


def test_a_focal_point_adds_no_version_to_a_staff_resource_of_their_city(city, extraction):
    resource = resource_of(municipalities=[city])
    with pytest.raises(NotPermitted):
        services.save_version(actor=people.focal_point(city), resource=resource, language="en", upload=pdf())
    assert not ResourceVersion.objects.exists()


def test_the_last_version_of_a_published_resource_cannot_be_deleted(coordinator, city):
    resource = resource_of(municipalities=[city])
    english = ResourceVersionFactory(resource=resource, language="en")
    arabic = ResourceVersionFactory(resource=resource, language="ar")

    services.delete_version(actor=coordinator, version=arabic)
    with pytest.raises(InvalidTransition):
        services.delete_version(actor=coordinator, version=english)
    assert list(resource.versions.all()) == [english]

    services.withdraw_resource(actor=coordinator, resource=resource)
    services.delete_version(actor=coordinator, version=english)
    assert not resource.versions.exists()


def test_deleting_a_version_deletes_its_file_after_the_commit(coordinator, city, django_capture_on_commit_callbacks):
    version = FileVersionFactory(resource=draft_in(city))
    name = version.file.name
    with pytest.raises(NotPermitted):
        services.delete_version(actor=people.focal_point(city), version=version)

    with django_capture_on_commit_callbacks(execute=True):
        services.delete_version(actor=coordinator, version=version)
    assert not private_storage().exists(name)


# --- Case studies' bodies ----------------------------------------------------------------------------------


def test_staff_write_a_case_studys_body_which_bumps_the_resources_version(coordinator, city):
    resource = draft_in(city, kind=ResourceKind.CASE_STUDY)
    contact = PositionFactory(municipality=city)

    body = services.save_case_study(
        actor=coordinator,
        resource=resource,
        values={"context_en": "Synthetic context.", "results_ar": "نتائج اصطناعية", "contact": contact},
        expected_version=1,
    )

    assert body.context_en == "Synthetic context." and body.results_ar == "نتائج اصطناعية"
    assert body.contact == contact
    resource.refresh_from_db()
    assert resource.version == 2
    entry = ModelLogEntry.objects.filter(object_id=str(resource.pk), action="wagtail.edit").get()
    assert entry.data["changed"]["case_study"][1]["context_en"] == "Synthetic context."
    with pytest.raises(Conflict):
        services.save_case_study(actor=coordinator, resource=resource, values={"lessons_en": "x"}, expected_version=1)


def test_saving_the_same_body_again_changes_nothing(coordinator, city):
    body = CaseStudyFactory(resource=draft_in(city, kind=ResourceKind.CASE_STUDY))
    services.save_case_study(actor=coordinator, resource=body.resource, values={"context_en": body.context_en})
    body.resource.refresh_from_db()
    assert body.resource.version == 1


def test_a_case_studys_body_is_refused_for_another_kind_and_with_a_private_contact(coordinator, city, elsewhere):
    with pytest.raises(InvalidInput) as wrong_kind:
        services.save_case_study(actor=coordinator, resource=draft_in(city), values={"context_en": "x"})
    assert list(wrong_kind.value.errors) == ["kind"]

    resource = draft_in(city, kind=ResourceKind.CASE_STUDY)
    hidden = PositionFactory(municipality=city, is_public=False)
    with pytest.raises(InvalidInput) as private:
        services.save_case_study(actor=coordinator, resource=resource, values={"contact": hidden})
    assert list(private.value.errors) == ["contact"]
    with pytest.raises(NotPermitted):
        services.save_case_study(actor=people.coordinator(elsewhere), resource=resource, values={"context_en": "x"})
    assert not CaseStudy.objects.exists()


def test_with_the_real_task_a_pdfs_words_are_read_once_the_version_is_committed(
    coordinator, city, django_capture_on_commit_callbacks
):
    from citynet.library.tests.documents import pdf_bytes

    upload = SimpleUploadedFile("synthetic.pdf", pdf_bytes("Synthetic resilience workshop"))
    with django_capture_on_commit_callbacks(execute=True):
        version = services.save_version(actor=coordinator, resource=draft_in(city), language="en", upload=upload)

    version.refresh_from_db()
    assert version.extraction == ExtractionStatus.DONE  # the test settings' tasks run when enqueued
    assert "resilience" in version.extracted_text and version.page_count == 1

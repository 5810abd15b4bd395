"""The library's demo: the seed's three regional resources with their real titles and nothing invented,
and a few plainly marked demo resources whose files are generated at load time and read for search."""

import pytest
from django.contrib.auth.models import AnonymousUser
from wagtail.models import ModelLogEntry

from citynet.accounts.tests import factories as people
from citynet.advisory.demo import load_advisory
from citynet.core.actors import SYSTEM
from citynet.events.demo import WORKSHOP, load_events
from citynet.grants.models import private_storage
from citynet.library import demo as demo_module
from citynet.library import permissions
from citynet.library.demo import load_library
from citynet.library.models import (
    Access,
    CaseStudy,
    ExtractionStatus,
    Resource,
    ResourceKind,
    ResourceStatus,
    ResourceVersion,
    WorkStream,
)
from citynet.network.models import Municipality
from citynet.search.selectors import Filters, search

pytestmark = pytest.mark.django_db

SMALLEST_PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def region(western_balkans_registry):
    """The registry without its gazetteer, with the events' and advisory's demos the library links to."""
    load_events(western_balkans_registry, actor=SYSTEM)
    load_advisory(western_balkans_registry, actor=SYSTEM)
    return western_balkans_registry


@pytest.fixture
def demo(region, django_capture_on_commit_callbacks):
    """Loaded with its files generated and read: the extraction task is queued on commit; run it, as the
    development server's immediate backend does."""
    with django_capture_on_commit_callbacks(execute=True):
        return load_library(region, actor=SYSTEM)


@pytest.fixture
def loaded(region, monkeypatch):
    """Loaded faster, for what needs no file's text: the smallest PDF for every PDF, nothing extracted."""
    monkeypatch.setattr(demo_module, "pdf_document", lambda **_kwargs: SMALLEST_PDF)
    return load_library(region, actor=SYSTEM)


def stored_files() -> set[str]:
    storage, found, folders = private_storage(), set(), ["library"]
    while folders:
        folder = folders.pop()
        if storage.exists(folder):
            subfolders, files = storage.listdir(folder)
            found |= {f"{folder}/{name}" for name in files}
            folders += [f"{folder}/{name}" for name in subfolders]
    return found


def test_the_seeds_three_resources_have_their_english_and_arabic_titles(loaded):
    seed = Resource.objects.filter(is_demo=False)
    assert {(r.kind, r.title_en, r.title_ar) for r in seed} == {
        (
            ResourceKind.ASSESSMENT,
            "Regional assessment report for the Western Balkans",
            "تقرير التقييم الإقليمي الخاص بمنطقة غرب البلقان",
        ),
        (
            ResourceKind.EVENT_REPORT,
            "Full report of the regional practitioner workshop, Durrës, Albania (12–13 September 2017)",
            "التقرير الكامل الخاص بورشة العمل الإقليمية للمتخصصين في دوريس، ألبانيا (12 و13 أيلول/سبتمبر 2017)",
        ),
        (
            ResourceKind.CASE_STUDY,
            "Inspiring case studies, in the section on the network's work streams",
            "دراسات حالات ملهمة في قسم مسارات عمل الشبكة",
        ),
    }


def test_the_seeds_resources_are_published_and_public_with_nothing_invented(loaded, region):
    for resource in Resource.objects.filter(is_demo=False):
        assert resource.status == ResourceStatus.PUBLISHED and resource.access == Access.PUBLIC
        assert permissions.can_view(AnonymousUser(), resource)
        assert list(resource.regions.all()) == [region]
        assert resource.source.startswith("Strong Cities Network, Western Balkans hub page")
        # The seed gives no file, date, address, author, topic or case study's body.
        assert resource.published_on is None and resource.external_url == ""
        assert not resource.versions.exclude(file="").exists()
        assert not resource.organisations.exists() and not resource.topics.exists()
        assert not CaseStudy.objects.filter(resource=resource).exists()
        assert {v.language for v in resource.versions.all()} == {"en", "ar"}
    # The seed names no work stream: none is made up.
    assert not WorkStream.objects.exists()


def test_the_workshops_report_is_the_durres_workshops(loaded):
    report = Resource.objects.get(kind=ResourceKind.EVENT_REPORT, is_demo=False)
    assert [e.slug for e in report.events.all()] == [WORKSHOP["slug"]]


def test_the_demo_resources_are_marked_demo_with_files_read_for_search(demo):
    demos = Resource.objects.filter(is_demo=True)
    assert demos.count() == 4
    for resource in demos:
        assert resource.title_en.startswith("Demo: ") and resource.title_ar.startswith("تجريبي: ")
        assert resource.status == ResourceStatus.PUBLISHED
    files = ResourceVersion.objects.filter(resource__is_demo=True).exclude(file="")
    assert {(v.resource.slug, v.language, v.content_type) for v in files} == {
        ("demo-guide-interinstitutional-cooperation", "en", "application/pdf"),
        ("demo-guide-interinstitutional-cooperation", "ar", "application/pdf"),
        (
            "demo-toolkit-mentorship",
            "en",
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ),
        ("demo-members-report-local-coordination", "en", "application/pdf"),
    }
    for version in files:
        assert version.extraction == ExtractionStatus.DONE
        if version.language == "en":
            assert "interinstitutional" in version.extracted_text.lower()
            assert "Gjilan" in version.extracted_text and "Durrës" in version.extracted_text
    assert demo["guide"].versions.get(language="en").page_count == 2
    assert "mentorship" in demo["toolkit"].versions.get().extracted_text.lower()
    # The Arabic version also carries its text, read exactly.
    assert "غيلان ودوريس" in demo["guide"].versions.get(language="ar").text


def test_the_members_only_report_is_for_members(loaded):
    report = loaded["members_report"]
    assert report.access == Access.MEMBERS
    city = Municipality.objects.get(name_en="Peja")
    assert not permissions.can_view(AnonymousUser(), report)
    assert permissions.can_view(people.member(city), report)


def test_search_finds_the_demo_files_text_as_each_reader_may(demo):
    def found(actor) -> set[int]:
        results = search(actor, "interinstitutional", Filters(kind="resource"), grouped=False)
        return {hit.object_id for hit in results.hits}

    public = {demo["guide"].pk, demo["toolkit"].pk, demo["case_study"].pk}
    assert found(AnonymousUser()) == public
    member = people.member(Municipality.objects.get(name_en="Peja"))
    assert found(member) == public | {demo["members_report"].pk}


def test_the_demo_case_study_is_the_demo_citys_with_its_body(loaded):
    case_study = loaded["case_study"]
    assert case_study.kind == ResourceKind.CASE_STUDY
    assert [m.slug for m in case_study.municipalities.all()] == ["demo-city"]
    body = case_study.case_study
    for section in ("context", "challenge", "approach", "results", "lessons"):
        assert getattr(body, f"{section}_en") and getattr(body, f"{section}_ar")
    assert "synthetic" in body.context_en


def test_loading_again_duplicates_nothing_and_changes_nothing(demo, region, django_capture_on_commit_callbacks):
    def counts():
        return (
            Resource.objects.count(),
            ResourceVersion.objects.count(),
            CaseStudy.objects.count(),
            ModelLogEntry.objects.count(),
            stored_files(),
            list(ResourceVersion.objects.order_by("pk").values_list("sha256", "version")),
        )

    before = counts()
    with django_capture_on_commit_callbacks(execute=True):
        again = load_library(region, actor=SYSTEM)
    assert again["guide"].pk == demo["guide"].pk
    assert counts() == before


def test_a_resource_staff_withdrew_stays_withdrawn_when_loaded_again(loaded, region):
    Resource.objects.filter(pk=loaded["toolkit"].pk).update(status=ResourceStatus.WITHDRAWN)
    assert load_library(region, actor=SYSTEM)["toolkit"].status == ResourceStatus.WITHDRAWN

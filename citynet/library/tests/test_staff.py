"""The staff's admin of the knowledge library, as the secretariat and the region's coordinators use it:
resources with their organisations, a resource's own page (language versions with their files, the case
study's body, publishing and withdrawing), the review queue of proposed case studies, work streams. And
who is turned away (another region's coordinator: 404; a focal point, a member, an anonymous visitor:
never past the admin's door). Refusals are messages or errors at the field, never an error page; the
lists cost a fixed number of queries."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from citynet.accounts.models import Role
from citynet.accounts.tests.factories import UserFactory, focal_point, member
from citynet.core.testing import assert_queries_do_not_grow, sign_in, staff
from citynet.library.models import (
    CaseStudy,
    ExtractionStatus,
    Resource,
    ResourceKind,
    ResourceStatus,
    ResourceVersion,
    WorkStream,
)
from citynet.library.tests.factories import (
    NOT_A_DOCUMENT,
    CaseStudyFactory,
    ResourceFactory,
    ResourceOrganisationFactory,
    ResourceVersionFactory,
    WorkStreamFactory,
)
from citynet.network.tests.factories import (
    CountryFactory,
    MunicipalityFactory,
    OrganisationFactory,
    RegionFactory,
    TopicFactory,
)

pytestmark = pytest.mark.django_db

PDF_BYTES = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
RESOURCES = "/admin/library/resources/"
REVIEW = "/admin/library/review/"


@pytest.fixture
def region():
    return RegionFactory(slug="here")


@pytest.fixture
def country(region):
    return CountryFactory(code="XK", region=region)


@pytest.fixture
def city(country):
    return MunicipalityFactory(name_en="Synthetic Čair", slug="synthetic-cair", country=country)


@pytest.fixture
def coordinator(region):
    return staff(Role.REGIONAL_COORDINATOR, region)


@pytest.fixture
def draft(region):
    return ResourceFactory(status=ResourceStatus.DRAFT, regions=[region], title_en="Synthetic regional assessment")


@pytest.fixture
def proposal(city):
    resource = ResourceFactory(
        kind=ResourceKind.CASE_STUDY,
        status=ResourceStatus.PROPOSED,
        municipalities=[city],
        proposed_by=focal_point(city),
        title_en="Synthetic proposed case study",
    )
    CaseStudyFactory(resource=resource)
    return resource


def page_of(resource) -> str:
    return reverse("library_staff:resource", args=[resource.pk])


def people(region, city):
    return {
        "secretariat": lambda: staff(Role.SECRETARIAT),
        "coordinator": lambda: staff(Role.REGIONAL_COORDINATOR, region),
        "other_coordinator": lambda: staff(Role.REGIONAL_COORDINATOR, RegionFactory(slug="elsewhere")),
        "focal_point": lambda: focal_point(city),
        "member": lambda: member(city),
        "user": UserFactory,
    }


# --- Who gets in ---------------------------------------------------------------------------------------------

PAGES = {
    "resources": lambda s: RESOURCES,
    "resource form": lambda s: f"{RESOURCES}edit/{s.draft.pk}/",
    "resource page": lambda s: page_of(s.draft),
    "review queue": lambda s: REVIEW,
}
LISTS = {"resources", "review queue"}


@pytest.mark.parametrize(
    "role", ["secretariat", "coordinator", "other_coordinator", "focal_point", "member", "user", "anonymous"]
)
def test_each_page_for_each_role(client, role, region, city, draft, proposal):
    scene = type("Scene", (), {"draft": draft})
    if role != "anonymous":
        sign_in(client, people(region, city)[role]())
    for name, url in PAGES.items():
        response = client.get(url(scene))
        if role in ("secretariat", "coordinator"):
            assert response.status_code == 200, name
        elif role == "other_coordinator":
            assert response.status_code == (200 if name in LISTS else 404), name
            if name in LISTS:
                assert "Synthetic regional assessment" not in response.text
                assert "Synthetic proposed case study" not in response.text
        else:
            assert response.status_code == 302, name
            assert "login" in response["Location"], name


@pytest.mark.parametrize("role", ["other_coordinator", "focal_point", "member", "anonymous"])
def test_outsiders_cannot_publish_delete_versions_or_review(client, role, region, city, draft, proposal):
    version = ResourceVersionFactory(resource=draft)
    if role != "anonymous":
        sign_in(client, people(region, city)[role]())
    posts = [
        reverse("library_staff:publish", args=[draft.pk]),
        reverse("library_staff:delete-version", args=[draft.pk, version.pk]),
        reverse("library_review:publish", args=[proposal.pk]),
        reverse("library_review:return", args=[proposal.pk]),
    ]
    for url in posts:
        response = client.post(url, {"note": "Synthetic note"})
        assert response.status_code in (302, 404), url
        if response.status_code == 302:
            assert "login" in response["Location"], url
    draft.refresh_from_db()
    proposal.refresh_from_db()
    assert draft.status == ResourceStatus.DRAFT and ResourceVersion.objects.filter(pk=version.pk).exists()
    assert proposal.status == ResourceStatus.PROPOSED


def test_staff_without_their_second_factor_are_sent_to_enter_it(client, draft, coordinator):
    client.force_login(coordinator)
    response = client.get(page_of(draft))
    assert response.status_code == 302 and "reauthenticate" in response["Location"]


# --- Resources ------------------------------------------------------------------------------------------------


def formset(prefix, rows, initial=0):
    data = {
        f"{prefix}-TOTAL_FORMS": str(len(rows)),
        f"{prefix}-INITIAL_FORMS": str(initial),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }
    for index, row in enumerate(rows):
        data.update({f"{prefix}-{index}-{name}": value for name, value in row.items()})
    return data


def resource_data(organisations=(), initial=0, **values):
    return {
        "kind": "report",
        "access": "public",
        "title_en": "Synthetic new report",
        "title_ar": "تقرير تجريبي",
        "slug": "",
        "summary_en": "Synthetic summary.",
        "published_on": "2025-03-01",
        "published_precision": "month",
        "source": "Synthetic source",
        **formset("organisations", list(organisations), initial),
        **values,
    }


def test_a_coordinator_creates_a_resource_of_their_region_with_its_organisations(client, region, city, coordinator):
    topic = TopicFactory(name_en="Synthetic resilience")
    stream = WorkStreamFactory(name_en="Synthetic prevention")
    author = OrganisationFactory(name_en="Synthetic institute")
    funder = OrganisationFactory(name_en="Synthetic foundation")
    far = MunicipalityFactory(name_en="Synthetic far city", country=CountryFactory(code="RS", region=RegionFactory()))
    sign_in(client, coordinator)
    form = client.get(f"{RESOURCES}new/")
    assert "Synthetic Čair" in form.text and "Synthetic far city" not in form.text

    organisations = [
        {"organisation": author.pk, "role": "author", "ORDER": "1"},
        {"organisation": funder.pk, "role": "funder", "ORDER": "2"},
    ]
    response = client.post(
        f"{RESOURCES}new/",
        resource_data(organisations, municipalities=[city.pk], topics=[topic.pk], work_streams=[stream.pk]),
    )

    assert response.status_code == 302, response.context["form"].errors if response.context else response
    resource = Resource.objects.get(title_en="Synthetic new report")
    assert resource.slug and resource.status == ResourceStatus.DRAFT
    assert list(resource.municipalities.all()) == [city] and list(resource.topics.all()) == [topic]
    assert list(resource.work_streams.all()) == [stream]
    assert sorted((row.organisation.name_en, row.role) for row in resource.organisations.all()) == [
        ("Synthetic foundation", "funder"),
        ("Synthetic institute", "author"),
    ]
    refused = client.post(f"{RESOURCES}new/", resource_data(municipalities=[far.pk], title_en="Synthetic far"))
    assert refused.status_code == 200
    assert not Resource.objects.filter(title_en="Synthetic far").exists()


def test_a_coordinator_gives_a_resource_their_region(client, region, coordinator):
    sign_in(client, coordinator)
    response = client.post(f"{RESOURCES}new/", resource_data(regions=[region.pk], title_en="Synthetic regional"))
    assert response.status_code == 302
    assert Resource.objects.filter(title_en="Synthetic regional").exists()


def test_a_resource_outside_every_region_of_the_coordinator_is_refused_at_the_form(client, coordinator):
    sign_in(client, coordinator)
    response = client.post(f"{RESOURCES}new/", resource_data(title_en="Synthetic network-wide"))
    assert response.status_code == 200
    assert not Resource.objects.filter(title_en="Synthetic network-wide").exists()


def test_editing_keeps_one_organisation_and_a_stale_form_saves_nothing(client, region, draft, coordinator):
    kept = ResourceOrganisationFactory(resource=draft)
    gone = ResourceOrganisationFactory(resource=draft)
    draft.refresh_from_db()
    sign_in(client, coordinator)
    rows = [
        {"id": kept.pk, "organisation": kept.organisation_id, "role": "partner", "ORDER": "1"},
        {"id": gone.pk, "organisation": gone.organisation_id, "role": "author", "ORDER": "2", "DELETE": "on"},
    ]
    url = f"{RESOURCES}edit/{draft.pk}/"
    data = resource_data(rows, initial=2, regions=[region.pk], based_on_version=draft.version)

    response = client.post(url, {**data, "title_en": "Synthetic renamed assessment"})

    assert response.status_code == 302, response.context["form"].errors if response.context else response
    draft.refresh_from_db()
    assert draft.title_en == "Synthetic renamed assessment"
    assert [(row.organisation_id, row.role) for row in draft.organisations.all()] == [(kept.organisation_id, "partner")]
    stale_data = resource_data([], regions=[region.pk], based_on_version=draft.version - 1)
    stale = client.post(url, {**stale_data, "title_en": "Synthetic lost update"})
    assert stale.status_code == 200 and "changed" in stale.text.lower()
    draft.refresh_from_db()
    assert draft.title_en == "Synthetic renamed assessment"


def test_the_list_filters_and_finds_a_title_in_any_language(client, region, draft, coordinator):
    ResourceFactory(regions=[region], title_en="Synthetic toolkit", title_ar="مجموعة أدوات تجريبية", kind="toolkit")
    sign_in(client, coordinator)
    found = client.get(f"{RESOURCES}?q=أدوات")
    assert "Synthetic toolkit" in found.text and "Synthetic regional assessment" not in found.text
    filtered = client.get(f"{RESOURCES}?status=draft&kind=report&access=public")
    assert filtered.status_code == 200
    assert "Synthetic regional assessment" in filtered.text and "Synthetic toolkit" not in filtered.text


def test_deleting_from_the_admin_goes_through_the_service(client, draft, coordinator):
    sign_in(client, coordinator)
    response = client.post(f"{RESOURCES}delete/{draft.pk}/")
    assert response.status_code == 302
    assert not Resource.objects.filter(pk=draft.pk).exists()


def test_exports_are_logged_and_neutralise_formulas(client, region, coordinator):
    ResourceFactory(regions=[region], title_en="=cmd|' /C calc'!A0")
    ResourceFactory(regions=[RegionFactory(slug="elsewhere")], title_en="Synthetic elsewhere")
    sign_in(client, coordinator)
    response = client.get(f"{RESOURCES}?export=csv")
    text = response.getvalue().decode("utf-8") if response.streaming else response.content.decode("utf-8")
    assert "'=cmd" in text and "Synthetic elsewhere" not in text
    assert client.get(f"{RESOURCES}?export=xlsx").status_code == 200


# --- A resource's page: versions, case study, publishing ---------------------------------------------------------


def test_adding_a_version_with_its_file_shows_it_waiting_for_extraction(client, draft, coordinator):
    sign_in(client, coordinator)
    upload = SimpleUploadedFile("synthetic-report.pdf", PDF_BYTES, content_type="application/pdf")

    response = client.post(
        reverse("library_staff:add-version", args=[draft.pk]), {"language": "en", "text": "", "file": upload}
    )

    assert response.status_code == 302
    version = ResourceVersion.objects.get(resource=draft, language="en")
    assert version.original_name == "synthetic-report.pdf" and version.extraction == ExtractionStatus.PENDING
    page = client.get(page_of(draft))
    assert "synthetic-report.pdf" in page.text and "Waiting for extraction" in page.text


def test_an_html_file_named_pdf_is_refused_at_the_field_and_nothing_is_saved(client, draft, coordinator):
    sign_in(client, coordinator)
    upload = SimpleUploadedFile("synthetic-report.pdf", NOT_A_DOCUMENT, content_type="application/pdf")

    response = client.post(
        reverse("library_staff:add-version", args=[draft.pk]), {"language": "en", "text": "", "file": upload}
    )

    assert response.status_code == 200
    assert response.context["version_form"].errors.get("file")
    assert not ResourceVersion.objects.filter(resource=draft).exists()


def test_publishing_needs_a_version_then_publishes_and_withdraws(client, draft, coordinator):
    sign_in(client, coordinator)
    publish = reverse("library_staff:publish", args=[draft.pk])

    refused = client.post(publish, follow=True)
    assert "before publishing" in refused.text
    draft.refresh_from_db()
    assert draft.status == ResourceStatus.DRAFT

    client.post(reverse("library_staff:add-version", args=[draft.pk]), {"language": "ar", "text": "نص تجريبي"})
    assert client.post(publish).status_code == 302
    draft.refresh_from_db()
    assert draft.status == ResourceStatus.PUBLISHED and draft.published_at is not None

    client.post(reverse("library_staff:withdraw", args=[draft.pk]))
    draft.refresh_from_db()
    assert draft.status == ResourceStatus.WITHDRAWN


def test_the_last_version_of_a_published_resource_stays_and_the_page_says_why(client, region, coordinator):
    resource = ResourceFactory(regions=[region])
    version = ResourceVersionFactory(resource=resource)
    sign_in(client, coordinator)

    response = client.post(reverse("library_staff:delete-version", args=[resource.pk, version.pk]), follow=True)

    assert response.status_code == 200 and "withdraw the resource" in response.text
    assert ResourceVersion.objects.filter(pk=version.pk).exists()


def test_a_case_studys_body_is_written_from_its_page_and_a_stale_form_saves_nothing(client, city, coordinator):
    resource = ResourceFactory(kind=ResourceKind.CASE_STUDY, status=ResourceStatus.DRAFT, municipalities=[city])
    sign_in(client, coordinator)
    assert "context_en" in client.get(page_of(resource)).text
    url = reverse("library_staff:case-study", args=[resource.pk])
    body = {
        "context_en": "Synthetic context.",
        "approach_en": "Synthetic approach.",
        "results_en": "Synthetic results.",
        "based_on_version": resource.version,
    }

    assert client.post(url, body).status_code == 302
    assert CaseStudy.objects.get(resource=resource).context_en == "Synthetic context."

    stale = client.post(url, {**body, "context_en": "Synthetic lost update"})
    assert stale.status_code == 200 and "changed" in stale.text.lower()
    assert CaseStudy.objects.get(resource=resource).context_en == "Synthetic context."


# --- The review queue ------------------------------------------------------------------------------------------


def test_the_review_queue_publishes_a_proposal(client, proposal, coordinator):
    sign_in(client, coordinator)
    assert "Synthetic proposed case study" in client.get(REVIEW).text

    response = client.post(reverse("library_review:publish", args=[proposal.pk]))

    assert response.status_code == 302
    proposal.refresh_from_db()
    assert proposal.status == ResourceStatus.PUBLISHED
    assert "Synthetic proposed case study" not in client.get(REVIEW).text


def test_returning_a_proposal_needs_a_note(client, proposal, coordinator):
    sign_in(client, coordinator)
    url = reverse("library_review:return", args=[proposal.pk])

    refused = client.post(url, {"note": "  "}, follow=True)
    assert "Write a note" in refused.text
    proposal.refresh_from_db()
    assert proposal.status == ResourceStatus.PROPOSED

    client.post(url, {"note": "Synthetic note: add the results."})
    proposal.refresh_from_db()
    assert proposal.status == ResourceStatus.RETURNED and proposal.review_note == "Synthetic note: add the results."


# --- Work streams ----------------------------------------------------------------------------------------------


def test_the_secretariat_names_a_work_stream_and_a_coordinator_is_turned_back(client, coordinator):
    sign_in(client, staff(Role.SECRETARIAT))
    response = client.post(
        "/admin/library/work-streams/new/",
        {"slug": "synthetic-youth", "sort_order": "1", "name_en": "Synthetic youth", "name_ar": "الشباب"},
    )
    assert response.status_code == 302, response.context["form"].errors if response.context else response
    stream = WorkStream.objects.get(slug="synthetic-youth")
    assert stream.name_ar == "الشباب"

    sign_in(client, coordinator)
    assert client.get("/admin/library/work-streams/").status_code == 302
    assert client.get(f"/admin/library/work-streams/delete/{stream.pk}/").status_code == 404


# --- Query budgets -----------------------------------------------------------------------------------------------


@pytest.mark.parametrize("where", ["resources", "resource page", "review queue"])
def test_the_lists_and_the_page_keep_a_fixed_number_of_queries(client, where, region, city, draft, coordinator):
    sign_in(client, coordinator)
    languages = ["en", "ar", "sq", "sr", "mk", "bs", "sr-latn"]

    def grow(n):
        for _index in range(n):
            resource = ResourceFactory(regions=[region], municipalities=[city])
            ResourceVersionFactory(resource=resource)
            ResourceOrganisationFactory(resource=resource)
            if languages:
                ResourceVersionFactory(resource=draft, language=languages.pop(0))
            ResourceFactory(
                kind=ResourceKind.CASE_STUDY,
                status=ResourceStatus.PROPOSED,
                municipalities=[city],
                proposed_by=focal_point(city),
            )

    url = {"resources": RESOURCES, "resource page": page_of(draft), "review queue": REVIEW}[where]
    count = assert_queries_do_not_grow(lambda: client.get(url), grow, sizes=(2, 6))
    assert count <= 45

"""The library on the public site: the library page with its filters, a resource's page with its language
versions, its files and covers, the region hub's section and a city's case studies. Each visitor sees
what they may read: never a members-only or embargoed resource for the public, never a draft or another's
proposal; what they may not read is a 404."""

import datetime

import pytest
from django.core.cache import cache
from django.core.files.base import ContentFile
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import override

from citynet.accounts.models import Role
from citynet.accounts.tests import factories as people
from citynet.core.testing import assert_queries_do_not_grow, sign_in, staff
from citynet.events.tests.factories import EventFactory
from citynet.library.models import Access, ResourceKind, ResourceOrganisationRole, ResourceStatus
from citynet.library.tests import factories as library
from citynet.library.tests.matrix.public import PNG
from citynet.library.views import public
from citynet.network.tests.factories import (
    CountryFactory,
    OrganisationFactory,
    RegionFactory,
    TopicFactory,
    member_municipality,
)

pytestmark = pytest.mark.django_db


def url(name, *args, language="en"):
    with override(language):
        return reverse(f"library:{name}", args=args)


def html_of(client, address):
    response = client.get(address)
    assert response.status_code == 200
    return response.content.decode()


@pytest.fixture
def region():
    return RegionFactory(slug="synthetic-region")


@pytest.fixture
def city(region):
    return member_municipality(country=CountryFactory(code="XK", region=region), slug="synthetic-city")


@pytest.fixture
def hidden():
    """What the public never reads: a members-only, a staff-only, an embargoed, a draft resource."""
    return [
        library.ResourceFactory(access=Access.MEMBERS, title_en="Synthetic members-only report"),
        library.ResourceFactory(access=Access.STAFF, title_en="Synthetic staff-only report"),
        library.ResourceFactory(
            embargo_until=datetime.date.today() + datetime.timedelta(days=30), title_en="Synthetic embargoed report"
        ),
        library.ResourceFactory(status=ResourceStatus.DRAFT, title_en="Synthetic draft report"),
    ]


# --- The library page ------------------------------------------------------------------------------------


def test_the_public_library_lists_public_resources_and_never_members_only_embargoed_or_drafts(client, hidden):
    library.ResourceVersionFactory(
        resource=library.ResourceFactory(title_en="Synthetic public report", published_on=datetime.date(2016, 3, 1)),
        language="sq",
    )
    html = html_of(client, url("index"))
    assert "Synthetic public report" in html
    assert "Albanian" in html  # the languages it exists in
    for resource in hidden:
        assert resource.title_en not in html


def test_a_member_sees_members_only_resources_with_their_badge_but_not_staff_only_ones(client, city, hidden):
    sign_in(client, people.member(city))
    html = html_of(client, url("index"))
    assert "Synthetic members-only report" in html
    assert "badge-access" in html
    assert "Synthetic staff-only report" not in html and "Synthetic draft report" not in html


def test_staff_see_staff_only_and_embargoed_resources_in_the_library(client, hidden):
    sign_in(client, staff(Role.SECRETARIAT))
    html = html_of(client, url("index"))
    assert "Synthetic staff-only report" in html and "Synthetic embargoed report" in html
    assert "Synthetic draft report" not in html  # drafts are in the admin, not the library


def test_staff_without_their_second_factor_enter_it_before_reading_the_library(client, hidden):
    """Staff read staff-only resources here: with their second factor in this session, as on every
    privileged page."""
    client.force_login(staff(Role.SECRETARIAT))
    for address in (url("index"), url("resource", hidden[1].slug)):
        response = client.get(address)
        assert response.status_code == 302 and "reauthenticate" in response["Location"], address


def test_the_library_filters_by_kind_and_year_and_ignores_bad_values(client):
    library.ResourceFactory(title_en="Synthetic 2016 report", published_on=datetime.date(2016, 1, 1))
    library.ResourceFactory(
        kind=ResourceKind.GUIDE, title_en="Synthetic 2020 guide", published_on=datetime.date(2020, 1, 1)
    )
    html = html_of(client, url("index") + "?kind=guide")
    assert "Synthetic 2020 guide" in html and "Synthetic 2016 report" not in html
    html = html_of(client, url("index") + "?year=2016")
    assert "Synthetic 2016 report" in html and "Synthetic 2020 guide" not in html
    html = html_of(
        client, url("index") + "?kind=%3Cscript%3E&year=abc&region=%3Cx%3E&country=atlantis&language=xx&page=x"
    )
    assert "Synthetic 2016 report" in html and "Synthetic 2020 guide" in html
    assert "&lt;script&gt;" not in html  # a bad value is dropped, not echoed


def test_the_library_filters_by_topic_region_and_language(client, region, city):
    topic = TopicFactory(slug="synthetic-topic")
    here = library.ResourceFactory(title_en="Synthetic report here", municipalities=[city], topics=[topic])
    library.ResourceVersionFactory(resource=here, language="sq")
    library.ResourceFactory(title_en="Synthetic report elsewhere", regions=[RegionFactory(slug="elsewhere")])
    html = html_of(client, url("index") + "?topic=synthetic-topic")
    assert "Synthetic report here" in html and "Synthetic report elsewhere" not in html
    html = html_of(client, url("index") + f"?region={region.slug}")
    assert "Synthetic report here" in html and "Synthetic report elsewhere" not in html
    html = html_of(client, url("index") + "?language=sq")
    assert "Synthetic report here" in html and "Synthetic report elsewhere" not in html


def test_the_library_is_paginated_and_keeps_its_filters_in_the_page_links(client):
    for n in range(25):
        library.ResourceFactory(title_en=f"Synthetic paged report {n}")
    html = html_of(client, url("index") + "?kind=report")
    assert 'rel="next"' in html and "?kind=report&amp;page=2" in html
    assert "Synthetic paged report" in html_of(client, url("index") + "?kind=report&page=2")


def test_the_library_reads_a_fixed_number_of_queries_whatever_the_number_of_resources(
    client, city, django_assert_max_num_queries
):
    sign_in(client, people.member(city))
    topic = TopicFactory()

    def grow(n):
        for _ in range(n):
            resource = library.ResourceFactory(topics=[topic], countries=[city.country])
            library.ResourceVersionFactory(resource=resource, language="en")
            library.ResourceVersionFactory(resource=resource, language="ar")

    count = assert_queries_do_not_grow(lambda: client.get(url("index")), grow, sizes=(3, 30))
    with django_assert_max_num_queries(count):
        client.get(url("index"))


def test_the_library_in_arabic_reads_right_to_left_and_marks_an_english_title_as_a_fallback(client):
    library.ResourceFactory(title_en="Synthetic English-only report")
    html = html_of(client, url("index", language="ar"))
    assert 'dir="rtl"' in html
    assert '<bdi lang="en" class="fallback"' in html and "Synthetic English-only report" in html
    assert "fallback-mark" in html


# --- A resource's page -------------------------------------------------------------------------------------


def test_a_resources_page_shows_what_it_is_who_made_it_where_and_its_version(client, city):
    topic = TopicFactory(name_en="Synthetic topic")
    event = EventFactory(title_en="Synthetic event it came from")
    resource = library.ResourceFactory(
        title_en="Synthetic full report",
        summary_en="Synthetic summary.",
        published_on=datetime.date(2017, 9, 12),
        municipalities=[city],
        topics=[topic],
    )
    resource.events.set([event])
    resource.save()
    library.ResourceOrganisationFactory(
        resource=resource,
        organisation=OrganisationFactory(name_en="Synthetic Institute"),
        role=ResourceOrganisationRole.AUTHOR,
    )
    library.FileVersionFactory(resource=resource, language="en", text="Synthetic <script>alert(1)</script> text")
    html = html_of(client, url("resource", resource.slug))
    assert "Synthetic full report" in html and "Synthetic summary." in html
    assert 'datetime="2017-09-12"' in html and "12, 2017" in html  # the day, as precisely as known
    assert "Synthetic Institute" in html and "Author" in html
    assert "Synthetic topic" in html
    assert reverse("hub:municipality-detail", args=[city.slug]) in html
    assert reverse("events:detail", args=[event.slug]) in html and "Synthetic event it came from" in html
    assert url("download", resource.slug, "en") in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html and "<script>alert(1)" not in html


def test_a_case_studys_page_shows_its_sections(client, city):
    case_study = library.CaseStudyFactory(
        resource=library.ResourceFactory(kind=ResourceKind.CASE_STUDY, municipalities=[city]),
        approach_en="Synthetic approach of the city.",
    )
    html = html_of(client, url("resource", case_study.resource.slug))
    assert "Synthetic approach of the city." in html and "Synthetic lessons." in html


def test_a_resource_not_in_the_visitors_language_says_so_and_lists_the_languages_it_has(client):
    resource = library.ResourceFactory(title_en="Synthetic Albanian-only report")
    library.FileVersionFactory(resource=resource, language="sq")
    html = html_of(client, url("resource", resource.slug))
    assert "Not available in English." in html
    assert 'href="#version-sq"' in html and url("download", resource.slug, "sq") in html


def test_a_video_links_to_its_address_without_an_opener_or_referrer(client):
    resource = library.ResourceFactory(kind=ResourceKind.VIDEO, external_url="https://video.example.org/synthetic")
    html = html_of(client, url("resource", resource.slug))
    assert 'href="https://video.example.org/synthetic" rel="noopener noreferrer"' in html


def test_a_resource_page_in_arabic_reads_right_to_left(client):
    resource = library.ResourceFactory(title_en="Synthetic report", title_ar="تقرير اصطناعي")
    html = html_of(client, url("resource", resource.slug, language="ar"))
    assert 'dir="rtl"' in html and "تقرير اصطناعي" in html


@pytest.mark.parametrize("kind", ["members", "staff", "embargoed", "draft"])
def test_what_the_public_may_not_read_is_not_found(client, hidden, kind):
    resource = dict(zip(["members", "staff", "embargoed", "draft"], hidden, strict=True))[kind]
    assert client.get(url("resource", resource.slug)).status_code == 404
    sign_in(client, people.UserFactory())
    assert client.get(url("resource", resource.slug)).status_code == 404


def test_a_proposal_is_seen_by_its_author_and_not_by_another_focal_point(client, city):
    author = people.focal_point(city)
    proposal = library.ResourceFactory(
        kind=ResourceKind.CASE_STUDY, status=ResourceStatus.PROPOSED, municipalities=[city], proposed_by=author
    )
    sign_in(client, people.focal_point(member_municipality()))
    assert client.get(url("resource", proposal.slug)).status_code == 404
    sign_in(client, author)
    assert "badge-status" in html_of(client, url("resource", proposal.slug))


def test_an_unknown_resource_is_not_found(client):
    assert client.get(url("resource", "no-such-resource")).status_code == 404


def test_a_resources_page_reads_a_fixed_number_of_queries_whatever_its_links(client, city):
    resource = library.ResourceFactory()

    def grow(n):
        for _ in range(n):
            library.ResourceOrganisationFactory(resource=resource)
        resource.topics.add(*[TopicFactory() for _ in range(n)])
        resource.municipalities.add(*[member_municipality() for _ in range(n)])
        resource.save()

    assert_queries_do_not_grow(lambda: client.get(url("resource", resource.slug)), grow, sizes=(2, 12))


# --- Files and covers ---------------------------------------------------------------------------------------


def test_a_file_is_downloaded_as_an_attachment_never_inline(client):
    version = library.FileVersionFactory(language="en", original_name="synthetic-report.pdf")
    response = client.get(url("download", version.resource.slug, "en"))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert "synthetic-report.pdf" in response["Content-Disposition"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content).startswith(b"%PDF")


def test_a_members_only_file_is_not_found_for_the_public_and_served_to_a_member(client, city):
    version = library.FileVersionFactory(resource=library.ResourceFactory(access=Access.MEMBERS), language="en")
    address = url("download", version.resource.slug, "en")
    assert client.get(address).status_code == 404
    sign_in(client, people.member(city))
    assert client.get(address).status_code == 200


def test_an_embargoed_file_a_missing_language_or_a_text_only_version_is_not_found(client):
    embargoed = library.FileVersionFactory(
        resource=library.ResourceFactory(embargo_until=datetime.date.today() + datetime.timedelta(days=9))
    )
    text_only = library.ResourceVersionFactory(language="en")
    assert client.get(url("download", embargoed.resource.slug, "en")).status_code == 404
    assert client.get(url("download", text_only.resource.slug, "en")).status_code == 404
    assert client.get(url("download", text_only.resource.slug, "xx")).status_code == 404


def test_a_cover_is_a_png_not_sniffed_and_only_for_who_may_read_it(client):
    version = library.FileVersionFactory(language="en", thumbnail=ContentFile(PNG, name="synthetic-cover.png"))
    response = client.get(url("cover", version.resource.slug, "en"))
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png" and response["X-Content-Type-Options"] == "nosniff"
    assert url("cover", version.resource.slug, "en") in html_of(client, url("resource", version.resource.slug))
    hidden = library.FileVersionFactory(
        resource=library.ResourceFactory(access=Access.STAFF), thumbnail=ContentFile(PNG, name="synthetic-cover.png")
    )
    assert client.get(url("cover", hidden.resource.slug, "en")).status_code == 404


# --- The hub and a municipality's profile --------------------------------------------------------------------

HUB = "/en/western-balkans/"


def test_the_hub_shows_the_regions_public_resources_and_links_to_the_library(client, western_balkans):
    library.ResourceFactory(regions=[western_balkans], title_en="Synthetic regional report")
    library.ResourceFactory(regions=[western_balkans], access=Access.MEMBERS, title_en="Synthetic members report")
    library.ResourceFactory(regions=[RegionFactory(slug="elsewhere")], title_en="Synthetic report elsewhere")
    html = html_of(client, HUB)
    section = html[html.index('id="library-heading"') :]
    assert "Synthetic regional report" in section
    assert "Synthetic members report" not in html and "Synthetic report elsewhere" not in html
    assert f"{reverse('library:index')}?region=western-balkans" in section


def test_a_profiles_case_studies_are_the_citys_public_ones_only(city):
    library.ResourceFactory(kind=ResourceKind.CASE_STUDY, municipalities=[city], title_en="Synthetic case study")
    library.ResourceFactory(kind=ResourceKind.CASE_STUDY, municipalities=[city], status=ResourceStatus.PROPOSED)
    library.ResourceFactory(kind=ResourceKind.CASE_STUDY, municipalities=[city], access=Access.MEMBERS)
    library.ResourceFactory(kind=ResourceKind.CASE_STUDY, municipalities=[member_municipality()])
    library.ResourceFactory(municipalities=[city], title_en="Synthetic report about the city")
    assert [card.title_en for card in public.municipality_case_studies(city)] == ["Synthetic case study"]


def test_a_profiles_case_studies_section_links_each_and_marks_a_fallback_in_arabic(city):
    library.ResourceFactory(kind=ResourceKind.CASE_STUDY, municipalities=[city], title_en="Synthetic case study")
    with override("ar"):
        html = render_to_string(
            "library/public/_municipality_case_studies.html",
            {"municipality_case_studies": public.municipality_case_studies(city)},
        )
    assert "Synthetic case study" in html and 'class="fallback"' in html and "/ar/library/" in html


def test_a_profiles_case_studies_read_one_query_whatever_their_number_then_none(city, django_assert_num_queries):
    for n in (2, 12):
        for _ in range(n):
            library.ResourceFactory(kind=ResourceKind.CASE_STUDY, municipalities=[city])
        cache.clear()  # a new registry version: the section is read afresh
        with django_assert_num_queries(1):
            assert len(public.municipality_case_studies(city)) >= n
        with django_assert_num_queries(0):
            public.municipality_case_studies(city)


def test_a_case_study_told_on_its_page_does_not_say_no_version_is_published(client, db):
    from citynet.library.models import ResourceKind
    from citynet.library.tests.factories import CaseStudyFactory, ResourceFactory

    resource = ResourceFactory(kind=ResourceKind.CASE_STUDY)
    CaseStudyFactory(resource=resource)
    html = client.get(f"/en/library/{resource.slug}/").content.decode()
    assert "The case study" in html
    assert "No language version has been published yet." not in html


def test_a_demo_resources_card_says_it_is_a_demo_and_a_real_ones_does_not(client, db):
    from citynet.library.tests.factories import ResourceFactory

    ResourceFactory(title_en="Synthetic demo guide", is_demo=True)
    ResourceFactory(title_en="A real report", is_demo=False)
    html = client.get("/en/library/").content.decode()
    demo_card = html.split("Synthetic demo guide")[1].split("</h3>")[0]
    real_card = html.split("A real report")[1].split("</h3>")[0]
    assert 'class="demo-label">demo<' in demo_card
    assert "demo-label" not in real_card

"""The library's reads, per role: the public never gets members-only, staff-only, embargoed, draft or
proposed resources; members get members-only ones; staff every published one. A resource's page in the
visitor's language or a clear fallback; the filters; the hub's section, a city's case studies, the review
queue, a focal point's proposals and downloads; each read with a fixed number of queries."""

import datetime
import itertools

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.files.base import ContentFile
from django.utils import timezone, translation
from django.utils.formats import date_format

from citynet.accounts.tests import factories as people
from citynet.core.testing import assert_queries_do_not_grow
from citynet.events.models import EventStatus
from citynet.events.tests.factories import EventFactory
from citynet.grants.models import CallStatus
from citynet.grants.tests.factories import CallFactory
from citynet.library.models import Access, ResourceKind, ResourceOrganisationRole, ResourceStatus
from citynet.library.selectors import resources as selectors
from citynet.library.selectors.resources import Filters
from citynet.library.tests.factories import (
    CaseStudyFactory,
    FileVersionFactory,
    ResourceFactory,
    ResourceOrganisationFactory,
    ResourceVersionFactory,
    WorkStreamFactory,
)
from citynet.network.models import DatePrecision
from citynet.network.tests.factories import (
    CountryFactory,
    MunicipalityFactory,
    PositionFactory,
    RegionFactory,
    TopicFactory,
)

pytestmark = pytest.mark.django_db


def resource_of(**kwargs):
    """A ResourceFactory resource with its relations stored (a clusterable model writes its relations
    when it is saved; the factory only sets them)."""
    resource = ResourceFactory(**kwargs)
    resource.save()
    return resource


ROLES = ["anonymous", "user", "member", "focal_point", "other_focal_point", "coordinator", "secretariat"]
MEMBERS = {"member", "focal_point", "other_focal_point"}
STAFF = {"coordinator", "secretariat"}


@pytest.fixture
def scene():
    today = timezone.localdate()
    region = RegionFactory(slug="synthetic-here")
    elsewhere = RegionFactory(slug="synthetic-elsewhere")
    city = MunicipalityFactory(country=CountryFactory(code="XK", region=region), name_en="Synthetic city")
    other_city = MunicipalityFactory(country=CountryFactory(code="RS", region=elsewhere))
    actors = {
        "anonymous": AnonymousUser(),
        "user": people.UserFactory(),
        "member": people.member(city),
        "focal_point": people.focal_point(city),
        "other_focal_point": people.focal_point(other_city),
        "coordinator": people.coordinator(region),
        "secretariat": people.secretariat(),
    }
    made = itertools.count(1)

    def resource(**kwargs):
        n = next(made)
        kwargs.setdefault("published_on", datetime.date(2024, 1, 1) + datetime.timedelta(days=n))
        return resource_of(municipalities=[city], slug=f"synthetic-{n}", **kwargs)

    resources = {
        "public": resource(),
        "embargo_over": resource(embargo_until=today - datetime.timedelta(days=1)),
        "members": resource(access=Access.MEMBERS),
        "staff_only": resource(access=Access.STAFF),
        "embargoed": resource(embargo_until=today + datetime.timedelta(days=30)),
        "draft": resource(status=ResourceStatus.DRAFT),
        "withdrawn": resource(status=ResourceStatus.WITHDRAWN),
        "proposed": resource(
            status=ResourceStatus.PROPOSED, kind=ResourceKind.CASE_STUDY, proposed_by=actors["focal_point"]
        ),
        "returned": resource(
            status=ResourceStatus.RETURNED, kind=ResourceKind.CASE_STUDY, proposed_by=actors["focal_point"]
        ),
    }
    return region, elsewhere, city, other_city, actors, resources


# Who finds each of the scene's resources in the library (published ones only, whoever edits them).
LISTED = {
    "public": set(ROLES),
    "embargo_over": set(ROLES),
    "members": MEMBERS | STAFF,
    "staff_only": STAFF,
    "embargoed": STAFF,
}


def slugs(cards) -> set[str]:
    return {card.slug for card in cards}


# --- The library page ------------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ROLES)
def test_the_library_lists_what_each_role_may_read_and_never_drafts_or_proposals(scene, role):
    *_, actors, resources = scene

    page = selectors.library_page(actors[role], Filters(), 1)

    expected = {resources[name].slug for name, readers in LISTED.items() if role in readers}
    assert slugs(page.cards) == expected
    assert page.count == len(expected)
    for name in ("draft", "withdrawn", "proposed", "returned"):
        assert resources[name].slug not in slugs(page.cards)


def test_the_library_lists_the_newest_first_and_undated_ones_last(scene):
    *_, actors, resources = scene
    undated = resource_of(published_on=None)

    cards = selectors.library_page(actors["anonymous"], Filters(), 1).cards

    assert [card.slug for card in cards] == [resources["embargo_over"].slug, resources["public"].slug, undated.slug]


def test_a_card_says_its_kind_date_access_and_languages_in_the_visitors_language():
    resource = resource_of(
        kind=ResourceKind.POLICY_BRIEF,
        published_on=datetime.date(2017, 9, 12),
        published_precision=DatePrecision.MONTH,
        title_en="Synthetic policy brief",
        title_sq="Synthetic përmbledhje",
    )
    ResourceVersionFactory(resource=resource, language="sq")
    ResourceVersionFactory(resource=resource, language="ar")
    ResourceVersionFactory(resource=resource, language="en")

    with translation.override("en"):
        (card,) = selectors.library_page(AnonymousUser(), Filters(), 1).cards

    assert card.kind_label == "Policy brief"
    assert card.date == "September 2017"
    assert card.year == 2017
    assert card.access_label == "Public"
    assert card.languages == ["ar", "en", "sq"]  # the site's order
    assert card.title.text == "Synthetic policy brief"
    assert not card.title.is_fallback
    assert card.title_sq == "Synthetic përmbledhje"  # every language's column, for {% tr %}


def test_a_card_title_missing_in_the_visitors_language_is_a_marked_fallback():
    resource_of(title_en="Synthetic report in English")

    with translation.override("ar"):
        (card,) = selectors.library_page(AnonymousUser(), Filters(), 1).cards

    assert card.title.text == "Synthetic report in English"
    assert card.title.language == "en"
    assert card.title.is_fallback


def test_a_serbian_title_in_the_other_script_is_transliterated_and_marked():
    resource_of(title_sr="Синтетички извештај")

    with translation.override("sr-latn"):
        (card,) = selectors.library_page(AnonymousUser(), Filters(), 1).cards

    assert card.title.text == "Sintetički izveštaj"
    assert card.title.transliterated
    assert card.title.is_marked


def test_a_date_is_said_as_precisely_as_it_is_known():
    day = datetime.date(2017, 9, 12)
    with translation.override("en"):
        assert selectors.said_published(day, DatePrecision.DAY) == date_format(day, "DATE_FORMAT")
        assert selectors.said_published(day, DatePrecision.MONTH) == "September 2017"
        assert selectors.said_published(day, DatePrecision.YEAR) == "2017"
        assert selectors.said_published(None, DatePrecision.DAY) == ""


def test_the_library_is_paged():
    for n in range(selectors.PAGE_SIZE + 3):
        resource_of(published_on=datetime.date(2020, 1, 1) + datetime.timedelta(days=n))

    first = selectors.library_page(AnonymousUser(), Filters(), 1)
    second = selectors.library_page(AnonymousUser(), Filters(), "2")
    beyond = selectors.library_page(AnonymousUser(), Filters(), "not a page")

    assert len(first.cards) == selectors.PAGE_SIZE
    assert len(second.cards) == 3
    assert not slugs(first.cards) & slugs(second.cards)
    assert slugs(beyond.cards) == slugs(first.cards)


# --- Filters ------------------------------------------------------------------------------------------


@pytest.fixture
def catalogue():
    """Resources that differ in one way each, and one network-wide (concerning no place)."""
    here, elsewhere = RegionFactory(slug="synthetic-filter-here"), RegionFactory(slug="synthetic-filter-elsewhere")
    albania = CountryFactory(code="AL", region=here)
    serbia = CountryFactory(code="RS", region=elsewhere)
    durres = MunicipalityFactory(country=albania)
    topic, stream = TopicFactory(slug="synthetic-youth"), WorkStreamFactory(slug="synthetic-stream")
    found = {
        "guide_2019": resource_of(kind=ResourceKind.GUIDE, published_on=datetime.date(2019, 3, 1)),
        "about_durres": resource_of(municipalities=[durres]),
        "about_serbia": resource_of(countries=[serbia]),
        "about_region": resource_of(regions=[here]),
        "on_youth": resource_of(topics=[topic], countries=[serbia]),
        "in_stream": resource_of(work_streams=[stream], countries=[serbia]),
        "in_arabic": resource_of(countries=[serbia]),
    }
    ResourceVersionFactory(resource=found["in_arabic"], language="ar")
    ResourceVersionFactory(resource=found["about_durres"], language="en")
    return found


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        (Filters(kind=ResourceKind.GUIDE), {"guide_2019"}),
        (Filters(year=2019), {"guide_2019"}),
        (Filters(topic="synthetic-youth"), {"on_youth"}),
        (Filters(work_stream="synthetic-stream"), {"in_stream"}),
        (Filters(language="ar"), {"in_arabic"}),
        (Filters(country="AL"), {"about_durres"}),
        (Filters(country="RS"), {"about_serbia", "on_youth", "in_stream", "in_arabic"}),
        # A region's resources: those about it (by region, country or city) and the network-wide ones.
        (Filters(region="synthetic-filter-here"), {"about_durres", "about_region", "guide_2019"}),
        (Filters(country="RS", topic="synthetic-youth"), {"on_youth"}),
        (Filters(topic="no-such-topic"), set()),
    ],
)
def test_the_filters_narrow_the_library(catalogue, filters, expected):
    cards = selectors.library_page(AnonymousUser(), filters, 1).cards

    assert slugs(cards) == {catalogue[name].slug for name in expected}


def test_filters_from_a_query_ignore_what_means_nothing():
    query = {"kind": "guide", "year": "2019", "language": "AR", "country": "al", "topic": " youth "}
    assert Filters.from_query(query) == Filters(kind="guide", year=2019, language="ar", country="AL", topic="youth")
    junk = {"kind": "poem", "year": "20x9", "language": "xx", "region": ["not", "text"]}
    assert Filters.from_query(junk) == Filters()
    assert not Filters.from_query({}).any


def test_the_filter_options_offer_only_what_the_actor_may_read(scene):
    *_, actors, resources = scene
    hidden_topic, shown_topic = TopicFactory(slug="synthetic-hidden"), TopicFactory(slug="synthetic-shown")
    resources["staff_only"].topics.set([hidden_topic])
    resources["staff_only"].save()
    resources["public"].topics.set([shown_topic])
    resources["public"].save()

    public = selectors.filter_options(actors["anonymous"])
    staff = selectors.filter_options(actors["secretariat"])

    assert public["topics"] == [shown_topic]
    assert set(staff["topics"]) == {hidden_topic, shown_topic}
    assert public["years"] == [2024]
    assert [c.code for c in public["countries"]] == ["XK"]
    assert ("case_study", "Case study") in public["kinds"]


# --- A resource's page ------------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ROLES)
def test_a_resource_page_is_there_only_for_those_who_may_read_it(scene, role):
    *_, actors, resources = scene
    actor = actors[role]

    for name in ("public", "members", "staff_only", "embargoed"):
        page = selectors.resource_page(actor, resources[name].slug)
        assert (page is not None) == (role in LISTED[name]), name
    # Unpublished: its editors and its proposer only.
    proposed = selectors.resource_page(actor, resources["proposed"].slug)
    assert (proposed is not None) == (role in {"coordinator", "secretariat", "focal_point"})
    assert (selectors.resource_page(actor, resources["draft"].slug) is not None) == (role in STAFF)


def test_a_resource_page_of_no_resource_is_none():
    assert selectors.resource_page(AnonymousUser(), "no-such-resource") is None


def test_the_visitor_gets_the_version_in_their_language():
    resource = resource_of()
    english = ResourceVersionFactory(resource=resource, language="en")
    albanian = ResourceVersionFactory(resource=resource, language="sq", text="Synthetic tekst")

    with translation.override("sq"):
        page = selectors.resource_page(AnonymousUser(), resource.slug)

    assert page.version == albanian
    assert page.suggested is None
    assert page.languages == ["en", "sq"]
    assert page.versions == [english, albanian]
    assert page.version.resource is page.resource


def test_without_a_version_in_their_language_the_visitor_gets_none_and_the_nearest_one():
    resource = resource_of()
    ResourceVersionFactory(resource=resource, language="sq")
    english = ResourceVersionFactory(resource=resource, language="en")

    with translation.override("ar"):
        page = selectors.resource_page(AnonymousUser(), resource.slug)

    assert page.version is None
    assert page.suggested == english  # Arabic falls back to English
    assert page.languages == ["en", "sq"]


def test_a_serbian_reader_is_offered_the_other_script_first():
    resource = resource_of()
    ResourceVersionFactory(resource=resource, language="en")
    cyrillic = ResourceVersionFactory(resource=resource, language="sr")

    with translation.override("sr-latn"):
        page = selectors.resource_page(AnonymousUser(), resource.slug)

    assert page.version is None
    assert page.suggested == cyrillic


def test_a_resource_page_holds_its_links_and_only_public_events_and_calls():
    region = RegionFactory()
    city = MunicipalityFactory()
    topic, stream = TopicFactory(), WorkStreamFactory()
    published_event = EventFactory(region=region)
    draft_event = EventFactory(region=region, status=EventStatus.DRAFT)
    open_call = CallFactory(region=region)
    draft_call = CallFactory(region=region, status=CallStatus.DRAFT)
    resource = resource_of(regions=[region], municipalities=[city], topics=[topic], work_streams=[stream])
    resource.events.set([published_event, draft_event])
    resource.calls.set([open_call, draft_call])
    resource.save()
    author = ResourceOrganisationFactory(resource=resource, role=ResourceOrganisationRole.AUTHOR)
    partner = ResourceOrganisationFactory(resource=resource, role=ResourceOrganisationRole.PARTNER, sort_order=1)

    page = selectors.resource_page(AnonymousUser(), resource.slug)

    assert page.events == [published_event]
    assert page.calls == [open_call]
    assert page.organisations == [author, partner]
    assert [o.get_role_display() for o in page.organisations] == ["Author", "Partner"]
    assert page.topics == [topic]
    assert page.work_streams == [stream]
    assert page.regions == [region]
    assert page.municipalities == [city]
    assert page.case_study is None
    assert page.contact is None


def test_a_case_study_page_has_its_sections_and_a_public_contact_without_private_details():
    position = PositionFactory(title_en="Synthetic focal point")
    body = CaseStudyFactory(contact=position, lessons_en="")

    with translation.override("en"):
        page = selectors.resource_page(AnonymousUser(), body.resource.slug)

    assert page.case_study == body
    assert [name for name, _label, _text in page.case_study_sections] == ["context", "challenge", "approach", "results"]
    assert page.case_study_sections[0][1] == "context"
    assert page.case_study_sections[0][2].text == "Synthetic context."
    assert page.contact.person.name_en == position.person.name_en
    assert page.contact.position.title_en == "Synthetic focal point"
    assert not hasattr(page.contact.person, "email")
    assert not hasattr(page.contact.person, "phone")


def test_a_case_studys_contact_that_is_not_public_is_not_shown():
    body = CaseStudyFactory(contact=PositionFactory(is_public=False))

    assert selectors.resource_page(AnonymousUser(), body.resource.slug).contact is None


# --- The hub, a city's profile ------------------------------------------------------------------------------


def test_the_hub_shows_the_regions_newest_public_resources_and_the_network_wide_ones(scene):
    region, elsewhere, city, other_city, actors, resources = scene
    network_wide = resource_of(published_on=datetime.date(2023, 1, 1))
    resource_of(regions=[elsewhere])

    shown = selectors.region_resources(region)

    assert [card.slug for card in shown] == [
        resources["embargo_over"].slug,
        resources["public"].slug,
        network_wide.slug,
    ]
    assert [card.slug for card in selectors.region_resources(region, limit=1)] == [resources["embargo_over"].slug]


def test_a_city_profile_shows_its_public_case_studies_only(scene):
    region, elsewhere, city, other_city, actors, resources = scene
    case_study = resource_of(kind=ResourceKind.CASE_STUDY, municipalities=[city])
    resource_of(kind=ResourceKind.CASE_STUDY, municipalities=[city], access=Access.MEMBERS)
    resource_of(kind=ResourceKind.CASE_STUDY, municipalities=[other_city])

    assert slugs(selectors.municipality_case_studies(city)) == {case_study.slug}
    assert selectors.municipality_case_studies(other_city)[0].slug != case_study.slug


# --- Moderation ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ROLES)
def test_the_review_queue_is_the_regions_staffs(scene, role):
    *_, actors, resources = scene

    queue = list(selectors.review_queue(actors[role]))

    assert queue == ([resources["proposed"]] if role in STAFF else [])


def test_the_review_queue_of_another_regions_coordinator_is_empty(scene):
    region, elsewhere, *_ = scene

    assert list(selectors.review_queue(people.coordinator(elsewhere))) == []


@pytest.mark.parametrize("role", ROLES)
def test_a_focal_point_sees_their_own_proposals_whatever_their_status(scene, role):
    *_, actors, resources = scene

    mine = set(selectors.proposals_of(actors[role]))

    assert mine == ({resources["proposed"], resources["returned"]} if role == "focal_point" else set())


# --- Downloads --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ROLES)
def test_a_members_only_file_is_downloaded_by_members_and_staff_only(scene, role):
    *_, actors, resources = scene
    version = FileVersionFactory(resource=resources["members"], language="en")

    found = selectors.version_for_download(actors[role], resources["members"].slug, "en")

    assert found == (version if role in MEMBERS | STAFF else None)


def test_there_is_no_download_in_a_language_without_a_file(scene):
    *_, actors, resources = scene
    FileVersionFactory(resource=resources["public"], language="en")
    ResourceVersionFactory(resource=resources["public"], language="sq")  # its own text, no file

    anonymous = actors["anonymous"]
    assert selectors.version_for_download(anonymous, resources["public"].slug, "en").resource == resources["public"]
    assert selectors.version_for_download(anonymous, resources["public"].slug, "sq") is None
    assert selectors.version_for_download(anonymous, resources["public"].slug, "ar") is None
    assert selectors.version_for_download(anonymous, "no-such-resource", "en") is None


def test_an_embargoed_or_draft_file_is_not_downloaded_by_the_public(scene):
    *_, actors, resources = scene
    for name in ("embargoed", "draft", "proposed"):
        FileVersionFactory(resource=resources[name], language="en")
        assert selectors.version_for_download(actors["anonymous"], resources[name].slug, "en") is None
    assert selectors.version_for_download(actors["secretariat"], resources["embargoed"].slug, "en") is not None


# --- Query budgets ---------------------------------------------------------------------------------------


def _more_resources(region):
    made = itertools.count()

    def grow(n):
        for _ in range(n):
            resource = resource_of(regions=[region], access=Access.MEMBERS if next(made) % 2 else Access.PUBLIC)
            ResourceVersionFactory(resource=resource, language="en")
            ResourceVersionFactory(resource=resource, language="sq")

    return grow


@pytest.mark.parametrize("role", ["anonymous", "member", "secretariat"])
def test_the_library_page_reads_a_fixed_number_of_queries(role, django_assert_max_num_queries):
    region = RegionFactory()
    actor = {
        "anonymous": AnonymousUser,
        "member": lambda: people.member(MunicipalityFactory()),
        "secretariat": people.secretariat,
    }[role]()
    filters = Filters(region=region.slug, language="en")

    count = assert_queries_do_not_grow(
        lambda: selectors.library_page(actor, filters, 1), _more_resources(region), sizes=(3, 45)
    )
    assert count <= 5
    with django_assert_max_num_queries(5):
        selectors.library_page(actor, Filters(), 2)


def test_the_hub_section_and_a_citys_case_studies_read_a_fixed_number_of_queries():
    region = RegionFactory()
    city = MunicipalityFactory()

    def grow(n):
        _more_resources(region)(n)
        for _ in range(n):
            resource_of(kind=ResourceKind.CASE_STUDY, municipalities=[city])

    assert assert_queries_do_not_grow(lambda: selectors.region_resources(region), grow, sizes=(2, 12)) <= 2
    assert assert_queries_do_not_grow(lambda: selectors.municipality_case_studies(city), grow, sizes=(2, 12)) <= 2


def test_a_resource_page_reads_a_fixed_number_of_queries_whatever_its_links():
    resource = CaseStudyFactory(contact=PositionFactory()).resource
    languages = iter(["en", "sq", "mk", "sr", "sr-latn", "bs", "ar"])

    def grow(n):
        for _ in range(n):
            ResourceOrganisationFactory(resource=resource)
            resource.topics.add(TopicFactory())
            resource.regions.add(RegionFactory())
            resource.municipalities.add(MunicipalityFactory())
            resource.events.add(EventFactory())
            resource.calls.add(CallFactory())
            resource.save()
            language = next(languages, None)
            if language:
                version = ResourceVersionFactory(resource=resource, language=language)
                version.file.save("synthetic.pdf", ContentFile(b"%PDF synthetic"))

    actor = AnonymousUser()
    count = assert_queries_do_not_grow(lambda: selectors.resource_page(actor, resource.slug), grow, sizes=(1, 6))
    assert count <= 11


def test_a_download_reads_a_fixed_number_of_queries(django_assert_max_num_queries):
    version = FileVersionFactory()
    member = people.member(MunicipalityFactory())

    with django_assert_max_num_queries(4):
        assert selectors.version_for_download(member, version.resource.slug, "en") == version

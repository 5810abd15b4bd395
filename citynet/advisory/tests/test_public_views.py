"""The public's published consultations: the list, a consultation's page, the hub's section, and a
municipality profile's consultations and action plan. Only what staff published: never notes, a draft
visit, an assessment or a draft plan."""

import datetime
from html import unescape

import pytest
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import override

from citynet.advisory.models import ActionStatus, MeetingKind, PlanStatus
from citynet.advisory.tests import factories as advisory
from citynet.advisory.views import public
from citynet.core.testing import actor, assert_queries_do_not_grow, sign_in, staff
from citynet.network.models import Municipality
from citynet.network.tests.factories import CountryFactory, OrganisationFactory, RegionFactory, member_municipality

pytestmark = pytest.mark.django_db

NOTES = "Synthetic confidential notes: never public."


def published(**kwargs):
    return advisory.VisitFactory(is_published=True, published_at=timezone.now(), **kwargs)


def page(client, visit, language="en"):
    with override(language):
        url = reverse("advisory:consultation", args=[visit.slug])
    return client.get(url)


@pytest.fixture
def region():
    return RegionFactory(slug="synthetic-region")


@pytest.fixture
def city(region):
    return member_municipality(country=CountryFactory(code="XK", region=region), slug="synthetic-city")


@pytest.fixture
def visit(region, city):
    engagement = advisory.EngagementFactory(region=region, municipalities=[city])
    visit = published(
        engagement=engagement,
        slug="synthetic-consultation",
        title_en="Synthetic consultation in a city",
        public_summary_en="Synthetic published summary of the consultation.",
        countries=["XK"],
    )
    visit.municipalities.set([city])
    visit.save()  # a cluster's many-to-many is written on save
    return visit


# --- A consultation's page ------------------------------------------------------------------------------


def test_a_published_consultation_shows_when_where_whom_by_kind_and_its_public_summaries(client, visit, city):
    organisation = OrganisationFactory(name_en="Synthetic organisation")
    advisory.MeetingFactory(visit=visit, kind=MeetingKind.MAYOR, municipality=city, counterpart="Synthetic mayor")
    advisory.MeetingFactory(
        visit=visit,
        kind=MeetingKind.CIVIL_SOCIETY,
        organisation=organisation,
        public_summary_en="Synthetic summary of a public meeting.",
    )
    advisory.MeetingFactory(visit=visit, is_public=False, counterpart="Synthetic hidden counterpart")
    response = page(client, visit)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Synthetic consultation in a city" in html
    assert "Synthetic published summary of the consultation." in html
    assert "Synthetic mayor" in html and "Synthetic organisation" in html
    assert "Synthetic summary of a public meeting." in html
    assert reverse("hub:municipality-detail", args=[city.slug]) in html
    assert "Kosovo" in html
    assert 'data-kind="mayor"' in html and 'data-kind="civil_society"' in html
    # A meeting staff did not mark public is not there, and no meeting's notes ever are.
    assert "Synthetic hidden counterpart" not in html
    assert NOTES not in html


def test_an_unpublished_or_unknown_consultation_is_not_found_for_everyone_staff_included(client, region):
    draft = advisory.VisitFactory(engagement=advisory.EngagementFactory(region=region), slug="synthetic-draft")
    assert page(client, draft).status_code == 404
    assert client.get(reverse("advisory:consultation", args=["no-such-visit"])).status_code == 404
    sign_in(client, staff("secretariat"))
    assert page(client, draft).status_code == 404


def test_a_summary_not_yet_translated_is_shown_in_english_and_marked(client, visit):
    response = page(client, visit, "ar")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Synthetic published summary of the consultation." in html
    assert "fallback-note" in html
    assert 'dir="rtl"' in html


def test_a_summary_in_the_visitors_language_is_shown_unmarked(client, visit):
    visit.public_summary_ar = "ملخص اصطناعي"
    visit.title_ar = "زيارة اصطناعية"
    visit.save()  # before any page was read: nothing cached yet
    html = page(client, visit, "ar").content.decode()
    assert "ملخص اصطناعي" in html and "زيارة اصطناعية" in html
    assert "fallback-note" not in html.split("about-heading")[1].split("</section>")[0]


def test_unpublishing_takes_the_page_down_at_once(client, visit, django_capture_on_commit_callbacks):
    assert page(client, visit).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        visit.is_published = False
        visit.save()
    assert page(client, visit).status_code == 404


@override_settings(CACHES={"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}})
def test_a_consultations_page_reads_a_fixed_number_of_queries_whatever_its_meetings(client, visit):
    def grow(n):
        for _ in range(n):
            advisory.MeetingFactory(visit=visit)

    assert_queries_do_not_grow(lambda: page(client, visit), grow, sizes=(2, 30))


def test_a_consultations_page_is_read_once_for_all_its_languages(client, visit, django_assert_num_queries):
    """Its records hold every language's columns: the page in another language reads nothing again, and says
    the texts in that language."""
    visit.title_ar = "استشارة اصطناعية"
    visit.save()
    client.get("/ar/consultations/")  # the header's menu in Arabic, kept as any page's
    assert page(client, visit, "en").status_code == 200

    with django_assert_num_queries(0):
        arabic = page(client, visit, "ar")

    assert "استشارة اصطناعية" in arabic.content.decode()
    assert "استشارة اصطناعية" not in page(client, visit, "en").content.decode()


# --- The list -------------------------------------------------------------------------------------------


def list_html(client, query="", language="en"):
    with override(language):
        url = reverse("advisory:consultations")
    response = client.get(url + query)
    assert response.status_code == 200
    return response.content.decode()


def test_the_list_shows_published_consultations_newest_first_and_never_a_draft(client, visit, region):
    engagement = advisory.EngagementFactory(region=region)
    older = published(engagement=engagement, title_en="Synthetic older consultation")
    older.starts_on, older.ends_on = datetime.date(2018, 9, 17), datetime.date(2018, 9, 20)
    older.save()
    advisory.VisitFactory(engagement=engagement, title_en="Synthetic draft visit")
    html = list_html(client)
    assert html.index("Synthetic consultation in a city") < html.index("Synthetic older consultation")
    assert "Synthetic draft visit" not in html
    assert NOTES not in html


def test_the_list_filters_by_region_country_and_year_and_ignores_bad_values(client, visit):
    elsewhere = RegionFactory(slug="synthetic-elsewhere")
    other_city = member_municipality(country=CountryFactory(code="MK", region=elsewhere))
    other = published(engagement=advisory.EngagementFactory(region=elsewhere), title_en="Synthetic elsewhere")
    other.starts_on, other.ends_on = datetime.date(2018, 9, 17), datetime.date(2018, 9, 20)
    other.save()
    other.municipalities.set([other_city])
    other.save()  # a cluster's many-to-many is written on save
    html = list_html(client, "?region=synthetic-region")
    assert "Synthetic consultation in a city" in html and "Synthetic elsewhere" not in html
    html = list_html(client, "?country=mk")
    assert "Synthetic consultation in a city" not in html and "Synthetic elsewhere" in html
    html = list_html(client, "?year=2018")
    assert "Synthetic consultation in a city" not in html and "Synthetic elsewhere" in html
    html = list_html(client, "?region=%3Cx%3E&country=atlantis&year=abc&page=x")
    assert "Synthetic consultation in a city" in html and "Synthetic elsewhere" in html


def test_the_list_is_paginated_and_right_to_left_in_arabic(client, region):
    engagement = advisory.EngagementFactory(region=region)
    for _ in range(25):
        published(engagement=engagement)
    html = list_html(client, "?page=2", language="ar")
    assert 'dir="rtl"' in html
    assert html.count("card consultation-card") == 5


@override_settings(CACHES={"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}})
def test_the_list_reads_a_fixed_number_of_queries_whatever_the_number_of_consultations(client, region, city):
    engagement = advisory.EngagementFactory(region=region)

    def grow(n):
        for _ in range(n):
            visit = published(engagement=engagement)
            visit.municipalities.set([city])
            visit.save()  # a cluster's many-to-many is written on save
            advisory.MeetingFactory(visit=visit)

    assert_queries_do_not_grow(lambda: client.get(reverse("advisory:consultations")), grow, sizes=(2, 30))


# --- The hub and a municipality's profile ------------------------------------------------------------

HUB = "/en/western-balkans/"


def test_the_hub_shows_the_regions_latest_consultations_and_links_to_the_list(client, western_balkans):
    engagement = advisory.EngagementFactory(region=western_balkans)
    published(engagement=engagement, title_en="Synthetic published consultation")
    advisory.VisitFactory(engagement=engagement, title_en="Synthetic draft consultation")
    published(engagement=advisory.EngagementFactory(), title_en="Synthetic consultation elsewhere")
    html = client.get(HUB).content.decode()
    section = html[html.index('id="consultations-heading"') :]
    assert "Synthetic published consultation" in section
    assert "Synthetic draft consultation" not in html and "Synthetic consultation elsewhere" not in html
    assert f"{reverse('advisory:consultations')}?region=western-balkans" in section


def test_the_hubs_consultations_run_a_fixed_number_of_queries_whatever_their_number(client, western_balkans):
    engagement = advisory.EngagementFactory(region=western_balkans)

    def grow(n):
        for _ in range(n):
            advisory.MeetingFactory(visit=published(engagement=engagement))

    assert_queries_do_not_grow(lambda: client.get(HUB), grow, sizes=(2, 30))


def profile(client, city):
    response = client.get(reverse("hub:municipality-detail", args=[city.slug]))
    assert response.status_code == 200
    return response.content.decode()


def test_a_profile_shows_its_consultations_and_its_shared_plans_progress_never_a_draft_or_notes(client, visit, city):
    advisory.MeetingFactory(visit=visit, municipality=city)
    draft = advisory.VisitFactory(engagement=visit.engagement, title_en="Synthetic draft visit")
    draft.municipalities.set([city])
    draft.save()  # a cluster's many-to-many is written on save
    plan = advisory.PlanFactory(
        municipality=city, share_publicly=True, public_summary_en="Synthetic shared summary of the plan."
    )
    advisory.ActionFactory(plan=plan, title_en="Synthetic public action", status=ActionStatus.IN_PROGRESS, percent=40)
    html = profile(client, city)
    section = html[html.index('id="advisory-heading"') :]
    assert "Synthetic consultation in a city" in section
    assert "Synthetic shared summary of the plan." in section
    assert "Synthetic public action" in section and 'value="40"' in section
    assert "Synthetic department" not in section  # an action's owner is not public
    assert "Synthetic draft visit" not in html and NOTES not in html


@pytest.mark.parametrize(
    "share, status",
    [(False, PlanStatus.ADOPTED), (True, PlanStatus.DRAFT)],
    ids=["not shared", "draft"],
)
def test_a_plan_the_city_did_not_share_or_still_a_draft_is_not_on_its_profile(client, city, share, status):
    advisory.PlanFactory(
        municipality=city, share_publicly=share, status=status, public_summary_en="Synthetic confidential plan."
    )
    html = profile(client, city)
    assert "Synthetic confidential plan." not in html
    assert "Local action plan" not in html


@pytest.mark.parametrize(
    "role, shown",
    [
        ("anonymous", False),
        ("user", False),
        ("member", False),
        ("focal_point", True),
        ("other_focal_point", False),
        ("coordinator", True),
        ("other_coordinator", False),
        ("secretariat", True),
    ],
)
def test_the_link_to_the_citys_advisory_work_shows_only_to_those_who_may_see_it(client, city, region, role, shown):
    sign_in(client, actor(role, city=city, region=region))
    html = profile(client, city)
    assert (reverse("advisory:city", args=[city.slug]) in html) is shown


def test_a_profiles_advisory_section_runs_a_fixed_number_of_queries(client, visit, city):
    plan = advisory.PlanFactory(municipality=city, share_publicly=True)

    def grow(n):
        for _ in range(n):
            advisory.MeetingFactory(visit=published(engagement=visit.engagement), municipality=city)
            advisory.ActionFactory(plan=plan)

    assert_queries_do_not_grow(lambda: profile(client, Municipality.objects.get(pk=city.pk)), grow, sizes=(2, 30))


def test_a_profiles_advisory_section_is_read_once_for_all_its_languages(client, visit, city, django_assert_num_queries):
    plan = advisory.PlanFactory(municipality=city, share_publicly=True, title_en="Synthetic shared plan")
    advisory.ActionFactory(plan=plan, title_en="Synthetic public action")
    profile(client, city)
    with override("ar"), django_assert_num_queries(0):
        public.municipality_advisory(city.pk)
    with override("ar"):
        response = client.get(reverse("hub:municipality-detail", args=[city.slug]))
    html = response.content.decode()
    assert "Synthetic consultation in a city" in html and "Synthetic public action" in html
    assert "fallback" in html.split('id="advisory-heading"')[1]  # English titles, marked as such in Arabic


# --- The seed's consultations, as the demo loads them ------------------------------------------------


@pytest.fixture
def demo(western_balkans_registry):
    from citynet.advisory.demo import load_advisory
    from citynet.core.actors import SYSTEM
    from citynet.events.demo import load_events

    load_events(western_balkans_registry, actor=SYSTEM)
    return load_advisory(western_balkans_registry, actor=SYSTEM)


def test_the_seeds_2018_consultations_read_in_english_and_in_arabic_without_fallback(client, demo):
    from citynet.advisory.demo import SUMMARY_AR, SUMMARY_EN

    visit = demo["visit"]
    english = unescape(page(client, visit).content.decode())
    assert SUMMARY_EN.split(".")[0] in english
    assert "Prizren" in english and "Democracy Lab" in english
    assert 'data-kind="mayor"' in english and 'data-kind="national_coordinator"' in english
    arabic = unescape(page(client, visit, "ar").content.decode())
    assert SUMMARY_AR.split(".")[0].split("،")[0] in arabic
    assert "fallback-note" not in arabic.split('id="about-heading"')[1].split("</section>")[0]
    assert visit.slug in list_html(client, "?country=MK&year=2018")

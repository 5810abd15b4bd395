"""The public's published consultations: the list, a consultation's page, the hub's section, and a
municipality profile's consultations and action plan. Only what staff published: never notes, a draft
visit, an assessment or a draft plan."""

import pytest
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import override

from citynet.advisory.models import MeetingKind
from citynet.advisory.tests import factories as advisory
from citynet.core.testing import assert_queries_do_not_grow, sign_in, staff
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

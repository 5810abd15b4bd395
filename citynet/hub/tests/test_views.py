import pytest
from django.urls import reverse
from django.utils import translation

from citynet.accounts.tests import factories as people
from citynet.network.models import Municipality
from citynet.network.tests.factories import CountryFactory, MunicipalityFactory, PositionFactory, member_municipality

pytestmark = pytest.mark.django_db


def test_hub_in_arabic_is_right_to_left_with_the_seed_text(client, western_balkans):
    response = client.get("/ar/western-balkans/")
    html = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="ar" dir="rtl">' in html
    assert "شبكة المدن القوية في منطقة غرب البلقان" in html
    assert "كاير" in html  # Čair, by its Arabic name
    assert response.context["editorial"]["how"] is None  # the Arabic page is translated, not a fallback
    assert "fallback-note" not in html


def test_hub_shows_members_on_record_beside_the_reported_figure(client, western_balkans):
    response = client.get("/en/western-balkans/")
    figures = response.context["hub"]["members_on_record"], response.context["hub"]["reported_members"].value
    assert figures == (4, 40)
    html = response.content.decode()
    assert "more than 40" in html
    assert "Strong Cities Network, Western Balkans hub page" in html


def test_hub_in_serbian_marks_the_english_fallback_when_nobody_translated_it(client, western_balkans):
    response = client.get("/sr/western-balkans/")
    html = response.content.decode()
    assert '<html lang="sr-Cyrl" dir="ltr">' in html
    assert response.context["editorial"]["how"] == "fallback"
    assert "fallback-note" in html
    assert "Гњилане" in html  # the member's name in Cyrillic


def test_hub_in_serbian_latin_transliterates_names_when_only_cyrillic_exists(client, western_balkans):
    Municipality.objects.filter(slug="gjilan").update(name_sr_latn="")
    html = client.get("/sr-latn/western-balkans/").content.decode()
    assert 'class="fallback"' in html and "Gnjilane" in html


def test_hub_in_bosnian_falls_back_to_serbian_latin_names(client, western_balkans):
    html = client.get("/bs/western-balkans/").content.decode()
    assert "Gnjilane" in html


def test_network_home_lists_regions_with_their_member_counts(client, western_balkans):
    response = client.get("/en/")
    assert response.status_code == 200
    assert "4 member municipalities on record" in response.content.decode()


def test_language_switcher_links_to_the_same_page_in_every_language(client, western_balkans):
    response = client.get("/en/municipalities/gjilan/")
    urls = {link["code"]: link["url"] for link in response.context["language_links"]}
    assert urls["ar"] == "/ar/municipalities/gjilan/"
    assert urls["sr-latn"] == "/sr-latn/municipalities/gjilan/"


def test_municipality_profile_shows_public_roles_but_never_contact_details(client, western_balkans):
    gjilan = Municipality.objects.get(slug="gjilan")
    position = PositionFactory(municipality=gjilan, person__email="mayor.private@example.test", person__phone="+383 1")
    html = client.get(reverse("hub:municipality-detail", args=["gjilan"])).content.decode()
    assert position.person.name_en in html
    assert "mayor.private@example.test" not in html
    assert "+383 1" not in html


def test_unknown_municipality_is_a_404_in_the_visitors_language(client, western_balkans):
    with translation.override("ar"):
        response = client.get("/ar/municipalities/atlantis/")
    assert response.status_code == 404
    assert '<html lang="ar" dir="rtl">' in response.content.decode()


def test_focal_point_saves_their_city_profile(client, western_balkans):
    cair = Municipality.objects.get(slug="cair")
    client.force_login(people.focal_point(cair))
    response = client.post(
        "/en/municipalities/cair/edit/",
        {"profile_en": "Synthetic profile text.", "profile_ar": "نص تجريبي.", "website": "", "version": 1},
    )
    assert response.status_code == 302
    cair.refresh_from_db()
    assert (cair.profile_en, cair.profile_ar, cair.version) == ("Synthetic profile text.", "نص تجريبي.", 2)


def test_focal_point_is_told_when_someone_else_saved_first(client, western_balkans):
    cair = Municipality.objects.get(slug="cair")
    Municipality.objects.filter(pk=cair.pk).update(version=5)
    client.force_login(people.focal_point(cair))
    response = client.post("/en/municipalities/cair/edit/", {"profile_en": "Lost?", "website": "", "version": 1})
    assert response.status_code == 200
    assert "Someone else changed this record" in response.content.decode()
    cair.refresh_from_db()
    assert not cair.profile_en


def test_focal_point_gets_a_clear_message_when_the_website_is_not_a_url(client, western_balkans):
    cair = Municipality.objects.get(slug="cair")
    client.force_login(people.focal_point(cair))
    with translation.override("ar"):
        response = client.post("/ar/municipalities/cair/edit/", {"website": "not a url", "version": 1})
    assert response.status_code == 200
    assert response.context["form"].errors["website"]


def test_focal_point_of_another_city_gets_a_404(client, western_balkans):
    client.force_login(people.focal_point(Municipality.objects.get(slug="cair")))
    assert client.get("/en/municipalities/gjilan/edit/").status_code == 404
    assert client.post("/en/municipalities/gjilan/edit/", {"version": 1}).status_code == 404


def test_anonymous_visitor_is_sent_to_sign_in_when_editing(client, western_balkans):
    response = client.get("/en/municipalities/cair/edit/")
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


@pytest.mark.parametrize("count", [5, 500])
def test_hub_page_runs_a_fixed_number_of_queries_whatever_the_number_of_members(
    client, western_balkans, django_assert_max_num_queries, count
):
    country = CountryFactory(code="AL", region=western_balkans)
    for _ in range(count):
        member_municipality(country=country)
    with django_assert_max_num_queries(20):
        assert client.get("/en/western-balkans/").status_code == 200


def test_members_directory_lists_a_countrys_members_a_page_at_a_time(client, western_balkans):
    response = client.get(reverse("hub:region-members", args=["western-balkans"]), {"country": "xk"})
    assert [m.name_en for m in response.context["page"]] == ["Gjilan", "Peja", "Prizren"]


def test_members_directory_ignores_an_unknown_country_and_a_bad_page(client, western_balkans):
    response = client.get(reverse("hub:region-members", args=["western-balkans"]), {"country": "ZZ", "page": "x"})
    assert response.status_code == 200
    assert response.context["page"].paginator.count == 4


def test_members_directory_of_an_unknown_region_is_a_404(client, western_balkans):
    assert client.get(reverse("hub:region-members", args=["atlantis"])).status_code == 404


def test_hub_lists_a_dozen_members_per_country_and_links_to_the_rest(client, western_balkans):
    country = CountryFactory(code="AL", region=western_balkans)
    for _ in range(15):
        member_municipality(country=country)
    html = client.get("/en/western-balkans/").content.decode()
    assert html.count('<bdi lang="en">Synthetic municipality') == 12
    assert "All 15 members in Albania" in html


def test_hub_shows_fresh_figures_after_the_registry_changes(client, western_balkans):
    assert client.get("/en/western-balkans/").context["hub"]["members_on_record"] == 4
    member_municipality(country=CountryFactory(code="AL", region=western_balkans))
    assert ">5</dd>" in client.get("/en/western-balkans/").content.decode()


def test_hub_is_found_without_walking_the_page_tree(client, western_balkans, django_assert_max_num_queries):
    client.get("/en/western-balkans/")
    with django_assert_max_num_queries(4):
        assert client.get("/en/western-balkans/").status_code == 200


def test_other_pages_at_the_hubs_depth_are_still_served_by_wagtail(client, western_balkans):
    from wagtail.models import Page

    home = Page.objects.get(depth=2, locale__language_code="en")
    home.add_child(instance=Page(title="About the network", slug="about")).save_revision().publish()
    assert client.get("/en/about/").status_code == 200


def test_a_private_hub_asks_visitors_to_sign_in(client, western_balkans):
    from wagtail.models import PageViewRestriction

    from citynet.hub.models import RegionPage

    page = RegionPage.objects.get(locale__language_code="en")
    PageViewRestriction.objects.create(page=page, restriction_type=PageViewRestriction.LOGIN)
    response = client.get("/en/western-balkans/")
    assert response.status_code == 302


def test_serbian_cyrillic_page_is_transliterated_from_the_latin_translation(client, western_balkans):
    from wagtail.models import Locale

    from citynet.hub.models import RegionPage

    latin = RegionPage.objects.get(locale__language_code="sr-latn")
    latin.alias_of = None
    latin.title = "Mreža jakih gradova na Zapadnom Balkanu"
    latin.intro = "<p>Njegova članica je Gnjilane.</p>"
    latin.save_revision().publish()
    assert Locale.objects.filter(language_code="sr").exists()
    response = client.get("/sr/western-balkans/")
    html = response.content.decode()
    assert response.context["editorial"]["how"] == "transliterated"
    assert "Мрежа јаких градова на Западном Балкану" in html
    assert "Његова чланица је Гњилане." in html
    assert 'lang="sr-Cyrl"' in html


def test_hub_and_members_directory_make_as_many_queries_for_200_members_as_for_5(client, western_balkans):
    from citynet.core.testing import assert_queries_do_not_grow

    country = CountryFactory(code="AL", region=western_balkans)

    def grow(n):
        for _ in range(n):
            member_municipality(country=country)

    for url in ["/en/western-balkans/", "/en/western-balkans/members/"]:
        assert_queries_do_not_grow(lambda url=url: client.get(url), grow, sizes=(5, 200))


def test_a_place_from_the_gazetteer_shows_as_prospective_never_as_member(client, western_balkans):
    MunicipalityFactory(name_en="Synthetic gazetteer place", slug="synthetic-gazetteer-place")
    html = client.get("/en/municipalities/synthetic-gazetteer-place/").content.decode()
    assert 'class="status status-prospective">Prospective<' in html
    assert "status-member" not in html


def test_an_editors_preview_shows_the_draft_not_the_cached_page(client, western_balkans):
    from citynet.hub.models import NetworkHomePage, RegionPage

    client.get("/en/western-balkans/")  # the published text is now cached
    client.get("/en/")
    for model in (RegionPage, NetworkHomePage):
        page = model.objects.get(locale__language_code="en")
        page.intro = "<p>A synthetic draft introduction.</p>"
        assert "A synthetic draft introduction." in page.make_preview_request().content.decode()
    assert "A synthetic draft introduction." not in client.get("/en/western-balkans/").content.decode()


@pytest.mark.parametrize("count", [5, 250])
def test_members_directory_runs_a_fixed_number_of_queries_whatever_the_number_of_members(
    client, western_balkans, django_assert_max_num_queries, count
):
    country = CountryFactory(code="AL", region=western_balkans)
    for _ in range(count):
        member_municipality(country=country)
    url = reverse("hub:region-members", args=["western-balkans"])
    with django_assert_max_num_queries(8):
        assert client.get(url, {"page": "2"}).status_code == 200


def test_members_directory_counts_once_while_the_visitor_turns_pages(
    client, western_balkans, django_assert_num_queries
):
    country = CountryFactory(code="AL", region=western_balkans)
    for _ in range(150):
        member_municipality(country=country)
    url = reverse("hub:region-members", args=["western-balkans"])
    first = client.get(url, {"country": "AL"})
    assert first.context["page"].paginator.count == 150
    with django_assert_num_queries(4) as captured:  # the region, its countries, the page's ids, its rows
        second = client.get(url, {"country": "AL", "page": "2"})
    assert not any("COUNT(*)" in q["sql"].upper() for q in captured.captured_queries)
    assert [m.name_en for m in second.context["page"]] == sorted(
        Municipality.objects.filter(country=country).values_list("name_en", flat=True)
    )[100:]


def test_members_directory_counts_afresh_after_the_registry_changes(
    client, western_balkans, django_capture_on_commit_callbacks
):
    url = reverse("hub:region-members", args=["western-balkans"])
    assert client.get(url).context["page"].paginator.count == 4
    with django_capture_on_commit_callbacks(execute=True):
        member_municipality(country=CountryFactory(code="AL", region=western_balkans))
    assert client.get(url).context["page"].paginator.count == 5


def test_a_citys_profile_reads_the_database_once_for_all_its_languages(
    client, western_balkans, django_assert_max_num_queries, django_assert_num_queries
):
    with django_assert_max_num_queries(
        11
    ):  # the first page fills the caches (+2: its consultations, its shared plan; +1: its case studies)
        assert client.get("/en/municipalities/cair/").status_code == 200
    client.get("/ar/")  # the Arabic menu's region links, cached for every Arabic page
    with django_assert_num_queries(0):
        response = client.get("/ar/municipalities/cair/")
    assert response.status_code == 200
    assert "كاير" in response.content.decode()


def test_a_citys_profile_shows_its_new_record_after_the_registry_changes(
    client, western_balkans, django_capture_on_commit_callbacks
):
    assert client.get("/en/municipalities/cair/").context["memberships"]
    city = Municipality.objects.get(slug="cair")
    with django_capture_on_commit_callbacks(execute=True):
        city.population = 64823
        city.save()
    assert "64,823" in client.get("/en/municipalities/cair/").content.decode()


def test_an_unknown_city_is_a_404(client, western_balkans):
    assert client.get("/en/municipalities/no-such-city/").status_code == 404

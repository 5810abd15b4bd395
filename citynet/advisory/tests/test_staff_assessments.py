"""The staff's assessment pages in the admin, as the secretariat and the region's coordinators use them:
frameworks and their editions, starting and scoring an assessment, finalising it, a city's comparison
side by side and the region's capacity, with their exports; and who is turned away."""

import csv
import io

import pytest
from django.urls import reverse
from wagtail.models import ModelLogEntry

from citynet.accounts.models import Role
from citynet.accounts.tests.factories import UserFactory, focal_point, member
from citynet.advisory.models import Assessment, AssessmentKind, AssessmentStatus, CapacityArea, Framework, Score
from citynet.advisory.tests import factories as advisory
from citynet.core.testing import LOGIN, assert_queries_do_not_grow, outcome, sign_in, staff
from citynet.network.tests.factories import CountryFactory, MunicipalityFactory, RegionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def region():
    region = RegionFactory(slug="here", name_en="Synthetic region")
    CountryFactory(code="XK", region=region)
    return region


@pytest.fixture
def city(region):
    return MunicipalityFactory(
        name_en="Synthetic Prizren-like city", slug="synthetic-city", country=region.countries.get()
    )


@pytest.fixture
def framework():
    framework = advisory.FrameworkFactory(name_en="Synthetic capacity framework")
    advisory.CapacityAreaFactory(framework=framework, code="coordination", name_en="Synthetic coordination")
    advisory.CapacityAreaFactory(framework=framework, code="referral", name_en="Synthetic referral")
    return framework


@pytest.fixture
def areas(framework):
    return list(framework.areas.order_by("sort_order"))


@pytest.fixture
def baseline(city, framework, areas):
    assessment = advisory.AssessmentFactory(municipality=city, framework=framework, status=AssessmentStatus.FINAL)
    for area in areas:
        advisory.ScoreFactory(assessment=assessment, area=area, score=1, evidence="Synthetic baseline evidence.")
    return assessment


@pytest.fixture
def reassessment(city, framework, areas, baseline):
    assessment = advisory.AssessmentFactory(
        municipality=city,
        framework=framework,
        kind=AssessmentKind.REASSESSMENT,
        conducted_on=advisory.in_days(-5),
    )
    advisory.ScoreFactory(assessment=assessment, area=areas[0], score=3)
    return assessment


@pytest.fixture
def coordinator(region):
    return staff(Role.REGIONAL_COORDINATOR, region)


@pytest.fixture
def secretariat():
    return staff(Role.SECRETARIAT)


def roles(city):
    """Everyone the pages turn away, with what they get."""
    return {
        "other_coordinator": (staff(Role.REGIONAL_COORDINATOR, RegionFactory(slug="elsewhere")), 404),
        "focal_point": (focal_point(city), LOGIN),
        "member": (member(city), LOGIN),
        "user": (UserFactory(), LOGIN),
    }


def score_data(assessment, values: dict, version=None):
    data = {"version": assessment.version if version is None else version}
    for area, (score, evidence, comment) in values.items():
        data[f"score-{area.pk}"] = score
        data[f"evidence-{area.pk}"] = evidence
        data[f"comment-{area.pk}"] = comment
    return data


# --- Who may open what ------------------------------------------------------------------------------------


def pages(city, region, reassessment):
    return [
        reverse("advisory_assessments:list"),
        reverse("advisory_assessments:start"),
        reverse("advisory_assessments:detail", args=[reassessment.pk]),
        reverse("advisory_assessments:compare", args=[city.pk]),
        reverse("advisory_assessments:compare-export", args=[city.pk, "csv"]),
        reverse("advisory_assessments:capacity-index"),
        reverse("advisory:capacity", args=[region.slug]),
        reverse("advisory_assessments:capacity-export", args=[region.slug, "xlsx"]),
    ]


def test_the_region_staff_open_every_page(client, city, region, reassessment, coordinator, secretariat):
    for person in (coordinator, secretariat):
        sign_in(client, person)
        for url in pages(city, region, reassessment):
            assert client.get(url).status_code == 200, url


def test_everyone_else_is_turned_away(client, city, region, reassessment, baseline):
    urls = [*pages(city, region, reassessment)]
    own_region_pages = {
        reverse("advisory_assessments:list"),
        reverse("advisory_assessments:start"),
        reverse("advisory_assessments:capacity-index"),
    }
    site_side = reverse("advisory:capacity", args=[region.slug])
    for _name, (person, expected) in roles(city).items():
        client.logout()
        sign_in(client, person)
        for url in urls:
            answer = outcome(client.get(url))
            if _name == "other_coordinator" and url in own_region_pages:
                # They run advisory work elsewhere: their own lists, without this region's city.
                assert answer == 200 and "Synthetic Prizren-like city" not in client.get(url).text, url
            elif url == site_side:
                # The heat map is on the site's side: the region does not exist for them.
                assert answer == 404, (url, _name)
            else:
                assert answer == expected, (url, _name)
        before = Score.objects.count()
        assert outcome(client.post(reverse("advisory_assessments:score", args=[reassessment.pk]), {})) == expected
        assert Score.objects.count() == before
    client.logout()
    for url in urls:
        assert outcome(client.get(url)) == LOGIN


def test_frameworks_are_the_secretariats_only(client, framework, coordinator, secretariat):
    sign_in(client, coordinator)
    assert client.get("/admin/advisory/frameworks/").status_code == 302  # the admin's "no permission"
    assert client.get(f"/admin/advisory/frameworks/edit/{framework.pk}/").status_code == 302
    assert client.get(reverse("advisory_assessments:new-edition", args=[framework.pk])).status_code == 404
    sign_in(client, secretariat)
    text = client.get("/admin/advisory/frameworks/").text
    assert "Synthetic capacity framework" in text


# --- Frameworks -------------------------------------------------------------------------------------------


def framework_form(framework=None, areas=(), name="Synthetic new framework", scale=(0, 4), labels='{"0": "absent"}'):
    data = {
        "name_en": name,
        "scale_min": scale[0],
        "scale_max": scale[1],
        "scale_labels": labels,
        "areas-TOTAL_FORMS": len(areas),
        "areas-INITIAL_FORMS": sum(1 for area in areas if area.get("id")),
        "areas-MIN_NUM_FORMS": 0,
        "areas-MAX_NUM_FORMS": 1000,
    }
    for index, area in enumerate(areas):
        for key, value in area.items():
            data[f"areas-{index}-{key}"] = value
        data.setdefault(f"areas-{index}-ORDER", index)
    return data


def test_the_secretariat_creates_a_framework_with_its_areas(client, secretariat):
    sign_in(client, secretariat)
    data = framework_form(
        areas=[
            {"code": "youth", "name_en": "Synthetic youth engagement", "sort_order": 0},
            {"code": "comms", "name_en": "Synthetic communications", "sort_order": 1},
        ]
    )
    response = client.post("/admin/advisory/frameworks/new/", data)

    assert response.status_code == 302, response.context["form"].errors if response.context else response
    created = Framework.objects.get(name_en="Synthetic new framework")
    assert created.edition == 1 and created.is_current
    assert sorted(created.areas.values_list("code", flat=True)) == ["comms", "youth"]
    assert created.scale_labels == {"0": "absent"}


def test_a_framework_in_use_refuses_to_change_its_areas_and_keeps_them(client, secretariat, framework, areas, baseline):
    sign_in(client, secretariat)
    rows = [
        {"id": area.pk, "code": area.code, "name_en": area.name_en, "sort_order": area.sort_order} for area in areas
    ]
    rows.append({"code": "new-area", "name_en": "Synthetic new area", "sort_order": 9})
    response = client.post(
        f"/admin/advisory/frameworks/edit/{framework.pk}/",
        framework_form(framework, rows, name="Synthetic renamed framework"),
    )

    assert response.status_code == 200
    assert "add or remove areas in a new version" in response.text
    framework.refresh_from_db()
    assert framework.name_en == "Synthetic capacity framework"  # nothing half-saved
    assert not CapacityArea.objects.filter(code="new-area").exists()


def test_labels_outside_the_scale_are_refused_at_the_field(client, secretariat):
    sign_in(client, secretariat)
    response = client.post("/admin/advisory/frameworks/new/", framework_form(labels='{"7": "beyond"}'))
    assert response.status_code == 200
    assert "outside the scale" in response.text
    assert not Framework.objects.filter(name_en="Synthetic new framework").exists()


def test_a_new_edition_copies_the_areas_and_becomes_current(client, secretariat, framework, areas):
    sign_in(client, secretariat)
    url = reverse("advisory_assessments:new-edition", args=[framework.pk])
    assert "next edition" in client.get(url).text

    response = client.post(url)

    copy = Framework.objects.get(name_en=framework.name_en, edition=2)
    assert response.status_code == 302 and response["Location"].endswith(f"/edit/{copy.pk}/")
    assert copy.is_current and copy.areas.count() == 2
    framework.refresh_from_db()
    assert not framework.is_current


# --- Assessments ------------------------------------------------------------------------------------------


def test_the_list_shows_the_regions_assessments_and_filters(client, coordinator, reassessment, baseline, framework):
    elsewhere = advisory.AssessmentFactory(
        municipality=MunicipalityFactory(name_en="Synthetic far city", country=CountryFactory(code="RS")),
        framework=framework,
    )
    sign_in(client, coordinator)

    text = client.get(reverse("advisory_assessments:list")).text
    assert "Synthetic Prizren-like city" in text
    assert "Synthetic far city" not in text and elsewhere.pk

    filtered = client.get(reverse("advisory_assessments:list"), {"kind": "reassessment", "status": "draft"})
    assert filtered.context["page"].object_list[0] == reassessment
    assert len(filtered.context["page"].object_list) == 1
    # Another region's city is not a valid filter: the list stays within the region.
    assert (
        client.get(reverse("advisory_assessments:list"), {"municipality": elsewhere.municipality_id}).status_code == 200
    )


def test_a_coordinator_starts_an_assessment_of_their_regions_city_only(client, coordinator, city, framework):
    far = MunicipalityFactory(country=CountryFactory(code="RS"))
    sign_in(client, coordinator)
    url = reverse("advisory_assessments:start")
    page = client.get(url)
    assert list(page.context["form"].fields["municipality"].queryset) == [city]

    refused = client.post(url, {"municipality": far.pk, "kind": "baseline", "conducted_on": "2026-01-10"})
    assert refused.status_code == 422 and not Assessment.objects.filter(municipality=far).exists()

    response = client.post(url, {"municipality": city.pk, "kind": "baseline", "conducted_on": "2026-01-10"})
    started = Assessment.objects.get(municipality=city)
    assert response.status_code == 302 and response["Location"] == reverse(
        "advisory_assessments:detail", args=[started.pk]
    )
    assert started.framework == framework and started.status == AssessmentStatus.DRAFT


def test_a_reassessment_without_a_final_baseline_is_refused_with_a_message(client, coordinator, city, framework):
    sign_in(client, coordinator)
    response = client.post(
        reverse("advisory_assessments:start"),
        {"municipality": city.pk, "kind": "reassessment", "conducted_on": "2026-01-10"},
    )
    assert response.status_code == 422
    assert "Start with a baseline" in response.text
    assert not Assessment.objects.exists()


def test_scoring_saves_the_changed_areas(client, coordinator, reassessment, areas):
    sign_in(client, coordinator)
    data = score_data(
        reassessment,
        {areas[0]: ("3", "", ""), areas[1]: ("2", "Synthetic referral protocol", "Synthetic comment")},
    )
    response = client.post(reverse("advisory_assessments:score", args=[reassessment.pk]), data)

    assert response.status_code == 302
    saved = Score.objects.get(assessment=reassessment, area=areas[1])
    assert (saved.score, saved.evidence, saved.comment) == (2, "Synthetic referral protocol", "Synthetic comment")
    page = client.get(reverse("advisory_assessments:detail", args=[reassessment.pk])).text
    assert "Synthetic referral protocol" in page and "developing" in page


def test_a_stale_version_keeps_what_was_typed_and_saves_nothing(client, coordinator, reassessment, areas):
    sign_in(client, coordinator)
    stale = reassessment.version
    Assessment.objects.filter(pk=reassessment.pk).update(version=stale + 1)  # someone scored meanwhile

    data = score_data(reassessment, {areas[1]: ("4", "Synthetic typed evidence", "")}, version=stale)
    response = client.post(reverse("advisory_assessments:score", args=[reassessment.pk]), data)

    assert response.status_code == 409
    assert "Someone else saved this assessment" in response.text
    assert "Synthetic typed evidence" in response.text
    assert not Score.objects.filter(assessment=reassessment, area=areas[1]).exists()
    assert response.context["version"] == stale + 1  # sending again saves, knowingly


@pytest.mark.parametrize("bad", ["9", "two", "-1", "2.5"])
def test_a_bad_score_is_a_message_and_nothing_is_saved(client, coordinator, reassessment, areas, bad):
    sign_in(client, coordinator)
    data = score_data(reassessment, {areas[0]: ("4", "", ""), areas[1]: (bad, "Synthetic kept", "")})
    response = client.post(reverse("advisory_assessments:score", args=[reassessment.pk]), data)

    assert response.status_code == 422
    assert "Give a score from 0 to 4." in response.text
    assert "Synthetic kept" in response.text
    assert Score.objects.get(assessment=reassessment, area=areas[0]).score == 3  # the other row not saved either
    assert not Score.objects.filter(assessment=reassessment, area=areas[1]).exists()


def test_a_bad_score_is_said_in_arabic_to_an_arabic_reader(client, coordinator, reassessment, areas):
    sign_in(client, coordinator)
    data = score_data(reassessment, {areas[1]: ("nine", "", "")})
    response = client.post(
        reverse("advisory_assessments:score", args=[reassessment.pk]), data, HTTP_ACCEPT_LANGUAGE="ar"
    )
    assert response.status_code == 422
    assert 'dir="rtl"' in response.text


def test_finalising_is_refused_while_an_area_is_unscored(client, coordinator, reassessment, areas):
    sign_in(client, coordinator)
    url = reverse("advisory_assessments:finalise", args=[reassessment.pk])
    response = client.post(url, {"version": reassessment.version}, follow=True)

    assert "not scored yet" in response.text
    reassessment.refresh_from_db()
    assert reassessment.status == AssessmentStatus.DRAFT

    client.post(
        reverse("advisory_assessments:score", args=[reassessment.pk]),
        score_data(reassessment, {areas[1]: ("2", "", "")}),
    )
    reassessment.refresh_from_db()
    client.post(url, {"version": reassessment.version})
    reassessment.refresh_from_db()
    assert reassessment.status == AssessmentStatus.FINAL


def test_a_final_assessment_is_read_only(client, coordinator, baseline, areas):
    sign_in(client, coordinator)
    page = client.get(reverse("advisory_assessments:detail", args=[baseline.pk]))
    assert 'name="score-' not in page.text and "Synthetic baseline evidence." in page.text

    client.post(
        reverse("advisory_assessments:score", args=[baseline.pk]), score_data(baseline, {areas[0]: ("4", "", "")})
    )
    assert Score.objects.get(assessment=baseline, area=areas[0]).score == 1


# --- Comparison and capacity ------------------------------------------------------------------------------


def finalise(assessment, areas, scores):
    for area, value in zip(areas, scores, strict=True):
        Score.objects.update_or_create(assessment=assessment, area=area, defaults={"score": value})
    Assessment.objects.filter(pk=assessment.pk).update(status=AssessmentStatus.FINAL)


def test_the_comparison_shows_each_area_side_by_side_with_its_change(client, coordinator, city, reassessment, areas):
    finalise(reassessment, areas, [3, 1])
    sign_in(client, coordinator)
    text = client.get(reverse("advisory_assessments:compare", args=[city.pk])).text

    assert "Synthetic coordination" in text and "Synthetic referral" in text
    assert "+2" in text and "improved" in text
    assert "unchanged" in text
    assert "1 / 4" in text and "emerging" in text and "established" in text


def test_exports_neutralise_formulas_and_are_logged(client, coordinator, city, region, reassessment, areas):
    finalise(reassessment, areas, [3, 1])
    Score.objects.filter(assessment=reassessment).update(evidence="=1+1", comment="@SUM(A1)")
    CapacityArea.objects.filter(pk=areas[0].pk).update(name_en="=HYPERLINK(1)")
    sign_in(client, coordinator)

    body = client.get(reverse("advisory_assessments:compare-export", args=[city.pk, "csv"])).content.decode("utf-8-sig")
    cells = [cell for row in csv.reader(io.StringIO(body)) for cell in row]
    assert "'=1+1" in cells and "'@SUM(A1)" in cells and "'=HYPERLINK(1)" in cells
    assert not any(cell.startswith(("=", "@")) for cell in cells)

    capacity = client.get(reverse("advisory_assessments:capacity-export", args=[region.slug, "csv"]))
    rows = list(csv.reader(io.StringIO(capacity.content.decode("utf-8-sig"))))
    assert "'=HYPERLINK(1)" in rows[0]

    xlsx = client.get(reverse("advisory_assessments:capacity-export", args=[region.slug, "xlsx"]))
    assert xlsx["Content-Type"].startswith("application/vnd.openxmlformats")
    assert ModelLogEntry.objects.filter(action="advisory.export").count() == 3


def test_the_capacity_view_ranks_where_help_is_needed(client, coordinator, region, city, framework, areas, baseline):
    other = MunicipalityFactory(name_en="Synthetic second city", country=region.countries.get())
    second = advisory.AssessmentFactory(municipality=other, framework=framework)
    finalise(second, areas, [4, 0])
    sign_in(client, coordinator)

    response = client.get(reverse("advisory:capacity", args=[region.slug]))

    assert response.status_code == 200
    ranked = [s.area.code for s in response.context["heat_map"].priorities]
    assert ranked == ["referral", "coordination"]
    assert "Synthetic second city" in response.text and "Where a training or a grant would help most" in response.text
    index = client.get(reverse("advisory_assessments:capacity-index")).text
    assert "Synthetic region" in index and "elsewhere" not in index


def test_another_regions_capacity_is_a_404_for_a_coordinator(client, coordinator):
    RegionFactory(slug="not-mine")
    sign_in(client, coordinator)
    assert client.get(reverse("advisory:capacity", args=["not-mine"])).status_code == 404
    assert client.get(reverse("advisory_assessments:capacity-export", args=["not-mine", "csv"])).status_code == 404


def test_unknown_export_formats_are_404(client, coordinator, city, region):
    sign_in(client, coordinator)
    assert client.get(reverse("advisory_assessments:compare-export", args=[city.pk, "pdf"])).status_code == 404
    assert client.get(reverse("advisory_assessments:capacity-export", args=[region.slug, "pdf"])).status_code == 404


# --- Query budgets ----------------------------------------------------------------------------------------


def test_the_lists_comparison_and_capacity_keep_their_query_budget(client, coordinator, region, city, framework, areas):
    sign_in(client, coordinator)
    country = region.countries.get()

    def grow(n):
        for _ in range(n):
            town = MunicipalityFactory(country=country)
            for municipality in (town, city):
                assessment = advisory.AssessmentFactory(municipality=municipality, framework=framework)
                finalise(assessment, areas, [2, 3])

    assert_queries_do_not_grow(lambda: client.get(reverse("advisory_assessments:list")), grow, sizes=(2, 8))
    assert_queries_do_not_grow(
        lambda: client.get(reverse("advisory_assessments:compare", args=[city.pk])), grow, sizes=(10, 16)
    )
    assert_queries_do_not_grow(
        lambda: client.get(reverse("advisory:capacity", args=[region.slug])), grow, sizes=(18, 24)
    )


def test_the_capacity_view_is_lean(client, coordinator, region, city, framework, areas, django_assert_max_num_queries):
    for _ in range(5):
        assessment = advisory.AssessmentFactory(
            municipality=MunicipalityFactory(country=region.countries.get()), framework=framework
        )
        finalise(assessment, areas, [1, 2])
    sign_in(client, coordinator)
    url = reverse("advisory:capacity", args=[region.slug])
    client.get(url)
    # Once the map and its page are kept: the session, the account, its roles, its authenticator app and
    # the header's grant links (the region comes from the kept regions).
    with django_assert_max_num_queries(5):
        assert client.get(url).status_code == 200


def test_the_shared_includes_render_outside_the_admin(secretariat, city, region, reassessment, areas):
    """The city's pages include the comparison as is: plain markup, its own stylesheet, number and label."""
    from django.template.loader import render_to_string
    from django.utils import translation

    from citynet.advisory.selectors import assessments as selectors

    finalise(reassessment, areas, [3, 1])
    with translation.override("ar"):
        comparison = render_to_string(
            "advisory/includes/comparison.html", {"comparison": selectors.comparison(secretariat, city)}
        )
        heat_map = render_to_string(
            "advisory/includes/heat_map.html", {"heat_map": selectors.region_heat_map(secretariat, region)}
        )
    for html in (comparison, heat_map):
        assert "advisory/assessments.css" in html and "style=" not in html and "w-" not in html
    assert "1 / 4" in comparison and "emerging" in comparison and "+2" in comparison
    assert "established" in heat_map


def test_the_capacity_view_shows_the_cities_a_page_at_a_time_and_sums_up_all_of_them(
    client, coordinator, region, framework, areas, monkeypatch
):
    from citynet.advisory.views import capacity as pages

    monkeypatch.setattr(pages, "PAGE_SIZE", 2)
    country = region.countries.get()
    for n in range(3):
        town = MunicipalityFactory(country=country, name_en=f"Synthetic town {n}")
        done = advisory.AssessmentFactory(municipality=town, framework=framework, status=AssessmentStatus.FINAL)
        for area in areas:
            advisory.ScoreFactory(assessment=done, area=area, score=1)
    sign_in(client, coordinator)
    url = reverse("advisory:capacity", args=[region.slug])

    first, second = client.get(url).text, client.get(url + "?page=2").text
    assert "Synthetic town 0" in first and "Synthetic town 2" not in first and "?page=2" in first
    assert "Synthetic town 2" in second and "Synthetic town 0" not in second
    assert "3 cities below the middle" in first and "3 cities below the middle" in second  # over all cities


def test_the_capacity_view_names_the_areas_in_each_visitors_language(client, coordinator, region, areas, baseline):
    """The map is kept per language: an English visitor first does not leave its area names to the next one."""
    areas[0].name_ar = "هياكل التنسيق الاصطناعية"
    areas[0].save()
    sign_in(client, coordinator)

    english = client.get(f"/en/advisory/capacity/{region.slug}/").text
    arabic = client.get(f"/ar/advisory/capacity/{region.slug}/").text

    assert "هياكل التنسيق الاصطناعية" in arabic and "هياكل التنسيق الاصطناعية" not in english
    assert 'dir="rtl"' in arabic

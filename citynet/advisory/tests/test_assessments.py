"""Needs and capacity assessments: who may start, score and finalise one; what a bad score, a foreign area or
a stale version gets; frameworks and their versions; a city's comparison and the region's heat map, their
content, who sees them, and their query budgets."""

import datetime

import pytest
from django.contrib.auth.models import AnonymousUser
from wagtail.models import ModelLogEntry

from citynet.accounts.tests import factories as people
from citynet.advisory.frameworks import DEFAULT_FRAMEWORK, ensure_default_framework
from citynet.advisory.models import Assessment, AssessmentStatus, CapacityArea, Framework, Score
from citynet.advisory.selectors import assessments as selectors
from citynet.advisory.services import assessments as services
from citynet.advisory.tests.factories import (
    AssessmentFactory,
    CapacityAreaFactory,
    EngagementFactory,
    FrameworkFactory,
    ScoreFactory,
)
from citynet.core.exceptions import Conflict, InvalidInput, InvalidTransition, NotPermitted
from citynet.core.testing import assert_queries_do_not_grow
from citynet.network.tests.factories import CountryFactory, MunicipalityFactory, RegionFactory

pytestmark = pytest.mark.django_db

DAY = datetime.date(2026, 3, 2)
ROLES = [
    "secretariat",
    "coordinator",
    "other_coordinator",
    "focal_point",
    "other_focal_point",
    "anonymous",
]
STAFF = {"secretariat", "coordinator"}
CITY_SIDE = {"secretariat", "coordinator", "focal_point"}


@pytest.fixture
def region():
    region = RegionFactory(slug="here")
    CountryFactory(code="AL", region=region)
    return region


@pytest.fixture
def elsewhere():
    region = RegionFactory(slug="elsewhere")
    CountryFactory(code="RS", region=region)
    return region


@pytest.fixture
def city(region):
    return MunicipalityFactory(country=region.countries.get(), name_en="Synthetic city")


@pytest.fixture
def framework():
    framework = FrameworkFactory(name_en="Synthetic framework")
    for index, code in enumerate(["coordination", "referral", "youth"]):
        CapacityAreaFactory(framework=framework, code=code, name_en=f"Synthetic {code}", sort_order=index)
    return framework


@pytest.fixture
def roles(region, elsewhere, city):
    """One account per role: the region's staff, another region's, the city's focal point, another city's
    (in the same region), and nobody."""
    return {
        "secretariat": people.secretariat(),
        "coordinator": people.coordinator(region),
        "other_coordinator": people.coordinator(elsewhere),
        "focal_point": people.focal_point(city),
        "other_focal_point": people.focal_point(MunicipalityFactory(country=region.countries.get())),
        "anonymous": AnonymousUser(),
    }


def final_assessment(city, framework, scores: dict[str, int], *, on=DAY, kind="baseline") -> Assessment:
    """A final assessment of `city` with the given score per area code."""
    assessment = AssessmentFactory(
        municipality=city, framework=framework, status=AssessmentStatus.FINAL, conducted_on=on, kind=kind
    )
    areas = {area.code: area for area in framework.areas.all()}
    for code, score in scores.items():
        ScoreFactory(assessment=assessment, area=areas[code], score=score)
    return assessment


def area(framework, code) -> CapacityArea:
    return framework.areas.get(code=code)


# --- Starting an assessment ------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ROLES)
def test_only_the_regions_staff_start_an_assessment(role, roles, city, framework):
    start = lambda: services.start_assessment(  # noqa: E731
        actor=roles[role], municipality=city, kind="baseline", conducted_on=DAY
    )
    if role in STAFF:
        assessment = start()
        assert assessment.status == "draft" and assessment.framework == framework
        assert assessment.conducted_by == roles[role]
        assert not assessment.scores.exists()  # scores are created as they are given
        assert ModelLogEntry.objects.for_instance(assessment).filter(action="wagtail.create").exists()
    else:
        with pytest.raises(NotPermitted):
            start()
        assert not Assessment.objects.exists()


def test_a_new_assessment_uses_the_current_version_of_the_framework(roles, city, framework):
    newer = services.new_framework_version(actor=roles["secretariat"], framework=framework)
    assessment = services.start_assessment(
        actor=roles["coordinator"], municipality=city, kind="baseline", conducted_on=DAY
    )
    assert assessment.framework == newer
    older = services.start_assessment(
        actor=roles["coordinator"], municipality=city, framework=framework, kind="baseline", conducted_on=DAY
    )
    assert older.framework == framework  # staff may still choose an older version on purpose


def test_a_reassessment_needs_a_final_earlier_assessment_of_the_same_city(roles, region, city, framework):
    staff = roles["coordinator"]
    AssessmentFactory(municipality=city, framework=framework, conducted_on=DAY)  # a draft: does not count
    final_assessment(MunicipalityFactory(country=region.countries.get()), framework, {})  # another city's
    with pytest.raises(InvalidTransition, match="Start with a baseline"):
        services.start_assessment(
            actor=staff, municipality=city, kind="reassessment", conducted_on=DAY + datetime.timedelta(days=365)
        )
    final_assessment(city, framework, {}, on=DAY)
    with pytest.raises(InvalidTransition):  # not earlier: the same day
        services.start_assessment(actor=staff, municipality=city, kind="reassessment", conducted_on=DAY)
    later = services.start_assessment(
        actor=staff, municipality=city, kind="reassessment", conducted_on=DAY + datetime.timedelta(days=365)
    )
    assert later.kind == "reassessment"


def test_an_assessment_refuses_an_engagement_of_another_region(roles, city, elsewhere, framework):
    with pytest.raises(InvalidInput):
        services.start_assessment(
            actor=roles["secretariat"],
            municipality=city,
            kind="baseline",
            conducted_on=DAY,
            engagement=EngagementFactory(region=elsewhere),
        )


def test_without_any_framework_starting_is_refused_in_plain_words(roles, city):
    with pytest.raises(InvalidInput, match="No assessment framework"):
        services.start_assessment(actor=roles["secretariat"], municipality=city, kind="baseline", conducted_on=DAY)


# --- Scoring -----------------------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ROLES)
def test_staff_and_the_citys_focal_point_score_a_draft(role, roles, city, framework):
    assessment = AssessmentFactory(municipality=city, framework=framework)
    score = lambda: services.score_area(  # noqa: E731
        actor=roles[role],
        assessment=assessment,
        area=area(framework, "referral"),
        score=3,
        evidence="Synthetic evidence: a referral protocol signed in 2025.",
        comment="",
        version=assessment.version,
    )
    if role in CITY_SIDE:
        given = score()
        assert (given.score, given.evidence) == (3, "Synthetic evidence: a referral protocol signed in 2025.")
        assert assessment.version == 2  # the caller's copy follows, so they can go on scoring
        assert ModelLogEntry.objects.for_instance(given).filter(action="wagtail.create").exists()
    else:
        with pytest.raises(NotPermitted):
            score()
        assert not Score.objects.exists()


def test_the_focal_point_no_longer_scores_once_the_assessment_is_final(roles, city, framework):
    assessment = final_assessment(city, framework, {"coordination": 1, "referral": 1, "youth": 1})
    with pytest.raises(NotPermitted):
        services.score_area(
            actor=roles["focal_point"],
            assessment=assessment,
            area=area(framework, "youth"),
            score=4,
            evidence="",
            comment="",
            version=assessment.version,
        )
    assert Score.objects.get(assessment=assessment, area__code="youth").score == 1


@pytest.mark.parametrize("bad", [5, -1, 2.5, "many", None, True])
def test_a_score_outside_the_frameworks_scale_is_refused(bad, roles, city, framework):
    assessment = AssessmentFactory(municipality=city, framework=framework)
    with pytest.raises(InvalidInput, match="from 0 to 4") as refused:
        services.score_area(
            actor=roles["coordinator"],
            assessment=assessment,
            area=area(framework, "youth"),
            score=bad,
            evidence="",
            comment="",
            version=assessment.version,
        )
    assert "score" in refused.value.errors
    assert not Score.objects.exists()
    assessment.refresh_from_db()
    assert assessment.version == 1


def test_an_area_of_another_framework_is_refused(roles, city, framework):
    assessment = AssessmentFactory(municipality=city, framework=framework)
    foreign = CapacityAreaFactory(framework=FrameworkFactory(), code="coordination")  # same code, not the same
    with pytest.raises(InvalidInput, match="not part of the framework"):
        services.score_area(
            actor=roles["coordinator"],
            assessment=assessment,
            area=foreign,
            score=2,
            evidence="",
            comment="",
            version=assessment.version,
        )


def test_two_people_scoring_at_once_the_second_is_told_and_nothing_is_overwritten(roles, city, framework):
    assessment = AssessmentFactory(municipality=city, framework=framework)
    seen_by_both = assessment.version
    # The coordinator and the focal point open the same draft; the coordinator saves first.
    services.score_area(
        actor=roles["coordinator"],
        assessment=Assessment.objects.get(pk=assessment.pk),
        area=area(framework, "youth"),
        score=1,
        evidence="Synthetic evidence from the coordinator.",
        comment="",
        version=seen_by_both,
    )
    with pytest.raises(Conflict, match="Someone else saved this assessment"):
        services.score_area(
            actor=roles["focal_point"],
            assessment=Assessment.objects.get(pk=assessment.pk),
            area=area(framework, "youth"),
            score=4,
            evidence="Synthetic evidence from the focal point.",
            comment="",
            version=seen_by_both,
        )
    kept = Score.objects.get(assessment=assessment)
    assert (kept.score, kept.evidence) == (1, "Synthetic evidence from the coordinator.")
    # After reloading, the focal point's change goes through.
    reloaded = Assessment.objects.get(pk=assessment.pk)
    services.score_area(
        actor=roles["focal_point"],
        assessment=reloaded,
        area=area(framework, "youth"),
        score=2,
        evidence="Synthetic evidence, agreed.",
        comment="",
        version=reloaded.version,
    )
    assert Score.objects.get(assessment=assessment).score == 2
    assert Score.objects.count() == 1


def test_saving_a_score_unchanged_leaves_the_version_alone(roles, city, framework):
    assessment = AssessmentFactory(municipality=city, framework=framework)
    arguments = {"area": area(framework, "youth"), "score": 2, "evidence": "Synthetic.", "comment": ""}
    services.score_area(actor=roles["coordinator"], assessment=assessment, version=assessment.version, **arguments)
    services.score_area(actor=roles["coordinator"], assessment=assessment, version=assessment.version, **arguments)
    assessment.refresh_from_db()
    assert assessment.version == 2


# --- Finalising --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ROLES)
def test_only_the_regions_staff_finalise(role, roles, city, framework):
    assessment = AssessmentFactory(municipality=city, framework=framework)
    for code in ("coordination", "referral", "youth"):
        ScoreFactory(assessment=assessment, area=area(framework, code), score=2)
    if role in STAFF:
        services.finalise_assessment(actor=roles[role], assessment=assessment, version=assessment.version)
        assert assessment.status == "final"
        assert Assessment.objects.get(pk=assessment.pk).status == "final"
    else:
        with pytest.raises(NotPermitted):
            services.finalise_assessment(actor=roles[role], assessment=assessment, version=assessment.version)
        assert Assessment.objects.get(pk=assessment.pk).status == "draft"


def test_finalising_with_areas_unscored_says_how_many_and_which(roles, city, framework):
    assessment = AssessmentFactory(municipality=city, framework=framework)
    ScoreFactory(assessment=assessment, area=area(framework, "coordination"), score=0)  # 0 is a score
    with pytest.raises(InvalidTransition, match="2 areas are not scored yet") as refused:
        services.finalise_assessment(actor=roles["coordinator"], assessment=assessment, version=assessment.version)
    assert "Synthetic referral" in str(refused.value) and "Synthetic youth" in str(refused.value)
    ScoreFactory(assessment=assessment, area=area(framework, "referral"), score=1)
    with pytest.raises(InvalidTransition, match="1 area is not scored yet"):
        services.finalise_assessment(actor=roles["coordinator"], assessment=assessment, version=assessment.version)


def test_finalising_a_stale_version_is_a_conflict(roles, city, framework):
    assessment = AssessmentFactory(municipality=city, framework=framework)
    for code in ("coordination", "referral", "youth"):
        ScoreFactory(assessment=assessment, area=area(framework, code), score=2)
    stale = assessment.version
    services.score_area(
        actor=roles["focal_point"],
        assessment=Assessment.objects.get(pk=assessment.pk),
        area=area(framework, "youth"),
        score=3,
        evidence="",
        comment="",
        version=stale,
    )
    with pytest.raises(Conflict):
        services.finalise_assessment(actor=roles["coordinator"], assessment=assessment, version=stale)


# --- Frameworks -----------------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ROLES)
def test_only_the_secretariat_writes_frameworks(role, roles, framework):
    values = {"name_en": "Synthetic other framework", "scale_min": 1, "scale_max": 5}
    if role == "secretariat":
        made = services.save_framework(actor=roles[role], values=values, areas=[{"code": "a", "name_en": "A"}])
        assert (made.edition, made.is_current, made.areas.get().code) == (1, True, "a")
        assert services.new_framework_version(actor=roles[role], framework=framework).edition == 2
    else:
        with pytest.raises(NotPermitted):
            services.save_framework(actor=roles[role], values=values)
        with pytest.raises(NotPermitted):
            services.new_framework_version(actor=roles[role], framework=framework)
        assert Framework.objects.count() == 1


def test_a_new_version_copies_the_areas_and_older_assessments_keep_theirs(roles, city, framework):
    assessment = final_assessment(city, framework, {"coordination": 1, "referral": 2, "youth": 3})
    newer = services.new_framework_version(actor=roles["secretariat"], framework=framework)
    framework.refresh_from_db()
    assert (newer.edition, newer.is_current, framework.is_current) == (2, True, False)
    assert newer.name_en == framework.name_en
    assert list(newer.areas.values_list("code", flat=True)) == ["coordination", "referral", "youth"]
    assert newer.scale_labels == framework.scale_labels
    assessment.refresh_from_db()
    assert assessment.framework == framework
    assert services.new_framework_version(actor=roles["secretariat"], framework=framework).edition == 3


def test_a_framework_in_use_keeps_its_scale_and_codes_but_its_words_may_be_corrected(roles, city, framework):
    final_assessment(city, framework, {"coordination": 1, "referral": 2, "youth": 3})
    secretariat = roles["secretariat"]
    with pytest.raises(InvalidTransition, match="new version"):
        services.save_framework(actor=secretariat, instance=framework, values={"scale_max": 10})
    rows = [{"code": a.code, "name_en": a.name_en} for a in framework.areas.all()]
    with pytest.raises(InvalidTransition, match="new version"):
        services.save_framework(actor=secretariat, instance=framework, values={}, areas=rows[:2])
    rows[0]["name_en"] = "Synthetic coordination, corrected"
    services.save_framework(actor=secretariat, instance=framework, values={}, areas=rows)
    assert area(framework, "coordination").name_en == "Synthetic coordination, corrected"
    framework.refresh_from_db()
    assert (framework.edition, framework.scale_max) == (1, 4)


def test_the_default_framework_is_made_once(roles):
    first = ensure_default_framework(roles["secretariat"])
    again = ensure_default_framework(roles["secretariat"])
    assert first.pk == again.pk and Framework.objects.count() == 1
    assert (first.scale_min, first.scale_max, first.scale_labels["0"], first.scale_labels["4"]) == (
        0,
        4,
        "absent",
        "advanced",
    )
    assert list(first.areas.values_list("code", flat=True)) == [a["code"] for a in DEFAULT_FRAMEWORK["areas"]]
    assert "disengagement" in first.areas.values_list("code", flat=True)
    assert services.current_framework() == first


def test_only_the_secretariat_makes_the_default_framework(roles):
    with pytest.raises(NotPermitted):
        ensure_default_framework(roles["coordinator"])
    assert not Framework.objects.exists()


# --- A city's comparison ----------------------------------------------------------------------------------


@pytest.fixture
def history(roles, city, framework):
    """A baseline on version 1, then (after a new version that drops "youth" and adds "communications")
    a reassessment; a draft after that, which is not compared."""
    final_assessment(city, framework, {"coordination": 1, "referral": 2, "youth": 0}, on=DAY)
    newer = services.new_framework_version(actor=roles["secretariat"], framework=framework)
    newer.areas.filter(code="youth").delete()
    CapacityAreaFactory(framework=newer, code="communications", name_en="Synthetic communications", sort_order=9)
    CapacityArea.objects.filter(framework=newer, code="coordination").update(name_en="Synthetic coordination (v2)")
    final_assessment(
        city,
        newer,
        {"coordination": 3, "referral": 2, "communications": 1},
        on=DAY.replace(year=2027),
        kind="reassessment",
    )
    AssessmentFactory(municipality=city, framework=newer, conducted_on=DAY.replace(year=2028))
    return newer


@pytest.mark.parametrize("role", ROLES)
def test_the_comparison_is_for_the_regions_staff_and_the_citys_focal_point(role, roles, city, history):
    seen = selectors.comparison(roles[role], city)
    if role in CITY_SIDE:
        assert len(seen.assessments) == 2
    else:
        assert seen is None


def test_the_comparison_puts_baseline_and_reassessment_side_by_side_per_area(roles, city, history):
    seen = selectors.comparison(roles["focal_point"], city)
    assert [a.kind for a in seen.assessments] == ["baseline", "reassessment"]
    assert seen.baseline == seen.assessments[0] and seen.latest == seen.assessments[1]
    table = {row.area.code: ([c.score for c in row.cells], row.change) for row in seen.rows}
    assert table == {
        "coordination": ([1, 3], 2),
        "referral": ([2, 2], 0),
        "communications": ([None, 1], None),  # not in version 1: not assessed then
        "youth": ([0, None], None),  # dropped in version 2: not assessed now
    }
    # The newest version's order and names first, then what only older versions had.
    assert [row.area.code for row in seen.rows] == ["coordination", "referral", "communications", "youth"]
    assert seen.rows[0].area.name == "Synthetic coordination (v2)"
    first = seen.rows[0].cells[0]
    assert (first.label, first.evidence, first.level) == ("emerging", "Synthetic evidence.", 0.25)


def test_a_city_never_assessed_compares_to_nothing(roles, city):
    seen = selectors.comparison(roles["coordinator"], city)
    assert (seen.assessments, seen.rows, seen.baseline) == ([], [], None)


def test_the_comparison_keeps_its_query_budget(roles, city, framework, django_assert_max_num_queries):
    def grow(n):
        for _ in range(n):
            on = DAY + datetime.timedelta(days=30 * Assessment.objects.count())
            final_assessment(city, framework, {"coordination": 1, "referral": 2, "youth": 3}, on=on)
            CapacityAreaFactory(framework=framework)  # more areas too: the table grows both ways

    count = assert_queries_do_not_grow(lambda: selectors.comparison(roles["coordinator"], city), grow, sizes=(2, 12))
    with django_assert_max_num_queries(5):
        selectors.comparison(roles["coordinator"], city)
    assert count <= 5


# --- The region's heat map -------------------------------------------------------------------------------


@pytest.fixture
def map_cities(region, elsewhere, city, framework):
    """Three assessed cities of the region (one of them first assessed low, then better), one assessed
    only as a draft, and one city of another region."""
    country = region.countries.get()
    second = MunicipalityFactory(country=country, name_en="Synthetic second city")
    third = MunicipalityFactory(country=country, name_en="Synthetic third city")
    final_assessment(city, framework, {"coordination": 0, "referral": 0, "youth": 0}, on=DAY)
    final_assessment(city, framework, {"coordination": 3, "referral": 1, "youth": 4}, on=DAY.replace(year=2027))
    final_assessment(second, framework, {"coordination": 2, "referral": 0, "youth": 1})
    final_assessment(third, framework, {"coordination": 4, "referral": 1, "youth": 1})
    AssessmentFactory(municipality=MunicipalityFactory(country=country), framework=framework)
    final_assessment(
        MunicipalityFactory(country=elsewhere.countries.get()),
        framework,
        {"coordination": 0, "referral": 0, "youth": 0},
    )
    return [city, second, third]


@pytest.mark.parametrize("role", ROLES)
def test_the_heat_map_is_for_the_regions_staff_only(role, roles, region, map_cities):
    seen = selectors.region_heat_map(roles[role], region)
    if role in STAFF:
        assert len(seen.rows) == 3
    else:
        assert seen is None


def test_the_heat_map_shows_each_citys_latest_final_scores_and_where_help_is_needed(roles, region, map_cities):
    seen = selectors.region_heat_map(roles["coordinator"], region)
    assert [a.code for a in seen.areas] == ["coordination", "referral", "youth"]
    assert [(row.municipality.name_en, [c.score for c in row.cells]) for row in seen.rows] == [
        ("Synthetic city", [3, 1, 4]),  # its latest final assessment, not its first one
        ("Synthetic second city", [2, 0, 1]),
        ("Synthetic third city", [4, 1, 1]),
    ]
    assert seen.rows[0].cells[2].label == "advanced" and seen.rows[0].cells[2].level == 1.0
    assert (seen.scale_min, seen.scale_max) == (0, 4)
    summaries = {s.area.code: (s.assessed, s.mean, s.low) for s in seen.summaries}
    assert summaries == {"coordination": (3, 3.0, 0), "referral": (3, 0.67, 3), "youth": (3, 2.0, 2)}
    assert [s.area.code for s in seen.priorities] == ["referral", "youth", "coordination"]


def test_the_kept_heat_map_follows_a_new_assessment_and_a_renamed_area(roles, region, city, framework):
    final_assessment(city, framework, {"coordination": 1, "referral": 0, "youth": 4})
    first = selectors.region_heat_map(roles["coordinator"], region)
    assert selectors.region_heat_map(roles["secretariat"], region) is first  # kept for every reader
    town = MunicipalityFactory(country=region.countries.get(), name_en="Synthetic later city")
    final_assessment(town, framework, {"coordination": 2, "referral": 2, "youth": 2})
    youth = area(framework, "youth")
    youth.name_en = "Synthetic renamed area"
    youth.save()
    again = selectors.region_heat_map(roles["coordinator"], region)
    assert "Synthetic later city" in [row.municipality.name_en for row in again.rows]
    assert "Synthetic renamed area" in [a.name for a in again.areas]


def test_heat_map_ties_on_low_cities_are_ranked_by_the_lower_mean(roles, region, city, framework):
    final_assessment(city, framework, {"coordination": 1, "referral": 0, "youth": 4})
    seen = selectors.region_heat_map(roles["secretariat"], region)
    assert [s.area.code for s in seen.priorities] == ["referral", "coordination", "youth"]


def test_the_heat_map_keeps_its_query_budget(roles, region, framework, django_assert_max_num_queries):
    country = region.countries.get()

    def grow(n):
        for _ in range(n):
            town = MunicipalityFactory(country=country)
            final_assessment(town, framework, {"coordination": 0, "referral": 1, "youth": 2}, on=DAY)
            final_assessment(town, framework, {"coordination": 2, "referral": 3, "youth": 4}, on=DAY.replace(year=2027))

    count = assert_queries_do_not_grow(lambda: selectors.region_heat_map(roles["coordinator"], region), grow, (2, 25))
    with django_assert_max_num_queries(4):
        seen = selectors.region_heat_map(roles["coordinator"], region)
    assert count <= 4
    assert len(seen.rows) == 25 and all(row.cells[2].score == 4 for row in seen.rows)


# --- Lists ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ROLES)
def test_the_list_shows_each_role_only_what_it_may_see(role, roles, region, elsewhere, city, framework):
    here = AssessmentFactory(municipality=city, framework=framework)
    ScoreFactory(assessment=here, area=area(framework, "youth"))
    neighbour = AssessmentFactory(municipality=MunicipalityFactory(country=region.countries.get()), framework=framework)
    far = AssessmentFactory(municipality=MunicipalityFactory(country=elsewhere.countries.get()), framework=framework)
    expected = {
        "secretariat": {here, neighbour, far},
        "coordinator": {here, neighbour},
        "other_coordinator": {far},
        "focal_point": {here},
        "other_focal_point": set(),
        "anonymous": set(),
    }[role]
    listed = list(selectors.assessments_for(roles[role]))
    assert set(listed) == expected
    if here in expected:
        assert next(a for a in listed if a == here).scored == 1

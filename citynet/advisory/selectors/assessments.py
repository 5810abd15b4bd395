"""Reads of needs and capacity assessments: a city's assessments side by side, the region's heat map, and
the lists.

Confidential: a city's assessments are for the staff of its region and the city's own focal point; the
region's heat map is for its staff only (permissions.py). Those who may not see them get None (the views
answer 404), never an empty picture that would say whether the city was assessed.

Each read makes a fixed number of queries whatever the number of assessments, areas and cities: the
assessments, their frameworks' areas and their scores are read once each and put together here.
Assessments made with different versions of a framework are matched area by area on the areas' codes.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from statistics import mean

from django.db.models import Count, F, OuterRef, QuerySet, Subquery

from citynet.core.cache import bump_version_of, registry_version, remembered, version_of
from citynet.core.i18n import current_language
from citynet.network import permissions as network
from citynet.network.models import Municipality, Region

from .. import permissions
from ..models import Assessment, AssessmentKind, AssessmentStatus, CapacityArea, Framework, Score


@dataclass(frozen=True)
class Cell:
    """One area's score in one assessment; `score` None means the area was not assessed there (not part of
    that framework version, or not scored)."""

    score: int | None
    scale_min: int
    scale_max: int
    label: str = ""
    evidence: str = ""
    comment: str = ""

    @property
    def assessed(self) -> bool:
        return self.score is not None

    @property
    def level(self) -> float | None:
        """The score as a share of its scale (0 to 1), to colour the cell whatever the scale."""
        if self.score is None:
            return None
        return (self.score - self.scale_min) / (self.scale_max - self.scale_min)

    @property
    def is_low(self) -> bool:
        """Below the middle of the scale (0 or 1 on 0–4)."""
        return self.score is not None and self.score < (self.scale_min + self.scale_max) / 2


@dataclass(frozen=True)
class Area:
    """An area across framework versions: its code, and its name and description in the newest version
    that has it."""

    code: str
    name: str
    description: str = ""


def _label(framework: Framework, score: int | None) -> str:
    if score is None:
        return ""
    return str((framework.scale_labels or {}).get(str(score), ""))


def _areas_by_framework(framework_ids) -> dict[int, list[CapacityArea]]:
    """Each framework's areas, in their order (one query)."""
    areas: dict[int, list[CapacityArea]] = defaultdict(list)
    for area in CapacityArea.objects.filter(framework_id__in=framework_ids).order_by("sort_order", "pk"):
        areas[area.framework_id].append(area)
    return areas


def _merged_areas(frameworks_newest_first: list[Framework], areas_by_framework) -> list[Area]:
    """The union of the frameworks' areas by code: the newest version's order first, then codes only older
    versions have (in their order), each named as the newest version that has it names it."""
    merged: dict[str, Area] = {}
    for framework in frameworks_newest_first:
        for area in areas_by_framework.get(framework.pk, []):
            if area.code not in merged:
                merged[area.code] = Area(code=area.code, name=area.name, description=area.description or "")
    return list(merged.values())


def _newest_first(frameworks) -> list[Framework]:
    unique = {framework.pk: framework for framework in frameworks}
    return sorted(unique.values(), key=lambda f: (f.edition, f.created_at, f.pk), reverse=True)


# --- One city: the baseline and later reassessments, side by side ----------------------------------------


@dataclass(frozen=True)
class ComparisonRow:
    area: Area
    cells: list[Cell]  # one per assessment, oldest first
    change: int | None  # latest minus baseline; None when either did not assess the area


@dataclass(frozen=True)
class Comparison:
    municipality: Municipality
    assessments: list[Assessment]  # final ones, oldest first
    rows: list[ComparisonRow]
    baseline: Assessment | None
    latest: Assessment | None


def _can_see_city(actor, municipality: Municipality) -> bool:
    """The rule for a city's assessments (permissions.can_view), asked before any of them is read."""
    return permissions.can_view(actor, Assessment(municipality=municipality))


def comparison(actor, municipality: Municipality) -> Comparison | None:
    """The city's final assessments side by side per area, oldest first, with the change per area from the
    baseline (the first final baseline, else the first final assessment) to the latest. None for those who
    may not see the city's assessments. Four queries at most, whatever the numbers."""
    municipality = Municipality.objects.select_related("country").get(pk=municipality.pk)
    if not _can_see_city(actor, municipality):
        return None
    assessments = list(
        Assessment.objects.filter(municipality=municipality, status=AssessmentStatus.FINAL)
        .select_related("framework")
        .order_by("conducted_on", "pk")
    )
    if not assessments:
        return Comparison(municipality, [], [], None, None)
    baseline = next((a for a in assessments if a.kind == AssessmentKind.BASELINE), assessments[0])
    latest = assessments[-1]
    frameworks = _newest_first(a.framework for a in assessments)
    areas_by_framework = _areas_by_framework([f.pk for f in frameworks])
    codes_of = {f.pk: {area.pk: area.code for area in areas_by_framework.get(f.pk, [])} for f in frameworks}
    framework_of = {a.pk: a.framework_id for a in assessments}
    scores: dict[tuple[int, str], Score] = {}
    for score in Score.objects.filter(assessment__in=[a.pk for a in assessments]).only(
        "assessment_id", "area_id", "score", "evidence", "comment"
    ):
        code = codes_of.get(framework_of[score.assessment_id], {}).get(score.area_id)
        if code is not None:
            scores[(score.assessment_id, code)] = score
    rows = []
    for area in _merged_areas(frameworks, areas_by_framework):
        cells = []
        for assessment in assessments:
            given = scores.get((assessment.pk, area.code))
            framework = assessment.framework
            cells.append(
                Cell(
                    score=given.score if given else None,
                    scale_min=framework.scale_min,
                    scale_max=framework.scale_max,
                    label=_label(framework, given.score if given else None),
                    evidence=given.evidence if given else "",
                    comment=given.comment if given else "",
                )
            )
        first = scores.get((baseline.pk, area.code))
        last = scores.get((latest.pk, area.code))
        change = last.score - first.score if first and last and latest.pk != baseline.pk else None
        rows.append(ComparisonRow(area=area, cells=cells, change=change))
    return Comparison(municipality, assessments, rows, baseline, latest)


# --- The region: capacity by area across its cities ------------------------------------------------------


@dataclass(frozen=True)
class CityRow:
    municipality: Municipality
    assessment: Assessment  # the city's latest final assessment
    cells: list[Cell]  # one per area of the map


@dataclass(frozen=True)
class AreaSummary:
    area: Area
    assessed: int  # cities that scored the area
    mean: float | None  # on the map's scale (that of the newest framework in use)
    low: int  # cities below the middle of the scale


@dataclass(frozen=True)
class HeatMap:
    region: Region
    areas: list[Area]
    rows: list[CityRow]
    summaries: list[AreaSummary]  # one per area, in the areas' order
    scale_min: int = 0
    scale_max: int = 4
    scale_labels: dict = field(default_factory=dict)

    @property
    def priorities(self) -> list[AreaSummary]:
        """Where a training or a grant would help most: areas ranked by how many cities score low, then by
        the lowest mean; areas no city scored low come last."""
        return sorted(
            self.summaries,
            key=lambda s: (-s.low, s.mean if s.mean is not None else float("inf"), s.area.name),
        )


def latest_final_assessments(region: Region) -> QuerySet[Assessment]:
    """Each city of the region's latest final assessment, as one query (a correlated subquery per city,
    served by the index on municipality, status and date)."""
    latest = (
        Assessment.objects.filter(municipality=OuterRef("municipality"), status=AssessmentStatus.FINAL)
        .order_by("-conducted_on", "-pk")
        .values("pk")[:1]
    )
    return (
        Assessment.objects.filter(municipality__country__region=region, status=AssessmentStatus.FINAL)
        .annotate(latest_pk=Subquery(latest))
        .filter(pk=F("latest_pk"))
    )


def _on_scale(cell: Cell, lowest: int, highest: int) -> float:
    """A score carried onto another scale (a no-op when the scales are the same)."""
    return lowest + cell.level * (highest - lowest)


ASSESSMENTS_VERSION = "advisory-assessments"


def bump_assessments_version(*args, **kwargs) -> None:
    """Signal receiver (apps.py): an assessment, a score or a framework changed; kept maps are stale."""
    bump_version_of(ASSESSMENTS_VERSION)


def region_heat_map(actor, region: Region) -> HeatMap | None:
    """For each city of the region with a final assessment, its latest final assessment's score per area;
    per area the mean, the number of cities below the scale's middle, and the areas ranked by need
    (`HeatMap.priorities`). The region's staff only (None otherwise). Three queries plus the actor's
    roles, whatever the number of cities; none once kept (`heat_map_key`). The map is shared by its readers:
    never change it."""
    if not network.can_manage_region(actor, region):
        return None
    return remembered(heat_map_key(region), lambda: _heat_map(region))


def heat_map_key(region: Region) -> str:
    """Where the region's heat map is kept, and what is made of it (its pages' markup): per region and
    language (the areas' names are said in the language the map was made in), until an assessment, a
    score, a framework or the registry (a city's name) changes."""
    versions = f"{registry_version()}:{version_of(ASSESSMENTS_VERSION)}"
    return f"citynet:advisory:heat-map:{region.pk}:{current_language()}:{versions}"


def _heat_map(region: Region) -> HeatMap:
    assessments = list(latest_final_assessments(region).select_related("municipality", "framework"))
    assessments.sort(key=lambda a: (str(a.municipality.name).casefold(), a.municipality.pk))
    frameworks = _newest_first(a.framework for a in assessments)
    areas_by_framework = _areas_by_framework([f.pk for f in frameworks])
    areas = _merged_areas(frameworks, areas_by_framework)
    code_of = {area.pk: area.code for listed in areas_by_framework.values() for area in listed}
    given: dict[tuple[int, str], int] = {}
    scores = Score.objects.filter(assessment__in=latest_final_assessments(region).values("pk")).values_list(
        "assessment_id", "area_id", "score"
    )
    for assessment_id, area_id, score in scores:
        if area_id in code_of:
            given[(assessment_id, code_of[area_id])] = score
    rows = []
    for assessment in assessments:
        framework = assessment.framework
        cells = [
            Cell(
                score=given.get((assessment.pk, area.code)),
                scale_min=framework.scale_min,
                scale_max=framework.scale_max,
                label=_label(framework, given.get((assessment.pk, area.code))),
            )
            for area in areas
        ]
        rows.append(CityRow(assessment.municipality, assessment, cells))
    reference = frameworks[0] if frameworks else None
    lowest, highest = (reference.scale_min, reference.scale_max) if reference else (0, 4)
    summaries = []
    for index, area in enumerate(areas):
        cells = [row.cells[index] for row in rows if row.cells[index].assessed]
        summaries.append(
            AreaSummary(
                area=area,
                assessed=len(cells),
                mean=round(mean(_on_scale(c, lowest, highest) for c in cells), 2) if cells else None,
                low=sum(1 for c in cells if c.is_low),
            )
        )
    return HeatMap(
        region=region,
        areas=areas,
        rows=rows,
        summaries=summaries,
        scale_min=lowest,
        scale_max=highest,
        scale_labels=dict(reference.scale_labels or {}) if reference else {},
    )


# --- Lists ----------------------------------------------------------------------------------------------


def assessments_for(
    actor, *, municipality: Municipality | None = None, region: Region | None = None, status: str | None = None
) -> QuerySet[Assessment]:
    """The assessments `actor` may see (the region's staff, the city's focal point), newest first, with
    their city, framework and the number of areas scored; one query however long the list."""
    queryset = permissions.scope_visible(Assessment.objects.all(), actor)
    if municipality is not None:
        queryset = queryset.filter(municipality=municipality)
    if region is not None:
        queryset = queryset.filter(municipality__country__region=region)
    if status:
        queryset = queryset.filter(status=status)
    return (
        queryset.select_related("municipality__country", "framework")
        .annotate(scored=Count("scores", distinct=True))
        .order_by("-conducted_on", "-pk")
    )

"""The stakeholder map of a municipality or a country: who works on what there, as a table, as a
simple network picture, and the gaps (the network's topics that nobody's current or planned project
covers there).

Confidential: a municipality's map is for the region's staff and the city's own focal point, a
country's map for the region's staff (a country's gaps read from one city's projects would be wrong).
Projects are read through `permissions.scope_visible` as well, so a focal point never sees a project
of another city, nor a country-wide one (those are the staff's: permissions.CITY_OF).

Only current and planned projects are on the map: a finished one says nothing about today's gaps.
Each map costs a fixed number of queries (the place, the projects, their topics, the taxonomy),
whatever the number of organisations and projects.
"""

import datetime
from collections import Counter
from dataclasses import dataclass

from django.db.models import F, Q, QuerySet

from citynet.network.models import Country, Municipality, Topic

from .. import permissions
from ..models import Project, ProjectStatus

ON_THE_MAP = [ProjectStatus.CURRENT, ProjectStatus.PLANNED]
STATUS_ORDER = {status: index for index, status in enumerate(ON_THE_MAP)}


@dataclass(frozen=True)
class TopicRef:
    pk: int
    slug: str
    name: str


@dataclass(frozen=True)
class ProjectRow:
    """One line of the map's table: an organisation's project, what it works on, who funds it, when."""

    pk: int
    organisation_id: int
    organisation: str
    organisation_kind: str
    title: str
    status: str
    status_label: str
    topics: list[TopicRef]
    funder_id: int | None
    funder: str
    municipality: str  # "" for a country-wide project
    starts_on: datetime.date | None
    ends_on: datetime.date | None
    date_precision: str
    learned_on: datetime.date | None  # the day of the meeting where the team heard of it
    note: str
    version: int


@dataclass(frozen=True)
class Node:
    id: str  # "place:municipality:3", "organisation:7", "topic:2"
    kind: str  # "place", "organisation", "topic"
    label: str
    pk: int


@dataclass(frozen=True)
class Edge:
    source: str
    target: str
    kind: str  # "works_in" (place–organisation), "works_on" (organisation–topic), "funds" (funder–organisation)
    weight: int  # how many projects make this link


@dataclass(frozen=True)
class StakeholderMap:
    place_kind: str  # "municipality" or "country"
    place_id: int
    place_name: str
    rows: list[ProjectRow]
    nodes: list[Node]
    edges: list[Edge]
    gaps: list[TopicRef]


def _projects(queryset: QuerySet[Project], actor) -> list[Project]:
    return list(
        permissions.scope_visible(queryset, actor)
        .filter(status__in=ON_THE_MAP)
        .select_related("organisation", "funder", "municipality")
        .prefetch_related("topics")
        .annotate(learned_on=F("learned_at__held_on"))
        .order_by("organisation__name", "title", "pk")
    )


def _topic(topic: Topic) -> TopicRef:
    return TopicRef(pk=topic.pk, slug=topic.slug, name=topic.name)


def _row(project: Project) -> ProjectRow:
    return ProjectRow(
        pk=project.pk,
        organisation_id=project.organisation_id,
        organisation=project.organisation.name,
        organisation_kind=project.organisation.kind,
        title=project.title,
        status=project.status,
        status_label=str(project.get_status_display()),
        topics=[_topic(topic) for topic in sorted(project.topics.all(), key=lambda t: (t.sort_order, t.slug))],
        funder_id=project.funder_id,
        funder=project.funder.name if project.funder_id else "",
        municipality=project.municipality.name if project.municipality_id else "",
        starts_on=project.starts_on,
        ends_on=project.ends_on,
        date_precision=project.date_precision,
        learned_on=project.learned_on,
        note=project.note,
        version=project.version,
    )


def _build(place_kind: str, place, projects: list[Project]) -> StakeholderMap:
    """The table, the picture and the gaps from the projects on the map (one more query: the taxonomy)."""
    place_id = f"place:{place_kind}:{place.pk}"
    nodes: dict[str, Node] = {place_id: Node(id=place_id, kind="place", label=str(place), pk=place.pk)}
    links: Counter = Counter()
    covered: set[int] = set()
    for project in projects:
        organisation = f"organisation:{project.organisation_id}"
        nodes.setdefault(
            organisation, Node(organisation, "organisation", project.organisation.name, project.organisation_id)
        )
        links[(place_id, organisation, "works_in")] += 1
        for topic in project.topics.all():
            topic_id = f"topic:{topic.pk}"
            nodes.setdefault(topic_id, Node(topic_id, "topic", topic.name, topic.pk))
            links[(organisation, topic_id, "works_on")] += 1
            covered.add(topic.pk)
        if project.funder_id:
            funder = f"organisation:{project.funder_id}"
            nodes.setdefault(funder, Node(funder, "organisation", project.funder.name, project.funder_id))
            if funder != organisation:
                links[(funder, organisation, "funds")] += 1
    rows = sorted(
        (_row(project) for project in projects),
        key=lambda row: (row.organisation.casefold(), STATUS_ORDER[row.status], row.title.casefold(), row.pk),
    )
    return StakeholderMap(
        place_kind=place_kind,
        place_id=place.pk,
        place_name=str(place),
        rows=rows,
        nodes=list(nodes.values()),
        edges=[Edge(source, target, kind, weight) for (source, target, kind), weight in links.items()],
        gaps=[_topic(topic) for topic in Topic.objects.order_by("sort_order", "slug") if topic.pk not in covered],
    )


def municipality_map(actor, municipality_id: int) -> StakeholderMap | None:
    """A city's map: its own projects and the country-wide ones of its country (those for staff only),
    or None when `actor` may not see it (another city's focal point, the public, another region's staff)."""
    city = Municipality.objects.select_related("country").filter(pk=municipality_id).first()
    if city is None or not permissions.can_view(actor, Project(municipality=city, country=city.country)):
        return None
    here = Q(municipality_id=city.pk) | Q(municipality__isnull=True, country_id=city.country_id)
    return _build("municipality", city, _projects(Project.objects.filter(here), actor))


def country_map(actor, country_id: int) -> StakeholderMap | None:
    """A country's map: every project in it, its cities' and the country-wide ones; the region's staff
    only (None for anyone else)."""
    country = Country.objects.select_related("region").filter(pk=country_id).first()
    if country is None or not permissions.is_region_staff(actor, Project(country=country)):
        return None
    return _build("country", country, _projects(Project.objects.filter(country_id=country.pk), actor))

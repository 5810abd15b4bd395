"""What the advisory API answers.

Public schemas (`Consultation*`, `PublicPlanOut`) are built from the selectors' plain values
(selectors/visits.py, selectors/plans.py): what staff published, never a meeting's notes, an assessment or
a draft plan. Texts are in the caller's language (Accept-Language) with the site's fallback.

Staff schemas are the records as the region's staff (and, for assessments and plans, the city's focal
point) read them; a meeting's `notes` is null for anyone who may not read them
(`permissions.can_see_notes`).
"""

import datetime
from decimal import Decimal

from ninja import Field, Schema

from citynet.network.schemas import ErrorOut

__all__ = [
    "AssessmentDetailOut",
    "AssessmentOut",
    "ConsultationDetailOut",
    "ConsultationOut",
    "EngagementOut",
    "ErrorOut",
    "PlanDetailOut",
    "PlanOut",
    "PublicPlanOut",
    "VisitDetailOut",
    "VisitOut",
]


# --- The public -----------------------------------------------------------------------------------------


class PlaceOut(Schema):
    slug: str = Field(description="The municipality's slug (see /municipalities/{slug}).")
    name: str
    country: str = Field(description="ISO 3166-1 alpha-2 (XK: Kosovo).")


class KindCountOut(Schema):
    kind: str
    label: str
    count: int


class PublicMeetingOut(Schema):
    kind: str = Field(description="mayor, national_coordinator, practitioners, civil_society, ...")
    kind_label: str
    counterpart: str = Field(description="The organisation, the person of the registry, or as described.")
    held_on: datetime.date | None
    municipality: PlaceOut | None
    public_summary: str


class ConsultationOut(Schema):
    slug: str
    title: str
    starts_on: datetime.date = Field(description="The first day, on the local calendar (see time_zone).")
    ends_on: datetime.date
    time_zone: str
    places: str
    countries: list[str] = Field(description="ISO codes of the countries visited.")
    region: str = Field(description="The region's slug.")
    public_summary: str
    municipalities: list[PlaceOut]
    meetings_by_kind: list[KindCountOut] = Field(description="The published meetings, counted by kind.")

    @staticmethod
    def resolve_region(obj) -> str:
        return obj.region_slug


class ConsultationDetailOut(ConsultationOut):
    team_note: str
    meetings: list[PublicMeetingOut]


class PublicActionOut(Schema):
    title: str
    status: str
    status_label: str
    percent: int


class PublicPlanOut(Schema):
    municipality: str = Field(description="The municipality's slug.")
    title: str
    public_summary: str
    actions: list[PublicActionOut]


# --- Staff ----------------------------------------------------------------------------------------------


class EngagementOut(Schema):
    id: int
    region: str = Field(description="The region's slug.")
    title: str
    purpose: str
    phase: str
    status: str
    starts_on: datetime.date
    ends_on: datetime.date | None
    date_precision: str
    is_demo: bool
    municipalities: list[str] = Field(description="The municipalities' slugs.")
    lead_staff: list[int] = Field(description="The lead staff's account ids.")
    visit_count: int

    @staticmethod
    def resolve_region(obj) -> str:
        return obj.region.slug

    @staticmethod
    def resolve_municipalities(obj) -> list[str]:
        return [city.slug for city in obj.municipalities.all()]

    @staticmethod
    def resolve_lead_staff(obj) -> list[int]:
        return [person.pk for person in obj.lead_staff.all()]


class VisitOut(Schema):
    id: int
    engagement: int = Field(alias="engagement_id")
    region: str
    slug: str
    title: str
    status: str
    starts_on: datetime.date
    ends_on: datetime.date
    time_zone: str
    places: str
    countries: list[str]
    municipalities: list[str]
    is_published: bool
    published_at: datetime.datetime | None
    is_demo: bool

    @staticmethod
    def resolve_region(obj) -> str:
        return obj.engagement.region.slug

    @staticmethod
    def resolve_countries(obj) -> list[str]:
        return list(obj.countries or [])

    @staticmethod
    def resolve_municipalities(obj) -> list[str]:
        return [city.slug for city in obj.municipalities.all()]


class VisitListOut(VisitOut):
    meeting_count: int


class MeetingOut(Schema):
    id: int
    kind: str
    held_on: datetime.date | None
    municipality: str | None = Field(description="The municipality's slug.")
    country: str
    person: int | None = Field(alias="person_id")
    organisation: str | None = Field(description="The organisation's slug.")
    counterpart: str = Field(description="As published: the organisation, else the person, else as described.")
    topics: list[str]
    public_summary: str
    is_public: bool
    notes: str | None = Field(description="Confidential: the region's staff only; null for anyone else.")

    @staticmethod
    def resolve_municipality(obj) -> str | None:
        return obj.municipality.slug if obj.municipality_id else None

    @staticmethod
    def resolve_organisation(obj) -> str | None:
        return obj.organisation.slug if obj.organisation_id else None

    @staticmethod
    def resolve_counterpart(obj) -> str:
        from .selectors.visits import counterpart_label

        return counterpart_label(obj)

    @staticmethod
    def resolve_topics(obj) -> list[str]:
        return [topic.slug for topic in obj.topics.all()]

    @staticmethod
    def resolve_public_summary(obj) -> str:
        return obj.public_summary or ""

    @staticmethod
    def resolve_notes(obj) -> str | None:
        return obj.notes if getattr(obj, "notes_visible", False) else None


class VisitDetailOut(VisitOut):
    agenda: str
    team_note: str
    public_summary: str
    team: list[int]
    meetings: list[MeetingOut]

    @staticmethod
    def resolve_public_summary(obj) -> str:
        return obj.public_summary or ""

    @staticmethod
    def resolve_team(obj) -> list[int]:
        return [person.pk for person in obj.team.all()]

    @staticmethod
    def resolve_meetings(obj) -> list:
        return list(obj.meetings.all())


class AssessmentOut(Schema):
    id: int
    municipality: str
    framework: str
    framework_edition: int
    engagement: int | None = Field(alias="engagement_id")
    kind: str
    status: str
    conducted_on: datetime.date
    is_demo: bool

    @staticmethod
    def resolve_municipality(obj) -> str:
        return obj.municipality.slug

    @staticmethod
    def resolve_framework(obj) -> str:
        return obj.framework.name

    @staticmethod
    def resolve_framework_edition(obj) -> int:
        return obj.framework.edition


class ScoreOut(Schema):
    area: str = Field(description="The capacity area's code.")
    area_name: str
    score: int
    evidence: str
    comment: str

    @staticmethod
    def resolve_area(obj) -> str:
        return obj.area.code

    @staticmethod
    def resolve_area_name(obj) -> str:
        return obj.area.name


class AssessmentDetailOut(AssessmentOut):
    summary: str
    scale_min: int
    scale_max: int
    scores: list[ScoreOut]

    @staticmethod
    def resolve_scale_min(obj) -> int:
        return obj.framework.scale_min

    @staticmethod
    def resolve_scale_max(obj) -> int:
        return obj.framework.scale_max

    @staticmethod
    def resolve_scores(obj) -> list:
        return list(obj.scores.all())


class PlanOut(Schema):
    id: int
    municipality: str
    title: str
    status: str
    starts_on: datetime.date
    ends_on: datetime.date
    number: int = Field(description="The plan's version (adoptions).")
    share_publicly: bool
    is_demo: bool
    action_count: int
    done_count: int
    overdue_count: int

    @staticmethod
    def resolve_municipality(obj) -> str:
        return obj.municipality.slug


class IndicatorOut(Schema):
    id: int
    name: str
    unit: str
    baseline: Decimal | None
    target: Decimal | None
    current: Decimal | None


class ActionOut(Schema):
    id: int
    goal: int | None = Field(alias="goal_id")
    title: str
    owner_department: str
    owner_organisation: str | None
    starts_on: datetime.date | None
    due_on: datetime.date
    status: str
    percent: int
    funding_source: str
    is_overdue: bool
    areas: list[str] = Field(description="The capacity areas' codes it addresses.")
    indicators: list[IndicatorOut]

    @staticmethod
    def resolve_owner_organisation(obj) -> str | None:
        return obj.owner_organisation.slug if obj.owner_organisation_id else None

    @staticmethod
    def resolve_areas(obj) -> list[str]:
        return [area.code for area in obj.areas.all()]

    @staticmethod
    def resolve_indicators(obj) -> list:
        return list(obj.indicators.all())


class GoalOut(Schema):
    id: int
    text: str


class PlanDetailOut(Schema):
    id: int
    municipality: str
    title: str
    status: str
    starts_on: datetime.date
    ends_on: datetime.date
    language: str
    currency: str
    funding_sources: str
    public_summary: str
    share_publicly: bool
    number: int
    is_demo: bool
    goals: list[GoalOut]
    actions: list[ActionOut]

    @staticmethod
    def resolve_municipality(obj) -> str:
        return obj.municipality.slug

    @staticmethod
    def resolve_public_summary(obj) -> str:
        return obj.public_summary or ""

    @staticmethod
    def resolve_goals(obj) -> list:
        return obj.goal_list

    @staticmethod
    def resolve_actions(obj) -> list:
        return obj.action_list

"""What the events API answers: public facts for everyone, participants' details for the people allowed.

Translated fields come as the registry's do (citynet/network/schemas.py): `title` in the caller's
language (Accept-Language) with the site's fallback, `titles` with every language's own text. Dates are
the event's own (local) dates with `date_precision` (day, month or year: the seed's 2017 trainings are
known only to the year); session times are ISO 8601 in UTC, `time_zone` says where the event's clock is.
Public schemas never carry a participant's name or details: only counts, and the speakers who chose to
be listed.
"""

import datetime
from typing import Literal

from ninja import Field, Schema

from citynet.core.schemas import Named, Names, Titled, text_of
from citynet.network.schemas import ErrorOut

from .models import EventKind, EventStatus, ParticipantRole, ParticipationStatus, SessionKind
from .selectors.figures import Figures

__all__ = [
    "ErrorOut",
    "EventDetailOut",
    "EventOut",
    "KindName",
    "ParticipationOut",
    "ReportOut",
    "TopicOut",
]

KindName = Literal[tuple(EventKind.values)]
Precision = Literal["day", "month", "year"]


class TopicOut(Named):
    slug: str
    name: str
    names: Names
    description: str

    @staticmethod
    def resolve_description(obj) -> str:
        return text_of(obj, "description")


class FiguresOut(Schema):
    participants: int | None = Field(description="Confirmed participants; null where not known.")
    attended: int | None = Field(description="Participants checked in on at least one day (counted only).")
    cities: int | None
    countries: int | None
    reported: bool = Field(description="True: the figures the sources report, not counted on this site.")


class PlaceOut(Schema):
    municipality: str | None = Field(description="The host municipality's slug, where it is in the registry.")
    municipality_name: str | None
    country: str | None = Field(description="ISO 3166-1 alpha-2 (XK: Kosovo).")
    venue: str
    online: bool


def _place(obj) -> dict:
    host = obj.host_municipality
    country = str(host.country.code) if host else (str(obj.country) or None)
    return {
        "municipality": host.slug if host else None,
        "municipality_name": text_of(host, "name") if host else None,
        "country": country,
        "venue": text_of(obj, "venue"),
        "online": bool(obj.online_url),
    }


def _figures(figures: Figures) -> dict:
    return {
        "participants": figures.participants,
        "attended": figures.attended,
        "cities": figures.cities,
        "countries": figures.countries,
        "reported": figures.reported,
    }


class EventOut(Titled):
    slug: str
    title: str
    titles: Names
    summary: str
    kind: KindName
    status: Literal[EventStatus.PUBLISHED.value, EventStatus.CANCELLED.value]
    region: str | None = Field(description="The region's slug; null for a network-wide event.")
    is_demo: bool = Field(description="A demo event for trying registration: not a real event.")
    starts_on: datetime.date
    ends_on: datetime.date
    date_precision: Precision = Field(description="How much of the dates is known: day, month or year.")
    time_zone: str
    place: PlaceOut
    topics: list[str] = Field(description="The topics' slugs (see /topics).")
    registration_open: bool = Field(description="People may ask for a place now.")
    figures: FiguresOut

    @staticmethod
    def resolve_summary(obj) -> str:
        return text_of(obj, "summary")

    @staticmethod
    def resolve_region(obj) -> str | None:
        return obj.region.slug if obj.region_id else None

    @staticmethod
    def resolve_place(obj) -> dict:
        return _place(obj)

    @staticmethod
    def resolve_topics(obj) -> list[str]:
        return [topic.slug for topic in obj.topics.all()]

    @staticmethod
    def resolve_registration_open(obj) -> bool:
        return obj.registration_is_open()

    @staticmethod
    def resolve_figures(obj) -> dict:
        return _figures(obj.public_figures)


class SpeakerOut(Schema):
    name: str
    affiliation: str


class SessionOut(Schema):
    title: str
    kind: Literal[tuple(SessionKind.values)]
    starts_at: datetime.datetime
    ends_at: datetime.datetime
    room: str
    description: str
    speakers: list[SpeakerOut] = Field(description="Only the speakers who agreed to be listed publicly.")

    @staticmethod
    def resolve_title(obj) -> str:
        return text_of(obj, "title")

    @staticmethod
    def resolve_description(obj) -> str:
        return text_of(obj, "description")

    @staticmethod
    def resolve_speakers(obj) -> list[dict]:
        return [{"name": s.name, "affiliation": s.affiliation} for s in obj.listed_speakers]


class OrganisationRefOut(Schema):
    slug: str
    name: str
    acronym: str

    @staticmethod
    def resolve_name(obj) -> str:
        return text_of(obj, "name")


class EventDetailOut(EventOut):
    description: str
    working_languages: list[str]
    interpretation: str
    capacity: int | None
    programme: list[SessionOut]
    speakers: list[SpeakerOut] = Field(description="Every listed speaker, with or without a session.")
    organisers: list[OrganisationRefOut]
    partners: list[OrganisationRefOut]
    takeaways: str
    reported_source: str = Field(description="Where the reported figures come from.")

    @staticmethod
    def resolve_description(obj) -> str:
        return text_of(obj, "description")

    @staticmethod
    def resolve_takeaways(obj) -> str:
        return text_of(obj, "takeaways")

    @staticmethod
    def resolve_programme(obj) -> list:
        return list(obj.sessions.all())

    @staticmethod
    def resolve_speakers(obj) -> list[dict]:
        return [{"name": s.name, "affiliation": s.affiliation} for s in obj.listed_speakers]

    @staticmethod
    def resolve_organisers(obj) -> list:
        return list(obj.organisers.all())

    @staticmethod
    def resolve_partners(obj) -> list:
        return list(obj.partners.all())


class CountOut(Schema):
    key: str = Field(description="A country code, a municipality's slug, a role or a gender ('' when not stated).")
    label: str = Field(description="What the key names, in the caller's language.")
    count: int = Field(description="Confirmed participants.")
    attended: int = Field(description="Of them, checked in on at least one day.")


class TopicReachOut(Schema):
    topic: str = Field(description="The topic's slug.")
    label: str
    cities: int = Field(description="Distinct municipalities with a confirmed participant at its events.")
    events: int


class KnowledgeOut(Schema):
    topic: str = Field(description="The topic's slug; 'all' for every topic together (the last row).")
    label: str
    responses: int
    paired: int = Field(description="People who answered before and after: the change is theirs.")
    before: float | None
    after: float | None
    change: float | None = Field(description="The mean of each person's change (after − before), 1–5 scale.")


class SatisfactionCountOut(Schema):
    key: int
    count: int


class SatisfactionOut(Schema):
    responses: int
    average: float | None
    distribution: list[SatisfactionCountOut]


class ReportOut(Schema):
    region: str | None = Field(description="The region asked for (its events and the network-wide ones).")
    events: int = Field(description="Public events counted.")
    participants: int = Field(description="Confirmed participants.")
    attended: int
    by_country: list[CountOut]
    by_municipality: list[CountOut]
    by_role: list[CountOut]
    by_gender: list[CountOut]
    cities_per_topic: list[TopicReachOut]
    knowledge: list[KnowledgeOut]
    satisfaction: SatisfactionOut


class ParticipationOut(Schema):
    """A participation in full, for the people allowed to see it (never public)."""

    id: int
    event: str = Field(description="The event's slug.")
    name: str
    email: str
    language: str
    municipality: str | None = Field(description="The municipality's slug.")
    organisation: str | None = Field(description="The registry organisation's slug.")
    organisation_name: str
    role: Literal[tuple(ParticipantRole.values)]
    gender: str
    accessibility_needs: str
    dietary_needs: str
    needs_travel_support: bool
    travel_support_note: str
    status: Literal[tuple(ParticipationStatus.values)]
    queued_at: datetime.datetime
    offer_expires_at: datetime.datetime | None
    confirmed_at: datetime.datetime | None
    cancelled_at: datetime.datetime | None
    days_attended: list[datetime.date]

    @staticmethod
    def resolve_event(obj) -> str:
        return obj.event.slug

    @staticmethod
    def resolve_municipality(obj) -> str | None:
        return obj.municipality.slug if obj.municipality_id else None

    @staticmethod
    def resolve_organisation(obj) -> str | None:
        return obj.organisation.slug if obj.organisation_id else None

    @staticmethod
    def resolve_days_attended(obj) -> list[datetime.date]:
        return [attendance.day for attendance in obj.attendances.all()]

"""What the public registry API answers: public fields only, never a person's email or phone.

Translated fields come twice: `name` is the text in the caller's language (Accept-Language), with the
same fallback as the site; `names` has every language's official text, keyed by language code, null
where there is none. Schemas read model instances that the API's querysets have already joined, so
resolving a field never runs a query.
"""

import datetime
from typing import Literal

from django.conf import settings
from ninja import Field, Schema

from citynet.core.schemas import Named, Names, text_of

from .models import DatePrecision, MembershipStatus, OrganisationKind, PartnershipRole, PositionRole

LANGUAGE_CODES = [code for code, _name in settings.LANGUAGES]

Status = Literal[tuple(MembershipStatus.values)]
Kind = Literal[tuple(OrganisationKind.values)]
Precision = Literal[tuple(DatePrecision.values)]


def _float(value) -> float | None:
    return None if value is None else float(value)


class NamedOut(Named):
    """A record with a name in the caller's language and in every language of the site."""

    name: str
    names: Names


class RegionOut(NamedOut):
    slug: str
    summary: str
    map_center_lat: float
    map_center_lng: float
    map_zoom: int
    countries: list[str] = Field(description="ISO 3166-1 alpha-2 codes of the region's countries (XK: Kosovo).")

    @staticmethod
    def resolve_summary(obj) -> str:
        return text_of(obj, "summary")

    @staticmethod
    def resolve_countries(obj) -> list[str]:
        return [str(country.code) for country in obj.countries.all()]


class CountryOut(Schema):
    code: str = Field(description="ISO 3166-1 alpha-2 (XK: Kosovo).")
    name: str
    region: str = Field(description="The slug of the country's region.")
    municipality_count: int

    @staticmethod
    def resolve_code(obj) -> str:
        return str(obj.code)

    @staticmethod
    def resolve_name(obj) -> str:
        return str(obj.code.name)

    @staticmethod
    def resolve_region(obj) -> str:
        return obj.region.slug


class MunicipalityOut(NamedOut):
    slug: str
    country: str = Field(description="ISO 3166-1 alpha-2 (XK: Kosovo).")
    region: str = Field(description="The slug of the municipality's region.")
    latitude: float | None
    longitude: float | None
    population: int | None
    status: Status = Field(description="Membership status today; without any record, prospective.")
    member_since: datetime.date | None = Field(description="When it first became a member, if it did.")
    member_since_precision: Precision | None = Field(description="How much of member_since is known.")

    @staticmethod
    def resolve_country(obj) -> str:
        return str(obj.country.code)

    @staticmethod
    def resolve_region(obj) -> str:
        return obj.country.region.slug

    @staticmethod
    def resolve_latitude(obj) -> float | None:
        return _float(obj.latitude)

    @staticmethod
    def resolve_longitude(obj) -> float | None:
        return _float(obj.longitude)

    @staticmethod
    def resolve_status(obj) -> str:
        # The same rule as the status filter: no current record counts as prospective.
        return obj.membership_status or MembershipStatus.PROSPECTIVE.value


class MembershipOut(Schema):
    status: Status
    started_on: datetime.date
    started_precision: Precision
    ended_on: datetime.date | None
    ended_precision: Precision | None

    @staticmethod
    def resolve_ended_precision(obj) -> str | None:
        return obj.ended_precision if obj.ended_on else None


class PositionOut(Schema):
    """A person's public role: the name and title only; contact details are never part of it."""

    name: str
    role: Literal[tuple(PositionRole.values)]
    title: str

    @staticmethod
    def resolve_name(obj) -> str:
        return text_of(obj.person, "name")

    @staticmethod
    def resolve_title(obj) -> str:
        return text_of(obj, "title")


class MunicipalityDetailOut(MunicipalityOut):
    population_year: int | None
    geonames_id: int | None
    website: str
    profile: str
    alternate_names: list[str]
    memberships: list[MembershipOut] = Field(description="Every period of its standing, oldest first.")
    positions: list[PositionOut]

    @staticmethod
    def resolve_profile(obj) -> str:
        return text_of(obj, "profile")

    @staticmethod
    def resolve_alternate_names(obj) -> list[str]:
        return [alternate.name for alternate in obj.alternate_names.all()]

    @staticmethod
    def resolve_memberships(obj) -> list:
        return list(obj.memberships.all())

    @staticmethod
    def resolve_positions(obj) -> list:
        return list(obj.positions.all())


class OrganisationOut(NamedOut):
    slug: str
    acronym: str
    kind: Kind
    country: str | None = Field(description="ISO 3166-1 alpha-2 of its seat, if known.")
    city: str
    founded_year: int | None
    website: str
    description: str

    @staticmethod
    def resolve_country(obj) -> str | None:
        return str(obj.country) or None

    @staticmethod
    def resolve_description(obj) -> str:
        return text_of(obj, "description")


class PartnershipOut(Schema):
    region: str = Field(description="The slug of the region.")
    role: Literal[tuple(PartnershipRole.values)]
    started_year: int | None
    ended_year: int | None
    note: str

    @staticmethod
    def resolve_region(obj) -> str:
        return obj.region.slug

    @staticmethod
    def resolve_note(obj) -> str:
        return text_of(obj, "note")


class OrganisationDetailOut(OrganisationOut):
    partnerships: list[PartnershipOut]
    positions: list[PositionOut]

    @staticmethod
    def resolve_partnerships(obj) -> list:
        return list(obj.partnerships.all())

    @staticmethod
    def resolve_positions(obj) -> list:
        return list(obj.positions.all())


class ErrorOut(Schema):
    detail: str | list

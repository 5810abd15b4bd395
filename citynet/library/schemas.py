"""What the library API answers.

Built from the selectors' values (selectors/resources.py: a list's `Card`s, a resource's `ResourcePage`),
which never carry a resource's search text, its extracted text, who proposed it or a review note.
Translated fields come as the other apps' do (citynet/core/schemas.py): `title` in the caller's language
(Accept-Language) with the site's fallback, `titles` with every language's own text.
"""

import datetime
from typing import Literal

from ninja import Field, Schema

from citynet.core.schemas import Named, Names, Titled, names_of, text_of
from citynet.network.schemas import ErrorOut

from .models import Access, ResourceKind

__all__ = ["ErrorOut", "KindName", "ResourceDetailOut", "ResourceOut", "WorkStreamOut"]

KindName = Literal[tuple(ResourceKind.values)]
AccessName = Literal[tuple(Access.values)]
Precision = Literal["day", "month", "year"]


class ResourceOut(Titled):
    slug: str
    kind: KindName
    kind_label: str
    title: str
    titles: Names
    summary: str
    summaries: Names
    access: AccessName = Field(description="public; members (member cities and staff); staff.")
    published_on: datetime.date | None = Field(description="Known as precisely as published_precision says.")
    published_precision: Precision
    date: str = Field(description="The publication date as the site says it: 2016, January 2016, 12 September 2017.")
    languages: list[str] = Field(description="The language codes it has a version in, in the site's order.")
    external_url: str = Field(description="For a video or an external link; empty otherwise.")
    is_demo: bool

    @staticmethod
    def resolve_summary(obj) -> str:
        return text_of(obj, "summary")

    @staticmethod
    def resolve_summaries(obj) -> dict:
        return names_of(obj, "summary")


class VersionOut(Schema):
    language: str
    has_file: bool
    content_type: str
    size: int | None = Field(description="The file's size in bytes; null without a file.")
    page_count: int | None
    download_url: str | None = Field(description="The site's download of the file; null without a file.")


class SlugNameOut(Schema):
    slug: str
    name: str


class OrganisationRoleOut(Schema):
    slug: str = Field(description="The organisation's slug (see /organisations/{slug}).")
    name: str
    role: str = Field(description="author, partner, publisher, funder.")
    role_label: str


class WorkStreamOut(Named):
    slug: str
    name: str
    names: Names
    description: str

    @staticmethod
    def resolve_description(obj) -> str:
        return text_of(obj, "description")


class PlacesOut(Schema):
    regions: list[str] = Field(description="The regions' slugs.")
    countries: list[str] = Field(description="ISO 3166-1 alpha-2 codes (XK: Kosovo).")
    municipalities: list[str] = Field(description="The municipalities' slugs.")


class ResourceDetailOut(ResourceOut):
    source: str
    versions: list[VersionOut]
    organisations: list[OrganisationRoleOut]
    topics: list[SlugNameOut] = Field(description="See /topics.")
    work_streams: list[SlugNameOut] = Field(description="See /work-streams.")
    places: PlacesOut = Field(description="What it concerns; none: network-wide.")

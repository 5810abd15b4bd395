"""What the public grants API answers: published calls and published awards, public fields only.

Translated fields come as the registry's do (citynet/network/schemas.py): `title` in the caller's
language (Accept-Language) with the site's fallback, `titles` with every language's own text. Moments
are ISO 8601 in UTC; `time_zone` says where the call's clock is. Amounts are decimal strings.
"""

import datetime
from decimal import Decimal
from typing import Literal

from ninja import Field, Schema

from citynet.core.schemas import Names, Titled, text_of
from citynet.network.schemas import ErrorOut

from .models import CallStages
from .selectors.public import Phase, phase_of

__all__ = ["AwardOut", "CallDetailOut", "CallOut", "ErrorOut", "PhaseName"]

PhaseName = Literal[Phase.ALL]


class CallOut(Titled):
    slug: str
    code: str = Field(description="The call's reference code; applications' references start with it.")
    title: str
    titles: Names
    summary: str
    region: str = Field(description="The region's slug.")
    status: PhaseName = Field(description="upcoming, open, closed or results_published, as of the request.")
    is_demo: bool = Field(description="A demo call for trying the journey: not a real call.")
    currency: str
    total_budget: Decimal | None = Field(description="Null where the sources do not state it.")
    min_award: Decimal
    max_award: Decimal | None
    time_zone: str = Field(description="The call's time zone (IANA), in which its deadline was set.")
    opens_at: datetime.datetime
    closes_at: datetime.datetime = Field(description="The deadline, to the second.")
    stages: Literal[tuple(CallStages.values)]
    reported_applications: int | None = Field(description="Applications received, as the sources report them.")
    reported_applications_is_minimum: bool = Field(description="The reported figure is a minimum ('more than').")
    url: str = Field(description="The call's public page (path, in the caller's language).")

    @staticmethod
    def resolve_summary(obj) -> str:
        return text_of(obj, "summary")

    @staticmethod
    def resolve_region(obj) -> str:
        return obj.region.slug

    @staticmethod
    def resolve_status(obj) -> str:
        return phase_of(obj)

    @staticmethod
    def resolve_total_budget(obj):
        return obj.total_budget or None

    @staticmethod
    def resolve_max_award(obj):
        return obj.max_award or None

    @staticmethod
    def resolve_url(obj) -> str:
        from django.urls import reverse

        return reverse("grants:call-detail", args=[obj.slug])


class Eligibility(Schema):
    organisation_kinds: list[str] = Field(description="Empty: any kind.")
    countries: list[str] = Field(description="ISO codes; empty: the region's countries.")
    min_years_founded: int | None
    requires_member_partner: bool


class AwardOut(Schema):
    slug: str
    call: str = Field(description="The call's slug.")
    region: str
    recipient_name: str
    recipient: str | None = Field(description="The registry organisation's slug, where it is in the registry.")
    partner_municipality: str | None = Field(description="The partner municipality's slug, where known.")
    amount: Decimal | None = Field(description="Null where the sources do not state it.")
    currency: str
    project_title: str
    summary: str
    announced_on: datetime.date | None
    announced_year: int
    url: str

    @staticmethod
    def resolve_call(obj) -> str:
        return obj.call.slug

    @staticmethod
    def resolve_region(obj) -> str:
        return obj.call.region.slug

    @staticmethod
    def resolve_recipient(obj) -> str | None:
        return obj.recipient.slug if obj.recipient_id else None

    @staticmethod
    def resolve_partner_municipality(obj) -> str | None:
        return obj.partner_municipality.slug if obj.partner_municipality_id else None

    @staticmethod
    def resolve_currency(obj) -> str:
        return obj.call.currency

    @staticmethod
    def resolve_summary(obj) -> str:
        return text_of(obj, "summary")

    @staticmethod
    def resolve_url(obj) -> str:
        from django.urls import reverse

        return reverse("grants:award-detail", args=[obj.slug])


class CallDetailOut(CallOut):
    description: str
    full_proposals_close_at: datetime.datetime | None
    eligibility: Eligibility
    results_announcement: str
    awards: list[AwardOut]

    @staticmethod
    def resolve_description(obj) -> str:
        return text_of(obj, "description")

    @staticmethod
    def resolve_results_announcement(obj) -> str:
        return text_of(obj, "results_announcement")

    @staticmethod
    def resolve_eligibility(obj) -> dict:
        return {
            "organisation_kinds": list(obj.eligible_kinds or []),
            "countries": list(obj.eligible_countries or []),
            "min_years_founded": obj.min_years_founded,
            "requires_member_partner": obj.requires_member_partner,
        }

    @staticmethod
    def resolve_awards(obj) -> list:
        return obj.public_awards

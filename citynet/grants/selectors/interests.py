"""Reads of a reviewer's own declared interests, and what they may pick from when declaring one."""

from django.db.models import QuerySet

from citynet.network.models import Municipality

from ..models import Call, DeclaredInterest


def list_interests(reviewer) -> QuerySet[DeclaredInterest]:
    return (
        DeclaredInterest.objects.filter(reviewer=reviewer)
        .select_related("organisation", "municipality__country")
        .order_by("pk")
    )


def get_own_interest(reviewer, pk) -> DeclaredInterest | None:
    """The reviewer's own interest, or None (anyone else's does not exist for them)."""
    return DeclaredInterest.objects.filter(reviewer=reviewer, pk=pk).first()


def municipalities_for(reviewer) -> QuerySet[Municipality]:
    """The municipalities of the regions of the calls whose pool the reviewer is in."""
    regions = Call.objects.filter(pool__reviewer=reviewer).values("region_id")
    return Municipality.objects.filter(country__region_id__in=regions).select_related("country").order_by("name")

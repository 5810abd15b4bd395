"""Reads of the registry: querysets with their joins done, counts computed from membership records."""

import datetime
from collections import Counter, defaultdict

from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Subquery
from django.utils import timezone

from citynet.core.names import fold

from .models import (
    Country,
    Membership,
    MembershipStatus,
    Municipality,
    Organisation,
    Partnership,
    Position,
    Region,
    ReportedFigure,
)
from .permissions import scope_editable_municipalities


def _current_membership(on: datetime.date):
    return Membership.objects.filter(
        Q(ended_on__isnull=True) | Q(ended_on__gt=on), municipality=OuterRef("pk"), started_on__lte=on
    ).order_by("-started_on", "-pk")


def with_membership(queryset: QuerySet[Municipality], on: datetime.date | None = None) -> QuerySet[Municipality]:
    """Annotate each municipality with `membership_status` and `member_since` as of `on` (today)."""
    on = on or timezone.localdate()
    current = _current_membership(on)
    first_joined = Membership.objects.filter(
        municipality=OuterRef("pk"), status=MembershipStatus.MEMBER, started_on__lte=on
    ).order_by("started_on")
    return queryset.annotate(
        membership_status=Subquery(current.values("status")[:1]),
        member_since=Subquery(first_joined.values("started_on")[:1]),
        member_since_precision=Subquery(first_joined.values("started_precision")[:1]),
    )


def list_regions() -> QuerySet[Region]:
    return Region.objects.annotate(country_count=Count("countries")).order_by("name")


def list_countries(*, region: Region | None = None) -> QuerySet[Country]:
    qs = Country.objects.select_related("region")
    return qs.filter(region=region) if region else qs


def list_municipalities(
    *,
    region: str | None = None,
    country: str | None = None,
    status: str | None = None,
    q: str | None = None,
) -> QuerySet[Municipality]:
    """Municipalities with their membership status, filtered by region slug, ISO country, status, any spelling."""
    on = timezone.localdate()
    qs = with_membership(Municipality.objects.select_related("country__region"), on)
    # By country id (no join): the (name_en, id, country) indexes then serve the page from the index alone.
    if region:
        qs = qs.filter(country_id__in=Country.objects.filter(region__slug=region).values("pk"))
    if country:
        qs = qs.filter(country_id__in=Country.objects.filter(code=country.upper()).values("pk"))
    if status:
        # Each municipality's current period, the one `with_membership` reads (the latest started). A
        # semi-join on the membership table: filtering on the `membership_status` annotation would run
        # its subquery for every municipality (the benchmark: 40 ms a page at 5,000 municipalities).
        current = Membership.objects.filter(Q(ended_on__isnull=True) | Q(ended_on__gt=on), started_on__lte=on)
        later = current.filter(municipality=OuterRef("municipality")).filter(
            Q(started_on__gt=OuterRef("started_on")) | Q(started_on=OuterRef("started_on"), pk__gt=OuterRef("pk"))
        )
        latest = current.filter(~Exists(later))
        if status != MembershipStatus.PROSPECTIVE:
            qs = qs.filter(pk__in=latest.filter(status=status).values("municipality_id"))
        else:  # prospective, or no current period at all
            qs = qs.exclude(pk__in=latest.exclude(status=status).values("municipality_id"))
    if q:
        qs = matching(qs, q)
    # One order for every visitor, so pages never shift with the client's language (and it is indexed).
    return qs.order_by("name_en", "pk")


def matching(queryset: QuerySet, q: str) -> QuerySet:
    """Rows whose folded spellings contain every folded word of `q` (Durres finds Durrës, Гњилане Gjilan)."""
    words = fold(q).split()
    if not words:
        return queryset.none()
    for word in words:
        queryset = queryset.filter(search_text__contains=word)
    return queryset


def members_of(region: Region) -> QuerySet[Municipality]:
    """The region's members on record today."""
    return list_municipalities(region=region.slug, status=MembershipStatus.MEMBER)


def members_by_country(region: Region, *, shown: int | None = None) -> list[dict]:
    """Each country of the region with its count of members on record and (the first `shown` of) them.

    Two queries, whatever the number of members.
    """
    countries = list(list_countries(region=region))
    members = defaultdict(list)
    for municipality in members_of(region):
        members[municipality.country_id].append(municipality)
    rows = []
    for country in countries:
        all_members = members.get(country.pk, [])
        listed = all_members if shown is None else all_members[:shown]
        rows.append({"country": country, "count": len(all_members), "members": listed, "all": all_members})
    return rows


def membership_timeline(region: Region, today: datetime.date | None = None) -> list[dict]:
    """Members at the end of each year, from the first join to this year, from the membership records."""
    today = today or timezone.localdate()
    periods = list(
        Membership.objects.filter(municipality__country__region=region, status=MembershipStatus.MEMBER).values_list(
            "municipality_id", "started_on", "ended_on"
        )
    )
    if not periods:
        return []
    first = min(p[1] for p in periods).year
    timeline = []
    for year in range(first, today.year + 1):
        end = min(datetime.date(year, 12, 31), today)
        members = {m for m, start, stop in periods if start <= end and (stop is None or stop > end)}
        joined = Counter(m for m, start, _stop in periods if start.year == year)
        timeline.append({"year": year, "members": len(members), "joined": len(joined)})
    return timeline


def reported_figure(region: Region, measure: str) -> ReportedFigure | None:
    return region.reported_figures.filter(measure=measure).order_by("-as_of").first()


def list_partners(region: Region) -> QuerySet[Partnership]:
    return (
        Partnership.objects.filter(region=region).select_related("organisation").order_by("role", "organisation__name")
    )


def list_organisations(*, kind: str | None = None, region: str | None = None, q: str | None = None):
    qs = Organisation.objects.all()
    if kind:
        qs = qs.filter(kind=kind)
    if region:
        qs = qs.filter(partnerships__region__slug=region).distinct()
    if q:
        qs = matching(qs, q)
    # One order for every visitor, so pages never shift with the client's language (and it is indexed).
    return qs.order_by("name_en", "pk")


def list_public_people(*, q: str | None = None) -> QuerySet[Position]:
    """People by any spelling of their name, through their public positions only (no contact details)."""
    qs = Position.objects.filter(is_public=True).select_related("person", "municipality", "organisation")
    if q:
        words = fold(q).split()
        if not words:
            return qs.none()
        for word in words:
            qs = qs.filter(person__search_text__contains=word)
    return qs.order_by("person__name_en", "pk")


def public_positions(*, municipality: Municipality | None = None, organisation: Organisation | None = None):
    """People's public roles at a place: names and titles only, never contact details."""
    qs = Position.objects.filter(is_public=True).select_related("person")
    if municipality is not None:
        qs = qs.filter(municipality=municipality)
    if organisation is not None:
        qs = qs.filter(organisation=organisation)
    return qs.order_by("-started_on", "person__name")


def municipalities_editable_by(actor) -> QuerySet[Municipality]:
    """The municipalities whose public profile `actor` may edit; anything else is not found for them."""
    return scope_editable_municipalities(Municipality.objects.select_related("country__region"), actor)


# Reads for the hub's pages (moved from citynet.hub.selectors, which composes them for display).


def member_counts_by_region() -> dict[int, int]:
    """Members on record today, per region id (one query)."""
    members = with_membership(Municipality.objects.all()).filter(membership_status=MembershipStatus.MEMBER)
    # Grouping must not see the status annotation (it would group by it), hence the pk__in subquery.
    rows = (
        Municipality.objects.filter(pk__in=members.values("pk"))
        .values("country__region")
        .annotate(n=Count("pk"))
        .order_by()
    )
    return {row["country__region"]: row["n"] for row in rows}


def region_overview(region: Region, *, shown: int | None = None) -> dict:
    """What a region's hub shows from the registry: members by country, figures, partners, timeline.

    A fixed number of queries, whatever the number of members.
    """
    by_country = members_by_country(region, shown=shown)
    members = [m for row in by_country for m in row["all"]]
    return {
        "region": region,
        "members_by_country": by_country,
        "members": members,
        "countries": [row["country"] for row in by_country],
        "reported_members": reported_figure(region, ReportedFigure.Measure.MEMBERS),
        "municipalities_in_registry": Municipality.objects.filter(country__region=region).count(),
        "partnerships": list(list_partners(region)),
        "timeline": membership_timeline(region),
    }


def municipality_history(municipality: Municipality) -> dict:
    """A city's public record beside its name: other spellings, membership periods, public roles."""
    return {
        "alternate_names": [a.name for a in municipality.alternate_names.all()[:40]],
        "memberships": list(Membership.objects.filter(municipality=municipality).order_by("started_on", "pk")),
        "positions": list(public_positions(municipality=municipality)),
    }


def organisation_partnerships(organisation: Organisation) -> list[Partnership]:
    return list(organisation.partnerships.select_related("region"))


def page_by_ids(queryset: QuerySet, start: int, stop: int) -> list:
    """Rows `start`..`stop` of an ordered queryset: their ids first on its order, then only those rows.

    An OFFSET page of an annotated queryset computes every skipped row with its annotations (the
    membership subqueries); the ids alone are read from the order's index. Two queries.
    """
    ids = list(queryset.values_list("pk", flat=True)[start:stop])
    if not ids:
        return []
    rows = {row.pk: row for row in queryset.filter(pk__in=ids).order_by()}
    return [rows[pk] for pk in ids if pk in rows]


def membership_timeline_by_year(region: Region, today: datetime.date | None = None) -> list[dict]:
    """Members at the end of each year and municipalities that joined that year, as `membership_timeline`.

    The same answer (overlapping periods of one municipality counted once) from one read of the
    member periods; each period marks only the year-ends it covers, so the work grows with the
    periods' own years, not with every period times every year of the timeline.
    """
    today = today or timezone.localdate()
    rows = (
        Membership.objects.filter(municipality__country__region=region, status=MembershipStatus.MEMBER)
        .values_list("municipality_id", "started_on", "ended_on")
        .distinct()
    )
    covered: dict[int, set[int]] = defaultdict(set)
    joined: dict[int, set[int]] = defaultdict(set)
    first = None
    for municipality, start, stop in rows:
        first = start.year if first is None else min(first, start.year)
        joined[start.year].add(municipality)
        # Year Y counts the period when start <= its end (31 December, or today this year) < stop.
        last = today.year if stop is None else stop.year - 1
        if stop is not None and stop.year == today.year and stop > today:
            last = today.year
        for year in range(start.year, min(last, today.year) + 1):
            end = min(datetime.date(year, 12, 31), today)
            if start <= end and (stop is None or stop > end):
                covered[year].add(municipality)
    if first is None:
        return []
    return [
        {"year": year, "members": len(covered.get(year, ())), "joined": len(joined.get(year, ()))}
        for year in range(first, today.year + 1)
    ]


def count_municipalities_in(region: Region) -> int:
    return Municipality.objects.filter(country__region=region).count()


def member_points_of(region: Region) -> QuerySet[Municipality]:
    """The region's members on record that have a place on the map: what a map marker needs, nothing more."""
    return members_of(region).filter(latitude__isnull=False, longitude__isnull=False)


def municipality_by_slug(slug: str) -> Municipality | None:
    """The city with `slug`, with its membership status today, or None."""
    return list_municipalities().filter(slug=slug).first()

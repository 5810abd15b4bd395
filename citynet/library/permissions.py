"""Who may do what in the knowledge library: each rule once, as a check on one record and as a queryset.

Reading a resource:
- the public: a published, public resource once its embargo has passed;
- members (anyone holding a focal point or member role for a city): the published members-only
  resources too, once their embargo has passed;
- staff (the secretariat, regional coordinators): every published resource, staff-only ones and those
  under embargo included;
- a resource's editors (below) and its proposer see it whatever its status.
Editing: the secretariat every resource; a regional coordinator the resources of their regions (a resource
concerns a region through its regions, countries or municipalities; a network-wide one is the
secretariat's). Publishing is an edit. A city's focal point proposes a case study about their own city, and
changes it while it is theirs to change (a draft, or returned to them); staff review it.

`can_<verb>(actor, obj)` list what they allow and end in `return False`; `scope_<things>(qs, actor)` are
the same rules as querysets. Views, the admin, the API, search, downloads and services call these.
"""

import datetime

from django.db.models import Q, QuerySet
from django.utils import timezone

from citynet.accounts.models import Role
from citynet.accounts.selectors import roles_of
from citynet.network import permissions as network
from citynet.network.models import Municipality

from .models import Access, Resource, ResourceKind, ResourceStatus

AUTHOR_CAN_CHANGE = {ResourceStatus.DRAFT, ResourceStatus.RETURNED}


def _active(actor) -> bool:
    return bool(getattr(actor, "is_authenticated", False) and getattr(actor, "is_active", False))


def is_staff(actor) -> bool:
    """The secretariat and the regional coordinators: they read every published resource."""
    if not _active(actor):
        return False
    regions = network.managed_region_ids(actor)
    return regions is network.EVERY_REGION or bool(regions)


def is_member(actor) -> bool:
    """Anyone of a member city (its focal point or a member practitioner), and staff."""
    if not _active(actor):
        return False
    roles = roles_of(actor)
    return bool(roles.municipality_ids(Role.FOCAL_POINT) or roles.municipality_ids(Role.MEMBER)) or is_staff(actor)


def readable_levels(actor) -> set[str]:
    """The access levels `actor` may read once a resource is published and out of embargo."""
    if is_staff(actor):
        return {Access.PUBLIC, Access.MEMBERS, Access.STAFF}
    if is_member(actor):
        return {Access.PUBLIC, Access.MEMBERS}
    return {Access.PUBLIC}


def _today() -> datetime.date:
    return timezone.localdate()


def region_ids_of(resource: Resource) -> set[int]:
    """The regions a resource concerns: its own, its countries' and its municipalities'. Read through
    `.all()`, so that a resource whose relations were just set in memory (a form being saved: modelcluster
    keeps them until the save) is judged as it will be."""
    found = {region.pk for region in resource.regions.all()}
    found |= {country.region_id for country in resource.countries.all()}
    cities = [city.pk for city in resource.municipalities.all()]
    if cities:
        found |= set(Municipality.objects.filter(pk__in=cities).values_list("country__region_id", flat=True))
    return found - {None}


def can_edit(actor, resource: Resource) -> bool:
    """Change, publish, withdraw or delete a resource: the secretariat; a coordinator in their regions (as
    the resource is, or as it will be when its relations were changed in memory and not saved yet)."""
    regions = network.managed_region_ids(actor)
    if regions is network.EVERY_REGION:
        return True
    if regions and region_ids_of(resource) & regions:
        return True
    return False


def can_manage_work_streams(actor, *_record) -> bool:
    """Add, change and delete the network's work streams: the secretariat."""
    if network.manages_every_region(actor):
        return True
    return False


def can_add(actor) -> bool:
    """Start a resource at all (staff; the commands' system actor too, which is no signed-in person but
    manages every region); a focal point proposes a case study instead (`can_propose`)."""
    regions = network.managed_region_ids(actor)
    if regions is network.EVERY_REGION or regions:
        return True
    return False


def can_propose(actor, municipality) -> bool:
    """Propose a case study about `municipality`: its focal point."""
    if municipality is not None and municipality.pk in network.focal_point_city_ids(actor):
        return True
    return False


def is_proposer(actor, resource: Resource) -> bool:
    return _active(actor) and resource.proposed_by_id is not None and resource.proposed_by_id == actor.pk


def can_change_proposal(actor, resource: Resource) -> bool:
    """The proposer changes their case study while it is a draft or returned to them."""
    if is_proposer(actor, resource) and resource.status in AUTHOR_CAN_CHANGE:
        return True
    return False


def can_review(actor, resource: Resource) -> bool:
    """Publish a proposed case study or return it with a note: its editors, never its own proposer alone."""
    if resource.status == ResourceStatus.PROPOSED and can_edit(actor, resource):
        return True
    return False


def is_released(resource: Resource, today: datetime.date | None = None) -> bool:
    """Published and out of its embargo."""
    today = today or _today()
    return resource.status == ResourceStatus.PUBLISHED and (
        resource.embargo_until is None or resource.embargo_until <= today
    )


def can_view(actor, resource: Resource) -> bool:
    """Read a resource's page and download its files."""
    if resource.status == ResourceStatus.PUBLISHED:
        if is_staff(actor):
            return True
        if is_released(resource) and resource.access in readable_levels(actor):
            return True
    if is_proposer(actor, resource):
        return True
    if resource.pk and can_edit(actor, resource):
        return True
    return False


def can_download(actor, resource: Resource) -> bool:
    return can_view(actor, resource)


def scope_readable(queryset: QuerySet[Resource], actor) -> QuerySet[Resource]:
    """The published resources `actor` may read (the library, search, the API): what `can_view` allows
    through publication, never drafts, proposals or withdrawn ones (their editors see them in the admin)."""
    published = queryset.filter(status=ResourceStatus.PUBLISHED)
    if is_staff(actor):
        return published
    released = Q(embargo_until__isnull=True) | Q(embargo_until__lte=_today())
    return published.filter(released, access__in=readable_levels(actor))


def scope_public(queryset: QuerySet[Resource]) -> QuerySet[Resource]:
    """What anyone may read: published, public and out of embargo (the same for every visitor: cacheable)."""
    return scope_readable(queryset, None)


def scope_editable(queryset: QuerySet[Resource], actor) -> QuerySet[Resource]:
    """The resources `actor` may edit (the admin's list)."""
    regions = network.managed_region_ids(actor)
    if regions is network.EVERY_REGION:
        return queryset
    if not regions:
        return queryset.none()
    concerned = (
        Q(regions__in=regions) | Q(countries__region_id__in=regions) | Q(municipalities__country__region_id__in=regions)
    )
    return queryset.filter(pk__in=Resource.objects.filter(concerned).values("pk"))


def scope_review_queue(queryset: QuerySet[Resource], actor) -> QuerySet[Resource]:
    """Proposed case studies awaiting `actor`'s review."""
    return scope_editable(queryset, actor).filter(status=ResourceStatus.PROPOSED, kind=ResourceKind.CASE_STUDY)


def scope_proposals_of(queryset: QuerySet[Resource], actor) -> QuerySet[Resource]:
    """The case studies `actor` proposed, whatever their status."""
    if not _active(actor):
        return queryset.none()
    return queryset.filter(proposed_by=actor)

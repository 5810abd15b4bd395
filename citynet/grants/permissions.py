"""Who may do what with grants: each rule once, as a check on one record and as a queryset.

- A call is run by its region's staff: the secretariat and the region's coordinators
  (`citynet.network.permissions.can_manage_region`, the network's one rule of place).
- An application belongs to its organisation: the organisation's people draft, submit, withdraw and
  follow it; nobody else outside the call's staff sees it.
- A reviewer sees an application only through an assignment to it, and its content only after
  declaring no conflict of interest; never an unassigned or conflicted one.
- The public sees published calls and published awards, nothing else.

`can_<verb>(actor, obj)` list what they allow and end in `return False`; `scope_<things>(qs, actor)`
are the same rules as querysets. Views, the admin, the API, exports and services call these.
"""

from django.db.models import Q, QuerySet

from citynet.network import permissions as network

from .models import (
    Application,
    ApplicationStatus,
    Assignment,
    Call,
    CallStatus,
    Declaration,
    OrganisationMember,
    ReviewStatus,
)

# --- Calls ------------------------------------------------------------------------------------------


def can_manage_calls(actor) -> bool:
    """Run some calls at all: the secretariat and every regional coordinator."""
    region_ids = network.managed_region_ids(actor)
    if region_ids is network.EVERY_REGION:
        return True
    if region_ids:
        return True
    return False


def can_manage_call(actor, call: Call) -> bool:
    """Edit a call and run its screening, review and decisions: the staff of its region."""
    if call.region_id is not None and network.can_manage_region(actor, call.region):
        return True
    return False


def scope_managed_calls(queryset: QuerySet[Call], actor) -> QuerySet[Call]:
    region_ids = network.managed_region_ids(actor)
    if region_ids is network.EVERY_REGION:
        return queryset
    return queryset.filter(region_id__in=region_ids or [])


def can_see_call(actor, call: Call) -> bool:
    """A published call is public; a draft, its staff's only."""
    if call.status != CallStatus.DRAFT:
        return True
    if can_manage_call(actor, call):
        return True
    return False


def scope_public_calls(queryset: QuerySet[Call]) -> QuerySet[Call]:
    return queryset.exclude(status=CallStatus.DRAFT)


# --- Applicant organisations and their applications ----------------------------------------------------


def organisation_ids_of(actor) -> set[int]:
    """The applicant organisations `actor` belongs to (cached on the actor for the request)."""
    if not getattr(actor, "is_authenticated", False) or not actor.is_active:
        return set()
    cached = getattr(actor, "_citynet_applicant_organisations", None)
    if cached is None:
        cached = set(OrganisationMember.objects.filter(user=actor).values_list("organisation_id", flat=True))
        actor._citynet_applicant_organisations = cached
    return cached


def can_edit_organisation(actor, organisation) -> bool:
    """An organisation's profile: its managers; a new profile, anyone signed in (who becomes its manager)."""
    if organisation.pk is None and getattr(actor, "is_authenticated", False) and actor.is_active:
        return True
    if (
        organisation.pk is not None
        and OrganisationMember.objects.filter(organisation=organisation, user=actor, is_manager=True).exists()
    ):
        return True
    return False


def is_applicant_of(actor, application: Application) -> bool:
    """`actor` is one of the people of the organisation that applies."""
    if application.organisation_id in organisation_ids_of(actor):
        return True
    return False


def can_edit_application(actor, application: Application) -> bool:
    """Draft, submit, withdraw: the applying organisation's people (the deadline is the services' rule)."""
    if is_applicant_of(actor, application):
        return True
    return False


def can_view_application(actor, application: Application) -> bool:
    """Read an application in full: its organisation, the call's staff, and reviewers who may review it."""
    if is_applicant_of(actor, application):
        return True
    if can_manage_call(actor, application.call):
        return True
    if may_review_application(actor, application):
        return True
    return False


def scope_own_applications(queryset: QuerySet[Application], actor) -> QuerySet[Application]:
    return queryset.filter(organisation_id__in=organisation_ids_of(actor))


def scope_managed_applications(queryset: QuerySet[Application], actor) -> QuerySet[Application]:
    """The applications of the calls `actor` runs; drafts stay the applicant's own business."""
    region_ids = network.managed_region_ids(actor)
    queryset = queryset.exclude(status=ApplicationStatus.DRAFT)
    if region_ids is network.EVERY_REGION:
        return queryset
    return queryset.filter(call__region_id__in=region_ids or [])


def scope_visible_applications(queryset: QuerySet[Application], actor) -> QuerySet[Application]:
    """Every application `actor` may read: their own, those they run, those they may review."""
    return (
        scope_own_applications(queryset, actor)
        | scope_managed_applications(queryset, actor)
        | queryset.filter(pk__in=scope_reviewable_applications(actor))
    ).distinct()


# --- Review ------------------------------------------------------------------------------------------


def can_declare(actor, assignment: Assignment) -> bool:
    """Declare a conflict of interest, or none: the assigned reviewer, before the review is submitted."""
    if assignment.reviewer_id == getattr(actor, "pk", None) and actor.is_active:
        return True
    return False


def may_review_application(actor, application: Application) -> bool:
    """Assigned to `application`, declared no conflict, and the application is still submitted."""
    if application.status != ApplicationStatus.SUBMITTED or not getattr(actor, "is_authenticated", False):
        return False
    if Assignment.objects.filter(application=application, reviewer=actor, declaration=Declaration.NO_CONFLICT).exists():
        return True
    return False


def can_review(actor, assignment: Assignment) -> bool:
    """Score and submit: the assigned reviewer, once they declared no conflict, while the application stands."""
    if (
        can_declare(actor, assignment)
        and assignment.declaration == Declaration.NO_CONFLICT
        and assignment.application.status == ApplicationStatus.SUBMITTED
    ):
        return True
    return False


def scope_reviewable_applications(actor) -> QuerySet:
    """The ids of applications `actor` may read as a reviewer (a subquery)."""
    if not getattr(actor, "is_authenticated", False) or not actor.is_active:
        return Assignment.objects.none().values("application_id")
    return Assignment.objects.filter(
        reviewer=actor, declaration=Declaration.NO_CONFLICT, application__status=ApplicationStatus.SUBMITTED
    ).values("application_id")


def scope_own_assignments(queryset: QuerySet[Assignment], actor) -> QuerySet[Assignment]:
    """A reviewer's queue: their assignments, never anyone else's."""
    if not getattr(actor, "is_authenticated", False) or not actor.is_active:
        return queryset.none()
    return queryset.filter(reviewer=actor)


def can_see_all_scores(actor, application: Application) -> bool:
    """Every reviewer's scores of an application: its staff always; a reviewer after submitting their
    own, where the call allows it; never before."""
    if can_manage_call(actor, application.call):
        return True
    if not application.call.reviewers_see_others_after_submitting:
        return False
    if Assignment.objects.filter(
        application=application,
        reviewer=actor,
        declaration=Declaration.NO_CONFLICT,
        review__status=ReviewStatus.SUBMITTED,
    ).exists():
        return True
    return False


def sees_applicant_identity(actor, application: Application) -> bool:
    """Blind review hides who applied from reviewers; the applicant and staff always know."""
    if not application.call.blind_review:
        return True
    if is_applicant_of(actor, application) or can_manage_call(actor, application.call):
        return True
    return False


# --- Grantees ----------------------------------------------------------------------------------------


def can_report_on(actor, grant) -> bool:
    """Upload the reports a grant owes: the people of the organisation that holds it."""
    if is_applicant_of(actor, grant.application):
        return True
    return False


def can_manage_grant(actor, grant) -> bool:
    """Set up a grant, record payments, approve or return reports: the staff of the call's region."""
    if can_manage_call(actor, grant.application.call):
        return True
    return False


def can_view_grant(actor, grant) -> bool:
    if can_report_on(actor, grant) or can_manage_grant(actor, grant):
        return True
    return False


def scope_visible_grants(queryset, actor):
    """The grants `actor` may open: their organisation's, and those of the calls they run."""
    region_ids = network.managed_region_ids(actor)
    if region_ids is network.EVERY_REGION:
        return queryset
    return queryset.filter(
        Q(application__organisation_id__in=organisation_ids_of(actor))
        | Q(application__call__region_id__in=region_ids or [])
    )

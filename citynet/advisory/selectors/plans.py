"""Reads of local action plans and their follow-up: one plan with everything it says, the plans an actor
sees, overdue actions, the staff's review queue, and the little the public may see of a plan.

Confidential reads are scoped through permissions.scope_visible (the region's staff, the city's own
focal point) or scope_staff; the public read through permissions.scope_public_plans. Every read has its
joins done, so it costs the same few queries whatever the size of the plan or the number of plans.
"""

import datetime
from dataclasses import dataclass

from django.db.models import Count, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.utils import timezone

from .. import permissions
from ..models import OPEN_ACTION, Action, ActionStatus, Plan, PlanStatus, ProgressUpdate, ReviewState


def is_overdue(action: Action, on: datetime.date | None = None) -> bool:
    """Still open (not done or dropped) on an adopted plan, and past its due date."""
    on = on or timezone.localdate()
    return action.plan.status == PlanStatus.ADOPTED and action.status in OPEN_ACTION and action.due_on < on


def _last_accepted_updates() -> QuerySet[ProgressUpdate]:
    """Each action's last accepted update (by its "as of" date, then the latest made), one per action."""
    last = (
        ProgressUpdate.objects.filter(action=OuterRef("action"), review=ReviewState.ACCEPTED)
        .order_by("-reported_on", "-pk")
        .values("pk")[:1]
    )
    return ProgressUpdate.objects.filter(pk=Subquery(last)).select_related("reported_by", "reviewed_by")


def plan_for(actor, pk) -> Plan | None:
    """One plan as `actor` may see it (the region's staff, the city's focal point), else None (a 404).

    The plan comes with `goal_list` and `action_list`; each action with its owner, goal, indicators,
    areas, events and awards, `last_accepted` (its last accepted update, or None) and `is_overdue`.
    A fixed number of queries, whatever the plan's size.
    """
    actions = (
        Action.objects.select_related("owner_organisation", "goal")
        .prefetch_related(
            "indicators",
            "areas",
            "events",
            "awards",
            Prefetch("updates", queryset=_last_accepted_updates(), to_attr="accepted_updates"),
        )
        .order_by("sort_order", "due_on", "pk")
    )
    plan = (
        permissions.scope_visible(Plan.objects.all(), actor)
        .select_related("municipality__country", "engagement", "baseline__framework")
        .prefetch_related(
            Prefetch("goals", to_attr="goal_list"),
            Prefetch("actions", queryset=actions, to_attr="action_list"),
        )
        .filter(pk=pk)
        .first()
    )
    if plan is None:
        return None
    today = timezone.localdate()
    for action in plan.action_list:
        action.plan = plan  # already loaded: reading action.plan costs no query
        action.last_accepted = action.accepted_updates[0] if action.accepted_updates else None
        action.is_overdue = is_overdue(action, today)
    return plan


def plans_for(
    actor, *, municipality=None, region=None, status: str | None = None, on: datetime.date | None = None
) -> QuerySet[Plan]:
    """The plans `actor` sees, newest first within each city, with how many actions each has, how many are
    done and how many overdue (`action_count`, `done_count`, `overdue_count`). One query."""
    on = on or timezone.localdate()
    plans = permissions.scope_visible(Plan.objects.all(), actor).select_related("municipality__country")
    if municipality is not None:
        plans = plans.filter(municipality=municipality)
    if region is not None:
        plans = plans.filter(municipality__country__region=region)
    if status:
        plans = plans.filter(status=status)
    return plans.annotate(
        action_count=Count("actions", distinct=True),
        done_count=Count("actions", filter=Q(actions__status=ActionStatus.DONE), distinct=True),
        overdue_count=Count(
            "actions",
            filter=Q(status=PlanStatus.ADOPTED, actions__status__in=OPEN_ACTION, actions__due_on__lt=on),
            distinct=True,
        ),
    ).order_by("municipality__name_en", "-starts_on", "pk")


def overdue_actions(actor, on: datetime.date | None = None) -> QuerySet[Action]:
    """The open actions past their due date on `on` (today), of the adopted plans `actor` sees, the
    longest overdue first. One query."""
    on = on or timezone.localdate()
    return (
        permissions.scope_visible(Action.objects.all(), actor)
        .filter(plan__status=PlanStatus.ADOPTED, status__in=OPEN_ACTION, due_on__lt=on)
        .select_related("plan__municipality__country", "owner_organisation")
        .order_by("due_on", "pk")
    )


def review_queue(actor) -> QuerySet[ProgressUpdate]:
    """The progress updates awaiting review in the regions `actor` runs (none for a focal point), the
    oldest first. One query."""
    return (
        permissions.scope_staff(ProgressUpdate.objects.filter(review=ReviewState.PENDING), actor)
        .select_related("action__plan__municipality__country", "reported_by")
        .order_by("created_at", "pk")
    )


# --- The public -----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class PublicAction:
    title: str
    status: str
    status_label: str
    percent: int


@dataclass(frozen=True)
class PublicPlan:
    """All the public may know of a plan: its title, its public summary, and its actions' progress."""

    title: str
    public_summary: str
    actions: list[PublicAction]


def public_plan(municipality_id) -> PublicPlan | None:
    """The city's plan as the hub shows it, where the city agreed to share it and it was adopted (the
    latest such plan), else None. Nothing confidential is read into it: no owners, budgets, dates,
    indicators or updates. Two queries."""
    plan = (
        permissions.scope_public_plans(Plan.objects.filter(municipality_id=municipality_id))
        .order_by("-starts_on", "-pk")
        .first()
    )
    if plan is None or not permissions.is_plan_public(plan):
        return None
    actions = Action.objects.filter(plan=plan).order_by("sort_order", "due_on", "pk")
    return PublicPlan(
        title=plan.title,
        public_summary=plan.public_summary or "",
        actions=[
            PublicAction(
                title=action.title,
                status=action.status,
                status_label=str(action.get_status_display()),
                percent=action.percent,
            )
            for action in actions
        ],
    )

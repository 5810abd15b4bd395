"""Writes to local action plans and their follow-up: the plan with its goals, actions and indicators;
adopting it (a frozen snapshot of what was agreed) and closing it; progress reported by the city's focal
point and reviewed by staff.

Every write goes through `citynet.core.records.save` (permission, row lock, version check, validation,
one audit entry, one transaction). Staff of the plan's region write plans (permissions.can_manage);
the city's focal point (or staff) report progress on an adopted plan; staff review it. Emails go out as
background tasks once the write has committed, each in its recipient's language (tasks/reminders.py).
"""

import datetime

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from modeltranslation.utils import build_localized_fieldname

from citynet.core import records
from citynet.core.exceptions import Conflict, InvalidInput, InvalidTransition
from citynet.core.permissions import ensure_can
from citynet.core.records import editable_fields

from .. import permissions
from ..models import (
    Action,
    ActionStatus,
    CapacityArea,
    Goal,
    Indicator,
    Plan,
    PlanStatus,
    PlanVersion,
    ProgressUpdate,
    ReviewState,
)

__all__ = [
    "save_plan",
    "save_goal",
    "save_action",
    "save_indicator",
    "adopt_plan",
    "close_plan",
    "report_progress",
    "review_progress",
    "plan_snapshot",
]

LANGUAGE_CODES = [code for code, _name in settings.LANGUAGES]
# The same values reported twice by the same person within this time are one report (a double submit).
DOUBLE_SUBMIT = datetime.timedelta(minutes=1)


# Status and number are written by their own actions (adopt_plan, close_plan), never by the plan's form.
PLAN_FIELDS = editable_fields(Plan, leave_out={"status"})
GOAL_FIELDS = editable_fields(Goal, leave_out={"plan"})
# An action's status and percent are those of its last accepted progress update (review_progress).
ACTION_RELATIONS = ("areas", "events", "awards")
ACTION_FIELDS = [*editable_fields(Action, leave_out={"plan", "status", "percent"}), *ACTION_RELATIONS]
INDICATOR_FIELDS = editable_fields(Indicator, leave_out={"action"})
UPDATE_FIELDS = ["action", "status", "percent", "evidence", "reported_on", "reported_by"]
REVIEW_FIELDS = ["review", "reviewed_by", "reviewed_at", "review_note"]


def _not_closed(plan: Plan) -> None:
    if plan.status == PlanStatus.CLOSED:
        raise InvalidTransition(_("This plan is closed: it can no longer be changed."))


# --- The plan and its parts ----------------------------------------------------------------------------


def _check_plan(plan: Plan, values: dict) -> None:
    starts_on, ends_on = records.value_after(values, plan, "starts_on"), records.value_after(values, plan, "ends_on")
    if starts_on and ends_on and ends_on < starts_on:
        raise InvalidInput.at("ends_on", _("The plan's period cannot end before it starts."))
    city_id = values["municipality"].pk if values.get("municipality") else plan.municipality_id
    baseline = records.value_after(values, plan, "baseline")
    if baseline is not None and baseline.municipality_id != city_id:
        raise InvalidInput.at("baseline", _("This assessment is of another municipality."))
    engagement = records.value_after(values, plan, "engagement")
    if engagement is not None and not engagement.municipalities.filter(pk=city_id).exists():
        raise InvalidInput.at("engagement", _("This engagement does not include the plan's municipality."))


@transaction.atomic
def save_plan(*, actor, instance: Plan | None = None, values: dict, version: int | None = None) -> Plan:
    """Create or change a plan: the staff of its region (before and after the change). A closed plan
    stays as it was. An adopted plan may change; what was agreed stays in its PlanVersion, and adopting
    it again makes a new version."""
    plan = instance or Plan()
    if plan.pk is not None:
        plan = Plan.objects.select_for_update().get(pk=plan.pk)
        ensure_can(permissions.can_manage, actor, plan)
        if version is not None and plan.version != version:
            raise Conflict()
        _not_closed(plan)
    elif values.get("municipality") is not None:
        # Refuse a stranger before telling them anything about the plan's rules.
        ensure_can(permissions.can_manage, actor, Plan(municipality=values["municipality"]))
    _check_plan(plan, values)
    return records.save(
        actor=actor,
        instance=plan,
        values=values,
        fields=PLAN_FIELDS,
        may=permissions.can_manage,
        expected_version=version,
    )


def _may_manage_part_of(plan_of):
    """A part of a plan (goal, action, indicator) is changed by the staff who manage the plan."""

    def may(actor, record) -> bool:
        return permissions.can_manage(actor, plan_of(record))

    return may


@transaction.atomic
def save_goal(*, actor, plan: Plan | None = None, instance: Goal | None = None, values: dict) -> Goal:
    """Create a goal of `plan` or change `instance`: the plan's staff, while the plan is not closed."""
    goal = instance or Goal(plan=plan)
    may = _may_manage_part_of(lambda goal: goal.plan)
    ensure_can(may, actor, goal)
    _not_closed(goal.plan)
    return records.save(actor=actor, instance=goal, values=values, fields=GOAL_FIELDS, may=may)


def _current_relation(action: Action, name: str, values: dict) -> list:
    if name in values:
        return list(values[name] or [])
    return list(getattr(action, name).all()) if action.pk else []


def _check_action(action: Action, values: dict) -> None:
    """Owners, dates, goal and areas, checked before anything is written (so nothing is half-saved)."""
    plan = action.plan
    department = (records.value_after(values, action, "owner_department") or "").strip()
    if not department and records.value_after(values, action, "owner_organisation") is None:
        raise InvalidInput.at(
            "owner_department", _("Name who owns the action: a municipal department or a partner organisation.")
        )
    starts_on, due_on = records.value_after(values, action, "starts_on"), records.value_after(values, action, "due_on")
    if due_on is None:
        raise InvalidInput.at("due_on", _("Give the date the action is due."))
    if starts_on is not None and due_on < starts_on:
        raise InvalidInput.at("due_on", _("The action cannot be due before it starts."))
    if due_on < plan.starts_on:
        raise InvalidInput.at("due_on", _("The action cannot be due before the plan's period starts."))
    goal = records.value_after(values, action, "goal")
    if goal is not None and goal.plan_id != plan.pk:
        raise InvalidInput.at("goal", _("This goal belongs to another plan."))
    areas = _current_relation(action, "areas", values)
    if any(not isinstance(area, CapacityArea) for area in areas):
        raise InvalidInput.at("areas", _("Choose capacity areas."))
    frameworks = {area.framework_id for area in areas}
    if len(frameworks) > 1:
        raise InvalidInput.at("areas", _("The areas addressed must all come from one assessment framework."))
    if plan.baseline_id and frameworks and frameworks != {plan.baseline.framework_id}:
        raise InvalidInput.at("areas", _("The areas addressed must come from the framework of the plan's assessment."))


def _action_snapshot(action: Action) -> dict:
    return {name: sorted(str(item.pk) for item in getattr(action, name).all()) for name in ACTION_RELATIONS}


@transaction.atomic
def save_action(*, actor, plan: Plan | None = None, instance: Action | None = None, values: dict) -> Action:
    """Create an action of `plan` or change `instance`: the plan's staff, while the plan is not closed.

    An action has an owner (a municipal department, a partner organisation, or both), is due on or after
    its start (and not before the plan's period starts), may belong to one of the plan's goals, addresses
    capacity areas of one framework (the plan's assessment's, where it has one) and may link the events
    and grant awards that support it (`areas`, `events`, `awards`: lists of records).
    """
    action = instance or Action(plan=plan)
    if action.pk is not None:
        action = Action.objects.select_related("plan__baseline").get(pk=action.pk)
    may = _may_manage_part_of(lambda action: action.plan)
    # Refuse a stranger before telling them anything about the plan's rules.
    ensure_can(may, actor, action)
    _not_closed(action.plan)
    _check_action(action, values)
    return records.save(
        actor=actor, instance=action, values=values, fields=ACTION_FIELDS, may=may, extra_snapshot=_action_snapshot
    )


@transaction.atomic
def save_indicator(
    *, actor, action: Action | None = None, instance: Indicator | None = None, values: dict
) -> Indicator:
    """Create an indicator of `action` (a baseline and a target, in a unit) or change `instance`."""
    indicator = instance or Indicator(action=action)
    may = _may_manage_part_of(lambda indicator: indicator.action.plan)
    ensure_can(may, actor, indicator)
    _not_closed(indicator.action.plan)
    return records.save(actor=actor, instance=indicator, values=values, fields=INDICATOR_FIELDS, may=may)


# --- Adopting and closing ---------------------------------------------------------------------------------


def _texts(record, name: str) -> dict:
    """A translated text in every language it has: {"en": "...", "sq": "..."}."""
    texts = {}
    for code in LANGUAGE_CODES:
        text = getattr(record, build_localized_fieldname(name, code), None)
        if text:
            texts[code] = text
    return texts


def _str(value) -> str | None:
    return None if value is None else str(value)


def plan_snapshot(plan: Plan) -> dict:
    """What is agreed when a plan is adopted: its period, budget, goals, actions with their owners, dates,
    budgets and links, and indicators, with every text in every language it has. An action's status and
    percent are follow-up, not agreement, and stay out. A fixed number of queries."""
    goals = list(Goal.objects.filter(plan=plan).order_by("sort_order", "pk"))
    actions = list(
        Action.objects.filter(plan=plan)
        .select_related("owner_organisation")
        .prefetch_related("indicators", "areas", "events", "awards")
        .order_by("sort_order", "due_on", "pk")
    )
    return {
        "title": _texts(plan, "title"),
        "public_summary": _texts(plan, "public_summary"),
        "municipality_id": plan.municipality_id,
        "language": plan.language,
        "starts_on": plan.starts_on.isoformat(),
        "ends_on": plan.ends_on.isoformat(),
        "budget": _str(plan.budget),
        "currency": plan.currency,
        "funding_sources": plan.funding_sources,
        "goals": [{"id": goal.pk, "text": _texts(goal, "text")} for goal in goals],
        "actions": [
            {
                "id": action.pk,
                "goal_id": action.goal_id,
                "title": _texts(action, "title"),
                "owner_department": action.owner_department,
                "owner_organisation": (
                    {"id": action.owner_organisation.pk, "name": _texts(action.owner_organisation, "name")}
                    if action.owner_organisation
                    else None
                ),
                "starts_on": _str(action.starts_on),
                "due_on": action.due_on.isoformat(),
                "budget": _str(action.budget),
                "funding_source": action.funding_source,
                "areas": sorted(area.code for area in action.areas.all()),
                "events": sorted(event.pk for event in action.events.all()),
                "awards": sorted(award.pk for award in action.awards.all()),
                "indicators": [
                    {
                        "name": _texts(indicator, "name"),
                        "unit": indicator.unit,
                        "baseline": _str(indicator.baseline),
                        "target": _str(indicator.target),
                    }
                    for indicator in action.indicators.all()
                ],
            }
            for action in actions
        ],
    }


@transaction.atomic
def adopt_plan(*, actor, plan: Plan, version: int | None = None) -> Plan:
    """Adopt a plan: its staff. Its status becomes adopted and what it says is kept as a PlanVersion, which
    later edits never touch. Adopting it again after changes makes the next version (`number` + 1);
    adopting it again unchanged is a no-op. A closed plan, or one without actions, is refused."""
    plan = Plan.objects.select_for_update().get(pk=plan.pk)
    ensure_can(permissions.can_manage, actor, plan)
    if version is not None and plan.version != version:
        raise Conflict()
    _not_closed(plan)
    if not Action.objects.filter(plan=plan).exists():
        raise InvalidTransition(_("Add at least one action before adopting the plan."))
    snapshot = plan_snapshot(plan)
    last = PlanVersion.objects.filter(plan=plan).order_by("-number").first()
    if last is not None and last.snapshot == snapshot:
        if plan.status == PlanStatus.ADOPTED:
            return plan  # adopted as it stands already
        number = last.number
    else:
        number = plan.number if last is None else last.number + 1
        PlanVersion.objects.create(plan=plan, number=number, snapshot=snapshot, created_by=_user(actor))
    return records.save(
        actor=actor,
        instance=plan,
        values={"status": PlanStatus.ADOPTED, "number": number},
        fields=["status", "number"],
        may=permissions.can_manage,
        extra_snapshot=lambda plan: {"number": plan.number},
    )


@transaction.atomic
def close_plan(*, actor, plan: Plan, version: int | None = None) -> Plan:
    """Close an adopted plan at the end of its work: its staff. It can no longer change, and no more
    progress is reported on it; closing twice is a no-op. A draft is never closed (it was never agreed)."""
    plan = Plan.objects.select_for_update().get(pk=plan.pk)
    ensure_can(permissions.can_manage, actor, plan)
    if plan.status == PlanStatus.CLOSED:
        return plan
    if plan.status != PlanStatus.ADOPTED:
        raise InvalidTransition(_("Only an adopted plan can be closed."))
    return records.save(
        actor=actor,
        instance=plan,
        values={"status": PlanStatus.CLOSED},
        fields=["status"],
        may=permissions.can_manage,
        expected_version=version,
    )


def _user(actor):
    return actor if getattr(actor, "is_authenticated", False) else None


# --- Progress and its review ------------------------------------------------------------------------------


def _checked_progress(status: str, percent) -> int:
    if status not in ActionStatus.values:
        raise InvalidInput.at("status", _("Choose one of the statuses offered."))
    try:
        percent = int(percent)
    except (TypeError, ValueError):
        raise InvalidInput.at("percent", _("Give the percent done as a whole number from 0 to 100.")) from None
    if not 0 <= percent <= 100:
        raise InvalidInput.at("percent", _("Give the percent done as a whole number from 0 to 100."))
    if status == ActionStatus.DONE and percent != 100:
        # xgettext:no-python-format
        raise InvalidInput.at("percent", _("An action that is done is 100 % done."))
    return percent


@transaction.atomic
def report_progress(
    *, actor, action: Action, status: str, percent, evidence: str, reported_on: datetime.date
) -> ProgressUpdate:
    """Report an action's progress: the city's focal point or the region's staff, on an adopted plan.

    The update waits for staff review; the action changes only once they accept it. The same values sent
    twice by the same person within a minute (a double submit) return the first update. When a focal
    point reports, the region's staff are told by email.
    """
    action = (
        Action.objects.select_for_update(of=("self",)).select_related("plan__municipality__country").get(pk=action.pk)
    )
    ensure_can(permissions.can_report_progress, actor, action)
    percent = _checked_progress(status, percent)
    if reported_on is None:
        raise InvalidInput.at("reported_on", _("Give the date the progress is reported as of."))
    evidence = (evidence or "").strip()
    earlier = ProgressUpdate.objects.filter(
        action=action,
        reported_by=actor,
        status=status,
        percent=percent,
        evidence=evidence,
        reported_on=reported_on,
        created_at__gte=timezone.now() - DOUBLE_SUBMIT,
    ).first()
    if earlier is not None:
        return earlier
    update = records.save(
        actor=actor,
        instance=ProgressUpdate(),
        values={
            "action": action,
            "status": status,
            "percent": percent,
            "evidence": evidence,
            "reported_on": reported_on,
            "reported_by": actor,
        },
        fields=UPDATE_FIELDS,
        may=lambda actor, update: permissions.can_report_progress(actor, update.action),
    )
    if permissions.is_city_focal_point(actor, action) and not permissions.is_region_staff(actor, action):
        from ..tasks.reminders import progress_reported

        transaction.on_commit(lambda: progress_reported.enqueue(update_id=update.pk))
    return update


@transaction.atomic
def review_progress(*, actor, update: ProgressUpdate, accept: bool, note: str = "") -> ProgressUpdate:
    """Accept an update (the action takes its status and percent) or return it for changes (with a note
    saying what to change): the region's staff. An update is reviewed once. The city's focal points are
    told by email.

    An accepted update older than one accepted before it (by its "as of" date) is kept, but does not
    move the action back."""
    update = ProgressUpdate.objects.select_for_update(of=("self",)).select_related("action__plan").get(pk=update.pk)
    ensure_can(permissions.can_review_progress, actor, update)
    if update.review != ReviewState.PENDING:
        raise InvalidTransition(
            _("This update was already reviewed: %(state)s.") % {"state": update.get_review_display()}
        )
    note = (note or "").strip()
    if not accept and not note:
        raise InvalidInput.at("review_note", _("Say what should change when returning an update."))
    update = records.save(
        actor=actor,
        instance=update,
        values={
            "review": ReviewState.ACCEPTED if accept else ReviewState.RETURNED,
            "reviewed_by": actor,
            "reviewed_at": timezone.now(),
            "review_note": note,
        },
        fields=REVIEW_FIELDS,
        may=permissions.can_review_progress,
    )
    if accept:
        newer = (
            ProgressUpdate.objects.filter(
                action_id=update.action_id, review=ReviewState.ACCEPTED, reported_on__gt=update.reported_on
            )
            .exclude(pk=update.pk)
            .exists()
        )
        if not newer:
            records.save(
                actor=actor,
                instance=update.action,
                values={"status": update.status, "percent": update.percent},
                fields=["status", "percent"],
                may=permissions.can_manage,
            )
    from ..tasks.reminders import progress_reviewed

    transaction.on_commit(lambda: progress_reviewed.enqueue(update_id=update.pk, reviewer_id=actor.pk))
    return update

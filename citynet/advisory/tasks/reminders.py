"""The follow-up of local action plans by email, as background tasks (django-tasks):

- `send_reminders` (`manage.py advisory_reminders`, daily): the city's focal points hear of their open
  actions due within 14 days and of those overdue, once per due date (`Action.reminded_for`): running
  it twice sends nothing more, and an action whose due date moves is reminded of again;
- `progress_reported`: the region's staff hear that a focal point reported progress to review;
- `progress_reviewed`: the city's focal points hear that staff accepted an update, or returned it with
  a note.

Services enqueue the tasks once their write has committed. A task gets ids (JSON-safe), reads what it
needs, and writes each recipient's email in that person's own language (`User.preferred_language`);
the plan's texts follow that language where they have it (English otherwise).
"""

import datetime
from collections import defaultdict

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import F
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django_tasks import task

from citynet.accounts.models import Role, RoleAssignment
from citynet.core.mail import site_url

from ..models import OPEN_ACTION, Action, PlanStatus, ProgressUpdate

REMINDER_DAYS = 14


# --- Recipients ------------------------------------------------------------------------------------------


def focal_points_of(municipality_id: int) -> list:
    """The city's focal points with an active account, each once."""
    assignments = RoleAssignment.objects.filter(
        role=Role.FOCAL_POINT, municipality_id=municipality_id, user__is_active=True
    ).select_related("user")
    return list({a.user.pk: a.user for a in assignments}.values())


def staff_of(region_id: int) -> list:
    """The region's coordinators; where the region has none, the secretariat, so that a report never
    waits unseen."""
    assignments = RoleAssignment.objects.filter(
        role=Role.REGIONAL_COORDINATOR, region_id=region_id, user__is_active=True
    ).select_related("user")
    people = {a.user.pk: a.user for a in assignments}
    if not people:
        assignments = RoleAssignment.objects.filter(role=Role.SECRETARIAT, user__is_active=True).select_related("user")
        people = {a.user.pk: a.user for a in assignments}
    return list(people.values())


def send_each(recipients, template: str, context: dict, links=None) -> int:
    """Mail `template` (its _subject.txt and .txt) to each recipient, in their language; `links()` gives the
    email's links, made in that language. Returns how many."""
    sent = 0
    for user in recipients:
        if not user.email:
            continue
        with translation.override(user.preferred_language or settings.LANGUAGE_CODE):
            data = {**context, **(links() if links else {}), "recipient": user}
            subject = render_to_string(f"{template}_subject.txt", data).strip()
            body = render_to_string(f"{template}.txt", data)
        EmailMessage(subject, body, None, [user.email]).send()
        sent += 1
    return sent


# --- Progress and its review -------------------------------------------------------------------------------


def _update(update_id: int) -> ProgressUpdate | None:
    return (
        ProgressUpdate.objects.select_related("action__plan__municipality__country", "reported_by", "reviewed_by")
        .filter(pk=update_id)
        .first()
    )


def _context(update: ProgressUpdate) -> dict:
    return {"update": update, "action": update.action, "plan": update.action.plan}


@task()
def progress_reported(*, update_id: int) -> int:
    """Tell the region's staff that a focal point reported progress that waits for their review (not
    once it was reviewed already). Returns the number of emails sent."""
    update = _update(update_id)
    if update is None or update.review != "pending":
        return 0
    region_id = update.action.plan.municipality.country.region_id
    recipients = [user for user in staff_of(region_id) if user.pk != update.reported_by_id]
    return send_each(
        recipients,
        "advisory/email/progress_reported",
        _context(update),
        links=lambda: {"url": site_url("advisory_progress:index")},
    )


@task()
def progress_reviewed(*, update_id: int, reviewer_id: int | None = None) -> int:
    """Tell the city's focal points that staff accepted an update, or returned it with a note (the
    reviewer is never told of their own review). Returns the number of emails sent."""
    update = _update(update_id)
    if update is None or update.review == "pending":
        return 0
    recipients = [user for user in focal_points_of(update.action.plan.municipality_id) if user.pk != (reviewer_id or 0)]
    plan = update.action.plan
    return send_each(
        recipients,
        "advisory/email/progress_reviewed",
        _context(update),
        links=lambda: {"url": site_url("advisory:city-plan", plan.municipality.slug, plan.pk)},
    )


# --- Reminders before and after due dates ------------------------------------------------------------------


@task()
def remind_focal_points(*, action_ids: list[int], today: str | None = None) -> int:
    """Mail the city's focal points one email listing their actions due soon and those overdue (all of
    `action_ids` are of one city). Actions done or dropped since are left out. Returns how many emails."""
    today = datetime.date.fromisoformat(today) if today else timezone.localdate()
    actions = list(
        Action.objects.filter(pk__in=action_ids, status__in=OPEN_ACTION)
        .select_related("plan__municipality")
        .order_by("due_on", "pk")
    )
    if not actions:
        return 0
    context = {
        "municipality": actions[0].plan.municipality,
        "overdue": [action for action in actions if action.due_on < today],
        "due_soon": [action for action in actions if action.due_on >= today],
        "today": today,
    }
    municipality = actions[0].plan.municipality
    return send_each(
        focal_points_of(municipality.pk),
        "advisory/email/reminder",
        context,
        links=lambda: {"url": site_url("advisory:city", municipality.slug)},
    )


@transaction.atomic
def send_reminders(*, today: datetime.date | None = None, days_before: int = REMINDER_DAYS) -> int:
    """Queue reminders of the open actions of adopted plans that are due within `days_before` days or
    overdue and were not reminded of for their current due date: one email per city's focal point,
    once this commits. Returns how many actions."""
    today = today or timezone.localdate()
    due = list(
        Action.objects.select_for_update(of=("self",))
        .filter(
            plan__status=PlanStatus.ADOPTED,
            status__in=OPEN_ACTION,
            due_on__lte=today + datetime.timedelta(days=days_before),
        )
        .exclude(reminded_for=F("due_on"))
        .values_list("pk", "plan__municipality_id")
    )
    Action.objects.filter(pk__in=[pk for pk, _city in due]).update(reminded_for=F("due_on"))
    by_city = defaultdict(list)
    for pk, city_id in due:
        by_city[city_id].append(pk)
    for action_ids in by_city.values():
        transaction.on_commit(
            lambda ids=action_ids: remind_focal_points.enqueue(action_ids=ids, today=today.isoformat())
        )
    return len(due)

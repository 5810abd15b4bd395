"""Reminders of a plan's actions: the city's focal points hear of what is due within two weeks and of what
is overdue, once per due date, in their own language; nobody else hears of it."""

import io

import pytest
from django.core import mail
from django.core.management import call_command

from citynet.accounts.tests.factories import coordinator, focal_point
from citynet.advisory.models import Action, ActionStatus, PlanStatus
from citynet.advisory.tasks import reminders
from citynet.advisory.tests import factories as advisory
from citynet.advisory.tests.factories import in_days
from citynet.network.tests.factories import CountryFactory, MunicipalityFactory, RegionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def city():
    region = RegionFactory(slug="here")
    return MunicipalityFactory(country=CountryFactory(code="MK", region=region), name_en="Synthetic city")


@pytest.fixture
def plan(city):
    return advisory.PlanFactory(municipality=city, status=PlanStatus.ADOPTED)


def test_focal_points_are_reminded_once_of_actions_due_soon_and_overdue(city, plan, django_capture_on_commit_callbacks):
    person = focal_point(city)
    coordinator(city.country.region)  # staff are not reminded
    focal_point(MunicipalityFactory(country=city.country))  # nor another city's focal point
    soon = advisory.ActionFactory(plan=plan, title_en="Synthetic action due soon", due_on=in_days(10))
    late = advisory.ActionFactory(plan=plan, title_en="Synthetic overdue action", due_on=in_days(-3))
    advisory.ActionFactory(plan=plan, title_en="Synthetic later action", due_on=in_days(30))
    advisory.ActionFactory(plan=plan, title_en="Synthetic done action", due_on=in_days(-3), status=ActionStatus.DONE)
    draft = advisory.PlanFactory(municipality=city, status=PlanStatus.DRAFT)
    advisory.ActionFactory(plan=draft, title_en="Synthetic draft action", due_on=in_days(2))

    out = io.StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("advisory_reminders", stdout=out)
    assert "2 action(s)" in out.getvalue()
    [message] = mail.outbox
    assert message.to == [person.email]
    assert "Synthetic action due soon" in message.body and "Synthetic overdue action" in message.body
    for other in ("Synthetic later action", "Synthetic done action", "Synthetic draft action"):
        assert other not in message.body
    assert message.body.index("Synthetic overdue action") < message.body.index("Synthetic action due soon")
    assert "Overdue" in message.subject
    assert set(Action.objects.filter(reminded_for__isnull=False).values_list("pk", flat=True)) == {soon.pk, late.pk}

    # Running it again sends nothing more.
    with django_capture_on_commit_callbacks(execute=True):
        assert reminders.send_reminders() == 0
    assert len(mail.outbox) == 1


def test_a_moved_due_date_is_reminded_of_again(city, plan, django_capture_on_commit_callbacks):
    focal_point(city)
    action = advisory.ActionFactory(plan=plan, due_on=in_days(5))
    with django_capture_on_commit_callbacks(execute=True):
        assert reminders.send_reminders() == 1
    Action.objects.filter(pk=action.pk).update(due_on=in_days(12))
    with django_capture_on_commit_callbacks(execute=True):
        assert reminders.send_reminders() == 1
        assert reminders.send_reminders() == 0
    assert len(mail.outbox) == 2


def test_an_action_overdue_after_its_reminder_is_not_reminded_of_twice(city, plan, django_capture_on_commit_callbacks):
    focal_point(city)
    action = advisory.ActionFactory(plan=plan, due_on=in_days(3))
    with django_capture_on_commit_callbacks(execute=True):
        assert reminders.send_reminders() == 1
    with django_capture_on_commit_callbacks(execute=True):
        assert reminders.send_reminders(today=in_days(10)) == 0  # now overdue, same due date
    action.refresh_from_db()
    assert action.reminded_for == action.due_on and len(mail.outbox) == 1


def test_the_reminder_is_in_the_focal_points_language(city, plan):
    person = focal_point(city)
    person.preferred_language = "ar"
    person.save()
    action = advisory.ActionFactory(
        plan=plan, title_en="Synthetic youth council", title_ar="مجلس شباب اصطناعي", due_on=in_days(7)
    )
    assert reminders.remind_focal_points.call(action_ids=[action.pk]) == 1
    message = mail.outbox[-1]
    assert "مجلس شباب اصطناعي" in message.body and "Synthetic youth council" not in message.body
    assert f"/ar/municipalities/{city.slug}/advisory/" in message.body  # their city's pages, in Arabic


def test_each_city_hears_only_of_its_own_actions(city, plan, django_capture_on_commit_callbacks):
    here = focal_point(city)
    other_city = MunicipalityFactory(country=city.country)
    there = focal_point(other_city)
    advisory.ActionFactory(plan=plan, title_en="Synthetic action here", due_on=in_days(1))
    other_plan = advisory.PlanFactory(municipality=other_city, status=PlanStatus.ADOPTED)
    advisory.ActionFactory(plan=other_plan, title_en="Synthetic action there", due_on=in_days(1))
    with django_capture_on_commit_callbacks(execute=True):
        assert reminders.send_reminders() == 2
    bodies = {message.to[0]: message.body for message in mail.outbox}
    assert "Synthetic action here" in bodies[here.email] and "Synthetic action there" not in bodies[here.email]
    assert "Synthetic action there" in bodies[there.email] and "Synthetic action here" not in bodies[there.email]


def test_an_action_done_before_the_email_leaves_is_not_mentioned(city, plan):
    focal_point(city)
    action = advisory.ActionFactory(plan=plan, due_on=in_days(2), status=ActionStatus.DONE, percent=100)
    assert reminders.remind_focal_points.call(action_ids=[action.pk]) == 0
    assert mail.outbox == []


def test_a_city_without_a_focal_point_is_still_marked_reminded(plan):
    action = advisory.ActionFactory(plan=plan, due_on=in_days(2))
    assert reminders.send_reminders() == 1
    action.refresh_from_db()
    assert action.reminded_for == action.due_on and mail.outbox == []

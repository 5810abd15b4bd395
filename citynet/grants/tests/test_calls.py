import datetime
from decimal import Decimal

import pytest
from django.utils import timezone, translation
from wagtail.models import ModelLogEntry

from citynet.accounts.tests.factories import coordinator, secretariat
from citynet.core.exceptions import InvalidInput, InvalidTransition, NotPermitted
from citynet.grants.models import CallStatus, DeadlineExtension, Question
from citynet.grants.selectors.staff import extension_for
from citynet.grants.services.calls import grant_extension, publish_call, save_call, wall_clock
from citynet.grants.tests import factories as grants
from citynet.network.tests.factories import RegionFactory

pytestmark = pytest.mark.django_db


def call_values(region, **overrides):
    values = {
        "region": region,
        "slug": "synthetic-call-local",
        "code": "SYN-LOCAL",
        "title_en": "Synthetic local call",
        "total_budget": Decimal("40000"),
        "min_award": Decimal("1000"),
        "max_award": Decimal("10000"),
        "time_zone": "Europe/Tirane",
        "opens_at": datetime.datetime(2026, 3, 1, 9, 0),
        "closes_at": datetime.datetime(2026, 3, 29, 23, 59, 59),
    }
    return {**values, **overrides}


def test_save_call_stores_local_times_as_aware_moments_when_the_deadline_falls_after_a_dst_change():
    region = RegionFactory()
    call = save_call(actor=coordinator(region), values=call_values(region))
    # Tirana moved to summer time (UTC+2) at 02:00 on 29 March 2026: 23:59:59 local is 21:59:59 UTC.
    assert call.closes_at == datetime.datetime(2026, 3, 29, 21, 59, 59, tzinfo=datetime.UTC)
    # 1 March is winter time (UTC+1).
    assert call.opens_at == datetime.datetime(2026, 3, 1, 8, 0, tzinfo=datetime.UTC)
    assert wall_clock(call.closes_at, call.time_zone) == datetime.datetime(2026, 3, 29, 23, 59, 59)


def test_save_call_refuses_a_time_the_clocks_skip_when_clocks_go_forward():
    region = RegionFactory()
    with pytest.raises(InvalidInput) as error:
        save_call(
            actor=coordinator(region),
            values=call_values(region, closes_at=datetime.datetime(2026, 3, 29, 2, 30)),
        )
    assert "closes_at" in error.value.errors


def test_save_call_reads_times_in_the_new_zone_when_the_zone_changes():
    region = RegionFactory()
    call = save_call(
        actor=coordinator(region),
        values=call_values(region, time_zone="Asia/Beirut", closes_at=datetime.datetime(2026, 12, 10, 12, 0)),
    )
    assert call.closes_at == datetime.datetime(2026, 12, 10, 10, 0, tzinfo=datetime.UTC)


def test_save_call_is_refused_when_the_coordinator_runs_another_region():
    region = RegionFactory()
    other = coordinator(RegionFactory(slug="elsewhere"))
    with pytest.raises(NotPermitted):
        save_call(actor=other, values=call_values(region))


def test_save_call_writes_questions_and_criteria_and_audits_them_when_given():
    region = RegionFactory()
    actor = coordinator(region)
    call = save_call(
        actor=actor,
        values=call_values(region),
        questions=[{"label_en": "What will you do?", "kind": "long_text", "max_length": 2000}],
        criteria=[{"name_en": "Relevance", "weight": Decimal("2"), "scale_min": 0, "scale_max": 5}],
    )
    question = call.questions.get()
    assert call.criteria.get().name == "Relevance"
    # Editing keeps the question (answers are keyed by its id) and adds another.
    call = save_call(
        actor=actor,
        instance=call,
        values={},
        expected_version=call.version,
        questions=[
            {"id": question.pk, "label_en": "What will you change?", "kind": "long_text"},
            {"label_en": "Budget", "kind": "budget"},
        ],
        criteria=[],
    )
    assert list(Question.objects.filter(call=call).values_list("pk", flat=True))[0] == question.pk
    assert call.questions.count() == 2
    assert call.criteria.count() == 0
    entry = ModelLogEntry.objects.filter(object_id=str(call.pk), action="wagtail.edit").latest("pk")
    assert "questions" in entry.data["changed"] and "criteria" in entry.data["changed"]


def test_save_call_reports_the_child_field_when_a_question_is_invalid():
    region = RegionFactory()
    with pytest.raises(InvalidInput) as error:
        save_call(
            actor=coordinator(region),
            values=call_values(region),
            questions=[{"label_en": "Pick one", "kind": "choice", "choices_en": ""}],
        )
    assert "questions-0-choices" in error.value.errors


def test_publish_call_publishes_a_draft_and_repeats_as_a_no_op():
    call = grants.CallFactory(status=CallStatus.DRAFT)
    actor = secretariat()
    publish_call(actor=actor, call=call)
    call.refresh_from_db()
    version = call.version
    publish_call(actor=actor, call=call)
    call.refresh_from_db()
    assert call.status == CallStatus.PUBLISHED
    assert call.version == version


def test_publish_call_is_refused_when_results_are_out():
    call = grants.CallFactory(status=CallStatus.RESULTS_PUBLISHED)
    with pytest.raises(InvalidTransition):
        publish_call(actor=secretariat(), call=call)


def test_grant_extension_needs_a_reason_when_staff_give_more_time():
    application = grants.ApplicationFactory()
    with pytest.raises(InvalidInput) as error:
        grant_extension(
            actor=coordinator(application.call.region),
            application=application,
            closes_at=application.call.closes_at + datetime.timedelta(days=2),
            reason="  ",
        )
    assert "reason" in error.value.errors
    assert not DeadlineExtension.objects.exists()


def test_grant_extension_moves_only_that_applications_deadline_and_is_logged():
    application = grants.ApplicationFactory()
    other = grants.ApplicationFactory(call=application.call)
    call = application.call
    local = wall_clock(call.closes_at, call.time_zone) + datetime.timedelta(days=3)
    extension = grant_extension(
        actor=coordinator(call.region), application=application, closes_at=local, reason="A power cut in the town"
    )
    application.refresh_from_db()
    assert application.deadline == extension.closes_at > call.closes_at
    assert application.is_before_deadline(call.closes_at + datetime.timedelta(days=1))
    assert not other.is_before_deadline(call.closes_at + datetime.timedelta(days=1))
    assert ModelLogEntry.objects.filter(object_id=str(extension.pk), action="wagtail.create").exists()
    with translation.override("en"):
        assert "A power cut in the town" in extension_for(application)
    assert extension_for(other) is None


def test_grant_extension_is_refused_when_the_new_deadline_is_not_later():
    application = grants.ApplicationFactory()
    with pytest.raises(InvalidInput):
        grant_extension(
            actor=secretariat(),
            application=application,
            closes_at=timezone.now(),
            reason="Too early",
        )


def test_grant_extension_is_refused_when_the_coordinator_runs_another_region():
    application = grants.ApplicationFactory()
    with pytest.raises(NotPermitted):
        grant_extension(
            actor=coordinator(RegionFactory(slug="elsewhere")),
            application=application,
            closes_at=application.call.closes_at + datetime.timedelta(days=2),
            reason="A flood",
        )

import datetime
from decimal import Decimal
from unittest import mock

import pytest
from django.core import mail
from wagtail.models import ModelLogEntry

from citynet.accounts.tests.factories import coordinator, secretariat
from citynet.core.exceptions import InvalidInput, InvalidTransition, NotPermitted
from citynet.grants.models import Award, CallStatus, Decision, Outcome, Screening
from citynet.grants.selectors.staff import budget_of
from citynet.grants.services.decisions import decide, notify_decisions, publish_results
from citynet.grants.tests import factories as grants
from citynet.network.tests.factories import RegionFactory, member_municipality

pytestmark = pytest.mark.django_db


@pytest.fixture
def call():
    return grants.CallFactory(
        total_budget=Decimal("20000"), min_award=Decimal("1000"), max_award=Decimal("10000"), code="SYN-DEC"
    )


def eligible(call, **kwargs):
    application = grants.submitted_application(call=call, **kwargs)
    application.screening = Screening.ELIGIBLE
    application.save(update_fields=["screening"])
    return application


def test_decide_awards_an_amount_that_differs_from_the_request(call):
    application = eligible(call, requested_amount=Decimal("9000"))
    decision = decide(actor=secretariat(), application=application, outcome=Outcome.AWARD, amount=Decimal("7500"))
    assert decision.amount == Decimal("7500")
    assert ModelLogEntry.objects.filter(object_id=str(decision.pk), action="wagtail.create").exists()


def test_decide_refuses_an_award_past_the_calls_budget_at_the_amount_field(call):
    actor = secretariat()
    decide(actor=actor, application=eligible(call), outcome=Outcome.AWARD, amount=Decimal("10000"))
    decide(actor=actor, application=eligible(call), outcome=Outcome.AWARD, amount=Decimal("8000"))
    with pytest.raises(InvalidInput) as error:
        decide(actor=actor, application=eligible(call), outcome=Outcome.AWARD, amount=Decimal("2500"))
    assert "amount" in error.value.errors
    assert budget_of(call).remaining == Decimal("2000")
    assert Decision.objects.count() == 2


def test_decide_may_lower_an_award_that_already_counts_toward_the_budget(call):
    actor = secretariat()
    application = eligible(call)
    first = decide(actor=actor, application=application, outcome=Outcome.AWARD, amount=Decimal("10000"))
    decide(actor=actor, application=eligible(call), outcome=Outcome.AWARD, amount=Decimal("10000"))
    changed = decide(
        actor=actor,
        application=application,
        outcome=Outcome.AWARD,
        amount=Decimal("9000"),
        expected_version=first.version,
    )
    assert changed.amount == Decimal("9000")
    assert budget_of(call).awarded == Decimal("19000")


def test_decide_refuses_an_award_outside_the_minimum_and_maximum(call):
    application = eligible(call)
    for amount in (Decimal("500"), Decimal("10001"), None):
        with pytest.raises(InvalidInput) as error:
            decide(actor=secretariat(), application=application, outcome=Outcome.AWARD, amount=amount)
        assert "amount" in error.value.errors


def test_decide_locks_the_calls_row_before_adding_up_the_awards(call):
    # Two staff deciding at once each wait for the call's row lock (PostgreSQL; SQLite serialises
    # writers anyway), so the second adds up the first's award before checking its own.
    from django.db.models import QuerySet

    from citynet.grants.services import decisions

    events = []
    real_lock, real_aggregate = decisions._lock_call, QuerySet.aggregate

    def lock(call_id):
        events.append(("lock", "Call"))
        return real_lock(call_id)

    def aggregate(queryset, *args, **kwargs):
        events.append(("sum", queryset.model.__name__))
        return real_aggregate(queryset, *args, **kwargs)

    application = eligible(call)
    with mock.patch.object(decisions, "_lock_call", lock), mock.patch.object(QuerySet, "aggregate", aggregate):
        decide(actor=secretariat(), application=application, outcome=Outcome.AWARD, amount=Decimal("5000"))
    assert [kind for kind, _detail in events] == ["lock", "sum"]
    assert events[1][1] == "Decision"


def test_decide_refuses_to_award_an_application_not_screened_eligible(call):
    application = grants.submitted_application(call=call)
    with pytest.raises(InvalidTransition):
        decide(actor=secretariat(), application=application, outcome=Outcome.AWARD, amount=Decimal("5000"))
    rejected = decide(actor=secretariat(), application=application, outcome=Outcome.REJECT, amount=Decimal("5"))
    assert rejected.amount is None


def test_decide_is_refused_when_the_coordinator_runs_another_region(call):
    with pytest.raises(NotPermitted):
        decide(
            actor=coordinator(RegionFactory(slug="elsewhere")),
            application=eligible(call),
            outcome=Outcome.REJECT,
        )


def test_decide_is_refused_once_results_are_published(call):
    application = eligible(call)
    call.status = CallStatus.RESULTS_PUBLISHED
    call.save()
    with pytest.raises(InvalidTransition):
        decide(actor=secretariat(), application=application, outcome=Outcome.REJECT)


def test_notify_decisions_tells_each_applicant_once_when_called_twice(call, django_capture_on_commit_callbacks):
    actor = secretariat()
    awarded = eligible(call)
    rejected = eligible(call)
    grants.applicant_of(awarded.organisation, user__preferred_language="ar")
    grants.applicant_of(rejected.organisation)
    decide(actor=actor, application=awarded, outcome=Outcome.AWARD, amount=Decimal("6000"))
    decide(actor=actor, application=rejected, outcome=Outcome.REJECT, message="Synthetic feedback")
    with django_capture_on_commit_callbacks(execute=True):
        assert notify_decisions(actor=actor, call=call) == 2
    with django_capture_on_commit_callbacks(execute=True):
        assert notify_decisions(actor=actor, call=call) == 0
    assert len(mail.outbox) == 2
    assert Decision.objects.filter(notified_at__isnull=True).count() == 0
    bodies = {message.to[0]: message.body for message in mail.outbox}
    assert any("6000" in body for body in bodies.values())
    assert any("Synthetic feedback" in body for body in bodies.values())
    assert ModelLogEntry.objects.filter(object_id=str(call.pk), action="grants.notify_decisions").count() == 1


def test_notify_decisions_tells_again_when_a_decision_changes_after_it_was_told(
    call, django_capture_on_commit_callbacks
):
    actor = secretariat()
    application = eligible(call)
    grants.applicant_of(application.organisation)
    decision = decide(actor=actor, application=application, outcome=Outcome.RESERVE)
    with django_capture_on_commit_callbacks(execute=True):
        notify_decisions(actor=actor, call=call)
    decide(
        actor=actor,
        application=application,
        outcome=Outcome.AWARD,
        amount=Decimal("4000"),
        expected_version=decision.version,
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert notify_decisions(actor=actor, call=call) == 1
    assert len(mail.outbox) == 2


def test_publish_results_creates_an_award_per_awarded_application(call):
    actor = secretariat()
    partner = member_municipality(country__region=call.region)
    winner = eligible(call, partner_municipality=partner, title="Synthetic river park")
    loser = eligible(call)
    decide(actor=actor, application=winner, outcome=Outcome.AWARD, amount=Decimal("7000"))
    decide(actor=actor, application=loser, outcome=Outcome.REJECT)
    with mock.patch("django.utils.timezone.localdate", return_value=datetime.date(2026, 11, 3)):
        publish_results(actor=actor, call=call, announcement="Synthetic results")
    award = Award.objects.get()
    assert (award.application, award.amount, award.partner_municipality) == (winner, Decimal("7000"), partner)
    assert award.recipient_name == winner.organisation.name
    assert award.project_title == "Synthetic river park"
    assert award.announced_year == 2026
    call.refresh_from_db()
    assert call.status == CallStatus.RESULTS_PUBLISHED
    assert call.results_announcement == "Synthetic results"
    assert ModelLogEntry.objects.filter(object_id=str(award.pk), action="wagtail.create").exists()
    publish_results(actor=actor, call=call)
    assert Award.objects.count() == 1


def test_publish_results_is_refused_when_the_coordinator_runs_another_region(call):
    with pytest.raises(NotPermitted):
        publish_results(actor=coordinator(RegionFactory(slug="elsewhere")), call=call)
    assert not Award.objects.exists()


def test_the_results_announcement_is_written_in_each_language_given():
    from citynet.accounts.tests.factories import secretariat
    from citynet.grants.models import Call, CallStatus
    from citynet.grants.tests.factories import CallFactory

    call = CallFactory()
    publish_results(
        actor=secretariat(),
        call=call,
        announcements={"results_announcement_en": "The winners.", "results_announcement_ar": "الفائزون.", "title": "x"},
    )
    call = Call.objects.get(pk=call.pk)
    assert call.status == CallStatus.RESULTS_PUBLISHED
    assert (call.results_announcement_en, call.results_announcement_ar) == ("The winners.", "الفائزون.")
    assert call.title_en != "x"  # only the announcement's columns are written

"""Grants under simultaneous writes: exactly one submission, no lost edit, never over the budget.

Threads, each with its own database connection, act at the same moment through the services. On
PostgreSQL the services' row locks (select_for_update) order them; on SQLite the database lock does.
CI runs this file on both (`.ci/run`): the issue asks for PostgreSQL, `make serve` runs SQLite.
It needs a transactional test database (threads must see committed data), whose flushes would empty
what migrations made for the tests after it; so it runs in a pytest process of its own (`make
test-concurrency`), never inside the unit suite or the browser journeys. See
e2e/test_concurrent_saves.py for why SQLite's database is copied to a file.
"""

from decimal import Decimal

import pytest
from django.core import mail

from citynet.accounts.tests import factories as people
from citynet.core.exceptions import Conflict, DomainError, InvalidInput
from citynet.grants.models import Application, ApplicationStatus, Decision, Outcome, Screening
from citynet.grants.services import applications as applying
from citynet.grants.services import decisions
from citynet.grants.tests import factories as grants
from concurrency.threads import at_once, read, shared_database

pytestmark = pytest.mark.django_db(transaction=True)


def _draft():
    application = grants.ApplicationFactory(requested_amount=Decimal("5000"))
    return application, grants.applicant_of(application.organisation)


def test_six_simultaneous_submits_make_one_submission_with_one_reference(tmp_path):
    application, person = _draft()
    colleague = grants.applicant_of(application.organisation, is_manager=False)
    mail.outbox = []
    with shared_database(tmp_path):
        results = at_once(
            [
                (lambda who=who: applying.submit(actor=who, application=Application.objects.get(pk=application.pk)))
                for who in [person, colleague] * 3
            ]
        )
        errors = [r for r in results if isinstance(r, Exception) and not isinstance(r, DomainError)]
        assert not errors, errors
        stored = read(lambda: Application.objects.get(pk=application.pk))
    references = {r.reference for r in results if isinstance(r, Application)}
    assert stored.status == ApplicationStatus.SUBMITTED
    assert references <= {stored.reference} and stored.reference
    # One receipt per person of the organisation, not one per click.
    assert sorted(m.to[0] for m in mail.outbox) == sorted([person.email, colleague.email])


def test_simultaneous_submits_of_different_applications_get_distinct_references(tmp_path):
    call = grants.CallFactory()
    drafts = [grants.ApplicationFactory(call=call, requested_amount=Decimal("5000")) for _ in range(4)]
    people_ = [grants.applicant_of(d.organisation) for d in drafts]
    with shared_database(tmp_path):
        results = at_once(
            [
                (lambda d=d, p=p: applying.submit(actor=p, application=Application.objects.get(pk=d.pk)))
                for d, p in zip(drafts, people_, strict=True)
            ]
        )
        assert all(isinstance(r, Application) for r in results), results
        references = read(lambda: list(Application.objects.filter(call=call).values_list("reference", flat=True)))
    assert len(set(references)) == 4 and None not in references


def test_two_people_saving_one_draft_at_once_lose_no_edit(tmp_path):
    application, person = _draft()
    colleague = grants.applicant_of(application.organisation, is_manager=False)
    version = application.version
    with shared_database(tmp_path):
        results = at_once(
            [
                (
                    lambda who=who, title=title: applying.save_draft(
                        actor=who,
                        application=Application.objects.get(pk=application.pk),
                        values={"title": title},
                        expected_version=version,
                    )
                )
                for who, title in [(person, "Title by the manager"), (colleague, "Title by the colleague")]
            ]
        )
        stored = read(lambda: Application.objects.get(pk=application.pk))
    saved = [r for r in results if isinstance(r, Application)]
    conflicts = [r for r in results if isinstance(r, Conflict)]
    assert len(saved) == 1 and len(conflicts) == 1, results
    # The one who saved sees their text kept; the other was told, not silently overwritten.
    assert stored.title == saved[0].title and stored.version == version + 1


def test_four_awards_at_once_never_exceed_the_calls_budget(tmp_path):
    """15,000 to share, four staff award 6,000 each at the same moment: exactly two awards stand, and the
    other two are refused at the amount (the call's row lock orders the sums)."""
    call = grants.CallFactory(total_budget=Decimal("15000"), max_award=Decimal("10000"))
    applications = [grants.submitted_application(call=call, screening=Screening.ELIGIBLE) for _ in range(4)]
    deciders = [people.secretariat() for _ in range(4)]
    with shared_database(tmp_path):
        results = at_once(
            [
                (
                    lambda a=a, who=who: decisions.decide(
                        actor=who,
                        application=Application.objects.get(pk=a.pk),
                        outcome=Outcome.AWARD,
                        amount=Decimal("6000"),
                    )
                )
                for a, who in zip(applications, deciders, strict=True)
            ]
        )
        amounts = read(
            lambda: list(
                Decision.objects.filter(application__call=call, outcome=Outcome.AWARD).values_list("amount", flat=True)
            )
        )
    assert sorted(amounts) == [Decimal("6000"), Decimal("6000")], results
    refused = [r for r in results if isinstance(r, InvalidInput)]
    assert len(refused) == 2 and all("amount" in r.errors for r in refused), results

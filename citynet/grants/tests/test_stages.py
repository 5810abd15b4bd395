"""Two-stage calls: staff invite an expression of interest to a full proposal (services/stages.py,
views/staff_stages.py), and the invited organisation sends it before the full proposals' deadline."""

import datetime
from decimal import Decimal

import pytest
from django.core import mail
from django.utils import timezone
from wagtail.models import ModelLogEntry

from citynet.accounts.models import Role
from citynet.accounts.tests.factories import UserFactory, coordinator, secretariat
from citynet.core.exceptions import InvalidTransition, NotPermitted
from citynet.core.testing import sign_in
from citynet.core.testing import staff as staff_account
from citynet.grants import answers
from citynet.grants.models import Application, ApplicationStatus, CallStages, Screening, Stage
from citynet.grants.services import applications as applying
from citynet.grants.services.stages import invite_to_full_proposal, withdraw_invitation
from citynet.grants.tests import factories as grants
from citynet.network.tests.factories import RegionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def call(region):
    """Expressions of interest closed yesterday; invited full proposals close in two weeks."""
    now = timezone.now()
    call = grants.CallFactory(
        region=region,
        slug="two-stage",
        code="SYN-TWO",
        stages=CallStages.TWO_STAGES,
        opens_at=now - datetime.timedelta(days=30),
        closes_at=now - datetime.timedelta(days=1),
        full_proposals_close_at=now + datetime.timedelta(days=14),
    )
    grants.QuestionFactory(call=call, stage=Stage.EXPRESSION_OF_INTEREST, label_en="Your idea in short")
    grants.QuestionFactory(call=call, stage=Stage.FULL, label_en="Your full plan")
    return call


def eoi(call, screening=Screening.ELIGIBLE, **kwargs):
    application = grants.submitted_application(
        call=call, stage=Stage.EXPRESSION_OF_INTEREST, screening=screening, **kwargs
    )
    return application


@pytest.fixture
def staff(region):
    """The region's coordinator, with their second factor (the admin pages ask for it)."""
    return staff_account(Role.REGIONAL_COORDINATOR, region)


def entries(application):
    return ModelLogEntry.objects.filter(content_type__model="application", object_id=str(application.pk))


# --- The service -----------------------------------------------------------------------------------------


def test_invite_marks_the_expression_of_interest_and_logs_it_when_the_calls_staff_invite(
    call, staff, django_capture_on_commit_callbacks
):
    application = eoi(call)
    grants.applicant_of(application.organisation)
    with django_capture_on_commit_callbacks(execute=True):
        invited = invite_to_full_proposal(actor=staff, application=application)
    assert invited.invited_to_full_proposal
    application.refresh_from_db()
    assert application.invited_to_full_proposal
    (entry,) = entries(application)
    assert "invited_to_full_proposal" in str(entry.data)
    assert len(mail.outbox) == 1


def test_invite_is_a_no_op_when_the_organisation_is_already_invited(call, staff, django_capture_on_commit_callbacks):
    application = eoi(call)
    grants.applicant_of(application.organisation)
    with django_capture_on_commit_callbacks(execute=True):
        invite_to_full_proposal(actor=staff, application=application)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        again = invite_to_full_proposal(actor=staff, application=application)
    assert again.invited_to_full_proposal
    assert callbacks == []
    assert entries(application).count() == 1
    assert len(mail.outbox) == 1


@pytest.mark.parametrize(
    "make",
    [
        pytest.param(lambda call: eoi(call, screening=Screening.PENDING), id="not screened"),
        pytest.param(lambda call: eoi(call, screening=Screening.EXCLUDED), id="excluded"),
        pytest.param(
            lambda call: grants.ApplicationFactory(call=call, stage=Stage.EXPRESSION_OF_INTEREST), id="a draft"
        ),
        pytest.param(lambda call: grants.submitted_application(call=call, stage=Stage.FULL), id="a full proposal"),
    ],
)
def test_invite_is_refused_when_the_application_is_not_an_eligible_submitted_expression_of_interest(call, staff, make):
    application = make(call)
    with pytest.raises(InvalidTransition):
        invite_to_full_proposal(actor=staff, application=application)
    application.refresh_from_db()
    assert not application.invited_to_full_proposal
    assert not entries(application).exists()


def test_invite_is_refused_when_the_call_has_one_stage(region, staff):
    application = grants.submitted_application(call=grants.CallFactory(region=region), screening=Screening.ELIGIBLE)
    with pytest.raises(InvalidTransition):
        invite_to_full_proposal(actor=staff, application=application)


def test_invite_is_refused_at_the_full_proposals_deadline_and_accepted_one_second_before(call, staff):
    application = eoi(call)
    with pytest.raises(InvalidTransition):
        invite_to_full_proposal(actor=staff, application=application, now=call.full_proposals_close_at)
    invited = invite_to_full_proposal(
        actor=staff, application=application, now=call.full_proposals_close_at - datetime.timedelta(seconds=1)
    )
    assert invited.invited_to_full_proposal


@pytest.mark.parametrize(
    "who",
    [
        pytest.param(lambda s: coordinator(RegionFactory()), id="another region's coordinator"),
        pytest.param(lambda s: grants.applicant_of(s.organisation), id="the applicant"),
        pytest.param(lambda s: UserFactory(), id="a signed-in user"),
        pytest.param(lambda s: grants.PoolMemberFactory(call=s.call).reviewer, id="a reviewer"),
    ],
)
def test_invite_and_withdraw_are_refused_when_the_actor_is_not_the_calls_staff(call, who):
    application = eoi(call)
    actor = who(application)
    with pytest.raises(NotPermitted):
        invite_to_full_proposal(actor=actor, application=application)
    Application.objects.filter(pk=application.pk).update(invited_to_full_proposal=True)
    with pytest.raises(NotPermitted):
        withdraw_invitation(actor=actor, application=application)
    application.refresh_from_db()
    assert application.invited_to_full_proposal
    assert not entries(application).exists()


def test_the_secretariat_may_invite_in_any_region(call):
    assert invite_to_full_proposal(actor=secretariat(), application=eoi(call)).invited_to_full_proposal


def test_invitation_email_is_in_each_persons_language_with_the_link_and_the_deadline_in_the_calls_zone(
    call, staff, django_capture_on_commit_callbacks, monkeypatch
):
    from django.utils import translation

    from citynet.grants import mail as grants_mail

    application = eoi(call)
    arabic = grants.applicant_of(application.organisation)
    arabic.preferred_language = "ar"
    arabic.save()
    english = grants.applicant_of(application.organisation, is_manager=False)
    english.preferred_language = "en"
    english.save()
    languages = []
    render = grants_mail.render_to_string
    monkeypatch.setattr(
        grants_mail,
        "render_to_string",
        lambda *a, **k: languages.append(translation.get_language()) or render(*a, **k),
    )
    with django_capture_on_commit_callbacks(execute=True):
        invite_to_full_proposal(actor=staff, application=application)
    by_address = {message.to[0]: message for message in mail.outbox}
    assert set(by_address) == {arabic.email, english.email}
    assert sorted(languages) == ["ar", "ar", "en", "en"]
    assert "/ar/calls/two-stage/apply/" in by_address[arabic.email].body
    assert "/en/calls/two-stage/apply/" in by_address[english.email].body
    in_tirane = timezone.localtime(call.full_proposals_close_at, call.zone)
    body = by_address[english.email].body
    assert in_tirane.strftime("%H:%M:%S") in body
    assert "Europe/Tirane" in body
    assert "full proposal" in by_address[english.email].subject


def test_invitation_task_sends_nothing_when_the_invitation_was_withdrawn_before_it_ran(call):
    from citynet.grants.tasks.stages import notify_invitation

    application = eoi(call)
    grants.applicant_of(application.organisation)
    assert notify_invitation.call(application_id=application.pk) == 0
    assert mail.outbox == []


def test_withdraw_clears_the_invitation_and_tells_the_organisation(call, staff, django_capture_on_commit_callbacks):
    application = eoi(call)
    person = grants.applicant_of(application.organisation)
    invite_to_full_proposal(actor=staff, application=application)
    with django_capture_on_commit_callbacks(execute=True):
        withdrawn = withdraw_invitation(actor=staff, application=application)
    assert not withdrawn.invited_to_full_proposal
    assert entries(application).count() == 2
    (message,) = mail.outbox
    assert message.to == [person.email] and "withdrawn" in message.subject
    assert applying.stage_to_start(call, application.organisation) == Stage.EXPRESSION_OF_INTEREST


def test_withdraw_is_a_no_op_when_there_is_no_invitation(call, staff, django_capture_on_commit_callbacks):
    application = eoi(call)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        withdraw_invitation(actor=staff, application=application)
    assert callbacks == [] and not entries(application).exists()


def test_withdraw_is_refused_when_the_organisation_started_its_full_proposal(call, staff):
    application = eoi(call)
    person = grants.applicant_of(application.organisation)
    invite_to_full_proposal(actor=staff, application=application)
    applying.start_application(actor=person, call=call, organisation=application.organisation)
    with pytest.raises(InvalidTransition):
        withdraw_invitation(actor=staff, application=application)
    application.refresh_from_db()
    assert application.invited_to_full_proposal


# --- The applicant's side ----------------------------------------------------------------------------------


def full_question(call):
    return call.questions.get(stage=Stage.FULL)


def fill(person, proposal, call):
    return applying.save_draft(
        actor=person,
        application=proposal,
        values={
            "title": "Full plan",
            "requested_amount": "5000",
            "answers": {str(full_question(call).pk): "All of it"},
        },
    )


def test_invited_organisation_starts_and_submits_a_full_proposal_before_the_full_proposals_deadline(call, staff):
    application = eoi(call)
    person = grants.applicant_of(application.organisation)
    invite_to_full_proposal(actor=staff, application=application)
    proposal = applying.start_application(actor=person, call=call, organisation=application.organisation)
    assert proposal.stage == Stage.FULL and proposal.status == ApplicationStatus.DRAFT
    # Only the full proposal's questions are asked: the expression of interest's are not required again.
    assert [q.stage for q in answers.questions_for(call, proposal.stage)] == [Stage.FULL]
    assert answers.question_key(full_question(call)) in answers.check(call, proposal)
    proposal = fill(person, proposal, call)
    assert answers.check(call, proposal) == {}
    with pytest.raises(InvalidTransition):
        applying.submit(actor=person, application=proposal, now=call.full_proposals_close_at)
    submitted = applying.submit(
        actor=person, application=proposal, now=call.full_proposals_close_at - datetime.timedelta(seconds=1)
    )
    assert submitted.status == ApplicationStatus.SUBMITTED
    assert submitted.reference.startswith("SYN-TWO-")


def test_invited_organisation_cannot_start_a_full_proposal_after_the_full_proposals_deadline(call, staff):
    application = eoi(call)
    person = grants.applicant_of(application.organisation)
    invite_to_full_proposal(actor=staff, application=application)
    with pytest.raises(InvalidTransition):
        applying.start_application(
            actor=person, call=call, organisation=application.organisation, now=call.full_proposals_close_at
        )
    assert not Application.objects.filter(call=call, stage=Stage.FULL).exists()


def test_organisation_that_was_not_invited_gets_no_full_proposal(call):
    application = eoi(call)
    person = grants.applicant_of(application.organisation)
    found = applying.start_application(actor=person, call=call, organisation=application.organisation)
    assert found.pk == application.pk and found.stage == Stage.EXPRESSION_OF_INTEREST  # theirs, as submitted
    newcomer = grants.ApplicantOrganisationFactory()
    with pytest.raises(InvalidTransition):
        applying.start_application(actor=grants.applicant_of(newcomer), call=call, organisation=newcomer)
    assert not Application.objects.filter(call=call, stage=Stage.FULL).exists()


# --- Views -----------------------------------------------------------------------------------------------


def staff_url(application, action):
    return f"/admin/grants/calls/{application.call_id}/applications/{application.pk}/{action}/"


def test_staff_page_shows_the_invite_button_and_the_post_invites(client, call, staff):
    application = eoi(call)
    sign_in(client, staff)
    page = client.get(f"/admin/grants/calls/{call.pk}/applications/{application.pk}/")
    assert "Invite to a full proposal" in page.content.decode()
    response = client.post(staff_url(application, "invite"))
    assert response.status_code == 302
    assert response["Location"].endswith(f"/applications/{application.pk}/")
    application.refresh_from_db()
    assert application.invited_to_full_proposal
    page = client.get(f"/admin/grants/calls/{call.pk}/applications/{application.pk}/")
    assert "Withdraw the invitation" in page.content.decode()
    client.post(staff_url(application, "withdraw-invitation"))
    application.refresh_from_db()
    assert not application.invited_to_full_proposal


def test_staff_post_shows_the_refusal_when_the_expression_of_interest_is_not_screened(client, call, staff):
    application = eoi(call, screening=Screening.PENDING)
    sign_in(client, staff)
    response = client.post(staff_url(application, "invite"), follow=True)
    assert "Screen the expression of interest as eligible" in response.content.decode()
    application.refresh_from_db()
    assert not application.invited_to_full_proposal


def test_staff_post_is_404_when_the_call_is_another_regions(client, call):
    application = eoi(call)
    sign_in(client, staff_account(Role.REGIONAL_COORDINATOR, RegionFactory()))
    assert client.post(staff_url(application, "invite")).status_code == 404
    assert client.get(staff_url(application, "invite")).status_code in (404, 405)
    application.refresh_from_db()
    assert not application.invited_to_full_proposal


def test_call_page_leads_the_invited_to_their_full_proposal_when_expressions_of_interest_are_closed(
    client, call, staff
):
    application = eoi(call)
    person = grants.applicant_of(application.organisation)
    invite_to_full_proposal(actor=staff, application=application)
    page = client.get("/en/calls/two-stage/").content.decode()
    assert 'action="/en/calls/two-stage/apply/"' in page
    assert "Send your full proposal" in page
    sign_in(client, person)
    started = client.post("/en/calls/two-stage/apply/")
    proposal = Application.objects.get(call=call, stage=Stage.FULL)
    assert started["Location"].endswith(f"/grants/applications/{proposal.pk}/")
    # Coming back by the email's link (GET) finds the full proposal, not the expression of interest.
    again = client.get("/en/calls/two-stage/apply/")
    assert again["Location"].endswith(f"/grants/applications/{proposal.pk}/")
    form = client.get(again["Location"]).content.decode()
    assert "Your full plan" in form and "Your idea in short" not in form


def test_call_page_offers_no_full_proposal_after_the_full_proposals_deadline(client, call):
    call.full_proposals_close_at = timezone.now() - datetime.timedelta(seconds=1)
    call.closes_at = call.full_proposals_close_at - datetime.timedelta(days=1)
    call.save()
    page = client.get("/en/calls/two-stage/").content.decode()
    assert "Send your full proposal" not in page


def test_in_a_two_stage_call_only_the_full_proposals_are_reviewed_and_awarded():
    from citynet.grants.services.decisions import decide
    from citynet.grants.services.reviews import reviewable_applications

    call = grants.CallFactory(stages="two_stages", full_proposals_close_at=timezone.now() + datetime.timedelta(days=60))
    interest = grants.submitted_application(call=call, stage=Stage.EXPRESSION_OF_INTEREST, screening="eligible")
    proposal = grants.submitted_application(call=call, stage=Stage.FULL, screening="eligible")
    assert list(reviewable_applications(call)) == [proposal]
    with pytest.raises(InvalidTransition):
        decide(actor=secretariat(), application=interest, outcome="award", amount=Decimal("5000"))
    assert decide(actor=secretariat(), application=proposal, outcome="award", amount=Decimal("5000")).amount == 5000

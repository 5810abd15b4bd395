"""Applicants' services: drafts, attachments, the deadline to the second, submission and withdrawal."""

import datetime
import io
import zipfile
import zoneinfo
from decimal import Decimal

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from citynet.accounts.tests.factories import UserFactory
from citynet.core.exceptions import Conflict, InvalidInput, InvalidTransition, NotPermitted
from citynet.grants import answers
from citynet.grants.models import (
    Application,
    ApplicationStatus,
    AttachmentKind,
    DeadlineExtension,
    OrganisationMember,
    QuestionKind,
)
from citynet.grants.selectors.applications import receipt_pdf
from citynet.grants.services import applications as services
from citynet.grants.tests import factories as grants
from citynet.network.tests.factories import CountryFactory, MunicipalityFactory, RegionFactory, member_municipality

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def pdf(name="plan.pdf", content=PDF):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def docx_bytes() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<document/>")
    return buffer.getvalue()


@pytest.fixture
def call():
    region = RegionFactory()
    call = grants.CallFactory(region=region, code="SYN-T")
    grants.QuestionFactory(call=call, kind=QuestionKind.TEXT, label_en="Aim", min_length=5, max_length=50)
    return call


def complete_draft(call, **kwargs):
    organisation = grants.ApplicantOrganisationFactory()
    person = grants.applicant_of(organisation)
    application = grants.ApplicationFactory(call=call, organisation=organisation, requested_amount=Decimal("5000"))
    question = call.questions.filter(label_en="Aim").first()
    application.answers = {str(question.pk): "A synthetic aim"} if question else {}
    application.save()
    for name, value in kwargs.items():
        setattr(application, name, value)
    application.save()
    return application, person


# --- Organisations -------------------------------------------------------------------------------------


def test_creator_becomes_manager_when_saving_a_new_organisation():
    user = UserFactory()
    organisation = services.save_organisation(
        actor=user, values={"name": "Synthetic NGO", "country": "AL", "kind": "local_ngo"}
    )
    assert OrganisationMember.objects.get(organisation=organisation, user=user).is_manager


def test_manager_adds_a_person_by_email_when_they_have_an_account():
    organisation = grants.ApplicantOrganisationFactory()
    manager = grants.applicant_of(organisation)
    colleague = UserFactory(email="colleague@example.test")
    services.add_organisation_member(actor=manager, organisation=organisation, email="Colleague@example.test")
    assert organisation.members.filter(user=colleague, is_manager=False).exists()
    with pytest.raises(InvalidInput) as error:
        services.add_organisation_member(actor=manager, organisation=organisation, email="nobody@example.test")
    assert "email" in error.value.errors


def test_a_plain_member_cannot_add_people_when_not_a_manager():
    organisation = grants.ApplicantOrganisationFactory()
    member = grants.applicant_of(organisation, is_manager=False)
    with pytest.raises(NotPermitted):
        services.add_organisation_member(actor=member, organisation=organisation, email=UserFactory().email)


# --- Starting and drafting -------------------------------------------------------------------------------


def test_start_is_idempotent_when_clicked_twice(call):
    organisation = grants.ApplicantOrganisationFactory()
    person = grants.applicant_of(organisation)
    first = services.start_application(actor=person, call=call, organisation=organisation)
    second = services.start_application(actor=person, call=call, organisation=organisation)
    assert first.pk == second.pk
    assert Application.objects.filter(call=call, organisation=organisation).count() == 1


def test_start_is_refused_when_the_call_is_closed(call):
    organisation = grants.ApplicantOrganisationFactory()
    person = grants.applicant_of(organisation)
    with pytest.raises(InvalidTransition):
        services.start_application(actor=person, call=call, organisation=organisation, now=call.closes_at)


def test_start_is_refused_when_not_a_person_of_the_organisation(call):
    with pytest.raises(NotPermitted):
        services.start_application(actor=UserFactory(), call=call, organisation=grants.ApplicantOrganisationFactory())


def test_draft_saves_incomplete_answers_and_bumps_the_version(call):
    application, person = complete_draft(call)
    saved = services.save_draft(
        actor=person, application=application, values={"title": "", "answers": {}}, expected_version=1
    )
    assert saved.version == 2
    assert answers.check(call, saved)["title"]


def test_stale_version_is_a_conflict_when_two_people_edit_one_draft(call):
    application, person = complete_draft(call)
    colleague = grants.applicant_of(application.organisation, is_manager=False)
    services.save_draft(actor=person, application=application, values={"title": "Mine"}, expected_version=1)
    with pytest.raises(Conflict):
        services.save_draft(actor=colleague, application=application, values={"title": "Theirs"}, expected_version=1)
    application.refresh_from_db()
    assert application.title == "Mine"


def test_draft_cannot_be_saved_when_submitted(call):
    application, person = complete_draft(call)
    services.submit(actor=person, application=application)
    with pytest.raises(InvalidTransition):
        services.save_draft(actor=person, application=application, values={"title": "Later"})


def test_budget_must_add_up_and_stay_within_limits_when_checked(call):
    application, person = complete_draft(call)
    grants.QuestionFactory(call=call, kind=QuestionKind.BUDGET, label_en="Budget")
    application = services.save_draft(
        actor=person,
        application=application,
        values={"requested_amount": "20000"},
        budget_lines=[{"category": "Staff", "amount": "15000"}, {"category": "", "amount": "1000"}],
    )
    errors = answers.check(call, application)
    assert "requested_amount" in errors  # above the call's maximum of 10,000
    assert any("add up" in message for message in errors["budget"])
    assert any("category" in message for message in errors["budget"])
    application = services.save_draft(
        actor=person,
        application=application,
        values={"requested_amount": "5000"},
        budget_lines=[{"category": "Staff", "amount": "4000"}, {"category": "Travel", "amount": "1000,00"}],
    )
    assert answers.check(call, application) == {}


def test_negative_budget_amount_is_refused_at_the_budget_field(call):
    application, person = complete_draft(call)
    with pytest.raises(InvalidInput) as error:
        services.save_draft(
            actor=person, application=application, values={}, budget_lines=[{"category": "Staff", "amount": "-5"}]
        )
    assert "budget" in error.value.errors


def test_answers_are_checked_by_kind_when_submitting(call):
    number = grants.QuestionFactory(call=call, kind=QuestionKind.NUMBER, min_value=1, max_value=10)
    choice = grants.QuestionFactory(call=call, kind=QuestionKind.CHOICE, choices="Yes\nNo")
    date = grants.QuestionFactory(call=call, kind=QuestionKind.DATE)
    file_question = grants.QuestionFactory(call=call, kind=QuestionKind.FILE)
    application, person = complete_draft(call)
    application.answers.update({str(number.pk): "11", str(choice.pk): "Maybe", str(date.pk): "31/12/2026"})
    application.save()
    with pytest.raises(InvalidInput) as error:
        services.submit(actor=person, application=application)
    assert set(error.value.errors) >= {f"q{number.pk}", f"q{choice.pk}", f"q{date.pk}", f"q{file_question.pk}"}
    application.refresh_from_db()
    assert application.status == ApplicationStatus.DRAFT


def test_partner_must_be_a_current_member_with_a_letter_when_the_call_requires_one():
    region = RegionFactory()
    country = CountryFactory(code="AL", region=region)
    member = member_municipality(country=country)
    outsider = MunicipalityFactory(country=country)
    call = grants.CallFactory(region=region, requires_member_partner=True)
    application, person = complete_draft(call, partner_municipality=outsider)
    application.answers = {}
    errors = answers.check(call, application)
    assert "partner_municipality" in errors and "letter_of_support" in errors
    application.partner_municipality = member
    application.save()
    services.add_attachment(
        actor=person, application=application, upload=pdf("letter.pdf"), kind=AttachmentKind.LETTER_OF_SUPPORT
    )
    assert answers.check(call, application) == {}


# --- Attachments -----------------------------------------------------------------------------------------


def test_attachment_is_stored_with_its_digest_when_its_content_is_allowed(call):
    question = grants.QuestionFactory(call=call, kind=QuestionKind.FILE)
    application, person = complete_draft(call)
    attachment = services.add_attachment(actor=person, application=application, upload=pdf(), question=question)
    assert attachment.content_type == "application/pdf"
    assert len(attachment.sha256) == 64 and attachment.size == len(PDF)
    assert attachment.file.read() == PDF
    docx = SimpleUploadedFile("budget.docx", docx_bytes())
    replaced = services.add_attachment(actor=person, application=application, upload=docx, question=question)
    assert list(application.attachments.all()) == [replaced]  # one file per question


def test_attachment_is_refused_when_a_pdf_name_hides_html(call):
    question = grants.QuestionFactory(call=call, kind=QuestionKind.FILE)
    application, person = complete_draft(call)
    fake = pdf("plan.pdf", b"<html><script>alert(1)</script></html>")
    with pytest.raises(InvalidInput) as error:
        services.add_attachment(actor=person, application=application, upload=fake, question=question)
    assert f"q{question.pk}" in error.value.errors
    assert not application.attachments.exists()


def test_attachment_is_refused_when_too_large(call, settings):
    settings.GRANTS_MAX_UPLOAD_BYTES = 100
    question = grants.QuestionFactory(call=call, kind=QuestionKind.FILE)
    application, person = complete_draft(call)
    with pytest.raises(InvalidInput):
        services.add_attachment(
            actor=person, application=application, upload=pdf(content=PDF + b"0" * 200), question=question
        )
    image = SimpleUploadedFile("photo.png", PNG)
    assert services.add_attachment(actor=person, application=application, upload=image, question=question)


def test_attachment_can_be_removed_when_draft(call):
    question = grants.QuestionFactory(call=call, kind=QuestionKind.FILE)
    application, person = complete_draft(call)
    attachment = services.add_attachment(actor=person, application=application, upload=pdf(), question=question)
    services.remove_attachment(actor=person, attachment=attachment)
    assert not application.attachments.exists()


# --- Submission ------------------------------------------------------------------------------------------


def test_submit_gives_the_next_reference_and_mails_one_receipt(call, django_capture_on_commit_callbacks):
    first, first_person = complete_draft(call)
    second, second_person = complete_draft(call)
    with django_capture_on_commit_callbacks(execute=True):
        first = services.submit(actor=first_person, application=first, submission_key="k1")
    with django_capture_on_commit_callbacks(execute=True):
        again = services.submit(actor=first_person, application=first, submission_key="k1")
    with django_capture_on_commit_callbacks(execute=True):
        second = services.submit(actor=second_person, application=second)
    assert (first.reference, again.reference, second.reference) == ("SYN-T-0001", "SYN-T-0001", "SYN-T-0002")
    assert (first.number, second.number) == (1, 2)  # what reviewers know it by
    assert first.status == ApplicationStatus.SUBMITTED
    receipts = [m for m in mail.outbox if "SYN-T-0001" in m.subject]
    assert len(receipts) == 1
    assert receipts[0].attachments[0][0] == "SYN-T-0001.pdf"
    assert receipts[0].attachments[0][1].startswith(b"%PDF")


def test_receipt_is_written_in_the_applicants_language_when_they_prefer_arabic(
    call, django_capture_on_commit_callbacks, monkeypatch
):
    from django.utils import translation

    from citynet.grants import mail as tasks  # where every grants email is rendered

    languages = []
    render = tasks.render_to_string
    monkeypatch.setattr(
        tasks, "render_to_string", lambda *a, **k: languages.append(translation.get_language()) or render(*a, **k)
    )
    application, person = complete_draft(call)
    person.preferred_language = "ar"
    person.save()
    with django_capture_on_commit_callbacks(execute=True):
        services.submit(actor=person, application=application)
    (receipt,) = mail.outbox
    assert "SYN-T-0001" in receipt.subject
    assert languages == ["ar", "ar"]


def test_submit_is_refused_at_the_deadline_second_and_accepted_one_second_before(call):
    application, person = complete_draft(call)
    with pytest.raises(InvalidTransition) as error:
        services.submit(actor=person, application=application, now=call.closes_at)
    assert "draft is kept" in str(error.value.message)
    application.refresh_from_db()
    assert application.status == ApplicationStatus.DRAFT
    submitted = services.submit(
        actor=person, application=application, now=call.closes_at - datetime.timedelta(seconds=1)
    )
    assert submitted.status == ApplicationStatus.SUBMITTED


def test_deadline_is_exact_when_the_call_closes_on_the_night_summer_time_ends():
    # 2026-10-25 in Tirana: clocks go back from 03:00 CEST to 02:00 CET, so 02:30 happens twice. The call
    # says the first 02:30 (CEST, UTC+2): 00:30 UTC. The second 02:30 (CET) is an hour later.
    tirane = zoneinfo.ZoneInfo("Europe/Tirane")
    closes = datetime.datetime(2026, 10, 25, 2, 30, tzinfo=tirane)  # fold=0: the first 02:30
    assert closes.astimezone(datetime.UTC) == datetime.datetime(2026, 10, 25, 0, 30, tzinfo=datetime.UTC)
    call = grants.CallFactory(
        code="SYN-DST",
        opens_at=datetime.datetime(2026, 10, 1, tzinfo=tirane),
        closes_at=closes,
    )
    application, person = complete_draft(call)
    application.answers = {}
    application.save()
    later_same_local_time = datetime.datetime(2026, 10, 25, 2, 30, fold=1, tzinfo=tirane)
    with pytest.raises(InvalidTransition):
        services.submit(actor=person, application=application, now=later_same_local_time)
    with pytest.raises(InvalidTransition):
        services.submit(actor=person, application=application, now=closes)
    before = datetime.datetime(2026, 10, 25, 0, 29, 59, tzinfo=datetime.UTC)
    assert services.submit(actor=person, application=application, now=before).reference == "SYN-DST-0001"


def test_extension_lets_one_application_submit_after_the_calls_deadline(call):
    extended, person = complete_draft(call)
    other, other_person = complete_draft(call)
    DeadlineExtension.objects.create(
        application=extended, closes_at=call.closes_at + datetime.timedelta(days=2), reason="Power cut"
    )
    after = call.closes_at + datetime.timedelta(hours=1)
    assert services.submit(actor=person, application=extended, now=after).status == ApplicationStatus.SUBMITTED
    with pytest.raises(InvalidTransition):
        services.submit(actor=other_person, application=other, now=after)


def test_another_organisation_cannot_submit(call):
    application, _person = complete_draft(call)
    stranger = grants.applicant_of(grants.ApplicantOrganisationFactory())
    with pytest.raises(NotPermitted):
        services.submit(actor=stranger, application=application)


def test_withdraw_before_the_deadline_only(call):
    application, person = complete_draft(call)
    services.submit(actor=person, application=application)
    with pytest.raises(InvalidTransition):
        services.withdraw(actor=person, application=application, now=call.closes_at)
    withdrawn = services.withdraw(actor=person, application=application)
    assert withdrawn.status == ApplicationStatus.WITHDRAWN and withdrawn.withdrawn_at
    assert services.withdraw(actor=person, application=application).status == ApplicationStatus.WITHDRAWN
    with pytest.raises(InvalidTransition):
        services.submit(actor=person, application=application)


def test_every_submission_leaves_an_audit_entry(call):
    from wagtail.models import ModelLogEntry

    application, person = complete_draft(call)
    services.submit(actor=person, application=application)
    entry = ModelLogEntry.objects.filter(object_id=str(application.pk)).latest("timestamp")
    assert entry.user_id == person.pk
    assert entry.data["changed"]["status"] == ["draft", "submitted"]


def test_receipt_pdf_renders_arabic_when_asked(call):
    application, person = complete_draft(call)
    services.submit(actor=person, application=application)
    assert receipt_pdf(application, "ar").startswith(b"%PDF")
    assert timezone.now()

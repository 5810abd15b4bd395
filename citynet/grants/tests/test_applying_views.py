"""Applicants' pages: who reaches them, what the form does with what is typed, and the sign-up journey back."""

import datetime
import re
from decimal import Decimal

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from citynet.accounts.tests import factories as people
from citynet.core.testing import assert_queries_do_not_grow, sign_in
from citynet.grants.models import Application, ApplicationStatus, QuestionKind
from citynet.grants.tests import factories as grants

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


@pytest.fixture
def draft():
    call = grants.CallFactory(code="SYN-V", slug="synthetic-open")
    grants.QuestionFactory(call=call, kind=QuestionKind.TEXT, label_en="Aim", max_length=40)
    grants.QuestionFactory(call=call, kind=QuestionKind.FILE, label_en="Plan", required=False)
    organisation = grants.ApplicantOrganisationFactory()
    owner = grants.applicant_of(organisation)
    application = grants.ApplicationFactory(
        call=call, organisation=organisation, created_by=owner, requested_amount=Decimal("5000")
    )
    return application, owner


def url(application, suffix=""):
    return reverse("grants:application-detail", args=[application.pk]) + suffix


def form_data(application, **values):
    aim = application.call.questions.get(label_en="Aim")
    data = {"version": application.version, "title": "Synthetic project", f"q{aim.pk}": "Synthetic aim"}
    data["requested_amount"] = "5000"
    data.update(values)
    return data


def test_owner_sees_the_form_when_signed_in(client, draft):
    application, owner = draft
    sign_in(client, owner)
    response = client.get(url(application))
    assert response.status_code == 200
    assert b'name="version"' in response.content and b"data-autosave-url" in response.content


@pytest.mark.parametrize("who", ["other_applicant", "reviewer", "anonymous"])
def test_others_are_refused_the_application_when_not_its_organisation(client, draft, who):
    application, _owner = draft
    user = {
        "other_applicant": lambda: grants.applicant_of(grants.ApplicantOrganisationFactory()),
        "reviewer": lambda: grants.AssignmentFactory(application=application).reviewer,
        "anonymous": lambda: None,
    }[who]()
    if user is not None:
        sign_in(client, user)
    for target in (url(application), url(application, "autosave/"), url(application, "receipt.pdf")):
        response = client.post(target, form_data(application)) if "autosave" in target else client.get(target)
        if user is None:
            assert response.status_code == 302 and "/accounts/login/" in response["Location"]
        else:
            assert response.status_code == 404
    application.refresh_from_db()
    assert application.title != "Synthetic project"


def test_save_then_submit_shows_the_reference_and_sends_one_receipt(client, draft, django_capture_on_commit_callbacks):
    application, owner = draft
    sign_in(client, owner)
    response = client.post(url(application), form_data(application, action="save"))
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.title == "Synthetic project" and application.version == 2
    with django_capture_on_commit_callbacks(execute=True):
        first = client.post(url(application), form_data(application, action="submit"))
        second = client.post(url(application), form_data(application, action="submit"))  # a resent form
    assert first.status_code == second.status_code == 302
    application.refresh_from_db()
    assert application.status == ApplicationStatus.SUBMITTED and application.reference == "SYN-V-0001"
    assert len(mail.outbox) == 1
    page = client.get(url(application))
    assert b"SYN-V-0001" in page.content
    receipt = client.get(url(application, "receipt.pdf"))
    assert receipt.status_code == 200 and receipt["Content-Type"] == "application/pdf"
    assert receipt.content.startswith(b"%PDF")


def test_messages_stand_at_the_wrong_field_when_submitting_incomplete(client, draft):
    application, owner = draft
    sign_in(client, owner)
    aim = application.call.questions.get(label_en="Aim")
    response = client.post(
        url(application), form_data(application, action="submit", **{f"q{aim.pk}": "x" * 50, "title": ""})
    )
    assert response.status_code == 422
    html = response.content.decode()
    aim_block = html[html.index(f'id="field-q{aim.pk}"') :][:1500]
    assert "Write at most 40 characters" in aim_block
    title_block = html[html.index('id="field-title"') :][:800]
    assert "Give your project a title." in title_block
    application.refresh_from_db()
    assert application.status == ApplicationStatus.DRAFT and application.answers[str(aim.pk)] == "x" * 50


def test_budget_message_stands_at_the_budget_table_when_it_does_not_add_up(client, draft):
    application, owner = draft
    grants.QuestionFactory(call=application.call, kind=QuestionKind.BUDGET, label_en="Budget")
    sign_in(client, owner)
    data = form_data(application, action="submit")
    data.update(
        {"budget-0-category": "Staff", "budget-0-amount": "3000", "budget-1-category": "", "budget-1-amount": ""}
    )
    response = client.post(url(application), data)
    html = response.content.decode()
    assert response.status_code == 422
    assert "add up to" in html[html.index('id="field-budget"') :][:3000]


def test_submit_after_the_deadline_keeps_the_draft_and_says_so(client, draft):
    application, owner = draft
    call = application.call
    call.closes_at = call.opens_at + datetime.timedelta(seconds=1)
    call.save()
    sign_in(client, owner)
    response = client.post(url(application), form_data(application, action="submit"))
    assert response.status_code == 409
    assert "Your draft is kept" in response.content.decode()
    application.refresh_from_db()
    assert application.status == ApplicationStatus.DRAFT and application.title == "Synthetic project"


def test_stale_form_is_a_conflict_with_the_persons_text_kept(client, draft):
    application, owner = draft
    colleague = grants.applicant_of(application.organisation, is_manager=False)
    sign_in(client, colleague)
    client.post(url(application), form_data(application, action="save", title="Colleague's title"))
    sign_in(client, owner)
    response = client.post(url(application), form_data(application, action="save", title="Owner's title"))
    assert response.status_code == 409
    assert "Someone else changed this record" in response.content.decode()
    assert "Owner&#x27;s title" in response.content.decode()
    application.refresh_from_db()
    assert application.title == "Colleague's title"


def test_autosave_answers_json_and_409_on_a_stale_version(client, draft):
    application, owner = draft
    sign_in(client, owner)
    saved = client.post(url(application, "autosave/"), form_data(application, title="Typed"))
    assert saved.status_code == 200 and saved.json()["version"] == 2
    stale = client.post(url(application, "autosave/"), form_data(application, title="Older tab"))
    assert stale.status_code == 409
    assert stale.json()["version"] == 2 and "Someone else" in stale.json()["message"]
    application.refresh_from_db()
    assert application.title == "Typed"


def test_upload_is_checked_and_downloaded_only_as_an_attachment(client, draft):
    application, owner = draft
    plan = application.call.questions.get(label_en="Plan")
    sign_in(client, owner)
    fake = SimpleUploadedFile("plan.pdf", b"<html><script>alert(1)</script></html>")
    refused = client.post(url(application), form_data(application, action="save", **{f"q{plan.pk}": fake}))
    assert refused.status_code == 422
    assert "is not a PDF" in refused.content.decode()
    application.refresh_from_db()
    good = SimpleUploadedFile("plan.pdf", PDF)
    client.post(url(application), form_data(application, action="save", **{f"q{plan.pk}": good}))
    attachment = application.attachments.get()
    response = client.get(url(application, f"attachments/{attachment.pk}/"))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith('attachment; filename="plan.pdf"')
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content) == PDF
    client.post(url(application), {"action": f"remove:{attachment.pk}"})
    assert not application.attachments.exists()


def test_list_shows_only_my_organisations_applications_within_a_query_budget(
    client, draft, django_assert_max_num_queries
):
    application, owner = draft
    grants.ApplicationFactory(title="Someone else's project")
    sign_in(client, owner)
    response = client.get(reverse("grants:application-list"))
    assert application.title in response.content.decode()
    assert "Someone else&#x27;s project" not in response.content.decode()

    def grow(n):
        for _ in range(n):
            grants.ApplicationFactory(organisation=application.organisation)

    queries = assert_queries_do_not_grow(lambda: client.get(reverse("grants:application-list")), grow, sizes=(2, 12))
    with django_assert_max_num_queries(queries):
        client.get(reverse("grants:application-list"))
    assert queries <= 15


def test_apply_starts_once_and_resumes_when_clicked_again(client, draft):
    application, owner = draft
    call = grants.CallFactory(slug="another-open")
    sign_in(client, owner)
    first = client.post(reverse("grants:call-apply", args=[call.slug]))
    second = client.post(reverse("grants:call-apply", args=[call.slug]))
    created = Application.objects.get(call=call)
    assert first["Location"] == second["Location"] == url(created)


def test_apply_sends_a_person_without_organisation_to_the_profile_and_back(client, draft):
    application, _owner = draft
    user = people.UserFactory()
    sign_in(client, user)
    apply_url = reverse("grants:call-apply", args=[application.call.slug])
    response = client.get(apply_url)
    assert response["Location"] == f"{reverse('grants:organisation')}?next={apply_url}"
    created = client.post(
        reverse("grants:organisation"),
        {"action": "save", "name": "Synthetic NGO", "kind": "local_ngo", "country": "AL", "next": apply_url},
    )
    assert created["Location"] == apply_url
    started = client.post(apply_url)
    assert started.status_code == 302
    assert Application.objects.filter(call=application.call, organisation__name="Synthetic NGO").exists()


def test_sign_up_and_email_verification_come_straight_back_to_the_application(client, draft, settings):
    # allauth signs the person in when they confirm their address in the browser they signed up in,
    # and then resumes the sign-in's `next`; without this setting it sends them to the sign-in page.
    settings.ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
    application, _owner = draft
    apply_url = reverse("grants:call-apply", args=[application.call.slug])
    login = client.get(apply_url)
    assert login.status_code == 302 and "next=" in login["Location"]
    signup = client.post(
        f"/en/accounts/signup/?next={apply_url}",
        {"email": "new-applicant@example.test", "password1": people.PASSWORD, "password2": people.PASSWORD},
    )
    assert signup.status_code == 302
    (message,) = mail.outbox
    link = re.search(r"https?://[^/\s]+(/\S*/accounts/confirm-email/\S+/)", message.body).group(1)
    confirm = client.post(link)
    assert confirm.status_code == 302
    assert confirm["Location"] == apply_url

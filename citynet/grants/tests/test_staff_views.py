import csv
import io
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import load_workbook
from wagtail.models import ModelLogEntry

from citynet.accounts.models import Role
from citynet.core.testing import assert_queries_do_not_grow, sign_in, staff
from citynet.grants.models import Application, Award, Call, Decision, Outcome, Screening
from citynet.grants.tests import factories as grants
from citynet.network.tests.factories import RegionFactory, member_municipality

pytestmark = pytest.mark.django_db


@pytest.fixture
def call(region):
    call = grants.CallFactory(region=region, code="SYN-STAFF")
    grants.QuestionFactory(call=call, label_en="What will you do?")
    grants.CriterionFactory(call=call)
    return call


@pytest.fixture
def coordinator(region):
    return staff(Role.REGIONAL_COORDINATOR, region)


@pytest.fixture
def other_coordinator():
    return staff(Role.REGIONAL_COORDINATOR, RegionFactory(slug="elsewhere"))


def submitted(call, **kwargs):
    organisation = kwargs.pop("organisation", None) or grants.ApplicantOrganisationFactory()
    starter = grants.applicant_of(organisation)
    return grants.submitted_application(call=call, organisation=organisation, created_by=starter, **kwargs)


def url(name, call, *args):
    return reverse(f"grants_staff:{name}", args=[call.pk, *args])


def test_coordinator_of_the_region_sees_the_calls_applications(client, call, coordinator):
    application = submitted(call, title="Synthetic river park")
    sign_in(client, coordinator)
    response = client.get(url("applications", call))
    assert response.status_code == 200
    assert "Synthetic river park" in response.text
    assert client.get(url("application", call, application.pk)).status_code == 200


@pytest.mark.parametrize("name", ["applications", "assignment", "ranking", "decisions"])
def test_staff_pages_are_404_when_the_coordinator_runs_another_region(client, call, other_coordinator, name):
    sign_in(client, other_coordinator)
    assert client.get(url(name, call)).status_code == 404


def test_application_page_is_404_for_another_calls_application(client, call, region, coordinator):
    elsewhere = submitted(grants.CallFactory(region=RegionFactory(slug="elsewhere")))
    sign_in(client, coordinator)
    assert client.get(url("application", call, elsewhere.pk)).status_code == 404


def test_staff_pages_send_a_non_staff_user_to_sign_in(client, call):
    user = grants.applicant_of(grants.ApplicantOrganisationFactory())
    sign_in(client, user)
    response = client.get(url("applications", call))
    assert response.status_code == 302
    assert "login" in response["Location"]


def test_staff_pages_ask_for_the_second_factor_when_it_was_not_used(client, call, coordinator):
    client.force_login(coordinator)
    response = client.get(url("applications", call))
    assert response.status_code == 302
    assert "reauthenticate" in response["Location"]


def test_screening_form_excludes_with_a_reason_and_shows_the_audit_trail(
    client, call, coordinator, django_capture_on_commit_callbacks
):
    application = submitted(call)
    sign_in(client, coordinator)
    refused = client.post(url("application", call, application.pk), {"eligible": "no", "screening_reason": ""})
    assert refused.status_code == 422
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            url("application", call, application.pk),
            {"eligible": "no", "screening_reason": "Not a local organisation", "check_documents_complete": "on"},
        )
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.screening == Screening.EXCLUDED
    assert application.screening_checklist["documents_complete"] is True
    page = client.get(url("application", call, application.pk))
    assert "Not a local organisation" in page.text  # in the form and in the audit trail


def test_extension_form_gives_a_draft_more_time(client, call, coordinator):
    draft = grants.ApplicationFactory(call=call)
    sign_in(client, coordinator)
    response = client.post(
        url("extension", call),
        {"application": draft.pk, "closes_at": "2099-01-05 18:00", "reason": "A power cut"},
    )
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.extension.reason == "A power cut"


def test_decisions_page_keeps_the_budget_and_publishes_results(client, call, coordinator):
    call.total_budget = Decimal("10000")
    call.max_award = Decimal("8000")
    call.save()
    first = submitted(call, screening=Screening.ELIGIBLE, partner_municipality=member_municipality())
    second = submitted(call, screening=Screening.ELIGIBLE)
    sign_in(client, coordinator)
    assert client.get(url("decisions", call)).status_code == 200
    ok = client.post(url("decisions", call), {"application": first.pk, "outcome": "award", "amount": "7000"})
    assert ok.status_code == 302
    over = client.post(url("decisions", call), {"application": second.pk, "outcome": "award", "amount": "4000"})
    assert over.status_code == 422
    assert "exceed the call&#x27;s budget" in over.text or "exceed the call's budget" in over.text
    assert not Decision.objects.filter(application=second).exists()
    client.post(url("publish-results", call), {"announcement": "Synthetic results"})
    call.refresh_from_db()
    assert call.status == "results_published"
    assert Award.objects.get().application == first


def test_decisions_post_is_404_for_an_application_of_another_call(client, call, coordinator):
    elsewhere = submitted(grants.CallFactory(region=call.region), screening=Screening.ELIGIBLE)
    sign_in(client, coordinator)
    response = client.post(url("decisions", call), {"application": elsewhere.pk, "outcome": "reject"})
    assert response.status_code == 404


def test_export_warns_first_then_neutralises_every_cell_and_logs_it(client, call, coordinator):
    submitted(
        call, title='=HYPERLINK("http://evil.test")', organisation=grants.ApplicantOrganisationFactory(name="+SUM(1)")
    )
    sign_in(client, coordinator)
    warning = client.get(url("export", call, "applications", "csv"))
    assert warning.status_code == 200
    assert "personal data" in warning.text
    assert not ModelLogEntry.objects.filter(action="grants.export").exists()
    assert client.post(url("export", call, "applications", "csv"), {}).status_code == 422
    response = client.post(url("export", call, "applications", "csv"), {"confirm": "on"})
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    cells = [cell for row in rows for cell in row]
    assert '\'=HYPERLINK("http://evil.test")' in cells and "'+SUM(1)" in cells
    assert not any(cell[:1] in "=+-@" and cell for cell in cells)
    entry = ModelLogEntry.objects.get(action="grants.export")
    assert entry.user == coordinator and entry.data["after"]["export"] == "applications"


@pytest.mark.parametrize("what", ["applications", "scores", "decisions"])
def test_xlsx_exports_neutralise_formulas_when_data_starts_with_one(client, call, coordinator, what):
    application = submitted(
        call, organisation=grants.ApplicantOrganisationFactory(name="@cmd"), screening=Screening.ELIGIBLE
    )
    assignment = grants.AssignmentFactory(application=application)
    review = grants.ReviewFactory(assignment=assignment, status="submitted")
    grants.ScoreFactory(review=review, criterion=call.criteria.get(), comment="=1+1")
    Decision.objects.create(application=application, outcome=Outcome.REJECT, message="-2")
    sign_in(client, coordinator)
    response = client.post(url("export", call, what, "xlsx"), {"confirm": "on"})
    sheet = load_workbook(io.BytesIO(response.content)).active
    values = [cell.value for row in sheet.iter_rows() for cell in row if isinstance(cell.value, str)]
    assert "'@cmd" in values
    assert not any(value[:1] in "=+-@" for value in values if value)
    assert ModelLogEntry.objects.filter(action="grants.export", object_id=str(call.pk)).count() == 1


def test_export_is_404_when_the_coordinator_runs_another_region(client, call, other_coordinator):
    sign_in(client, other_coordinator)
    assert client.post(url("export", call, "applications", "csv"), {"confirm": "on"}).status_code == 404
    assert not ModelLogEntry.objects.filter(action="grants.export").exists()


def test_call_listing_export_is_logged_and_scoped(client, call, coordinator):
    grants.CallFactory(region=RegionFactory(slug="elsewhere"), title_en="Elsewhere call")
    sign_in(client, coordinator)
    response = client.get("/admin/grants/calls/?export=csv")
    text = response.getvalue().decode("utf-8") if response.streaming else response.text
    assert call.code in text and "Elsewhere call" not in text
    assert ModelLogEntry.objects.filter(action="grants.export").count() == 1


def test_call_admin_form_reads_moments_on_the_calls_clock(client, region, coordinator):
    sign_in(client, coordinator)
    response = client.get("/admin/grants/calls/new/")
    assert response.status_code == 200
    data = {
        "region": region.pk,
        "slug": "synthetic-form-call",
        "code": "SYN-FORM",
        "title_en": "Synthetic form call",
        "currency": "EUR",
        "total_budget": "30000",
        "min_award": "1000",
        "max_award": "5000",
        "time_zone": "Europe/Belgrade",
        "opens_at": "2026-10-01 09:00",
        "closes_at": "2026-10-25 23:59",
        "stages": "one_stage",
        "reviewers_per_application": "2",
        "eligible_kinds": ["local_ngo"],
        "questions-TOTAL_FORMS": "1",
        "questions-INITIAL_FORMS": "0",
        "questions-MIN_NUM_FORMS": "0",
        "questions-MAX_NUM_FORMS": "1000",
        "questions-0-label_en": "What will you do?",
        "questions-0-kind": "long_text",
        "questions-0-stage": "full",
        "questions-0-sort_order": "0",
        "questions-0-required": "on",
        "criteria-TOTAL_FORMS": "0",
        "criteria-INITIAL_FORMS": "0",
        "criteria-MIN_NUM_FORMS": "0",
        "criteria-MAX_NUM_FORMS": "1000",
    }
    response = client.post("/admin/grants/calls/new/", data)
    assert response.status_code == 302, response.text[:3000]
    created = Call.objects.get(code="SYN-FORM")
    # 25 October 2026: Belgrade is back on winter time (UTC+1) after 03:00.
    assert created.closes_at.isoformat() == "2026-10-25T22:59:00+00:00"
    assert created.eligible_kinds == ["local_ngo"]
    assert created.questions.get().label == "What will you do?"
    edit = client.get(f"/admin/grants/calls/edit/{created.pk}/")
    assert "2026-10-25 23:59" in edit.text


def test_applications_list_keeps_its_query_budget_when_applications_grow(
    client, call, coordinator, django_assert_max_num_queries
):
    sign_in(client, coordinator)

    def grow(n):
        organisations = [grants.ApplicantOrganisationFactory() for _ in range(n)]
        for organisation in organisations:
            submitted(call, organisation=organisation)

    assert_queries_do_not_grow(lambda: client.get(url("applications", call)), grow, sizes=(3, 60))
    with django_assert_max_num_queries(25):
        client.get(url("applications", call))


@pytest.mark.parametrize("name", ["ranking", "decisions", "assignment"])
def test_review_pages_keep_their_query_budget_when_applications_grow(client, call, coordinator, name):
    sign_in(client, coordinator)

    def grow(n):
        for _ in range(n):
            application = submitted(call, screening=Screening.ELIGIBLE)
            grants.PoolMemberFactory(call=call, reviewer=grants.AssignmentFactory(application=application).reviewer)

    assert_queries_do_not_grow(lambda: client.get(url(name, call)), grow, sizes=(3, 40))


def test_only_secretariat_sees_applicant_organisations(client, coordinator):
    grants.ApplicantOrganisationFactory(name="Synthetic NGO listed")
    sign_in(client, coordinator)
    assert client.get("/admin/grants/organisations/").status_code == 302
    client.logout()
    sign_in(client, staff(Role.SECRETARIAT))
    assert "Synthetic NGO listed" in client.get("/admin/grants/organisations/").text


def test_application_count_is_exact_per_screening(client, call, coordinator):
    submitted(call, screening=Screening.ELIGIBLE)
    submitted(call)
    sign_in(client, coordinator)
    response = client.get(url("applications", call) + "?screening=eligible")
    assert response.context["page"].paginator.count == 1
    assert Application.objects.filter(call=call).count() == 2


def test_application_page_grants_an_extension_and_shows_its_line(client, call, coordinator):
    application = submitted(call)
    sign_in(client, coordinator)
    response = client.post(
        url("extension", call),
        {"application": application.pk, "closes_at": "2099-01-05 18:00", "reason": "A flood", "back": "application"},
    )
    assert response["Location"] == url("application", call, application.pk)
    page = client.get(url("application", call, application.pk))
    assert "Your deadline was extended" in page.text and "A flood" in page.text


def test_staff_download_an_attachment_from_the_application_page(client, call, coordinator):
    from django.core.files.base import ContentFile

    from citynet.grants.models import Attachment

    application = submitted(call)
    attachment = Attachment(
        application=application, original_name="plan.pdf", content_type="application/pdf", size=4, sha256="0" * 64
    )
    attachment.file.save("plan", ContentFile(b"%PDF"), save=True)
    sign_in(client, coordinator)
    page = client.get(url("application", call, application.pk))
    link = reverse("grants:application-attachment", args=[application.pk, attachment.pk])
    assert link in page.text
    response = client.get(link)
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]

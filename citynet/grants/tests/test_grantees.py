"""After the award: staff set a grant up, the grantee hands in reports, staff approve or return them."""

import datetime
from decimal import Decimal

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.utils import timezone

from citynet.accounts.tests.factories import coordinator, secretariat
from citynet.core.exceptions import Conflict, InvalidInput, InvalidTransition, NotPermitted
from citynet.core.testing import sign_in
from citynet.grants.models import Decision, Grant, GrantReport, ReportStatus, Tranche
from citynet.grants.services import grantees as services
from citynet.grants.tests import factories as grants
from citynet.network.tests.factories import RegionFactory

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2026, 12, 2)


@pytest.fixture
def awarded():
    application = grants.submitted_application()
    grant = grants.grant_for(application, amount=Decimal("8000"))
    return grant


@pytest.fixture
def grantee(awarded):
    return grants.applicant_of(awarded.application.organisation)


def _plan(application, **values):
    return {
        "application": application,
        "values": {"starts_on": TODAY, "ends_on": TODAY + datetime.timedelta(days=180), **values},
        "tranches": [{"due_on": TODAY, "amount": Decimal("5000")}, {"due_on": TODAY, "amount": Decimal("3000")}],
        "reports": [{"kind": "narrative", "title": "Final report", "due_on": TODAY + datetime.timedelta(days=190)}],
    }


def test_staff_set_up_a_grant_for_the_amount_awarded_with_tranches_that_add_up():
    application = grants.submitted_application()
    Decision.objects.create(application=application, outcome="award", amount=Decimal("8000"))
    grant = services.set_up_grant(actor=coordinator(application.call.region), **_plan(application))
    assert grant.amount == Decimal("8000")
    assert [t.amount for t in grant.tranches.order_by("amount")] == [Decimal("3000"), Decimal("5000")]
    assert list(grant.reports.values_list("title", flat=True)) == ["Final report"]


def test_tranches_that_do_not_add_up_are_refused_at_the_tranches():
    application = grants.submitted_application()
    Decision.objects.create(application=application, outcome="award", amount=Decimal("9000"))
    with pytest.raises(InvalidInput) as refused:
        services.set_up_grant(actor=secretariat(), **_plan(application))
    assert "tranches" in refused.value.errors
    assert not Grant.objects.exists()


def test_only_an_awarded_application_gets_a_grant_and_only_from_its_regions_staff():
    application = grants.submitted_application()
    with pytest.raises(InvalidTransition):
        services.set_up_grant(actor=secretariat(), **_plan(application))
    Decision.objects.create(application=application, outcome="award", amount=Decimal("8000"))
    with pytest.raises(NotPermitted):
        services.set_up_grant(actor=coordinator(RegionFactory()), **_plan(application))


def test_a_change_of_plan_keeps_the_reports_the_grantee_already_handed_in(awarded):
    handed_in = awarded.reports.get(status=ReportStatus.SUBMITTED)
    services.set_up_grant(
        actor=secretariat(),
        instance=awarded,
        expected_version=awarded.version,
        **_plan(awarded.application),
    )
    titles = set(awarded.reports.values_list("title", flat=True))
    assert titles == {handed_in.title, "Final report"}


def test_the_grantee_hands_in_a_report_and_the_regions_coordinators_hear_of_it(
    awarded, grantee, django_capture_on_commit_callbacks
):
    staff = coordinator(awarded.application.call.region)
    report = awarded.reports.get(status=ReportStatus.DUE)
    upload = SimpleUploadedFile("interim.pdf", grants.PDF_BYTES, content_type="application/pdf")
    with django_capture_on_commit_callbacks(execute=True):
        services.submit_report(actor=grantee, report=report, text="What we did.", upload=upload)
    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED
    assert report.content_type == "application/pdf" and report.original_name == "interim.pdf"
    assert [m.to for m in mail.outbox] == [[staff.email]]


def test_a_report_file_is_checked_by_its_content_not_its_name(awarded, grantee):
    report = awarded.reports.get(status=ReportStatus.DUE)
    disguised = SimpleUploadedFile(
        "report.pdf", b"<html><script>alert(1)</script></html>", content_type="application/pdf"
    )
    with pytest.raises(InvalidInput) as refused:
        services.submit_report(actor=grantee, report=report, upload=disguised)
    assert "file" in refused.value.errors
    report.refresh_from_db()
    assert report.status == ReportStatus.DUE and not report.file


def test_an_empty_report_is_refused_and_nobody_else_may_hand_one_in(awarded, grantee):
    report = awarded.reports.get(status=ReportStatus.DUE)
    with pytest.raises(InvalidInput):
        services.submit_report(actor=grantee, report=report, text="  ")
    stranger = grants.applicant_of(grants.ApplicantOrganisationFactory())
    with pytest.raises(NotPermitted):
        services.submit_report(actor=stranger, report=report, text="Not ours")


def test_two_people_handing_in_the_same_report_do_not_overwrite_each_other(awarded, grantee):
    colleague = grants.applicant_of(awarded.application.organisation, is_manager=False)
    report = awarded.reports.get(status=ReportStatus.DUE)
    opened_at = report.version
    services.submit_report(actor=grantee, report=report, text="First", expected_version=opened_at)
    with pytest.raises((Conflict, InvalidTransition)):
        services.submit_report(
            actor=colleague, report=GrantReport.objects.get(pk=report.pk), text="Second", expected_version=opened_at
        )
    assert GrantReport.objects.get(pk=report.pk).text == "First"


def test_staff_return_a_report_with_a_comment_and_the_grantee_can_hand_it_in_again(
    awarded, grantee, django_capture_on_commit_callbacks
):
    report = awarded.reports.get(status=ReportStatus.SUBMITTED)
    staff = coordinator(awarded.application.call.region)
    with pytest.raises(InvalidInput):
        services.review_report(actor=staff, report=report, approve=False, comment="")
    with django_capture_on_commit_callbacks(execute=True):
        services.review_report(actor=staff, report=report, approve=False, comment="Add the receipts.")
    report.refresh_from_db()
    assert report.status == ReportStatus.RETURNED
    assert [m.to for m in mail.outbox] == [[grantee.email]]
    assert "Add the receipts." in mail.outbox[0].body
    services.submit_report(actor=grantee, report=report, text="With receipts")
    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED
    with pytest.raises(NotPermitted):
        services.review_report(actor=grantee, report=report, approve=True)


def test_reminders_go_once_to_reports_due_within_a_week(awarded, grantee, django_capture_on_commit_callbacks):
    today = timezone.localdate()
    with django_capture_on_commit_callbacks(execute=True):
        assert services.send_report_reminders(today=today) == 1  # the one due in five days; the other in thirty
    assert [m.to for m in mail.outbox] == [[grantee.email]]
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_grant_reminders", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert len(mail.outbox) == 1


def test_payments_are_recorded_and_audited(awarded):
    from wagtail.models import ModelLogEntry

    tranche = Tranche.objects.create(grant=awarded, due_on=TODAY, amount=Decimal("8000"))
    services.record_payment(actor=secretariat(), tranche=tranche, paid_on=TODAY)
    tranche.refresh_from_db()
    assert tranche.paid_on == TODAY
    assert ModelLogEntry.objects.filter(object_id=str(awarded.pk), action="wagtail.edit").exists()


# --- The grant page ---------------------------------------------------------------------------------------


def test_the_grantee_hands_in_a_report_on_the_grant_page(client, awarded, grantee):
    report = awarded.reports.get(status=ReportStatus.DUE)
    sign_in(client, grantee)
    page = client.get(f"/en/grants/awarded/{awarded.pk}/")
    assert page.status_code == 200 and report.title in page.content.decode()
    response = client.post(
        f"/en/grants/awarded/{awarded.pk}/reports/{report.pk}/",
        {f"r{report.pk}-text": "What we did", f"r{report.pk}-based_on_version": report.version},
    )
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED and report.text == "What we did"


def test_a_refused_hand_in_says_why_at_the_field_in_arabic(client, awarded, grantee):
    report = awarded.reports.get(status=ReportStatus.DUE)
    grantee.preferred_language = "ar"
    sign_in(client, grantee)
    response = client.post(f"/ar/grants/awarded/{awarded.pk}/reports/{report.pk}/", {})
    assert response.status_code == 422
    assert 'role="alert"' in response.content.decode()


def test_the_report_file_is_served_as_a_download_only(client, awarded, grantee):
    report = awarded.reports.get(status=ReportStatus.SUBMITTED)
    sign_in(client, grantee)
    response = client.get(f"/en/grants/awarded/{awarded.pk}/reports/{report.pk}/file/")
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content).startswith(b"%PDF")


def test_the_grant_page_reads_a_fixed_number_of_queries(client, awarded, grantee, django_assert_max_num_queries):
    for n in range(20):
        GrantReport.objects.create(grant=awarded, kind="milestone", title=f"Milestone {n}", due_on=TODAY)
    sign_in(client, grantee)
    with django_assert_max_num_queries(12):
        assert client.get(f"/en/grants/awarded/{awarded.pk}/").status_code == 200


# --- The admin's grant agreements ---------------------------------------------------------------------


def _formset(prefix: str, rows: list[dict]) -> dict:
    data = {
        f"{prefix}-TOTAL_FORMS": str(len(rows)),
        f"{prefix}-INITIAL_FORMS": "0",
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }
    for i, row in enumerate(rows):
        data.update({f"{prefix}-{i}-{key}": value for key, value in row.items()})
        data[f"{prefix}-{i}-ORDER"] = str(i + 1)
        data[f"{prefix}-{i}-id"] = ""
    return data


def _agreement(application, tranches):
    return {
        "application": application.pk,
        "amount": "8000",
        "starts_on": "2026-12-01",
        "ends_on": "2027-06-30",
        **_formset("tranches", tranches),
        **_formset("reports", [{"kind": "narrative", "title": "Final report", "due_on": "2027-07-15"}]),
    }


def test_a_coordinator_sets_a_grant_up_in_the_admin_through_the_service(client):
    from citynet.accounts.models import Role
    from citynet.core.testing import staff

    application = grants.submitted_application()
    Decision.objects.create(application=application, outcome="award", amount=Decimal("8000"))
    sign_in(client, staff(Role.REGIONAL_COORDINATOR, application.call.region))
    refused = client.post(
        "/admin/grants/agreements/new/", _agreement(application, [{"due_on": "2026-12-15", "amount": "5000"}])
    )
    assert refused.status_code == 200 and not Grant.objects.exists()  # 5,000 is not the grant's 8,000
    assert "add up" in refused.content.decode()
    response = client.post(
        "/admin/grants/agreements/new/",
        _agreement(
            application, [{"due_on": "2026-12-15", "amount": "5000"}, {"due_on": "2027-03-15", "amount": "3000"}]
        ),
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    grant = Grant.objects.get(application=application)
    assert grant.tranches.count() == 2 and grant.reports.get().title == "Final report"


def test_another_regions_coordinator_cannot_pick_the_application(client):
    from citynet.accounts.models import Role
    from citynet.core.testing import staff

    application = grants.submitted_application()
    Decision.objects.create(application=application, outcome="award", amount=Decimal("8000"))
    sign_in(client, staff(Role.REGIONAL_COORDINATOR, RegionFactory()))
    response = client.post(
        "/admin/grants/agreements/new/", _agreement(application, [{"due_on": "2026-12-15", "amount": "8000"}])
    )
    assert response.status_code == 200 and not Grant.objects.exists()


def test_the_applicants_page_leads_to_the_grant_and_says_their_own_extension(client, awarded, grantee):
    from citynet.grants.models import DeadlineExtension

    application = awarded.application
    DeadlineExtension.objects.create(
        application=application, closes_at=application.call.closes_at, reason="Synthetic power cut"
    )
    sign_in(client, grantee)
    page = client.get(f"/en/grants/applications/{application.pk}/").content.decode()
    assert f'href="/en/grants/awarded/{awarded.pk}/"' in page
    assert "Synthetic power cut" in page

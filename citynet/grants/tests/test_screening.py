import datetime

import pytest
from django.core import mail
from wagtail.models import ModelLogEntry

from citynet.accounts.tests.factories import coordinator, secretariat
from citynet.core.exceptions import InvalidInput, InvalidTransition, NotPermitted
from citynet.grants.models import Screening
from citynet.grants.services.screening import eligibility_checks, screen
from citynet.grants.tests import factories as grants
from citynet.network.models import MembershipStatus
from citynet.network.tests.factories import (
    CountryFactory,
    MembershipFactory,
    MunicipalityFactory,
    RegionFactory,
    member_municipality,
)

pytestmark = pytest.mark.django_db


def checks_by_rule(application, **kwargs):
    return {check.rule: check for check in eligibility_checks(application, **kwargs)}


def test_eligibility_passes_kind_and_country_when_the_call_leaves_them_open(region):
    application = grants.submitted_application(call=grants.CallFactory(region=region))
    checks = checks_by_rule(application)
    assert checks["kind"].passed and checks["country"].passed
    assert set(checks) == {"kind", "country"}  # founding and partner rules only when the call sets them


def test_eligibility_fails_kind_when_the_call_accepts_other_kinds(region):
    call = grants.CallFactory(region=region, eligible_kinds=["international"])
    checks = checks_by_rule(grants.submitted_application(call=call))
    assert not checks["kind"].passed


def test_eligibility_fails_country_when_outside_the_regions_countries(region):
    organisation = grants.ApplicantOrganisationFactory(country="FR")
    checks = checks_by_rule(
        grants.submitted_application(call=grants.CallFactory(region=region), organisation=organisation)
    )
    assert not checks["country"].passed


def test_eligibility_uses_the_calls_countries_when_it_names_them(region):
    call = grants.CallFactory(region=region, eligible_countries=["FR"])
    organisation = grants.ApplicantOrganisationFactory(country="FR")
    assert checks_by_rule(grants.submitted_application(call=call, organisation=organisation))["country"].passed
    assert not checks_by_rule(grants.submitted_application(call=call))["country"].passed


def test_eligibility_counts_founding_years_to_the_year_the_call_closes(region):
    closes = datetime.datetime(2026, 12, 31, 23, 30, tzinfo=datetime.UTC)  # already 2027 in Tirana
    call = grants.CallFactory(
        region=region, min_years_founded=3, closes_at=closes, opens_at=closes - datetime.timedelta(days=30)
    )
    young = grants.ApplicantOrganisationFactory(founded_year=2025)
    old_enough = grants.ApplicantOrganisationFactory(founded_year=2024)
    unknown = grants.ApplicantOrganisationFactory(founded_year=None)
    assert not checks_by_rule(grants.submitted_application(call=call, organisation=young))["founded"].passed
    assert checks_by_rule(grants.submitted_application(call=call, organisation=old_enough))["founded"].passed
    assert not checks_by_rule(grants.submitted_application(call=call, organisation=unknown))["founded"].passed


def test_eligibility_needs_a_current_member_partner_when_the_call_requires_one(region):
    call = grants.CallFactory(region=region, requires_member_partner=True)
    country = region.countries.get()
    member = member_municipality(country=country)
    suspended = MunicipalityFactory(country=country)
    MembershipFactory(municipality=suspended, started_on=datetime.date(2015, 1, 1), ended_on=datetime.date(2022, 1, 1))
    MembershipFactory(municipality=suspended, status=MembershipStatus.SUSPENDED, started_on=datetime.date(2022, 1, 1))
    elsewhere = member_municipality(country=CountryFactory(code="LB", region=RegionFactory(slug="elsewhere")))

    def partner_check(municipality, **kwargs):
        application = grants.submitted_application(call=call, partner_municipality=municipality)
        return checks_by_rule(application, **kwargs)["partner"]

    assert partner_check(member).passed
    assert not partner_check(suspended).passed
    assert partner_check(suspended, on=datetime.date(2021, 6, 1)).passed  # the status at that date
    assert not partner_check(elsewhere).passed
    assert not partner_check(None).passed


def test_screen_refuses_an_exclusion_without_a_reason(region):
    application = grants.submitted_application(call=grants.CallFactory(region=region))
    with pytest.raises(InvalidInput) as error:
        screen(actor=coordinator(region), application=application, eligible=False, checklist={}, reason=" ")
    assert "screening_reason" in error.value.errors
    application.refresh_from_db()
    assert application.screening == Screening.PENDING


def submitted(region):
    # As an applicant starts it: `created_by` is set.
    organisation = grants.ApplicantOrganisationFactory()
    starter = grants.applicant_of(organisation, user__preferred_language="ar")
    return grants.submitted_application(
        call=grants.CallFactory(region=region), organisation=organisation, created_by=starter
    )


def test_screen_excludes_audits_and_tells_each_applicant_in_their_language(region, django_capture_on_commit_callbacks):
    application = submitted(region)
    grants.applicant_of(application.organisation, user__preferred_language="en")
    actor = coordinator(region)
    with django_capture_on_commit_callbacks(execute=True):
        screen(
            actor=actor,
            application=application,
            eligible=False,
            checklist={"letter_signed": False},
            reason="The letter of support is not signed.",
        )
    application.refresh_from_db()
    assert application.screening == Screening.EXCLUDED
    assert application.screened_by == actor
    assert application.screening_checklist == {"letter_signed": False}
    entry = ModelLogEntry.objects.filter(object_id=str(application.pk), action="wagtail.edit").get()
    assert entry.user == actor and "screening" in entry.data["changed"]
    assert len(mail.outbox) == 2
    assert all("The letter of support is not signed." in message.body for message in mail.outbox)


def test_screen_again_with_the_same_outcome_tells_nobody_twice(region, django_capture_on_commit_callbacks):
    application = submitted(region)
    actor = secretariat()
    with django_capture_on_commit_callbacks(execute=True):
        screen(actor=actor, application=application, eligible=True, checklist={}, reason="")
    with django_capture_on_commit_callbacks(execute=True):
        screen(actor=actor, application=application, eligible=True, checklist={"checked": True}, reason="")
    assert len(mail.outbox) == 1


def test_screen_is_refused_when_the_coordinator_runs_another_region(region):
    application = grants.submitted_application(call=grants.CallFactory(region=region))
    with pytest.raises(NotPermitted):
        screen(
            actor=coordinator(RegionFactory(slug="elsewhere")),
            application=application,
            eligible=True,
            checklist={},
            reason="",
        )


def test_screen_is_refused_when_the_application_is_a_draft(region):
    application = grants.ApplicationFactory(call=grants.CallFactory(region=region))
    with pytest.raises(InvalidTransition):
        screen(actor=secretariat(), application=application, eligible=True, checklist={}, reason="")

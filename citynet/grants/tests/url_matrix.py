"""The grants' URLs as each role meets them: public pages, applicants', reviewers', staff's.

One scene for all of them (below); the rows live beside the code they cover, one module per part of
the cycle in tests/matrix/. Collected by citynet/core/tests/test_url_matrix.py (docs/testing.md).

Roles of this app, relative to the scene's objects:
- "owner": a person of the organisation whose application the scene submitted (and whose draft it holds);
- "other_applicant": a person of another organisation that applied to the same call;
- "assigned_reviewer": a reviewer assigned to the submitted application, who declared no conflict;
- "conflicted_reviewer": a reviewer assigned to it who declared a conflict;
- "pool_reviewer": a reviewer in the call's pool with no assignment to it.
"""

import datetime
from decimal import Decimal
from types import SimpleNamespace

from django.utils import timezone

from citynet.grants.models import CallStatus, Declaration, QuestionKind
from citynet.grants.tests import factories as grants
from citynet.network.tests.factories import CountryFactory, RegionFactory, member_municipality

from .matrix import api_staff, applying, grantees, public, reviewing, staff, stages


def scene():
    region = RegionFactory(slug="here")
    country = CountryFactory(code="AL", region=region)
    city = member_municipality(country=country)
    call = grants.CallFactory(region=region, slug="open-call", code="SYN-OPEN")
    question = grants.QuestionFactory(call=call, label_en="What will you do?")
    file_question = grants.QuestionFactory(call=call, kind=QuestionKind.FILE, label_en="Your plan", required=False)
    criterion = grants.CriterionFactory(call=call)
    draft_call = grants.CallFactory(region=region, slug="draft-call", status=CallStatus.DRAFT)
    closed_call = grants.CallFactory(
        region=region,
        slug="closed-call",
        status=CallStatus.RESULTS_PUBLISHED,
        opens_at=timezone.now() - datetime.timedelta(days=60),
        closes_at=timezone.now() - datetime.timedelta(days=30),
    )

    organisation = grants.ApplicantOrganisationFactory()
    owner = grants.applicant_of(organisation)
    application = grants.submitted_application(
        call=call, organisation=organisation, partner_municipality=city, answers={str(question.pk): "Synthetic answer"}
    )
    draft = grants.ApplicationFactory(call=closed_call, organisation=organisation)
    other_organisation = grants.ApplicantOrganisationFactory()
    other_applicant = grants.applicant_of(other_organisation)
    other_application = grants.submitted_application(call=call, organisation=other_organisation)

    assigned = grants.AssignmentFactory(application=application)
    review = grants.ReviewFactory(assignment=assigned)
    grants.ScoreFactory(review=review, criterion=criterion, value=4)
    conflicted = grants.AssignmentFactory(
        application=application, declaration=Declaration.CONFLICT, declaration_note="Synthetic conflict"
    )
    pool_reviewer = grants.PoolMemberFactory(call=call).reviewer
    for reviewer in (assigned.reviewer, conflicted.reviewer):
        grants.PoolMemberFactory(call=call, reviewer=reviewer)

    award = grants.AwardFactory(call=closed_call, slug="synthetic-award", amount=Decimal("8000"))
    grant = grants.grant_for(application)
    due_report, handed_in_report = grant.reports.order_by("pk")
    return SimpleNamespace(
        region=region,
        city=city,
        call=call,
        question=question,
        file_question=file_question,
        criterion=criterion,
        draft_call=draft_call,
        closed_call=closed_call,
        organisation=organisation,
        owner=owner,
        application=application,
        draft=draft,
        other_organisation=other_organisation,
        other_applicant=other_applicant,
        other_application=other_application,
        assignment=assigned,
        review=review,
        conflicted_assignment=conflicted,
        pool_reviewer=pool_reviewer,
        award=award,
        grant=grant,
        due_report=due_report,
        handed_in_report=handed_in_report,
    )


ACTORS = {
    "owner": lambda s: s.owner,
    "other_applicant": lambda s: s.other_applicant,
    "assigned_reviewer": lambda s: s.assignment.reviewer,
    "conflicted_reviewer": lambda s: s.conflicted_assignment.reviewer,
    "pool_reviewer": lambda s: s.pool_reviewer,
}

ROWS = [*public.ROWS, *applying.ROWS, *reviewing.ROWS, *staff.ROWS, *grantees.ROWS, *api_staff.ROWS, *stages.ROWS]

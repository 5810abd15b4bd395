"""Grant records. Everything these make is plainly synthetic ("Synthetic call 3", "Synthetic NGO 7")."""

import datetime
from decimal import Decimal

import factory
from django.core.files.base import ContentFile
from django.db.models import Max
from django.utils import timezone

from citynet.accounts.tests.factories import UserFactory
from citynet.grants.models import (
    ApplicantOrganisation,
    Application,
    ApplicationStatus,
    Assignment,
    Award,
    Call,
    CallStatus,
    Criterion,
    Decision,
    Declaration,
    Grant,
    GrantReport,
    OrganisationMember,
    Outcome,
    PoolMember,
    Question,
    QuestionKind,
    ReportKind,
    ReportStatus,
    Review,
    Score,
)
from citynet.network.tests.factories import RegionFactory


class CallFactory(factory.django.DjangoModelFactory):
    """A published call, open now: it opened a week ago and closes in two weeks."""

    class Meta:
        model = Call
        skip_postgeneration_save = True

    region = factory.SubFactory(RegionFactory)
    slug = factory.Sequence(lambda n: f"synthetic-call-{n}")
    code = factory.Sequence(lambda n: f"SYN-{n}")
    title_en = factory.Sequence(lambda n: f"Synthetic call {n}")
    summary_en = "A synthetic call for tests."
    status = CallStatus.PUBLISHED
    currency = "EUR"
    total_budget = Decimal("50000")
    min_award = Decimal("1000")
    max_award = Decimal("10000")
    time_zone = "Europe/Tirane"
    opens_at = factory.LazyFunction(lambda: timezone.now() - datetime.timedelta(days=7))
    closes_at = factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(days=14))
    reviewers_per_application = 2


class QuestionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Question

    call = factory.SubFactory(CallFactory)
    sort_order = factory.Sequence(lambda n: n)
    kind = QuestionKind.LONG_TEXT
    label_en = factory.Sequence(lambda n: f"Synthetic question {n}")
    required = True
    max_length = 2000


class CriterionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Criterion

    call = factory.SubFactory(CallFactory)
    sort_order = factory.Sequence(lambda n: n)
    name_en = factory.Sequence(lambda n: f"Synthetic criterion {n}")
    weight = Decimal(1)
    scale_min = 0
    scale_max = 5


class ApplicantOrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ApplicantOrganisation

    name = factory.Sequence(lambda n: f"Synthetic NGO {n}")
    kind = "local_ngo"
    country = "AL"
    city = "Synthetic town"
    founded_year = 2010
    email = factory.Sequence(lambda n: f"ngo{n}@example.test")


class OrganisationMemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OrganisationMember

    organisation = factory.SubFactory(ApplicantOrganisationFactory)
    user = factory.SubFactory(UserFactory)
    is_manager = True


def applicant_of(organisation, **kwargs):
    """A person of `organisation` (its manager unless told otherwise)."""
    return OrganisationMemberFactory(organisation=organisation, **kwargs).user


class ApplicationFactory(factory.django.DjangoModelFactory):
    """A draft; `submitted_application()` makes one that was submitted."""

    class Meta:
        model = Application

    call = factory.SubFactory(CallFactory)
    organisation = factory.SubFactory(ApplicantOrganisationFactory)
    title = factory.Sequence(lambda n: f"Synthetic project {n}")
    requested_amount = Decimal("5000")


def submitted_application(**kwargs) -> Application:
    application = ApplicationFactory(**kwargs)
    application.status = ApplicationStatus.SUBMITTED
    application.submitted_at = timezone.now()
    # The next number in its call, as a submission gives it (primary keys differ between databases).
    taken = Application.objects.filter(call=application.call).aggregate(last=Max("number"))["last"] or 0
    application.number = taken + 1
    application.reference = f"{application.call.code}-{application.number:04d}"
    application.save()
    return application


class PoolMemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PoolMember

    call = factory.SubFactory(CallFactory)
    reviewer = factory.SubFactory(UserFactory)


class AssignmentFactory(factory.django.DjangoModelFactory):
    """An assignment whose reviewer declared no conflict (pass declaration=... for another state)."""

    class Meta:
        model = Assignment

    application = factory.SubFactory(ApplicationFactory)
    reviewer = factory.SubFactory(UserFactory)
    declaration = Declaration.NO_CONFLICT
    declared_at = factory.LazyFunction(timezone.now)


class ReviewFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Review

    assignment = factory.SubFactory(AssignmentFactory)


class ScoreFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Score

    review = factory.SubFactory(ReviewFactory)
    criterion = factory.SubFactory(CriterionFactory)
    value = 3


class AwardFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Award

    call = factory.SubFactory(CallFactory)
    slug = factory.Sequence(lambda n: f"synthetic-award-{n}")
    recipient_name = factory.Sequence(lambda n: f"Synthetic NGO {n}")
    amount = Decimal("8000")
    summary_en = "A synthetic award for tests."
    announced_year = 2024


PDF_BYTES = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def grant_for(application, amount=Decimal("8000")) -> Grant:
    """An award decided for `application`, its grant, and two reports: one due, one handed in with a PDF."""
    Decision.objects.create(application=application, outcome=Outcome.AWARD, amount=amount)
    today = timezone.localdate()
    grant = Grant.objects.create(
        application=application, amount=amount, starts_on=today, ends_on=today + datetime.timedelta(days=365)
    )
    GrantReport.objects.create(
        grant=grant,
        kind=ReportKind.NARRATIVE,
        title="Synthetic interim report",
        due_on=today + datetime.timedelta(days=5),
    )
    handed_in = GrantReport(
        grant=grant,
        kind=ReportKind.FINANCIAL,
        title="Synthetic financial report",
        due_on=today + datetime.timedelta(days=30),
        status=ReportStatus.SUBMITTED,
        submitted_at=timezone.now(),
        original_name="synthetic-report.pdf",
        content_type="application/pdf",
    )
    handed_in.file.save("pdf", ContentFile(PDF_BYTES), save=False)
    handed_in.save()
    return grant

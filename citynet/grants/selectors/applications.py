"""Applicants' reads: their organisations, their applications (only their own), a receipt as a PDF."""

from django.conf import settings
from django.db.models import Prefetch, QuerySet
from django.template.loader import render_to_string
from django.utils import timezone, translation

from citynet.core import pdf
from citynet.network import selectors as network
from citynet.network.models import Municipality

from ..models import (
    ApplicantOrganisation,
    Application,
    Attachment,
    Call,
    CallStatus,
    OrganisationMember,
    Question,
)
from ..permissions import (
    organisation_ids_of,
    scope_managed_applications,
    scope_own_applications,
)


def list_organisations_of(actor) -> QuerySet[ApplicantOrganisation]:
    """The applicant organisations `actor` belongs to."""
    return ApplicantOrganisation.objects.filter(pk__in=organisation_ids_of(actor)).order_by("name", "pk")


def list_members(organisation: ApplicantOrganisation) -> QuerySet[OrganisationMember]:
    return organisation.members.select_related("user").order_by("joined_at", "pk")


def list_my_applications(actor) -> QuerySet[Application]:
    """The applications of `actor`'s organisations, newest call first; never anyone else's."""
    return (
        scope_own_applications(Application.objects.all(), actor)
        .select_related("call", "organisation", "extension")
        .order_by("-call__closes_at", "organisation__name", "pk")
    )


def get_open_call(slug: str) -> Call | None:
    """A published call by its slug (open or not: the services say whether it takes applications)."""
    return Call.objects.exclude(status=CallStatus.DRAFT).select_related("region").filter(slug=slug).first()


def application_for_edit(actor, pk: int) -> QuerySet[Application]:
    """The application `pk` for its own organisation's people, with what its form shows."""
    return (
        scope_own_applications(Application.objects.all(), actor)
        .select_related("call__region", "organisation", "partner_municipality", "extension")
        .prefetch_related(
            Prefetch("call__questions", queryset=Question.objects.order_by("sort_order", "pk")),
            "budget_lines",
            Prefetch("attachments", queryset=Attachment.objects.select_related("question")),
        )
        .filter(pk=pk)
    )


def owned_or_managed_applications(actor) -> QuerySet[Application]:
    """The applications `actor` reads as their organisation's or as the call's staff (not as a reviewer)."""
    applications = Application.objects.all()
    return (scope_own_applications(applications, actor) | scope_managed_applications(applications, actor)).distinct()


def partner_choices(call: Call) -> QuerySet[Municipality]:
    """The municipalities an applicant may partner with: the call region's current members."""
    return network.members_of(call.region)


def receipt_pdf(application: Application, language: str | None = None) -> bytes:
    """The receipt of a submitted application as a PDF, in `language` (right to left for Arabic)."""
    from weasyprint import HTML

    language = language or settings.LANGUAGE_CODE
    with translation.override(language):
        html = render_to_string(
            "grants/applying/receipt_pdf.html",
            {
                "application": application,
                "call": application.call,
                "organisation": application.organisation,
                "submitted_at": timezone.localtime(application.submitted_at, application.call.zone)
                if application.submitted_at
                else None,
                "lines": list(application.budget_lines.all()),
                "attachments": list(application.attachments.all()),
                "font_css": pdf.font_css(),
                "direction": pdf.text_direction(),
                "language": language,
            },
        )
    return HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf()

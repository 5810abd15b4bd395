"""Certificates of attendance: a PDF in the participant's own language, for those who attended.

The certificate names the person, the event, its dates and place and the days they were checked in;
Arabic is laid out right to left with the local Arabic font (as the grants' receipts are).
"""

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation

from citynet.core import pdf

from ..models import Participation


def attended_days(participation: Participation) -> list:
    return list(participation.attendances.order_by("day").values_list("day", flat=True))


def has_certificate(participation: Participation) -> bool:
    """A certificate exists for a participation with at least one day attended."""
    return participation.attendances.exists()


def certificate_pdf(participation: Participation) -> bytes:
    """The certificate of attendance, in the participant's language (`participation.language`)."""
    from weasyprint import HTML

    language = participation.language or settings.LANGUAGE_CODE
    event = participation.event
    with translation.override(language):
        html = render_to_string(
            "events/participation/certificate_pdf.html",
            {
                "participation": participation,
                "event": event,
                "place": _place(event),
                "days": attended_days(participation),
                "font_css": pdf.font_css(),
                "direction": pdf.text_direction(),
                "language": language,
            },
        )
    return HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf()


def _place(event) -> str:
    """Where the event was held, in the active language: the venue and the host city (or country)."""
    from citynet.core.i18n import translated

    parts = []
    if event.venue:
        parts.append(event.venue)
    if event.host_municipality_id:
        resolved = translated(event.host_municipality, "name")
        parts.append(resolved.text if resolved else str(event.host_municipality))
    elif event.country:
        parts.append(str(event.country.name))
    return ", ".join(parts)

"""Template tags for text in many languages: show the best text and mark any fallback visibly."""

from django import template
from django.conf import settings
from django.utils.html import format_html
from django.utils.translation import gettext as _

from citynet.core.i18n import Resolved, translated

register = template.Library()


def language_name(code: str) -> str:
    return str(settings.LANGUAGE_NAMES.get(code, code))


def fallback_note(resolved: Resolved) -> str:
    """The sentence that says why this text is not in the visitor's language or script."""
    if resolved.transliterated:
        return _("Transliterated automatically from %(language)s.") % {"language": language_name(resolved.language)}
    return _("Not yet translated into %(requested)s; shown in %(language)s.") % {
        "requested": language_name(resolved.requested),
        "language": language_name(resolved.language),
    }


@register.simple_tag
def tr(obj, field: str, language: str | None = None):
    """A translated name inline: isolated with <bdi>, its language tagged, a fallback marked with a title."""
    resolved = translated(obj, field, language)
    if resolved is None:
        return ""
    if not resolved.is_marked:
        return format_html('<bdi lang="{}">{}</bdi>', resolved.html_lang, resolved.text)
    return format_html(
        '<bdi lang="{}" class="fallback" title="{}">{}</bdi><span class="fallback-mark" aria-hidden="true">*</span>',
        resolved.html_lang,
        fallback_note(resolved),
        resolved.text,
    )


@register.simple_tag
def tr_text(obj, field: str):
    """The plain text of a translated field (for attributes and alt text)."""
    resolved = translated(obj, field)
    return resolved.text if resolved else ""


@register.inclusion_tag("core/translated_block.html")
def tr_block(obj, field: str, empty: str = ""):
    """A translated paragraph of text with a visible note when it is a fallback or transliteration."""
    resolved = translated(obj, field)
    return {
        "resolved": resolved,
        "note": fallback_note(resolved) if resolved and resolved.is_marked else "",
        "empty": empty,
    }


@register.filter
def precise_date(value, precision: str):
    """A date said only as precisely as it is known: "2016", "January 2016" or "12 September 2017"."""
    from django.utils.formats import date_format

    if not value:
        return ""
    if precision == "year":
        return str(value.year)
    if precision == "month":
        return date_format(value, "YEAR_MONTH_FORMAT")
    return date_format(value, "DATE_FORMAT")


@register.filter
def language_name_local(code: str) -> str:
    """The name of a language in the visitor's language ("English", "الإنجليزية")."""
    return language_name(code)

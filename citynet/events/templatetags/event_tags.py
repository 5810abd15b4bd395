"""How the public pages say an event's dates, place and working languages."""

from django import template
from django.conf import settings
from django.utils.html import format_html
from django.utils.translation import get_language_info
from django.utils.translation import gettext as _

from citynet.core.i18n import translated
from citynet.core.templatetags.citynet import precise_date

register = template.Library()


@register.simple_tag
def event_dates(event) -> str:
    """ "12 September 2017", "12 September 2017 – 13 September 2017", "September 2017" or "2017": as
    precisely as the dates are known."""
    first = precise_date(event.starts_on, event.date_precision)
    last = precise_date(event.ends_on, event.date_precision)
    if first == last:
        return first
    return _("%(start)s – %(end)s") % {"start": first, "end": last}


@register.simple_tag
def event_place(event) -> str:
    """The host city and its country, the country alone, or "Online"; names isolated for right-to-left text."""
    if event.host_municipality_id:
        city = translated(event.host_municipality, "name")
        return format_html(
            '<bdi lang="{}">{}</bdi>, {}',
            city.html_lang if city else "",
            city.text if city else "",
            event.host_municipality.country.code.name,
        )
    if event.country:
        return format_html("{}", event.country.name)
    if event.online_url or event.kind == "online_session":
        return _("Online")
    return ""


@register.filter
def language_label(code: str) -> str:
    """A working language's name in the visitor's language, for any code Django knows (else the code)."""
    if code in settings.LANGUAGE_NAMES:
        return str(settings.LANGUAGE_NAMES[code])
    try:
        return get_language_info(code)["name_translated"]
    except KeyError:
        return code

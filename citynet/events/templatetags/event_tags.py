"""How the public pages say an event's dates, place and working languages."""

from django import template
from django.conf import settings
from django.utils.html import format_html
from django.utils.translation import get_language_info
from django.utils.translation import gettext as _
from django_countries import countries

from citynet.core.i18n import Resolved, translated
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


def place_of(hosted: bool, city: Resolved | None, city_country: str, country: str, online: bool, kind: str) -> str:
    """The host city (its name as resolved) and its country, the country alone, or "Online"; names
    isolated for right-to-left text. Countries are codes; their names are said in the visitor's language."""
    if hosted:
        return format_html(
            '<bdi lang="{}">{}</bdi>, {}',
            city.html_lang if city else "",
            city.text if city else "",
            countries.name(city_country),
        )
    if country:
        return format_html("{}", countries.name(country))
    if online or kind == "online_session":
        return _("Online")
    return ""


@register.simple_tag
def event_place(event) -> str:
    """The host city and its country, the country alone, or "Online" (see `place_of`)."""
    city = event.host_municipality if event.host_municipality_id else None
    return place_of(
        city is not None,
        translated(city, "name") if city else None,
        str(city.country.code) if city else "",
        str(event.country or ""),
        bool(event.online_url),
        event.kind,
    )


@register.filter
def language_label(code: str) -> str:
    """A working language's name in the visitor's language, for any code Django knows (else the code)."""
    if code in settings.LANGUAGE_NAMES:
        return str(settings.LANGUAGE_NAMES[code])
    try:
        return get_language_info(code)["name_translated"]
    except KeyError:
        return code

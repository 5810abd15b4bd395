"""How the public pages say an event's dates, place and working languages."""

import functools

from django import template
from django.conf import settings
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language, get_language_info
from django.utils.translation import gettext as _
from django_countries import countries

from citynet.core.i18n import Resolved, translated
from citynet.core.templatetags.citynet import precise_date

register = template.Library()


@functools.lru_cache(maxsize=4096)
def _country_name(code: str, language: str | None) -> str:
    return str(countries.name(code))


def country_name(code: str) -> str:
    """A country's name in the visitor's language (django-countries' lookup, remembered per language:
    the list says a country on every card)."""
    return _country_name(str(code), get_language())


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
            country_name(city_country),
        )
    if country:
        return format_html("{}", country_name(country))
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


@register.simple_tag
def event_cards(cards, detail_prefix: str) -> SafeString:
    """The list's cards (`selectors.public.Card`, labelled in the visitor's language) as `<li>`s.

    Written in Python rather than as a loop in the template: twenty cards of a dozen parts each cost
    about 3 ms in Django's template engine and a fraction of that here, and the list is the site's most
    requested page of events. Every dynamic part goes through conditional_escape (the labels that are
    markup already, the title, the place and the topics, were built by format_html)."""
    e = conditional_escape
    demo = f' <span class="demo-label">{e(_("demo"))}</span>'
    cancelled = f' <span class="cancelled-label">{e(_("cancelled"))}</span>'
    network_wide = e(_("Network-wide"))
    prefix = e(detail_prefix)
    items = []
    for card in cards:
        flags = (demo if card.is_demo else "") + (cancelled if card.status == "cancelled" else "")
        place = f" · {e(card.place)}" if card.place else ""
        summary = f'<p dir="auto">{e(card.summary)}</p>' if card.summary else ""
        topics = "".join(f"<li>{e(topic)}</li>" for topic in card.topics)
        topics = f'<ul class="topic-list">{topics}</ul>' if topics else ""
        figures = f'<p class="muted event-figures">{e(card.figures_line)}</p>' if card.figures_line else ""
        region = e(card.region_name) if card.region_name else network_wide
        items.append(
            f'<li class="card event-card">\n<p class="kicker">{e(card.kind_label)} · {region}</p>\n'
            f'<h3><a href="{prefix}{e(card.slug)}/">{e(card.title_html)}</a>{flags}</h3>\n'
            f'<p class="event-when"><time datetime="{card.starts_on.isoformat()}">{e(card.dates)}</time>{place}</p>\n'
            f"{summary}{topics}{figures}</li>"
        )
    return mark_safe("\n".join(items))  # noqa: S308 (every dynamic part above is escaped)

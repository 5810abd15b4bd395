"""Template tags of the advisory pages."""

from types import SimpleNamespace

from django import template
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from citynet.core.i18n import said_date
from citynet.core.links import link_to
from citynet.core.templatetags.citynet import tr
from citynet.events.templatetags.event_tags import country_name

from ..models import MeetingKind
from ..said import days

register = template.Library()


@register.simple_tag
def heat_map_rows(rows, compare_url_name: str = "") -> SafeString:
    """The heat map's rows (`selectors.assessments.CityRow`: a city, its latest final assessment's date, a
    cell per area) as `<tr>`s.

    Written in Python rather than as nested loops in the template: a page of 50 cities x a dozen areas is
    600 cells of a dozen template nodes each, about 60 ms in Django's template engine against 2 or 3 here,
    and the region's staff open the map often while they plan trainings and grant calls. Every dynamic
    part goes through conditional_escape; a score is always a number and its label, never a colour alone.
    """
    e = conditional_escape
    not_assessed = f'<td class="advisory-score advisory-unassessed"><span class="advisory-label">{e(_("not assessed"))}</span></td>'
    link = link_to(compare_url_name) if compare_url_name else None
    said_cells: dict = {}  # a few scores and labels make every cell: each written once
    lines = []
    for row in rows:
        city = row.municipality
        name = f"<bdi>{e(city.name)}</bdi>"
        if link:
            name = f'<a href="{e(link(city.pk))}">{name}</a>'
        day = row.assessment.conducted_on
        cells = []
        for cell in row.cells:
            said = (cell.score, cell.label, cell.scale_min, cell.scale_max)
            if said not in said_cells:
                said_cells[said] = _cell(cell, not_assessed)
            cells.append(said_cells[said])
        lines.append(
            f'<tr><th scope="row">{name} <span class="advisory-date"><time datetime="{day.isoformat()}">'
            f"{e(said_date(day))}</time></span></th>{''.join(cells)}</tr>"
        )
    return mark_safe("\n".join(lines))  # noqa: S308 (every dynamic part above is escaped)


def _cell(cell, not_assessed: str) -> str:
    if not cell.assessed:
        return not_assessed
    label = f' <span class="advisory-label">{conditional_escape(cell.label)}</span>' if cell.label else ""
    return (
        f'<td class="advisory-score advisory-level-{round(cell.level * 4)}">'
        f'<span class="advisory-number"><bdi dir="ltr">{cell.score}</bdi></span>{label}</td>'
    )


@register.simple_tag
def consultation_cards(cards) -> SafeString:
    """The consultations list's cards (`selectors.visits.consultation_cards`: plain values with every
    language's title) as `<li>`s, said in the visitor's language: the title (a fallback marked), the days,
    the places or else the countries, whom the team met by kind.

    Written in Python rather than as an included template per card, as the events list's cards are: twenty
    included cards cost more than the rest of the page. Every dynamic part is escaped (`tr` builds its
    markup with format_html)."""
    e = conditional_escape
    link = link_to("advisory:consultation")
    items = []
    for card in cards:
        if card["places"]:
            where = f" · <bdi>{e(card['places'])}</bdi>"
        elif card["countries"]:
            where = f" · {e(', '.join(country_name(code) for code in card['countries']))}"
        else:
            where = ""
        kinds = " · ".join(f"{e(MeetingKind(kind).label)}: {count}" for kind, count in card["kinds"])
        kinds = f'\n  <p class="muted">{kinds}</p>' if kinds else ""
        items.append(
            f'<li class="card consultation-card">\n'
            f'  <h3><a href="{e(link(card["slug"]))}">{tr(SimpleNamespace(**card), "title")}</a></h3>\n'
            f'  <p><time datetime="{card["starts_on"].isoformat()}">{e(days(card["starts_on"], card["ends_on"]))}</time>'
            f"{where}</p>{kinds}\n</li>"
        )
    return mark_safe("\n".join(items))  # noqa: S308 (every dynamic part above is escaped)

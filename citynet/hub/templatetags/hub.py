"""Links to the regions' hubs, found from the pages editors published (no region is named in a template)."""

from django import template
from django.db import DatabaseError

from citynet.core.i18n import current_language

from .. import selectors

register = template.Library()


@register.simple_tag
def hub_region_links():
    """[{"region", "url"}] for every region with a hub page in the visitor's language.

    The site's header shows them on every page, error pages included: a database that cannot answer
    leaves the menu without its regions rather than turning an error page into a second error.
    """
    try:
        return selectors.region_links(current_language())
    except DatabaseError:
        return []


@register.simple_tag
def region_hub_url(region) -> str:
    """The URL of `region`'s hub page in the visitor's language, or "" when it has none."""
    if region is None:
        return ""
    for link in selectors.region_links(current_language()):
        if link["region"].pk == region.pk:
            return link["url"]
    return ""

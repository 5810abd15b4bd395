"""The library's resources where they came from: an event's page, a grant call's and an award's."""

from django import template

from citynet.core.i18n import resolve

from ..models import ResourceKind
from ..selectors.resources import resources_from

register = template.Library()


@register.inclusion_tag("library/public/_resources_from.html")
def library_resources_from(*, event=None, call=None):
    """The public resources that came from `event` or `call`, titled in the visitor's language."""
    rows = resources_from(event_id=event.pk if event else None, call_id=call.pk if call else None)
    kinds = dict(ResourceKind.choices)
    return {
        "resources": [
            {"slug": row["slug"], "kind_label": kinds.get(row["kind"], row["kind"]), "title": resolve(row["titles"])}
            for row in rows
        ]
    }

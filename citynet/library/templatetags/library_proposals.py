"""What the hub's pages link of a focal point's case studies (their city's profile)."""

from django import template

from .. import permissions

register = template.Library()


@register.simple_tag(takes_context=True)
def may_propose(context, municipality) -> bool:
    """Whether the visitor may propose a case study about `municipality` (its focal point): the roles the
    request loaded already, no query."""
    request = context.get("request")
    user = getattr(request, "user", None)
    return bool(user is not None and municipality is not None and permissions.can_propose(user, municipality))

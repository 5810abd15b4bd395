"""The header's grant links for the signed-in person: their applications, their reviews."""

from django import template

from ..models import Assignment, PoolMember
from ..permissions import organisation_ids_of

register = template.Library()


@register.simple_tag(takes_context=True)
def grants_menu(context) -> dict:
    """{"applications": bool, "reviews": bool}: which of the person's own grant pages to link (two small
    queries at most, none for visitors)."""
    user = getattr(context.get("request"), "user", None)
    if user is None or not user.is_authenticated:
        return {"applications": False, "reviews": False}
    reviews = Assignment.objects.filter(reviewer=user).exists() or PoolMember.objects.filter(reviewer=user).exists()
    return {"applications": bool(organisation_ids_of(user)), "reviews": reviews}

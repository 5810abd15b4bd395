"""The header's grant links for the signed-in person: their applications, their reviews."""

from django import template
from django.contrib.auth import get_user_model
from django.db.models import Exists, OuterRef

from citynet.core.prepared import PreparedQuery

from ..models import Assignment, OrganisationMember, PoolMember

register = template.Library()


def _links_of(user_id):
    person = OuterRef("pk")
    return (
        get_user_model()
        .objects.filter(pk=user_id)
        .annotate(
            applies=Exists(OrganisationMember.objects.filter(user=person)),
            is_assigned=Exists(Assignment.objects.filter(reviewer=person)),
            is_pooled=Exists(PoolMember.objects.filter(reviewer=person)),
        )
        .values("applies", "is_assigned", "is_pooled")
    )


# On every page a signed-in person opens: compiled once per process (core.prepared), one query.
_LINKS = PreparedQuery(_links_of, -1)


@register.simple_tag(takes_context=True)
def grants_menu(context) -> dict:
    """{"applications": bool, "reviews": bool}: which of the person's own grant pages to link (one query of
    three EXISTS; none for visitors)."""
    user = getattr(context.get("request"), "user", None)
    if user is None or not user.is_authenticated or not user.is_active:
        return {"applications": False, "reviews": False}
    found = _LINKS.rows(user.pk)
    if not found:
        return {"applications": False, "reviews": False}
    return {"applications": found[0]["applies"], "reviews": found[0]["is_assigned"] or found[0]["is_pooled"]}

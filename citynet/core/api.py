"""What every app's API router shares: bounded limit/offset pages, the region filter, and the 405 answer
to writes on read-only resources (in the API's error shape; ninja's own 405 is plain text)."""

from typing import Annotated

from django.http import JsonResponse
from django.utils.translation import gettext as _
from ninja import Field, Query, Schema
from ninja.pagination import LimitOffsetPagination

from .exceptions import InvalidInput

DEFAULT_LIMIT = 50
MAX_LIMIT = 200
# Past this, an offset is a mistake or an attack; databases also reject integers past 2**63.
MAX_OFFSET = 1_000_000
WRITE_METHODS = ["POST", "PUT", "PATCH", "DELETE"]

SLUG = r"^[-a-zA-Z0-9_]+$"
RegionFilter = Annotated[
    str | None, Query(max_length=80, pattern=SLUG, description="A region's slug, e.g. western-balkans.")
]


class PageInput(Schema):
    limit: int = Field(DEFAULT_LIMIT, ge=1, le=MAX_LIMIT, description="How many items, at most 200.")
    offset: int = Field(0, ge=0, le=MAX_OFFSET, description="How many items to skip.")


class BoundedPagination(LimitOffsetPagination):
    """ninja's limit/offset pages, with the offset bounded too (ninja leaves it unbounded): a count and a page."""

    Input = PageInput

    def __init__(self, **kwargs):
        super().__init__(max_limit=MAX_LIMIT, **kwargs)


def known_region(slug: str | None) -> str | None:
    """The slug of an existing region, or None; an unknown region is a mistake worth saying, not an empty list."""
    from citynet.network.models import Region

    if slug and not Region.objects.filter(slug=slug).exists():
        raise InvalidInput(_("There is no region with the slug “%(slug)s”.") % {"slug": slug})
    return slug or None


def refused() -> JsonResponse:
    """Writes answer 405 in the API's error shape."""
    return JsonResponse({"detail": _("This API is read-only.")}, status=405, headers={"Allow": "GET"})


def refuse_collection(request):
    return refused()


def refuse_slug(request, slug: str):
    return refused()

"""The API's one search, /api/v1/search?q=: what the caller may find, in any spelling, over every kind.

The same selector as the site's page (selectors.py), read as the other APIs read their caller (staff
count as staff once they used their second factor). Without `kind`, `items` ranks every kind together
and `counts` gives each kind's number; with `kind`, `items` and `count` are that kind's. Lists take
`limit` and `offset` (up to 1,000) and answer `{"items": [...], "count": N, ...}`; errors are
`{"detail": ...}`. Read-only: writes answer 405.
"""

from typing import Annotated, Literal

from django.conf import settings
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema
from ninja.decorators import decorate_view

from citynet.accounts.second_factor import verified_actor
from citynet.core.api import SLUG, WRITE_METHODS, RegionFilter, known_region, refuse_collection
from citynet.core.cache import cache_anonymous_response
from citynet.core.exceptions import InvalidInput
from citynet.network.schemas import ErrorOut

from . import registry, selectors
from .services import VERSION_NAME

router = Router(tags=["search"])

KindName = Literal[tuple(registry.kinds())]
LanguageName = Literal[tuple(code for code, _name in settings.LANGUAGES)]


class HitOut(Schema):
    kind: str = Field(description="municipality, person, organisation, event, call, award, consultation, resource.")
    kind_label: str
    title: str = Field(description="In the caller's language where the record has it, else its first available.")
    title_language: str = Field(description="The BCP 47 tag of the title's language.")
    url: str = Field(description="The record's page on the site, in the caller's language.")
    passage: str = Field(description="Text of the record around the first word found (may be empty).")
    matched: list[str] = Field(description="The words of `passage` that matched, as written there.")
    country: str = Field(description="ISO code, where the record has one country.")
    year: int | None
    is_demo: bool


class SearchOut(Schema):
    items: list[HitOut]
    count: int = Field(description="How many the caller may find (of `kind`, when given).")
    counts: dict[str, int] = Field(description="How many of each kind (kinds with none are left out).")
    corrected: dict[str, list[str]] = Field(description="Per query word, the one-edit corrections also searched.")
    more: list[str] = Field(
        description="The kinds with more matches than the search reads (200 of each): their counts say 200."
    )


def _hit(hit: selectors.Hit) -> dict:
    return {
        "kind": hit.kind,
        "kind_label": hit.label,
        "title": hit.title,
        "title_language": hit.title_language,
        "url": hit.url,
        "passage": hit.passage_text,
        "matched": [text for text, matched in hit.passage if matched],
        "country": hit.country,
        "year": hit.year,
        "is_demo": hit.is_demo,
    }


@router.get("/search", response={200: SearchOut, 422: ErrorOut}, url_name="search")
@decorate_view(cache_anonymous_response(VERSION_NAME))
def search(
    request,
    q: Annotated[str, Query(min_length=1, max_length=100, description="Words in any script or spelling.")],
    kind: Annotated[KindName | None, Query(description="Only this kind.")] = None,
    region: RegionFilter = None,
    country: Annotated[str | None, Query(pattern=r"^[a-zA-Z]{2}$", description="ISO code, e.g. XK.")] = None,
    topic: Annotated[str | None, Query(max_length=80, pattern=SLUG, description="A topic's slug.")] = None,
    language: Annotated[LanguageName | None, Query(description="Records in this language.")] = None,
    year: Annotated[int | None, Query(ge=1900, le=2200)] = None,
    limit: Annotated[int, Query(ge=1, le=100)] = 20,
    offset: Annotated[int, Query(ge=0, le=selectors.MAX_START)] = 0,
):
    """Everything the caller may find for `q`, best first."""
    options = selectors.filter_options()
    region_id = None
    if known_region(region):
        region_id = next(r.pk for r in options["regions"] if r.slug == region)
    topic_id = None
    if topic:
        topic_id = next((t.pk for t in options["topics"] if t.slug == topic), None)
        if topic_id is None:
            raise InvalidInput(_("There is no topic “%(slug)s”.") % {"slug": topic})
    filters = selectors.Filters(
        kind=kind or "",
        region=region_id,
        country=(country or "").upper(),
        topic=topic_id,
        language=language or "",
        year=year,
    )
    if not selectors.query_words(q):
        raise InvalidInput(_("Type at least one letter or digit to search for."))
    results = selectors.search(verified_actor(request), q, filters, start=offset, size=limit, grouped=False)
    count = results.counts.get(kind, 0) if kind else results.total
    return {
        "items": [_hit(hit) for hit in results.hits],
        "count": count,
        "counts": results.counts,
        "corrected": results.corrected,
        "more": sorted(results.more),
    }


router.api_operation(WRITE_METHODS, "/search", include_in_schema=False)(refuse_collection)

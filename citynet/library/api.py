"""The library API: the resources the caller may read, one resource with its language versions, and the
work streams. Read-only; writes answer 405. (The topics are the network's taxonomy, at /topics in the
events API.)

Who reads what is permissions.py's rule (`scope_readable`, `can_view`), through the selectors
(selectors/resources.py): the anonymous get the published public resources out of embargo; a member
city's people the members-only ones too; staff (coordinators, the secretariat) every published one. The
caller is the site's session, read as the other apps' APIs read it; staff count as staff only once they
have used their second factor in that session (as the staff APIs require), otherwise as the public. A
draft, a proposal or a withdrawn resource is never here, not even for its editors (the admin is theirs).

Lists take `limit` and `offset` and answer `{"items": [...], "count": N}`; errors are `{"detail": ...}`.
A fixed number of queries per answer, whatever the number of resources, versions and links.
"""

from typing import Annotated, Literal

from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext as _
from ninja import Query, Router
from ninja.pagination import paginate

from citynet.accounts.second_factor import verified_actor
from citynet.core.api import (
    SLUG,
    WRITE_METHODS,
    BoundedPagination,
    RegionFilter,
    known_region,
    refuse_collection,
    refuse_slug,
)
from citynet.core.exceptions import InvalidInput, NotFound
from citynet.core.i18n import LANGUAGE_FIELDS
from citynet.core.schemas import text_of
from citynet.network.models import Country

from .models import WorkStream
from .schemas import ErrorOut, KindName, ResourceDetailOut, ResourceOut, WorkStreamOut
from .selectors import resources as selectors

router = Router(tags=["library"], by_alias=True)

LanguageName = Literal[tuple(selectors.LANGUAGE_CODES)]

KindFilter = Annotated[KindName | None, Query(description="report, case_study, toolkit, guide, ... (see the schema).")]
WorkStreamFilter = Annotated[
    str | None, Query(max_length=80, pattern=SLUG, description="A work stream's slug (see /work-streams).")
]
TopicFilter = Annotated[str | None, Query(max_length=80, pattern=SLUG, description="A topic's slug (see /topics).")]
CountryFilter = Annotated[
    str | None, Query(min_length=2, max_length=2, pattern=r"^[a-zA-Z]{2}$", description="ISO code, e.g. XK.")
]
LanguageFilter = Annotated[LanguageName | None, Query(description="Resources with a version in this language.")]
YearFilter = Annotated[int | None, Query(ge=1900, le=2200, description="Resources published in this year.")]
SearchFilter = Annotated[
    str | None, Query(max_length=100, description="Words in the title, in any of its languages (not the text).")
]


# The caller as permissions.py sees them (staff count as staff once they used their second factor).
reader = verified_actor


def _country(code: str | None) -> str:
    """An existing country's code, upper-cased; an unknown one is a mistake worth saying (as the registry's)."""
    if not code:
        return ""
    code = code.upper()
    if not Country.objects.filter(code=code).exists():
        raise InvalidInput(_("There is no country with the code “%(code)s”.") % {"code": code})
    return code


def _title_contains(q: str | None) -> Q | None:
    """The title contains `q` in any of its languages (the model's columns; not the files' text)."""
    q = (q or "").strip()
    if not q:
        return None
    found = Q()
    for code in LANGUAGE_FIELDS:
        found |= Q(**{f"title_{code}__icontains": q})
    return found


class _Resources:
    """A page of readable resources as ninja's pagination reads them: a count, then a page of cards with
    their languages (three queries)."""

    def __init__(self, queryset):
        self.queryset = queryset

    def count(self) -> int:
        return self.queryset.count()

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, page: slice):
        return selectors.cards(selectors.card_rows(self.queryset)[page])


@router.get("/resources", response={200: list[ResourceOut], 422: ErrorOut}, url_name="resource-list")
@paginate(BoundedPagination)
def list_resources(
    request,
    kind: KindFilter = None,
    work_stream: WorkStreamFilter = None,
    topic: TopicFilter = None,
    region: RegionFilter = None,
    country: CountryFilter = None,
    language: LanguageFilter = None,
    year: YearFilter = None,
    q: SearchFilter = None,
):
    """The published resources the caller may read, newest first (undated ones last): the public ones for
    everyone, members-only ones for a member city's people, staff-only and embargoed ones for staff."""
    filters = selectors.Filters(
        kind=kind or "",
        work_stream=work_stream or "",
        topic=topic or "",
        region=known_region(region) or "",
        country=_country(country),
        language=language or "",
        year=year,
    )
    resources = selectors.readable_resources(reader(request), filters)
    if (title := _title_contains(q)) is not None:
        resources = resources.filter(title)
    return _Resources(resources)


def download_url(request, slug: str, language: str) -> str:
    """The site's download of a version's file (the public site's `library:download`)."""
    return request.build_absolute_uri(reverse("library:download", kwargs={"slug": slug, "language": language}))


@router.get("/resources/{slug}", response={200: ResourceDetailOut, 404: ErrorOut}, url_name="resource-detail")
def get_resource(request, slug: str):
    """One resource the caller may read, with its language versions (and the download of their files),
    the organisations behind it with their part, its topics, work streams and the places it concerns."""
    page = selectors.resource_page(reader(request), slug)
    if page is None or not page.is_published:
        raise NotFound(_("There is no resource with the slug “%(slug)s” that you may read.") % {"slug": slug})
    resource = page.resource
    card = selectors.Card(resource, page.language)
    card.languages = page.languages
    card.source = resource.source
    card.versions = [
        {
            "language": version.language,
            "has_file": bool(version.file),
            "content_type": version.content_type if version.file else "",
            "size": version.size if version.file else None,
            "page_count": version.page_count,
            "download_url": download_url(request, resource.slug, version.language) if version.file else None,
        }
        for version in page.versions
    ]
    card.organisations = [
        {
            "slug": link.organisation.slug,
            "name": _name(link.organisation),
            "role": link.role,
            "role_label": str(link.get_role_display()),
        }
        for link in page.organisations
    ]
    card.topics = [{"slug": topic.slug, "name": _name(topic)} for topic in page.topics]
    card.work_streams = [{"slug": stream.slug, "name": _name(stream)} for stream in page.work_streams]
    card.places = {
        "regions": [region.slug for region in page.regions],
        "countries": [str(country.code) for country in page.countries],
        "municipalities": [city.slug for city in page.municipalities],
    }
    return card


def _name(record) -> str:
    return text_of(record, "name")


@router.get("/work-streams", response={200: list[WorkStreamOut], 422: ErrorOut}, url_name="work-stream-list")
@paginate(BoundedPagination)
def list_work_streams(request):
    """The library's work streams (the network's lines of work its resources belong to), in their order."""
    return WorkStream.objects.order_by("sort_order", "slug")


for _path, _refuse in [
    ("/resources", refuse_collection),
    ("/resources/{slug}", refuse_slug),
    ("/work-streams", refuse_collection),
]:
    router.api_operation(WRITE_METHODS, _path, include_in_schema=False)(_refuse)

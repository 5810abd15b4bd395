"""What each app contributes to the one search: its kinds of record, how a record becomes an entry, and
which of its records' changes touch which entries.

An app declares its providers in its own `indexing.py` (found at start-up by `SearchConfig.ready`), so the
search knows no app's models: the registry's municipalities, organisations and people, the events, the
grants' calls and awards, the advisory work's consultations and the library's resources each say what a
visitor may find of them and who may see it.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.db import models
from django.utils.functional import Promise


@dataclass(frozen=True)
class Document:
    """One record as the search keeps it: what is matched, shown and filtered on.

    `names` are the spellings a person types to find it (its title or name in every language and script,
    alternate names, acronyms): matched first, and their words feed the one-edit typo correction. `body` is
    the rest of its text (summaries, descriptions, a document's extracted text). `titles` and `summaries`
    are shown, per language code. `access` is "public", "members" or "staff" (the library's levels); an
    entry under embargo is shown to staff only until `available_on`.
    """

    kind: str
    object_id: int
    route: str  # a URL name taking one argument, `route_key`
    route_key: str
    titles: dict[str, str]
    names: list[str]
    summaries: dict[str, str] = field(default_factory=dict)
    body: str = ""
    access: str = "public"
    available_on: object = None  # a date, or None
    country: str = ""
    year: int | None = None
    regions: Iterable[int] = ()
    countries: Iterable[str] = ()
    topics: Iterable[int] = ()
    languages: Iterable[str] = ()
    is_demo: bool = False


@dataclass(frozen=True)
class Provider:
    """A kind of search result. `documents(ids)` yields the Documents of those of `ids` that are to be
    found (a draft, a private record or a deleted one yields nothing and leaves the index); with `ids`
    None, every one, for a rebuild. `watches` maps a model to the function giving, for one of its saved or
    deleted instances, the ids of this kind's records to index again."""

    kind: str
    plural: str | Promise  # what the results' group of this kind is called
    documents: Callable[[Iterable[int] | None], Iterable[Document]]
    watches: dict[type[models.Model], Callable[[models.Model], Iterable[int]]] = field(default_factory=dict)
    order: int = 100


_providers: dict[str, Provider] = {}


def register(provider: Provider) -> Provider:
    _providers[provider.kind] = provider
    return provider


def providers() -> list[Provider]:
    """Every kind, in the order results are grouped."""
    return sorted(_providers.values(), key=lambda p: (p.order, p.kind))


def provider(kind: str) -> Provider | None:
    return _providers.get(kind)


def kinds() -> list[str]:
    return [p.kind for p in providers()]


def in_every_language(obj, field: str) -> dict[str, str]:
    """A translated field's text per language code (modeltranslation's columns, read by
    `core.i18n.field_values`), empty ones left out."""
    from django.conf import settings

    from citynet.core.i18n import field_values

    text_in = field_values(obj, field)
    return {code: text for code, _name in settings.LANGUAGES if (text := text_in(code))}


def chunked(queryset, ids):
    """`queryset` limited to `ids` (every row when None), read in chunks with its prefetches."""
    if ids is not None:
        queryset = queryset.filter(pk__in=list(ids))
    return queryset.order_by("pk").iterator(chunk_size=500)

"""Writing the search index: a record's entry again on commit of any change to it, or every entry.

Each app's changes reach here through `signals.py` (the providers' `watches`); `index_soon` gathers the
records a transaction touched and, once it commits, queues one task per kind that reads them again
(`tasks.reindex_entries`). Reading again rather than copying the saved instance means the entry is always
what the database holds: a record made private, drafted again or deleted simply leaves the index.
"""

import threading
from collections import defaultdict
from collections.abc import Iterable

from django.db import transaction

from citynet.core.cache import bump_version_of
from citynet.core.names import fold

from . import registry
from .models import Entry, Term
from .registry import Document
from .words import index_words, name_words

VERSION_NAME = "search"
BATCH = 500
MAX_BODY = 300_000  # characters of a record's text kept for matching (a long report's first 150 pages or so)
MAX_TEXT = 100_000  # and for the results' passages
UPDATED_FIELDS = [
    "route",
    "route_key",
    "titles",
    "summaries",
    "access",
    "available_on",
    "country",
    "year",
    "is_demo",
    "facets",
    "keys",
    "words",
    "text",
    "sort_title",
    "indexed_at",
]

_pending = threading.local()


def index_soon(kind: str, ids: Iterable[int]) -> None:
    """Index `kind`'s records `ids` again once the current transaction commits (at once outside one).

    The ids wait in this thread's batch; every call registers a flush, the first flush after the commit
    takes the whole batch and the others find it empty. A batch left by a rolled-back transaction is
    flushed with the next one: indexing a record again is harmless."""
    ids = {int(i) for i in ids if i is not None}
    if not ids:
        return
    batch = getattr(_pending, "batch", None)
    if batch is None:
        batch = _pending.batch = defaultdict(set)
    batch[kind] |= ids
    transaction.on_commit(_flush)


def _flush() -> None:
    batch = getattr(_pending, "batch", None)
    if not batch:
        return
    _pending.batch = None
    from .tasks import reindex_entries  # the task module imports this one

    for kind, ids in batch.items():
        reindex_entries.enqueue(kind, sorted(ids))


def reindex(kind: str, ids: Iterable[int]) -> int:
    """Write `kind`'s entries for `ids` as their records now are; returns how many are findable."""
    provider = registry.provider(kind)
    if provider is None:
        return 0
    ids = {int(i) for i in ids}
    documents = list(provider.documents(ids))
    with transaction.atomic():
        Entry.objects.filter(kind=kind, object_id__in=ids - {d.object_id for d in documents}).delete()
        _write(documents)
    bump_version_of(VERSION_NAME)
    return len(documents)


def rebuild(kinds: Iterable[str] | None = None) -> dict[str, int]:
    """Every entry of `kinds` (all when None) written again from the records; returns the counts."""
    counts = {}
    wanted = None if kinds is None else set(kinds)
    chosen = [p for p in registry.providers() if wanted is None or p.kind in wanted]
    with transaction.atomic():
        if wanted is None:
            Term.objects.all().delete()
        for provider in chosen:
            Entry.objects.filter(kind=provider.kind).delete()
            counts[provider.kind] = 0
            batch = []
            for document in provider.documents(None):
                batch.append(document)
                if len(batch) >= BATCH:
                    counts[provider.kind] += _write(batch)
                    batch = []
            counts[provider.kind] += _write(batch)
    bump_version_of(VERSION_NAME)
    return counts


def _write(documents: list[Document]) -> int:
    if not documents:
        return 0
    Entry.objects.bulk_create(
        [_entry(d) for d in documents],
        update_conflicts=True,
        unique_fields=["kind", "object_id"],
        update_fields=UPDATED_FIELDS,
    )
    terms = set().union(*(name_words(*d.names) for d in documents))
    Term.objects.bulk_create([Term(word=w[:80]) for w in sorted(terms)], ignore_conflicts=True)
    return len(documents)


def _facets(document: Document) -> str:
    facets = [f"region:{r}" for r in sorted(set(document.regions))]
    facets += [f"country:{c}" for c in sorted(set(document.countries) | ({document.country} - {""}))]
    facets += [f"topic:{t}" for t in sorted(set(document.topics))]
    facets += [f"language:{code}" for code in sorted(set(document.languages))]
    return f" {' '.join(facets)} " if facets else ""


def _entry(document: Document) -> Entry:
    titles = {code: title for code, title in document.titles.items() if title}
    summaries = {code: text for code, text in document.summaries.items() if text}
    body = (document.body or "")[:MAX_BODY]
    shown = "\n".join(dict.fromkeys([*summaries.values(), body]))
    return Entry(
        kind=document.kind,
        object_id=document.object_id,
        route=document.route,
        route_key=str(document.route_key),
        titles=titles,
        summaries=summaries,
        access=document.access,
        available_on=document.available_on,
        country=document.country or "",
        year=document.year,
        is_demo=document.is_demo,
        facets=_facets(document),
        keys=index_words(*document.names, *titles.values()),
        words=index_words(*document.names, *titles.values(), *summaries.values(), body),
        text=shown[:MAX_TEXT],
        sort_title=fold(titles.get("en") or next(iter(titles.values()), ""))[:200],
    )

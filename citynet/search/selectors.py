"""Reading the search index: one query's results, grouped by kind or a kind's pages, with passages.

A search costs a bounded number of queries whatever the index holds: the typo corrections (one, for
queries with long words), the counts per kind (one), and the results (one: the first few of every kind
through a window function, or one page of a kind). The results are kept per index version, day,
audience, language and query, so that a popular search is computed once until the index changes.

PostgreSQL matches the entries' `vector` (full-text, each query word as a prefix or a stemmed word, the
corrections as prefixes) and ranks by it; SQLite matches the same folded words with LIKE on the
entries' words (no stemming: its fallback is for development and small networks).
"""

import hashlib
from dataclasses import dataclass, field

from django.db import connection
from django.db.models import BooleanField, Case, Count, F, FloatField, IntegerField, Q, Value, When, Window
from django.db.models.expressions import RawSQL
from django.db.models.functions import Length, RowNumber
from django.utils import timezone
from django_countries import countries

from citynet.core.cache import registry_version, remembered, version_of
from citynet.core.i18n import current_language, resolve
from citynet.core.links import link_to

from . import permissions, registry
from .models import Entry, Term
from .services import VERSION_NAME
from .words import MIN_TYPO_LENGTH, corrections, query_words, snippet, stem

PER_KIND = 5
PAGE_SIZE = 20
MAX_PAGE = 50
MAX_START = 1000  # no one reads further; a deep OFFSET costs every row before it
KEPT_SECONDS = 300
PASSAGE_WORDS = 30
# The stemmers PostgreSQL applies besides the plain words (migration 0002 indexes the same).
STEMMERS = ("english", "serbian", "arabic")


@dataclass(frozen=True)
class Filters:
    kind: str = ""
    region: int | None = None
    country: str = ""
    topic: int | None = None
    language: str = ""
    year: int | None = None

    def facets(self) -> list[str]:
        facets = []
        if self.region:
            facets.append(f" region:{self.region} ")
        if self.country:
            facets.append(f" country:{self.country} ")
        if self.topic:
            facets.append(f" topic:{self.topic} ")
        if self.language:
            facets.append(f" language:{self.language} ")
        return facets


@dataclass(frozen=True)
class Hit:
    kind: str
    object_id: int
    title: str
    title_language: str
    url: str
    passage: list = field(default_factory=list)  # (text, is_match) parts
    country: str = ""
    year: int | None = None
    is_demo: bool = False

    @property
    def passage_text(self) -> str:
        return "".join(text for text, _match in self.passage)

    @property
    def country_name(self) -> str:
        return str(countries.name(self.country)) if self.country else ""

    @property
    def label(self) -> str:
        return kind_label(self.kind)


@dataclass(frozen=True)
class Group:
    kind: str
    count: int
    hits: list[Hit]

    @property
    def label(self) -> str:
        return kind_label(self.kind)


def kind_label(kind: str) -> str:
    """A kind's name, plural, in the active language ("Municipalities", "Resources")."""
    provider = registry.provider(kind)
    return str(provider.plural) if provider else kind


@dataclass(frozen=True)
class Results:
    q: str
    words: list[str]
    corrected: dict[str, list[str]]
    counts: dict[str, int]
    groups: list[Group]  # every kind's first hits, when grouped
    hits: list[Hit]  # a page of one kind, or of every kind ranked together, when not grouped
    start: int = 0

    @property
    def total(self) -> int:
        return sum(self.counts.values())


def search(
    actor, q: str, filters: Filters = Filters(), *, start: int = 0, size: int = PAGE_SIZE, grouped: bool = True
) -> Results:
    """What `actor` may find for `q` with `filters`: every kind's first hits (`grouped`, when no kind is
    chosen), or `size` hits from `start` (of the chosen kind, or of every kind ranked together)."""
    start = max(0, min(int(start or 0), MAX_START))
    grouped = grouped and not filters.kind
    words = query_words(q)
    if not words:
        return Results(q=q, words=[], corrected={}, counts={}, groups=[], hits=[])
    signature = repr((words, filters, start, size, grouped))
    key = ":".join(
        [
            "citynet:search",
            str(version_of(VERSION_NAME)),
            str(timezone.localdate()),
            permissions.audience(actor),
            current_language(),
            hashlib.sha256(signature.encode()).hexdigest()[:32],
        ]
    )
    return remembered(key, lambda: _search(actor, q, words, filters, start, size, grouped), KEPT_SECONDS)


def _search(actor, q, words, filters: Filters, start: int, size: int, grouped: bool) -> Results:
    corrected = _corrections(words)
    wanted = [(stem(w), *corrected.get(w, [])) for w in words]
    matching = _matching(words, corrected)
    entries = permissions.scope_findable(Entry.objects.all(), actor).filter(matching)
    for facet in filters.facets():
        entries = entries.filter(facets__contains=facet)
    if filters.year:
        entries = entries.filter(year=filters.year)
    counts = dict(entries.values_list("kind").annotate(n=Count("pk")).order_by())
    counts = {kind: counts[kind] for kind in registry.kinds() if counts.get(kind)}
    ranked = entries.annotate(**_rank(words, corrected)).only(
        "kind", "object_id", "route", "route_key", "titles", "summaries", "text", "country", "year", "is_demo"
    )
    order = ["-in_names", *(["-rank"] if connection.vendor == "postgresql" else []), F("year").desc(nulls_last=True)]
    order += ["sort_title", "pk"]
    if not grouped:
        if filters.kind:
            ranked = ranked.filter(kind=filters.kind)
        count = counts.get(filters.kind, 0) if filters.kind else sum(counts.values())
        rows = list(ranked.order_by(*order)[start : start + size]) if start < count else []
        return Results(
            q=q,
            words=words,
            corrected=corrected,
            counts=counts,
            groups=[],
            hits=[_hit(row, wanted) for row in rows],
            start=start,
        )
    rows = list(
        ranked.annotate(place=Window(RowNumber(), partition_by=[F("kind")], order_by=order))
        .filter(place__lte=PER_KIND)
        .order_by("kind", "place")
    )
    by_kind: dict[str, list[Hit]] = {}
    for row in rows:
        by_kind.setdefault(row.kind, []).append(_hit(row, wanted))
    groups = [Group(kind, counts[kind], by_kind.get(kind, [])) for kind in counts]
    return Results(q=q, words=words, corrected=corrected, counts=counts, groups=groups, hits=[])


def _corrections(words: list[str]) -> dict[str, list[str]]:
    """Per long query word that begins no name's word, the names' words one edit away (one query for all)."""
    long_words = [w for w in words if len(w) >= MIN_TYPO_LENGTH]
    if not long_words:
        return {}
    lengths = {n for w in long_words for n in (len(w) - 1, len(w), len(w) + 1)}
    near = Q()
    for word in long_words:
        if connection.vendor == "postgresql":
            near |= Q(word__trigram_similar=word)
        else:
            near |= Q(word__startswith=word[:2]) | Q(word__endswith=word[-2:])
    known = Q()
    for word in long_words:
        known |= Q(word__startswith=stem(word))
    vocabulary = list(
        Term.objects.annotate(n=Length("word"))
        .filter((near & Q(n__in=lengths)) | known)
        .values_list("word", flat=True)[:2000]
    )
    found = {}
    for word in long_words:
        if any(w.startswith(stem(word)) for w in vocabulary):
            continue  # spelled as some name is: nothing to correct
        if fixes := corrections(word, vocabulary):
            found[word] = fixes
    return found


def _matching(words: list[str], corrected: dict[str, list[str]]) -> Q:
    if connection.vendor == "postgresql":
        sql, params = _tsquery(words, corrected)
        # The SQL is this module's own (stemmer names are constants); every word is a parameter.
        return Q(RawSQL(f"search_entry.vector @@ ({sql})", params, output_field=BooleanField()))  # noqa: S611
    condition = Q()
    for word in words:
        either = Q(words__contains=f" {stem(word)}")
        for fix in corrected.get(word, []):
            either |= Q(words__contains=f" {fix}")
        condition &= either
    return condition


def _tsquery(words: list[str], corrected: dict[str, list[str]]) -> tuple[str, list]:
    """Every word as a prefix (its stem, its corrections) or as a stemmed word, all words required.

    Words are folded (letters and digits only), so quoting them into a prefix query is safe; they are
    passed as parameters all the same."""
    parts, params = [], []
    for word in words:
        either = ["to_tsquery('simple', %s)"]
        params.append(f"'{stem(word)}':*")
        for fix in corrected.get(word, []):
            either.append("to_tsquery('simple', %s)")
            params.append(f"'{fix}':*")
        for stemmer in STEMMERS:
            either.append(f"plainto_tsquery('{stemmer}', %s)")
            params.append(word)
        parts.append("(" + " || ".join(either) + ")")
    return " && ".join(parts), params


def _rank(words: list[str], corrected: dict[str, list[str]]) -> dict:
    in_names = Q()
    for word in words:
        either = Q(keys__contains=f" {stem(word)}")
        for fix in corrected.get(word, []):
            either |= Q(keys__contains=f" {fix}")
        in_names &= either
    annotations = {"in_names": Case(When(in_names, then=Value(1)), default=Value(0), output_field=IntegerField())}
    if connection.vendor == "postgresql":
        sql, params = _tsquery(words, corrected)
        annotations["rank"] = RawSQL(f"ts_rank(search_entry.vector, ({sql}))", params, output_field=FloatField())  # noqa: S611
    return annotations


def _passage(entry: Entry, wanted) -> list:
    """The text around the first word found; else the summary in the visitor's language, shortened."""
    found = snippet(entry.text, wanted)
    if found:
        return found
    summary = resolve(entry.summaries)
    if summary is None:
        return []
    words = summary.text.split()
    return [(" ".join(words[:PASSAGE_WORDS]) + (" …" if len(words) > PASSAGE_WORDS else ""), False)]


def _hit(entry: Entry, wanted) -> Hit:
    title = resolve(entry.titles) or None
    return Hit(
        kind=entry.kind,
        object_id=entry.object_id,
        title=title.text if title else "",
        title_language=title.html_lang if title else "",
        url=_link(entry.route)(entry.route_key),
        passage=_passage(entry, wanted),
        country=entry.country,
        year=entry.year,
        is_demo=entry.is_demo,
    )


def _link(route: str):
    return link_to(route)


def filter_options() -> dict:
    """The choices of the search's filters: regions, countries and topics (kept per registry version)."""
    from citynet.network.models import Country, Region, Topic

    def compute():
        return {
            "regions": list(Region.objects.order_by("name")),
            "countries": list(Country.objects.order_by("code")),
            "topics": list(Topic.objects.order_by("sort_order", "name")),
        }

    return remembered(f"citynet:search-options:{registry_version()}", compute)

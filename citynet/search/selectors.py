"""Reading the search index: one query's results, grouped by kind or a kind's pages, with passages.

A search costs a bounded number of queries whatever the index holds: the typo corrections (one, for
queries with long words), the counts per kind (one), and the results (one: the first few of every kind
through a window function, or one page of a kind); and bounded work: it reads at most MATCHED matches
of each kind. Records whose names hold every word come first, then the newest. The results are kept per
index version, day, audience and query (for every language at once), so that a popular search is
computed once until the index changes.

PostgreSQL matches the entries' `vector` (full-text, each query word as a prefix or a stemmed word, the
corrections as prefixes); SQLite matches the same folded words with LIKE on the
entries' words (no stemming: its fallback is for development and small networks).
"""

import dataclasses
import functools
import hashlib
import operator
from collections import Counter
from dataclasses import dataclass, field
from functools import reduce

from django.db import connection, transaction
from django.db.models import BooleanField, Case, F, IntegerField, Q, Value, When, Window
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
MATCHED = 200  # the most matches of each kind a search reads, counts and ranks (a broader one says "200+")
MAX_PAGE = MATCHED // PAGE_SIZE  # a kind's pages: ten
MAX_START = MATCHED  # the API's largest offset
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
    """One result, the same for every language: its title, link and (when no word was found in its
    text) summary are said in the active language when read."""

    kind: str
    object_id: int
    titles: dict
    route: str
    route_key: str
    found: list = field(default_factory=list)  # (text, is_match) parts around the first word found
    summaries: dict = field(default_factory=dict)
    country: str = ""
    year: int | None = None
    is_demo: bool = False

    @property
    def _title(self):
        return resolve(self.titles)

    @property
    def title(self) -> str:
        title = self._title
        return title.text if title else ""

    @property
    def title_language(self) -> str:
        title = self._title
        return title.html_lang if title else ""

    @property
    def url(self) -> str:
        return _link(self.route, current_language())(self.route_key)

    @property
    def passage(self) -> list:
        """The text around the first word found; else the summary in the visitor's language, shortened."""
        if self.found:
            return self.found
        summary = resolve(self.summaries)
        if summary is None:
            return []
        words = summary.text.split()
        return [(" ".join(words[:PASSAGE_WORDS]) + (" …" if len(words) > PASSAGE_WORDS else ""), False)]

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
    more: bool = False  # more than `count` matched

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
    more: frozenset = frozenset()  # the kinds with more than MATCHED matches (their counts say MATCHED)

    @property
    def total(self) -> int:
        return sum(self.counts.values())


def search(
    actor, q: str, filters: Filters = Filters(), *, start: int = 0, size: int = PAGE_SIZE, grouped: bool = True
) -> Results:
    """What `actor` may find for `q` with `filters` (the same in every language: kept once for all seven):
    every kind's first hits (`grouped`, when no kind is chosen), or `size` hits from `start` (of the
    chosen kind, or of every kind ranked together).

    Hits are read and kept in whole pages of PAGE_SIZE, so that asking for 10 or 20 from 0, or 20 from
    20, shares what was read."""
    start = max(0, min(int(start or 0), MAX_START))
    grouped = grouped and not filters.kind
    words = query_words(q)
    if not words:
        return Results(q=q, words=[], corrected={}, counts={}, groups=[], hits=[])
    if grouped:
        return _kept(actor, q, words, filters, 0, PAGE_SIZE, grouped)
    first = start // PAGE_SIZE * PAGE_SIZE
    span = -(-(start + size - first) // PAGE_SIZE) * PAGE_SIZE
    pages = _kept(actor, q, words, filters, first, span, grouped)
    return dataclasses.replace(pages, hits=pages.hits[start - first : start - first + size], start=start)


def _kept(actor, q, words, filters: Filters, start: int, size: int, grouped: bool) -> Results:
    signature = repr((words, filters, start, size, grouped))
    key = ":".join(
        [
            "citynet:search",
            str(version_of(VERSION_NAME)),
            str(timezone.localdate()),
            permissions.audience(actor),
            hashlib.sha256(signature.encode()).hexdigest()[:32],
        ]
    )
    return remembered(key, lambda: _search(actor, q, words, filters, start, size, grouped), KEPT_SECONDS)


def _search(actor, q, words, filters: Filters, start: int, size: int, grouped: bool) -> Results:
    if connection.vendor != "postgresql":
        return _read(actor, q, words, filters, start, size, grouped)
    # The planner estimates prefix queries badly and, for a common word, would scan the table in order
    # until enough rows of a kind turn up (all of them, for a rare kind): the GIN index answers each
    # kind's words, kind and access at once, so it is told to use it (for this transaction only).
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        return _read(actor, q, words, filters, start, size, grouped)


def _read(actor, q, words, filters: Filters, start: int, size: int, grouped: bool) -> Results:
    corrected = _corrections(words)
    wanted = [(stem(w), *corrected.get(w, [])) for w in words]
    levels = permissions.findable_levels(actor)
    entries = permissions.scope_findable(Entry.objects.all(), actor)
    for facet in filters.facets():
        entries = entries.filter(facets__contains=facet)
    if filters.year:
        entries = entries.filter(year=filters.year)
    # A query that matches most of the index ("synthetic", "municipality") would have every match counted
    # and ranked: the search reads at most MATCHED of each kind, as found, and says so ("200+").
    cap = MATCHED
    kinds = [filters.kind] if filters.kind else registry.kinds()
    found = list(
        _first_matches([entries.filter(kind=k).filter(_matching(words, corrected, k, levels)) for k in kinds], cap)
    )
    pool = Entry.objects.filter(pk__in=[pk for pk, _kind in found])
    counted = Counter(kind for _pk, kind in found)
    counts = {kind: counted[kind] for kind in registry.kinds() if counted.get(kind)}
    more = {kind for kind, n in counts.items() if n > cap}
    if connection.vendor != "postgresql" and sum(counts.values()) > cap:
        more = set(counts)  # SQLite's one limit for every kind: any of them may have more
    counts = {kind: min(n, cap) for kind, n in counts.items()}
    ranked = pool.annotate(**_rank(words, corrected)).only(
        "kind", "object_id", "route", "route_key", "titles", "summaries", "text", "country", "year", "is_demo"
    )
    order = ["-in_names", F("year").desc(nulls_last=True), "sort_title", "pk"]
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
            more=frozenset(more),
        )
    rows = list(
        ranked.annotate(place=Window(RowNumber(), partition_by=[F("kind")], order_by=order))
        .filter(place__lte=PER_KIND)
        .order_by("kind", "place")
    )
    by_kind: dict[str, list[Hit]] = {}
    for row in rows:
        by_kind.setdefault(row.kind, []).append(_hit(row, wanted))
    groups = [Group(kind, counts[kind], by_kind.get(kind, []), kind in more) for kind in counts]
    return Results(q=q, words=words, corrected=corrected, counts=counts, groups=groups, hits=[], more=frozenset(more))


def _first_matches(by_kind: list, cap: int):
    """The (id, kind) of at most `cap` + 1 matches of each kind (`by_kind`: a queryset of each kind's
    matches), as the index finds them (PostgreSQL: one limited lookup a kind, in one statement); SQLite,
    whose compound statements take no LIMIT, reads at most `cap` + 1 matches in all."""
    if connection.vendor != "postgresql":
        return reduce(operator.or_, by_kind).values_list("pk", "kind")[: cap + 1]
    parts = [matches.values_list("pk", "kind")[: cap + 1] for matches in by_kind]
    return parts[0].union(*parts[1:], all=True) if len(parts) > 1 else parts[0]


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


def _matching(words: list[str], corrected: dict[str, list[str]], kind: str, levels) -> Q:
    """Entries of `kind` at one of the access `levels` holding every word (the kind and levels are also
    the queryset's own filters; on PostgreSQL they are asked of the index with the words)."""
    if connection.vendor == "postgresql":
        sql, params = _tsquery(words, corrected)
        any_level = " || ".join(["to_tsquery('simple', %s)"] * len(levels))
        sql = f"({sql}) && to_tsquery('simple', %s) && ({any_level})"
        params += [f"xkindx{kind}", *(f"xaccessx{level}" for level in sorted(levels))]
        # The SQL is this module's own (stemmer names are constants); every word is a parameter.
        return Q(RawSQL(f"vector @@ ({sql})", params, output_field=BooleanField()))  # noqa: S611
    return _every_word_starts_a_word_of("words", words, corrected)


def _every_word_starts_a_word_of(column: str, words: list[str], corrected: dict[str, list[str]]) -> Q:
    """Each query word (its stem, or one of its corrections) begins a word of `column` (folded words
    with a space before each: a LIKE on " word")."""
    condition = Q()
    for word in words:
        either = Q(**{f"{column}__contains": f" {stem(word)}"})
        for fix in corrected.get(word, []):
            either |= Q(**{f"{column}__contains": f" {fix}"})
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
    """Records whose names hold every word first. (PostgreSQL's ts_rank would read every match's whole
    vector, a long document's included: the benchmark measured it at most of a broad query's time.)"""
    in_names = _every_word_starts_a_word_of("keys", words, corrected)
    return {"in_names": Case(When(in_names, then=Value(1)), default=Value(0), output_field=IntegerField())}


def _hit(entry: Entry, wanted) -> Hit:
    return Hit(
        kind=entry.kind,
        object_id=entry.object_id,
        titles=entry.titles,
        route=entry.route,
        route_key=entry.route_key,
        found=snippet(entry.text, wanted),
        summaries=entry.summaries,
        country=entry.country,
        year=entry.year,
        is_demo=entry.is_demo,
    )


@functools.lru_cache(maxsize=256)
def _link(route: str, language: str):
    """A route's links in `language` (reversed once per process)."""
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

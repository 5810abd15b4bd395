"""Words as the search compares them: every spelling folded alike, Albanian definite forms and
one-edit typos forgiven.

`citynet.core.names.fold` makes one key of every script's spelling (Гњилане, Gnjilane; Durrës, Durres;
إربد, اربد). On top of it the search:
- reads a query word as the *start* of a word: "Gjilani" and "Peja" lose their final vowel (the Albanian
  definite article is an ending: Pejë/Peja/Peje, Gjilan/Gjilani, Durrës/Durrësi), and what is left must begin
  a word of the record;
- forgives one typing error (a letter added, missing, changed or two swapped) in words of five letters or
  more, against the words of the records' names and titles;
- indexes an Arabic word with and without its article ("الجيلان" is found by "جيلان" too).
No library does these three on folded keys, hence this module; the folding itself is core.names'.
"""

import functools
import re
from collections import deque

from citynet.core.names import fold

MIN_TYPO_LENGTH = 5
MAX_QUERY_WORDS = 8
MAX_CORRECTIONS = 6
_LATIN_WORD = re.compile(r"^[a-z]+$")
_ARABIC_ARTICLE = "ال"
_WORD = re.compile(r"\w+", re.UNICODE)


def query_words(q: str) -> list[str]:
    """The folded words of a query, at most MAX_QUERY_WORDS, each once."""
    return list(dict.fromkeys(fold(q).split()))[:MAX_QUERY_WORDS]


def stem(word: str) -> str:
    """The start a query word must match: a Latin word of four letters or more without its final vowel."""
    if len(word) >= 4 and _LATIN_WORD.match(word) and word[-1] in "aeiu":
        return word[:-1]
    return word


def index_words(*texts: str) -> str:
    """The folded words of `texts`, space-separated with a space before and after (so that " word" finds
    a word's start with a plain LIKE), Arabic words also without their article."""
    words = []
    for text in texts:
        for word in fold(text or "").split():
            words.append(word)
            if word.startswith(_ARABIC_ARTICLE) and len(word) > 4:
                words.append(word[2:])
    return f" {' '.join(words)} " if words else ""


def name_words(*names: str) -> set[str]:
    """The words of names long enough to correct a typo against."""
    return {word for name in names for word in fold(name or "").split() if len(word) >= MIN_TYPO_LENGTH - 1}


def within_one_edit(a: str, b: str) -> bool:
    """True when `b` is `a` with one letter added, removed, changed, or two neighbours swapped (or equal).

    A bounded check in one pass: a general edit distance would compute a whole matrix for a yes or no."""
    if a == b:
        return True
    la, lb = len(a), len(b)
    if abs(la - lb) > 1:
        return False
    start = 0
    while start < min(la, lb) and a[start] == b[start]:
        start += 1
    if la == lb:
        rest_a, rest_b = a[start + 1 :], b[start + 1 :]
        if rest_a == rest_b:
            return True  # one letter changed
        return a[start + 2 :] == b[start + 2 :] and a[start : start + 2] == b[start : start + 2][::-1]
    if la > lb:
        return a[start + 1 :] == b[start:]
    return a[start:] == b[start + 1 :]


def corrections(word: str, vocabulary) -> list[str]:
    """The words of `vocabulary` one edit away from `word` (not `word` itself), the nearest first."""
    if len(word) < MIN_TYPO_LENGTH:
        return []
    found = sorted(
        (w for w in vocabulary if w != word and within_one_edit(word, w)),
        key=lambda w: (abs(len(w) - len(word)), w),
    )
    return found[:MAX_CORRECTIONS]


@functools.lru_cache(maxsize=50_000)
def _folded(word: str) -> str:
    return fold(word)


def matches(folded_word: str, wanted: list[tuple[str, ...]]) -> bool:
    return any(folded_word.startswith(start) for starts in wanted for start in starts)


def snippet(text: str, wanted: list[tuple[str, ...]], *, around: int = 12) -> list[tuple[str, bool]]:
    """A passage of `text` around its first matching word, within its line (a record's texts in several
    languages are one per line), as (text, is_match) parts for a template to escape and mark; none when
    nothing matches. `wanted` holds, per query word, the starts that match it (its stem and its
    corrections). Reads the text only up to the passage's end."""
    for line in text.splitlines():
        before: deque = deque(maxlen=around)
        passage: list[re.Match] = []
        for token in _WORD.finditer(line):
            if passage:
                if len(passage) > 2 * around:
                    break
                passage.append(token)
            elif matches(_folded(token.group()), wanted):
                passage = [*before, token]
            else:
                before.append(token)
        if passage:
            return _parts(line, passage, wanted)
    return []


def _parts(line: str, passage: list[re.Match], wanted) -> list[tuple[str, bool]]:
    start, end = passage[0].start(), passage[-1].end()
    parts: list[tuple[str, bool]] = [("… ", False)] if line[:start].strip() else []
    cursor = start
    for token in passage:
        if matches(_folded(token.group()), wanted):
            if token.start() > cursor:
                parts.append((line[cursor : token.start()], False))
            parts.append((token.group(), True))
            cursor = token.end()
    if end > cursor:
        parts.append((line[cursor:end], False))
    if line[end:].strip():
        parts.append((" …", False))
    return parts

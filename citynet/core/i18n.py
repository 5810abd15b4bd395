"""Which text to show a visitor when the text in their language is missing, and how to say so.

Each language has a chain of fallbacks. Serbian is special: text that exists in one script is shown
in the other by exact transliteration before falling back to another language. Every step away from
the visitor's own language is reported, so templates can mark it; the fallback is never silent.
"""

import datetime
import functools
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from html.parser import HTMLParser

from django.conf import settings
from django.utils.formats import date_format
from django.utils.translation import get_language

from . import names

DEFAULT_LANGUAGE = "en"
# The suffix of each language's column of a translated field ("sr-latn" -> name_sr_latn).
LANGUAGE_FIELDS = [code.replace("-", "_") for code, _name in settings.LANGUAGES]

# (source language, transliterate-into script or None), tried in order after the language itself.
FALLBACKS: dict[str, list[tuple[str, str | None]]] = {
    "sr": [("sr-latn", "cyrillic"), ("en", None)],
    "sr-latn": [("sr", "latin"), ("en", None)],
    "bs": [("sr-latn", None), ("sr", "latin"), ("en", None)],
    "mk": [("en", None)],
    "sq": [("en", None)],
    "ar": [("en", None)],
    "en": [],
}


@dataclass(frozen=True)
class Resolved:
    """A text and where it came from: `language` is the language whose text was used."""

    text: str
    language: str
    requested: str
    transliterated: bool = False

    @property
    def is_fallback(self) -> bool:
        return self.language != self.requested and not self.transliterated

    @property
    def is_marked(self) -> bool:
        return self.language != self.requested

    @property
    def html_lang(self) -> str:
        """BCP 47 tag for the text as shown (a transliteration is in the requested script)."""
        return html_lang(self.requested if self.transliterated else self.language)

    def __str__(self) -> str:
        return self.text


def html_lang(code: str) -> str:
    return {"sr": "sr-Cyrl", "sr-latn": "sr-Latn"}.get(code, code)


def current_language() -> str:
    code = (get_language() or DEFAULT_LANGUAGE).lower()
    known = {c for c, _ in settings.LANGUAGES}
    return code if code in known else DEFAULT_LANGUAGE


def said_date(day: datetime.date, format_name: str = "DATE_FORMAT") -> str:
    """`day` as the visitor's language writes it (Django's `date_format`), remembered per day, format and
    language in this process: a page of fifty dates costs fifty formats otherwise (0.1 ms each)."""
    return _said_date(day, format_name, get_language())


@functools.lru_cache(maxsize=8192)
def _said_date(day: datetime.date, format_name: str, language: str | None) -> str:
    return date_format(day, format_name)


def chain(language: str) -> list[tuple[str, str | None]]:
    """The languages to try for `language`, itself first."""
    return [(language, None), *FALLBACKS.get(language, [(DEFAULT_LANGUAGE, None)])]


def resolve(values: Mapping[str, str] | Callable[[str], str], language: str | None = None) -> Resolved | None:
    """Pick the text to show in `language` from per-language `values` (a mapping or a getter).

    Returns None only when no language in the chain, nor any other, has a text.
    """
    requested = language or current_language()
    get = values.get if isinstance(values, Mapping) else values
    for source, script in chain(requested):
        text = (get(source) or "").strip()
        if not text:
            continue
        if script == "cyrillic":
            return Resolved(names.to_cyrillic(text), source, requested, transliterated=True)
        if script == "latin":
            return Resolved(names.to_latin(text), source, requested, transliterated=True)
        return Resolved(text, source, requested)
    for code, _name in settings.LANGUAGES:
        text = (get(code) or "").strip()
        if text:
            return Resolved(text, code, requested)
    return None


def field_values(obj, field: str) -> Callable[[str], str]:
    """A getter over modeltranslation's per-language columns (`name_ar`, `name_sr_latn`, ...)."""

    def get(code: str) -> str:
        return getattr(obj, f"{field}_{code.replace('-', '_')}", "") or ""

    return get


def translated(obj, field: str, language: str | None = None) -> Resolved | None:
    """The text of a translated model field in the visitor's language, with its fallback."""
    return resolve(field_values(obj, field), language)


class _TextTransliterator(HTMLParser):
    """Rebuilds an HTML fragment as written, with only its text (not tags, attributes, entities) converted."""

    def __init__(self, convert: Callable[[str], str]):
        super().__init__(convert_charrefs=False)
        self.convert = convert
        self.out: list[str] = []

    def handle_data(self, data):
        self.out.append(self.convert(data))

    def handle_starttag(self, tag, attrs):
        self.out.append(self.get_starttag_text())

    def handle_startendtag(self, tag, attrs):
        self.out.append(self.get_starttag_text())

    def handle_endtag(self, tag):
        self.out.append(f"</{tag}>")

    def handle_entityref(self, name):
        self.out.append(f"&{name};")

    def handle_charref(self, name):
        self.out.append(f"&#{name};")

    def handle_comment(self, data):
        self.out.append(f"<!--{data}-->")

    def handle_decl(self, decl):
        self.out.append(f"<!{decl}>")

    def handle_pi(self, data):
        self.out.append(f"<?{data}>")

    def unknown_decl(self, data):
        self.out.append(f"<![{data}]>")


def transliterate_html(html: str, script: str, language: str = "sr") -> str:
    """The text of an HTML fragment (rich text) in the other Serbian (or Macedonian) script.

    Tags, attribute names and values, and entities stay exactly as written: `&amp;` never becomes
    `&амп;`, nor `<a linktype="page">` a tag the rich-text renderer cannot read.
    """
    if script not in ("cyrillic", "latin"):
        raise ValueError(script)
    to = names.to_cyrillic if script == "cyrillic" else names.to_latin
    parser = _TextTransliterator(lambda text: to(text, language))
    parser.feed(html or "")
    parser.close()
    return "".join(parser.out)

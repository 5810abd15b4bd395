"""Names in every script: transliteration, diacritic folding, Arabic normalisation, search keys.

The network's places are written in Latin, Cyrillic and Arabic script (Čair, Чаир, كاير; Gjilan,
Gnjilane, Гњилане). Search must find a place whatever spelling a visitor types, and the public site
must show Serbian in the script the visitor chose. cyrtranslit does the exact Serbian and Macedonian
transliteration and pyarabic the Arabic normalisation; this module only composes them into one
"search key" (no library folds all three scripts together, which is why it is written here).
"""

import re
import unicodedata

import cyrtranslit
from pyarabic import araby

_CYRILLIC = re.compile(r"[\u0400-\u04FF]")
_MACEDONIAN_ONLY = re.compile(r"[ЃЌЅѓќѕ]")
# Letters that Unicode does not decompose into base letter + mark, spelled as a Balkan reader would.
_UNDECOMPOSABLE = str.maketrans({"đ": "dj", "Đ": "dj", "ł": "l", "Ł": "l", "ß": "ss", "æ": "ae", "ø": "o"})
_NOT_WORD = re.compile(r"[\W_]+", re.UNICODE)


def to_latin(text: str, language: str = "sr") -> str:
    """Serbian (or Macedonian) Cyrillic to Latin script, letter by letter and reversibly."""
    return cyrtranslit.to_latin(text, "mk" if language == "mk" else "sr")


def to_cyrillic(text: str, language: str = "sr") -> str:
    """Serbian (or Macedonian) Latin to Cyrillic script; digraphs such as lj, nj, dž become one letter."""
    return cyrtranslit.to_cyrillic(text, "mk" if language == "mk" else "sr")


def has_cyrillic(text: str) -> bool:
    return bool(_CYRILLIC.search(text))


def normalise_arabic(text: str) -> str:
    """Arabic spelled the way people type it: no diacritics or tatweel, one alef, heh for taa marbuta."""
    text = araby.strip_tashkeel(text)
    text = araby.strip_tatweel(text)
    text = araby.normalize_alef(text)
    text = araby.normalize_hamza(text, method="tasheel")
    text = araby.normalize_teh(text)
    return text.replace("ى", "ي")


def fold(text: str) -> str:
    """A search key: the same for every spelling of a name in Latin, Cyrillic or Arabic script.

    "Durrës" and "Durres" fold alike, as do "Гњилане" and "Gnjilane", and "إربد" and "اربد".
    """
    if not text:
        return ""
    if has_cyrillic(text):
        text = to_latin(text, "mk" if _MACEDONIAN_ONLY.search(text) else "sr")
    text = normalise_arabic(text)
    text = text.translate(_UNDECOMPOSABLE)
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return _NOT_WORD.sub(" ", stripped.casefold()).strip()


def search_keys(*spellings: str) -> str:
    """All spellings folded into one string to match a folded query against (one per line)."""
    keys = dict.fromkeys(key for key in (fold(s) for s in spellings if s) if key)
    return "\n".join(keys)

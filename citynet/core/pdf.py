"""What every PDF the site prints (the grants' receipts, the events' certificates) needs to show Arabic:
the local Arabic font and the page's direction.

WeasyPrint renders without the browser's fonts and without a network, so the font is given to it as
@font-face rules pointing at the files on disk; the direction follows the active language, so render
the template inside `translation.override(<the reader's language>)`.
"""

from django.contrib.staticfiles import finders
from django.utils import translation

# Only the Arabic letters: the font files are the Arabic subset, whose digits are not the Latin ones.
ARABIC_RANGE = "U+0600-06FF, U+0750-077F, U+08A0-08FF, U+FB50-FDFF, U+FE70-FEFF, U+200C-200F"


def font_css() -> str:
    """@font-face rules pointing at the local Arabic font files (WeasyPrint reads them from disk)."""
    rules = []
    for weight in (400, 700):
        path = finders.find(f"vendor/fonts/noto-sans-arabic-arabic-{weight}-normal.woff2")
        if path:
            rules.append(
                f'@font-face {{ font-family: "Noto Sans Arabic"; font-weight: {weight}; src: url("file://{path}"); '
                f"unicode-range: {ARABIC_RANGE}; }}"
            )
    return "\n".join(rules)


def text_direction() -> str:
    """The page's direction in the active language: "rtl" (Arabic) or "ltr"."""
    return "rtl" if translation.get_language_bidi() else "ltr"

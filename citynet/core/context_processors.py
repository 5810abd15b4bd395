from django.conf import settings
from django.utils.translation import get_language, get_language_bidi

from .i18n import html_lang


def _in_language(path: str, current: str, code: str) -> str:
    """The same path under another language prefix.

    Every public URL lives under i18n_patterns and keeps its slugs in every language, so swapping the
    prefix is exact; Django's translate_url would resolve and reverse the path seven times a page.
    """
    prefix = f"/{current}/"
    if path.startswith(prefix):
        return f"/{code}/{path[len(prefix) :]}"
    return f"/{code}/"


def languages(request):
    """The language switcher: the same page in every language of the site."""
    current = get_language() or settings.LANGUAGE_CODE
    path = request.get_full_path() if request else "/"
    return {
        "html_lang": html_lang(current),
        "text_direction": "rtl" if get_language_bidi() else "ltr",
        "language_links": [
            {
                "code": code,
                "name": name,
                "lang": html_lang(code),
                "url": _in_language(path, current, code),
                "current": code == current,
            }
            for code, name in settings.LANGUAGES
        ],
    }

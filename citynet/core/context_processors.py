from django.conf import settings
from django.urls import translate_url
from django.utils.translation import get_language, get_language_bidi

from .i18n import html_lang


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
                "url": translate_url(path, code),
                "current": code == current,
            }
            for code, name in settings.LANGUAGES
        ],
    }

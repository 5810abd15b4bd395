from citynet.core.i18n import resolve


def test_resolve_uses_the_requested_language_when_it_has_text():
    resolved = resolve({"en": "Gjilan", "ar": "غيلان"}, "ar")
    assert (resolved.text, resolved.language, resolved.is_marked) == ("غيلان", "ar", False)


def test_resolve_transliterates_serbian_latin_when_cyrillic_is_missing():
    resolved = resolve({"en": "Gnjilane", "sr-latn": "Gnjilane"}, "sr")
    assert resolved.text == "Гњилане"
    assert resolved.transliterated and resolved.is_marked and not resolved.is_fallback
    assert resolved.html_lang == "sr-Cyrl"


def test_resolve_transliterates_cyrillic_when_serbian_latin_is_missing():
    resolved = resolve({"en": "Peja", "sr": "Пећ"}, "sr-latn")
    assert resolved.text == "Peć"
    assert resolved.html_lang == "sr-Latn"


def test_bosnian_falls_back_to_serbian_latin_then_english():
    assert resolve({"en": "Peja", "sr-latn": "Peć"}, "bs").text == "Peć"
    fallback = resolve({"en": "Peja"}, "bs")
    assert (fallback.text, fallback.language, fallback.is_fallback) == ("Peja", "en", True)


def test_resolve_marks_english_fallback_when_arabic_is_missing():
    resolved = resolve({"en": "Democracy Lab"}, "ar")
    assert resolved.is_fallback
    assert resolved.html_lang == "en"


def test_resolve_returns_any_text_when_english_is_missing_too():
    assert resolve({"sq": "Pejë"}, "ar").text == "Pejë"


def test_resolve_returns_none_when_no_language_has_text():
    assert resolve({"en": "  "}, "en") is None

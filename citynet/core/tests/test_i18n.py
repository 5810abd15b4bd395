import pytest

from citynet.core.i18n import resolve, transliterate_html


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


def test_transliterate_html_changes_text_but_not_tags_when_given_markup():
    html = '<p class="lead">Zapadni <a href="/sr/">Balkan</a></p>'
    assert transliterate_html(html, "cyrillic") == '<p class="lead">Западни <a href="/sr/">Балкан</a></p>'


def test_transliterate_html_keeps_entities_when_a_serbian_page_has_them():
    html = "<p>Gradovi &amp; zajednice &#8212; Niš&nbsp;i Novi Sad, 1 &lt; 2</p>"
    assert (
        transliterate_html(html, "cyrillic") == "<p>Градови &amp; заједнице &#8212; Ниш&nbsp;и Нови Сад, 1 &lt; 2</p>"
    )
    assert transliterate_html("<p>Чаир &amp; Пећ</p>", "latin") == "<p>Čair &amp; Peć</p>"


def test_transliterate_html_keeps_wagtail_links_and_embeds_readable_for_the_rich_text_renderer():
    html = (
        '<p><a linktype="page" id="3">Zapadni Balkan</a></p><embed alt="Mapa" embedtype="image" format="left" id="7"/>'
    )
    assert transliterate_html(html, "cyrillic") == (
        '<p><a linktype="page" id="3">Западни Балкан</a></p><embed alt="Mapa" embedtype="image" format="left" id="7"/>'
    )


def test_transliterate_html_refuses_an_unknown_script():
    with pytest.raises(ValueError):
        transliterate_html("<p>x</p>", "greek")

"""core.pdf: the Arabic font and the page's direction that every printed PDF uses."""

import pathlib

from django.contrib.staticfiles import finders
from django.utils import translation

from citynet.core import pdf


def test_the_font_rules_point_at_both_weights_of_the_local_arabic_font():
    rules = pdf.font_css().splitlines()
    assert len(rules) == 2
    for weight, rule in zip((400, 700), rules, strict=True):
        path = finders.find(f"vendor/fonts/noto-sans-arabic-arabic-{weight}-normal.woff2")
        assert pathlib.Path(path).is_file()
        assert rule == (
            f'@font-face {{ font-family: "Noto Sans Arabic"; font-weight: {weight}; src: url("file://{path}"); '
            "unicode-range: U+0600-06FF, U+0750-077F, U+08A0-08FF, U+FB50-FDFF, U+FE70-FEFF, U+200C-200F; }"
        )


def test_a_missing_font_file_leaves_its_rule_out_rather_than_point_nowhere(monkeypatch):
    monkeypatch.setattr(finders, "find", lambda path: None if "-700-" in path else f"/fonts/{path}")
    rules = pdf.font_css().splitlines()
    assert len(rules) == 1
    assert "font-weight: 400" in rules[0]
    assert 'src: url("file:///fonts/vendor/fonts/noto-sans-arabic-arabic-400-normal.woff2")' in rules[0]


def test_no_font_file_at_all_gives_no_rules(monkeypatch):
    monkeypatch.setattr(finders, "find", lambda path: None)
    assert pdf.font_css() == ""


def test_arabic_is_laid_out_right_to_left_and_the_other_languages_left_to_right():
    with translation.override("ar"):
        assert pdf.text_direction() == "rtl"
    for language in ("en", "sq", "mk", "sr", "sr-latn", "bs"):
        with translation.override(language):
            assert pdf.text_direction() == "ltr", language

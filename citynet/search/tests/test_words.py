"""Words as the search compares them: stems, typos, passages."""

import pytest

from citynet.search.words import corrections, index_words, query_words, snippet, stem, within_one_edit


def test_a_query_is_folded_into_its_words_each_once():
    assert query_words("Durrës  DURRES Гњилане") == ["durres", "gnjilane"]
    assert query_words("  ,;  ") == []


@pytest.mark.parametrize(
    ("word", "start"),
    [
        ("peja", "pej"),
        ("peje", "pej"),
        ("gjilani", "gjilan"),
        ("gjilan", "gjilan"),
        ("durresi", "durres"),
        ("cair", "cair"),
    ],
)
def test_an_albanian_definite_ending_is_dropped_from_a_query_word(word, start):
    assert stem(word) == start


def test_short_words_and_other_scripts_keep_their_ending():
    assert stem("iba") == "iba"
    assert stem("غيلان") == "غيلان"


@pytest.mark.parametrize(
    ("a", "b", "near"),
    [
        ("prizren", "prizrem", True),  # changed
        ("prizren", "prizen", True),  # missing
        ("prizren", "prizrenn", True),  # added
        ("prizren", "pirzren", True),  # swapped
        ("prizren", "prizren", True),
        ("prizren", "pirzrem", False),  # two edits
        ("prizren", "priz", False),
    ],
)
def test_one_edit_apart(a, b, near):
    assert within_one_edit(a, b) is near
    assert within_one_edit(b, a) is near


def test_corrections_are_offered_for_longer_words_only_nearest_first():
    vocabulary = ["prizren", "prizreni", "gjilan", "peja"]
    assert corrections("prizrem", vocabulary) == ["prizren"]
    assert corrections("pej", vocabulary) == []  # too short to guess


def test_arabic_words_are_indexed_with_and_without_their_article():
    assert index_words("الجيلان") == " الجيلان جيلان "
    assert index_words("") == ""


def test_a_passage_marks_the_words_found_in_their_own_spelling_within_their_line():
    text = "النص العربي هنا\nThe workshop in Durrës gathered cities from all six countries of the region."
    parts = snippet(text, [("durres",)], around=3)
    assert ("Durrës", True) in parts
    assert "".join(t for t, _m in parts) == "The workshop in Durrës gathered cities from …"
    assert snippet(text, [("tirana",)]) == []

"""core.schemas: a translated field in the API, in the caller's language and in every language."""

from types import SimpleNamespace

from django.utils import translation
from ninja import Schema

from citynet.core.schemas import Names, Titled, names_of, text_of, translated_fields


def _event(**titles):
    """An object with modeltranslation's columns (title_en, title_sr_latn, ...), blank where not given."""
    columns = {f"title_{code}": "" for code in ("ar", "en", "sq", "mk", "sr", "sr_latn", "bs")}
    return SimpleNamespace(**{**columns, **{f"title_{code}": text for code, text in titles.items()}}, slug="synthetic")


class EventLikeOut(Titled):
    slug: str
    title: str
    titles: Names


def test_the_title_comes_in_the_callers_language_and_in_every_language_with_nulls_where_none():
    event = _event(en="Synthetic summit", ar="قمة اصطناعية", sr_latn="  ")
    with translation.override("ar"):
        out = EventLikeOut.from_orm(event).model_dump(by_alias=True)
    assert out["title"] == "قمة اصطناعية"
    assert out["titles"] == {
        "ar": "قمة اصطناعية",
        "en": "Synthetic summit",
        "sq": None,
        "mk": None,
        "sr": None,
        "sr-latn": None,
        "bs": None,
    }


def test_a_language_without_a_title_falls_back_as_the_site_does():
    event = _event(en="Synthetic summit")
    with translation.override("mk"):
        assert EventLikeOut.from_orm(event).title == "Synthetic summit" == text_of(event, "title")


def test_the_schema_keeps_its_fields_where_it_declares_them():
    """The base only resolves: its fields would come first and change the API's field order."""
    assert list(EventLikeOut.model_fields) == ["slug", "title", "titles"]
    assert list(EventLikeOut.model_json_schema()["properties"]) == ["slug", "title", "titles"]


def test_any_translated_field_may_be_resolved_under_names_of_ones_choosing():
    class PlaceOut(translated_fields("venue", "venues")):
        venue: str
        venues: Names

    place = SimpleNamespace(venue_en="Synthetic hall", venue_sq="Salla sintetike")
    for code in ("ar", "mk", "sr", "sr_latn", "bs"):
        setattr(place, f"venue_{code}", None)
    with translation.override("sq"):
        out = PlaceOut.from_orm(place)
    assert out.venue == "Salla sintetike"
    assert out.venues.en == "Synthetic hall"
    assert names_of(place, "venue")["ar"] is None


def test_the_names_schema_has_one_field_per_language_named_by_its_code():
    properties = Names.model_json_schema(by_alias=True, mode="serialization")["properties"]
    assert list(properties) == ["ar", "en", "sq", "mk", "sr", "sr-latn", "bs"]
    assert issubclass(Names, Schema)

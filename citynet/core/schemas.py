"""Translated fields in the API, as every app's schemas write them.

A translated field comes twice: `title` (or `name`) is the text in the caller's language
(Accept-Language) with the same fallback as the site; `titles` (`names`) has every language's own text,
keyed by language code, null where there is none.
"""

import types

from django.conf import settings
from ninja import Field, Schema
from pydantic import create_model

from .i18n import field_values, translated

LANGUAGE_CODES = [code for code, _name in settings.LANGUAGES]

# One field per language of the site, named by its code ("sr-latn"); built from settings.LANGUAGES so
# a region's new language shows up in the API and its schema without touching this file.
Names = create_model(
    "Names",
    __base__=Schema,
    **{
        code.replace("-", "_"): (str | None, Field(None, serialization_alias=code, description=name))
        for code, name in settings.LANGUAGES
    },
)


def names_of(obj, field: str = "name") -> dict:
    """Every language's own text of `obj`'s translated `field` (a `Names`), None where it has none."""
    get = field_values(obj, field)
    return {code.replace("-", "_"): (get(code).strip() or None) for code in LANGUAGE_CODES}


def text_of(obj, field: str) -> str:
    """`obj`'s translated `field` in the active language, with the site's fallback; "" where it has none."""
    resolved = translated(obj, field)
    return resolved.text if resolved else ""


def translated_fields(field: str, every: str) -> type[Schema]:
    """A base schema that fills `field` (the text in the caller's language) and `every` (a `Names`) from a
    model's translated `field`.

    It only resolves: the schema declares `<field>: str` and `<every>: Names` itself, at the place they
    take in its output, since a base's fields would come first and change the API's field order.
    """

    def resolve_text(obj) -> str:
        return text_of(obj, field)

    def resolve_every(obj) -> dict:
        return names_of(obj, field)

    def body(namespace: dict) -> None:
        namespace["__module__"] = __name__
        namespace[f"resolve_{field}"] = staticmethod(resolve_text)
        namespace[f"resolve_{every}"] = staticmethod(resolve_every)

    return types.new_class(f"Translated{field.title()}", (Schema,), exec_body=body)


# `name` and `names` (the registry's records, the topics); `title` and `titles` (events, calls).
Named = translated_fields("name", "names")
Titled = translated_fields("title", "titles")

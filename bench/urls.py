"""The URLs each measure walks: many distinct ones, as visitors ask for them, so no cache flatters a figure.

Built from the facts `bench.data` writes (slugs, countries, member counts). Seeded, so every run walks
the same URLs in the same order. The public API caches each response by its full path for two
minutes; its measures get thousands of distinct paths (filters, offsets, page sizes) and the report
says when a walk came back to a path it had already asked for.
"""

import random
from urllib.parse import urlencode

LANGUAGES = ["ar", "en", "sq", "mk", "sr", "sr-latn", "bs"]

# Search words in the three scripts, as visitors type them: parts of the synthetic labels (with a
# number, or alone: those match every synthetic row), the seed's named cities and people in every
# spelling, and misses.
_NUMBERED = [
    "synthetic {k}",
    "Synthetic municipality {k}",
    "municipality {k}",
    "Sintetička opština {k}",
    "sinteticka {k}",
    "opcina {k}",
    "Komunë sintetike {k}",
    "komune {k}",
    "Синтетичка општина {k}",
    "општина {k}",
    "Синтетичка {k}",
    "бенчмарк {k}",
    "بلدية اصطناعية {k}",
    "بلدية {k}",
    "اصطناعية {k}",
    "Synthetic person {k}",
    "Синтетичка особа {k}",
    "شخص اصطناعي {k}",
    "Synthetic resource {k}",
    "Синтетички ресурс {k}",
    "مورد اصطناعي {k}",
    "referral {k}",
]
_PLAIN = [
    "synthetic",
    "municipality",
    "opstina",
    "Sintetička",
    "општина",
    "Синтетичка",
    "بلدية",
    "اصطناعية",
    "Gjilan",
    "Gnjilane",
    "Гњилане",
    "غيلان",
    "Peć",
    "Pec",
    "Пећ",
    "بيجا",
    "Prizren",
    "Призрен",
    "بريزرن",
    "Čair",
    "Cair",
    "Чаир",
    "كاير",
    "Haskuka",
    "ميتاهر",
    "Ganiu",
    "Institute",
    "Durrës",
    "Тирана",
    "no such place",
]


def search_queries(facts: dict, count: int = 100, seed: int = 7) -> list[str]:
    """`count` distinct queries: the plain words above, and numbered ones in every script."""
    rng = random.Random(seed)
    width = facts["width"]
    queries = list(_PLAIN)
    seen = set(queries)
    while len(queries) < count:
        # 1 to `width` digits: "12" matches hundreds of rows, a full number one.
        digits = rng.randint(1, width)
        k = str(rng.randrange(1, facts["municipalities"] - 3)).zfill(width)[:digits]
        query = rng.choice(_NUMBERED).format(k=k)
        if query not in seen:
            seen.add(query)
            queries.append(query)
    return queries


def hub(facts: dict) -> list[str]:
    return [f"/{lang}/{facts['region']}/" for lang in LANGUAGES]


def municipality_pages(facts: dict, cities: int = 500, seed: int = 11) -> list[str]:
    """Profiles of `cities` different synthetic cities (and the seed's named ones), in every language."""
    rng = random.Random(seed)
    width = facts["width"]
    numbers = rng.sample(range(1, facts["municipalities"] - len(facts["named"]) + 1), cities)
    slugs = [f"synthetic-municipality-{str(n).zfill(width)}" for n in numbers] + facts["named"]
    paths = [f"/{lang}/municipalities/{slug}/" for slug in slugs for lang in LANGUAGES]
    rng.shuffle(paths)
    return paths


def members_directory(facts: dict, seed: int = 13) -> list[str]:
    """Every page of the members directory, for all countries and each one, in every language."""
    paths = []
    for lang in LANGUAGES:
        for country, pages in facts["member_pages"].items():
            for page in range(1, pages + 1):
                query = urlencode({k: v for k, v in {"country": country, "page": page}.items() if v})
                paths.append(f"/{lang}/{facts['region']}/members/?{query}")
    random.Random(seed).shuffle(paths)
    return paths


def search_page(facts: dict, seed: int = 17) -> list[str]:
    """The site search with a hundred queries, each in every language's page."""
    paths = [f"/{lang}/search/?{urlencode({'q': q})}" for q in search_queries(facts) for lang in LANGUAGES]
    random.Random(seed).shuffle(paths)
    return paths


def one_search_api(facts: dict, seed: int = 29) -> list[str]:
    """The API's one search with a hundred queries: every kind ranked together, or one kind, two page sizes."""
    rng = random.Random(seed)
    paths = []
    for q in search_queries(facts):
        for kind in ("", "municipality", "resource", "event"):
            for limit in (10, 20):
                params = {"q": q, "limit": limit, **({"kind": kind} if kind else {})}
                paths.append(f"/api/v1/search?{urlencode(params)}")
    rng.shuffle(paths)
    return paths


def api_search(facts: dict, seed: int = 19) -> list[str]:
    """The API's municipality search with a hundred queries, with page sizes and country filters."""
    rng = random.Random(seed)
    paths = []
    for q in search_queries(facts):
        for limit in (10, 20, 25, 50):
            for country in ["", *facts["countries"]]:
                params = {"q": q, "limit": limit, **({"country": country} if country else {})}
                paths.append(f"/api/v1/municipalities?{urlencode(params)}")
    rng.shuffle(paths)
    return paths


def api_list(facts: dict, count: int = 20_000, seed: int = 23) -> list[str]:
    """Pages of the municipality list at many offsets, page sizes, and region, country and status filters."""
    rng = random.Random(seed)
    total = facts["municipalities"]
    countries = facts["countries"]  # members per country
    members = sum(countries.values())
    shapes = [
        ({}, total),
        ({"region": facts["region"]}, total),
        ({"status": "member"}, members),
        ({"status": "prospective"}, total - members),
        *[({"country": code}, total // len(countries)) for code in countries],
        *[({"country": code, "status": "member"}, n) for code, n in countries.items()],
    ]
    paths, seen = [], set()
    while len(paths) < count:
        params, size = rng.choice(shapes)
        limit = rng.choice([10, 20, 25, 50, 100])
        offset = rng.randrange(0, max(1, size - limit))
        path = f"/api/v1/municipalities?{urlencode({**params, 'limit': limit, 'offset': offset})}"
        if path not in seen:
            seen.add(path)
            paths.append(path)
    return paths


def api_cached(facts: dict) -> list[str]:
    """A few API resources every client asks for (the first page, the regions, a named city): cache hits."""
    return [
        "/api/v1/municipalities?limit=50",
        "/api/v1/municipalities?status=member&limit=50",
        "/api/v1/regions",
        "/api/v1/countries",
        "/api/v1/organisations",
        *[f"/api/v1/municipalities/{slug}" for slug in facts["named"]],
    ]


def call_pages(facts: dict, seed: int = 29) -> list[str]:
    """The public page of every synthetic call (open and closed), in every language."""
    paths = [f"/{lang}/calls/{slug}/" for slug in facts["calls"] for lang in LANGUAGES]
    random.Random(seed).shuffle(paths)
    return paths


def award_pages(facts: dict, seed: int = 31) -> list[str]:
    """The announcement page of every synthetic award, in every language."""
    paths = [f"/{lang}/awards/{slug}/" for slug in facts["awards"] for lang in LANGUAGES]
    random.Random(seed).shuffle(paths)
    return paths


def reviewer_queue(facts: dict) -> list[str]:
    """The signed-in reviewer's queue (about 300 assignments), in every language."""
    return [f"/{lang}/reviews/" for lang in LANGUAGES]


def event_pages(facts: dict, seed: int = 37) -> list[str]:
    """The public page of a thousand synthetic events (past and upcoming), in every language."""
    paths = [f"/{lang}/events/{slug}/" for slug in facts["events"] for lang in LANGUAGES]
    random.Random(seed).shuffle(paths)
    return paths


def event_list(facts: dict, pages: int = 40, seed: int = 41) -> list[str]:
    """The events list: its pages, for the region and every kind, in every language."""
    kinds = ["", "training", "workshop", "summit", "online_session", "study_visit"]
    paths = [
        f"/{lang}/events/?{urlencode({k: v for k, v in {'region': facts['region'], 'kind': kind, 'page': page}.items() if v})}"
        for lang in LANGUAGES
        for kind in kinds
        for page in range(1, pages + 1)
    ]
    random.Random(seed).shuffle(paths)
    return paths


def events_feed(facts: dict) -> list[str]:
    """The region's iCalendar feed in every language (cached by the site per language, on purpose)."""
    return [f"/{lang}/events/calendar.ics?region={facts['region']}" for lang in LANGUAGES]


def consultation_pages(facts: dict, seed: int = 43) -> list[str]:
    """The public page of a thousand synthetic published consultations, in every language."""
    paths = [f"/{lang}/consultations/{slug}/" for slug in facts["consultations"] for lang in LANGUAGES]
    random.Random(seed).shuffle(paths)
    return paths


def consultation_list(facts: dict, pages: int = 40, seed: int = 47) -> list[str]:
    """The published consultations: the list's pages, all regions and the region's, in every language."""
    paths = [
        f"/{lang}/consultations/?{urlencode({k: v for k, v in {'region': region, 'page': page}.items() if v})}"
        for lang in LANGUAGES
        for region in ("", facts["region"])
        for page in range(1, pages + 1)
    ]
    random.Random(seed).shuffle(paths)
    return paths


def capacity_view(facts: dict, pages: int = 40) -> list[str]:
    """The region's capacity by area across its 2,000 assessed cities (50 a page), as the secretariat: the
    staff's page on the site's side (views/capacity.py)."""
    return [f"/en/advisory/capacity/{facts['region']}/?page={page}" for page in range(1, pages + 1)]

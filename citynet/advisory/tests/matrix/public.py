"""URL x role rows of the advisory public pages (the scene is ../url_matrix.py): the published
consultations, the same for everyone and read-only. An unpublished visit does not exist for anyone here,
its staff included (they see it in the admin)."""

from citynet.core.testing import Row

ROLES = [
    "anonymous",
    "user",
    "member",
    "focal_point",
    "other_focal_point",
    "coordinator",
    "other_coordinator",
    "secretariat",
]
EVERYONE = dict.fromkeys(ROLES, 200)
NOWHERE = dict.fromkeys(ROLES, 404)
REFUSED = dict.fromkeys(ROLES, 405)
WRITES = ["POST", "PUT", "PATCH", "DELETE"]

PATHS = {
    "advisory:consultations": lambda s: "/en/consultations/",
    "advisory:consultation": lambda s: f"/en/consultations/{s.visit.slug}/",
}

ROWS = [
    Row("advisory:consultations", "GET", PATHS["advisory:consultations"], EVERYONE),
    Row(
        "advisory:consultations filtered",
        "GET",
        lambda s: f"/en/consultations/?region={s.region.slug}&country={s.country.code}&year=2018",
        EVERYONE,
    ),
    Row(
        "advisory:consultations bad filters",
        "GET",
        lambda s: "/en/consultations/?region=%3Cx%3E&country=atlantis&year=abc&page=x",
        EVERYONE,
    ),
    Row("advisory:consultation", "GET", PATHS["advisory:consultation"], EVERYONE),
    Row("advisory:consultation draft", "GET", lambda s: f"/en/consultations/{s.draft_visit.slug}/", NOWHERE),
    Row("advisory:consultation unknown", "GET", lambda s: "/en/consultations/no-such-visit/", NOWHERE),
]
# Every public URL is read-only: writes are refused, whoever asks.
for _name, _path in PATHS.items():
    ROWS += [Row(_name, method, _path, REFUSED) for method in WRITES]

"""URL x role rows of the library's public pages (the scene is ../url_matrix.py; `extend(scene)` adds
what only these rows need).

The library page is everyone's (each sees what they may read). A resource's page, its files and covers
exist only for who may read it: a published public one for everyone; a members-only one for the people
of member cities and staff; a staff-only one and an embargoed one for staff; a draft or a proposal for
the staff of its region (`coordinator`) and the secretariat. Anyone else gets a 404, never a 403.
Every URL is read-only: writes are refused (405), whoever asks.
"""

import datetime

from django.core.files.base import ContentFile

from citynet.core.testing import Row
from citynet.library.models import Access
from citynet.library.tests import factories as library

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
STAFF = ("coordinator", "other_coordinator", "secretariat")
MEMBERS = ("member", "focal_point", "other_focal_point", *STAFF)
EVERYONE = dict.fromkeys(ROLES, 200)
NOWHERE = dict.fromkeys(ROLES, 404)
REFUSED = dict.fromkeys(ROLES, 405)
WRITES = ["POST", "PUT", "PATCH", "DELETE"]
# The smallest PNG (1x1): the cover's bytes as stored after the extraction made it.
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000001e221bc330000000049454e44ae426082"
)


def only(*roles: str) -> dict[str, int]:
    return {role: 200 if role in roles else 404 for role in ROLES}


REGION_STAFF = only("coordinator", "secretariat")


def extend(scene) -> None:
    """A public resource with a file and a cover, a members-only one with a file, a staff-only one and
    an embargoed one (public, out in a year). Their names start with `public_`: the other parts' rows add
    objects of their own to the same scene."""
    scene.public_with_file = library.ResourceFactory(countries=[scene.country], title_en="Synthetic report with a file")
    library.FileVersionFactory(
        resource=scene.public_with_file, language="en", thumbnail=ContentFile(PNG, name="synthetic-cover.png")
    )
    scene.public_members_only = library.ResourceFactory(access=Access.MEMBERS, title_en="Synthetic members-only report")
    library.FileVersionFactory(resource=scene.public_members_only, language="en")
    scene.public_staff_only = library.ResourceFactory(access=Access.STAFF, title_en="Synthetic staff-only report")
    scene.public_embargoed = library.ResourceFactory(
        embargo_until=datetime.date.today() + datetime.timedelta(days=365), title_en="Synthetic embargoed report"
    )


def page(record: str, suffix: str = ""):
    return lambda s: f"/en/library/{getattr(s, record).slug}/{suffix}"


PATHS = {
    "library:index": lambda s: "/en/library/",
    "library:resource": page("published"),
    "library:download": page("public_with_file", "download/en/"),
    "library:cover": page("public_with_file", "cover/en/"),
}

ROWS = [
    Row("library:index", "GET", PATHS["library:index"], EVERYONE),
    Row(
        "library:index filtered",
        "GET",
        lambda s: (
            f"/en/library/?kind=report&region={s.region.slug}&country={s.country.code}&language=en&year=2024"
            f"&work_stream={s.work_stream.slug}&topic=none"
        ),
        EVERYONE,
    ),
    Row(
        "library:index bad filters",
        "GET",
        lambda s: "/en/library/?kind=%3Cx%3E&region=%3Cx%3E&country=atlantis&language=xx&year=abc&page=x",
        EVERYONE,
    ),
    Row("library:resource", "GET", PATHS["library:resource"], EVERYONE),
    Row("library:resource members-only", "GET", page("public_members_only"), only(*MEMBERS)),
    Row("library:resource staff-only", "GET", page("public_staff_only"), only(*STAFF)),
    Row("library:resource embargoed", "GET", page("public_embargoed"), only(*STAFF)),
    Row("library:resource draft", "GET", page("draft"), REGION_STAFF),
    Row("library:resource proposal", "GET", page("proposal"), REGION_STAFF),
    Row("library:resource unknown", "GET", lambda s: "/en/library/no-such-resource/", NOWHERE),
    Row("library:download", "GET", PATHS["library:download"], EVERYONE),
    Row("library:download members-only", "GET", page("public_members_only", "download/en/"), only(*MEMBERS)),
    Row("library:download without a file", "GET", page("published", "download/en/"), NOWHERE),
    Row("library:download unknown language", "GET", page("public_with_file", "download/xx/"), NOWHERE),
    Row("library:download draft", "GET", page("draft", "download/en/"), NOWHERE),
    Row("library:cover", "GET", PATHS["library:cover"], EVERYONE),
    Row("library:cover members-only without a cover", "GET", page("public_members_only", "cover/en/"), NOWHERE),
]
# Every public URL is read-only: writes are refused, whoever asks.
for _name, _path in PATHS.items():
    ROWS += [Row(_name, method, _path, REFUSED) for method in WRITES]

"""URL x role rows of a focal point's own case studies on the public site (views/proposals.py; the scene is
../url_matrix.py, `extend(scene)` adds a draft of the scene's proposer).

- the list (/my/case-studies/): whoever may propose (a city's focal point: "focal_point", of the scene's
  city, and "other_focal_point", of another) or has proposed ("proposer", the focal point of the scene's
  city who proposed its case studies); for anyone else signed in it does not exist (404);
- a new case study about the scene's city: its focal points; anyone else 404 (staff review, they do not
  propose);
- a proposal: its proposer alone (a draft's form, or a proposed one's status); anyone else 404.
The anonymous are sent to sign in everywhere. POSTs send an empty form: it comes back with its messages
(422); a change to a proposal that is with the staff is refused with a message and a redirect (302).
"""

from citynet.core.testing import LOGIN, Row
from citynet.library.models import ResourceKind, ResourceStatus
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
    "proposer",
]


def only(answers: dict, *, otherwise=404) -> dict:
    """`answers` for the roles it names, LOGIN for the anonymous, `otherwise` for every other role."""
    return {role: answers.get(role, LOGIN if role == "anonymous" else otherwise) for role in ROLES}


def extend(scene) -> None:
    """A draft case study of the scene's proposer (the proposer of `scene.proposal`), still theirs."""
    scene.proposals_draft = library.ResourceFactory(
        kind=ResourceKind.CASE_STUDY,
        status=ResourceStatus.DRAFT,
        municipalities=[scene.city],
        proposed_by=scene.proposal.proposed_by,
        title_en="Synthetic draft case study of its proposer",
    )
    library.CaseStudyFactory(resource=scene.proposals_draft)


def mine(record: str):
    return lambda s: f"/en/my/case-studies/{getattr(s, record).pk}/"


PROPOSERS = {"focal_point": 200, "other_focal_point": 200, "proposer": 200}
CITY_FOCAL_POINTS = {"focal_point": 200, "proposer": 200}

ROWS = [
    Row("library:proposals", "GET", lambda s: "/en/my/case-studies/", only(PROPOSERS)),
    Row("library:proposals", "POST", lambda s: "/en/my/case-studies/", only({}, otherwise=405)),
    Row("library:proposal-new", "GET", lambda s: f"/en/my/case-studies/new/{s.city.slug}/", only(CITY_FOCAL_POINTS)),
    Row(
        "library:proposal-new",
        "POST",
        lambda s: f"/en/my/case-studies/new/{s.city.slug}/",
        only({"focal_point": 422, "proposer": 422}),
    ),
    Row("library:proposal-new unknown city", "GET", lambda s: "/en/my/case-studies/new/no-such-city/", only({})),
    Row("library:proposal draft", "GET", mine("proposals_draft"), only({"proposer": 200})),
    Row("library:proposal draft", "POST", mine("proposals_draft"), only({"proposer": 422})),
    Row("library:proposal proposed", "GET", mine("proposal"), only({"proposer": 200})),
    Row("library:proposal proposed", "POST", mine("proposal"), only({"proposer": 302})),
    Row("library:proposal published", "GET", mine("published"), only({})),
    Row("library:proposal unknown", "GET", lambda s: "/en/my/case-studies/999999/", only({})),
]

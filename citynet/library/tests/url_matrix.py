"""The library's URLs as each role meets them: the staff's admin (/admin/library/...).

One scene for all of them (below); the rows live beside the code they cover, one module per part in
tests/matrix/. Collected by citynet/core/tests/test_url_matrix.py (docs/testing.md).

Roles, relative to the scene's objects (the network's own; see citynet/core/testing.py):
- "coordinator": the coordinator of `region`, whose resources these are; "other_coordinator": of another
  region, for whom they do not exist;
- "secretariat": every region; "focal_point" (of `city`), "member", "user", "anonymous": never past the
  admin's door;
- "proposer": the focal point of `city` who proposed its case studies (`proposal`), for their own pages
  on the public site (matrix/proposals.py).
"""

from types import SimpleNamespace

from citynet.accounts.tests.factories import focal_point
from citynet.library.models import ResourceKind, ResourceStatus
from citynet.library.tests import factories as library
from citynet.network.tests.factories import CountryFactory, RegionFactory, member_municipality

from .matrix import api, peers, proposals, public, staff

PARTS = (staff, public, proposals, api, peers)
# Roles of this app's own, relative to the scene (core.testing.MATRIX_ACTORS has the network's).
ACTORS = {"proposer": lambda scene: scene.proposal.proposed_by}


def scene():
    country = CountryFactory(code="XK", region=RegionFactory(slug="here"))
    # Countries are got or created by their code, and every app's scene is built in one transaction: Kosovo
    # may already be another scene's, in its region. This scene's region is the one its country is in.
    region = country.region
    city = member_municipality(country=country, slug="library-city")
    work_stream = library.WorkStreamFactory(slug="synthetic-prevention")
    draft = library.ResourceFactory(status=ResourceStatus.DRAFT, regions=[region], title_en="Synthetic draft report")
    published = library.ResourceFactory(countries=[country], title_en="Synthetic published report")
    version = library.ResourceVersionFactory(resource=published, language="en")
    spare_version = library.ResourceVersionFactory(resource=published, language="sq")
    case_study = library.ResourceFactory(
        kind=ResourceKind.CASE_STUDY, status=ResourceStatus.DRAFT, municipalities=[city]
    )
    proposal = library.ResourceFactory(
        kind=ResourceKind.CASE_STUDY,
        status=ResourceStatus.PROPOSED,
        municipalities=[city],
        proposed_by=focal_point(city),
        title_en="Synthetic proposed case study",
    )
    library.CaseStudyFactory(resource=proposal)
    built = SimpleNamespace(
        region=region,
        country=country,
        city=city,
        work_stream=work_stream,
        draft=draft,
        published=published,
        version=version,
        spare_version=spare_version,
        case_study=case_study,
        proposal=proposal,
    )
    for part in PARTS:
        if hasattr(part, "extend"):
            part.extend(built)
    return built


ROWS = [row for part in PARTS for row in part.ROWS]

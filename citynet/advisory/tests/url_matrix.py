"""The advisory work's URLs as each role meets them: the public's published consultations, a city's own
pages (its focal point and the region's staff), the staff's admin, the API.

One scene for all of them (below); the rows live beside the code they cover, one module per part in
tests/matrix/ (a part may add what only its rows need with `extend(scene)`). Collected by
citynet/core/tests/test_url_matrix.py (docs/testing.md).

Roles, relative to the scene's objects (the network's own; see citynet/core/testing.py):
- "focal_point": the focal point of `city`, whose assessments and plan these are;
- "other_focal_point": a focal point of a city elsewhere, who must see none of it;
- "coordinator": the coordinator of `region`; "other_coordinator": of another region;
- "secretariat": every region; "member", "user", "anonymous": none of the confidential records.
"""

import datetime
from types import SimpleNamespace

from django.utils import timezone

from citynet.advisory.models import AssessmentKind, AssessmentStatus, MeetingKind, PlanStatus
from citynet.advisory.tests import factories as advisory
from citynet.network.tests.factories import (
    CountryFactory,
    OrganisationFactory,
    RegionFactory,
    TopicFactory,
    member_municipality,
)

from .matrix import api, assessments, city, plans, public, visits

PARTS = (visits, assessments, plans, city, public, api)


def scene():
    region = RegionFactory(slug="here")
    country = CountryFactory(code="XK", region=region)
    city = member_municipality(country=country, slug="advised-city")
    neighbour = member_municipality(country=country, slug="neighbour-city")
    topic = TopicFactory(slug="risk-assessment", name_en="Risk assessment")
    organisation = OrganisationFactory()

    engagement = advisory.EngagementFactory(region=region, municipalities=[city, neighbour])
    visit = advisory.VisitFactory(
        engagement=engagement, slug="published-visit", is_published=True, published_at=timezone.now()
    )
    visit.municipalities.set([city])
    visit.save()
    meeting = advisory.MeetingFactory(visit=visit, kind=MeetingKind.MAYOR, municipality=city, is_public=True)
    private_meeting = advisory.MeetingFactory(visit=visit, is_public=False)
    draft_visit = advisory.VisitFactory(engagement=engagement, slug="unpublished-visit", status="planned")
    draft_meeting = advisory.MeetingFactory(visit=draft_visit)
    project = advisory.ProjectFactory(organisation=organisation, municipality=city, country=country)
    project.topics.set([topic])
    country_project = advisory.ProjectFactory(organisation=organisation, municipality=None, country=country)

    framework = advisory.FrameworkFactory()
    areas = [advisory.CapacityAreaFactory(framework=framework) for _ in range(2)]
    baseline = advisory.AssessmentFactory(
        municipality=city, framework=framework, engagement=engagement, status=AssessmentStatus.FINAL
    )
    reassessment = advisory.AssessmentFactory(
        municipality=city,
        framework=framework,
        engagement=engagement,
        kind=AssessmentKind.REASSESSMENT,
        conducted_on=timezone.localdate() - datetime.timedelta(days=5),
    )
    for assessment, score in ((baseline, 1), (reassessment, 3)):
        for area in areas:
            advisory.ScoreFactory(assessment=assessment, area=area, score=score)
    neighbour_assessment = advisory.AssessmentFactory(municipality=neighbour, framework=framework)
    advisory.ScoreFactory(assessment=neighbour_assessment, area=areas[0])

    plan = advisory.PlanFactory(municipality=city, share_publicly=True, public_summary_en="Synthetic public summary.")
    goal = advisory.GoalFactory(plan=plan)
    action = advisory.ActionFactory(plan=plan, goal=goal)
    indicator = advisory.IndicatorFactory(action=action)
    update = advisory.ProgressUpdateFactory(action=action)
    draft_plan = advisory.PlanFactory(municipality=city, status=PlanStatus.DRAFT)
    neighbour_plan = advisory.PlanFactory(municipality=neighbour)
    neighbour_action = advisory.ActionFactory(plan=neighbour_plan)
    neighbour_update = advisory.ProgressUpdateFactory(action=neighbour_action)

    built = SimpleNamespace(
        region=region,
        country=country,
        city=city,
        neighbour=neighbour,
        topic=topic,
        organisation=organisation,
        engagement=engagement,
        visit=visit,
        meeting=meeting,
        private_meeting=private_meeting,
        draft_visit=draft_visit,
        draft_meeting=draft_meeting,
        project=project,
        country_project=country_project,
        framework=framework,
        areas=areas,
        baseline=baseline,
        reassessment=reassessment,
        neighbour_assessment=neighbour_assessment,
        plan=plan,
        goal=goal,
        action=action,
        indicator=indicator,
        update=update,
        draft_plan=draft_plan,
        neighbour_plan=neighbour_plan,
        neighbour_action=neighbour_action,
        neighbour_update=neighbour_update,
    )
    for part in PARTS:
        if hasattr(part, "extend"):
            part.extend(built)
    return built


ROWS = [row for part in PARTS for row in part.ROWS]

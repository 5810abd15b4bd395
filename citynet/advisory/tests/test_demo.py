"""The advisory demo: the September 2018 consultations exactly as the seed states them (no invented notes
or summaries), and one plainly marked demo city whose assessments and plan a newcomer can walk through."""

import datetime

import pytest
from django.core.management import call_command
from django.utils import timezone
from wagtail.models import ModelLogEntry

from citynet.advisory import permissions
from citynet.advisory.demo import SUMMARY_AR, SUMMARY_EN, load_advisory
from citynet.advisory.models import (
    OPEN_ACTION,
    Action,
    Assessment,
    AssessmentKind,
    AssessmentStatus,
    CapacityArea,
    Engagement,
    Framework,
    Goal,
    Indicator,
    Meeting,
    MeetingKind,
    Phase,
    Plan,
    PlanStatus,
    PlanVersion,
    ProgressUpdate,
    ReviewState,
    Score,
    Visit,
    VisitStatus,
)
from citynet.advisory.services.plans import plan_snapshot
from citynet.core.actors import SYSTEM
from citynet.events.demo import load_events
from citynet.network.models import Municipality

pytestmark = pytest.mark.django_db

ALL = [
    Engagement,
    Visit,
    Meeting,
    Framework,
    CapacityArea,
    Assessment,
    Score,
    Plan,
    Goal,
    Action,
    Indicator,
    ProgressUpdate,
    PlanVersion,
    Municipality,
    ModelLogEntry,
]


@pytest.fixture
def demo(western_balkans_registry):
    load_events(western_balkans_registry, actor=SYSTEM)
    return load_advisory(western_balkans_registry, actor=SYSTEM)


def test_the_consultation_is_the_seeds_dates_places_and_cities(demo, western_balkans_registry):
    visit = demo["visit"]
    assert (visit.starts_on, visit.ends_on) == (datetime.date(2018, 9, 17), datetime.date(2018, 9, 20))
    assert visit.places == "Kosovo and Macedonia" and visit.countries == ["XK", "MK"]
    assert visit.status == VisitStatus.HELD and not visit.is_demo
    assert visit.is_published and visit.published_at is not None
    assert "City-specific consultations" in visit.source
    assert sorted(m.name_en for m in visit.municipalities.all()) == ["Prizren", "Čair"]
    engagement = visit.engagement
    assert engagement.region == western_balkans_registry and engagement.phase == Phase.SCOPING
    assert not engagement.is_demo
    assert sorted(m.name_en for m in engagement.municipalities.all()) == ["Prizren", "Čair"]


def test_its_public_summary_is_the_pages_paragraph_in_english_and_arabic(demo):
    visit = demo["visit"]
    assert visit.public_summary_en == SUMMARY_EN
    assert SUMMARY_EN.startswith("From 17 to 20 September 2018 the network's team led advisory activities")
    assert "Mytaher Haskuka" in SUMMARY_EN and "Search for Common Ground" in SUMMARY_EN
    assert visit.public_summary_ar == SUMMARY_AR
    assert SUMMARY_AR.startswith("من 17 إلى 20 أيلول/سبتمبر 2018، قاد فريق عمل شبكة المدن القوية")
    assert SUMMARY_AR.endswith("عبر إشراك أعضاء مهمين في منطقة مهمة من العالم.")
    assert "ميتاهر هاسكوكا" in SUMMARY_AR and "معهد كونيكا" in SUMMARY_AR


def test_the_ten_meetings_are_the_seeds_with_no_notes_or_invented_summaries(demo):
    meetings = list(demo["visit"].meetings.select_related("person", "organisation", "municipality"))
    assert len(meetings) == 10
    mayors = [(m.municipality.name_en, m.person.name_en) for m in meetings if m.kind == MeetingKind.MAYOR]
    assert mayors == [("Prizren", "Mytaher Haskuka"), ("Čair", "Visar Ganiu")]
    coordinators = [m for m in meetings if m.kind == MeetingKind.NATIONAL_COORDINATOR]
    assert [m.country for m in coordinators] == ["XK", "MK"]
    assert all(m.counterpart.startswith("National coordinators for counter-terrorism") for m in coordinators)
    assert all(m.person is None and m.organisation is None for m in coordinators)
    organisations = [(m.kind, m.organisation.slug) for m in meetings if m.organisation]
    assert organisations == [
        (MeetingKind.INTERNATIONAL, "icitap"),
        (MeetingKind.CIVIL_SOCIETY, "democracy-lab"),
        (MeetingKind.CIVIL_SOCIETY, "konika-institute"),
        (MeetingKind.CIVIL_SOCIETY, "civil"),
        (MeetingKind.INTERNATIONAL, "osce"),
        (MeetingKind.INTERNATIONAL, "search-for-common-ground"),
    ]
    for meeting in meetings:
        assert meeting.notes == "" and meeting.held_on is None
        assert meeting.public_summary_en == "" and meeting.public_summary_ar == ""
        assert meeting.is_public
        meeting.full_clean()  # each says who was met
    # Published: the public sees all ten, and nothing of them is confidential.
    assert permissions.scope_public_meetings(Meeting.objects.all()).count() == 10


def test_the_demo_city_is_plainly_marked_and_not_a_member(demo):
    city = demo["city"]
    assert city.slug == "demo-city" and city.name_en == "Demo city (synthetic)"
    assert str(city.country.code) == "XK" and not city.memberships.exists()
    assert not Municipality.objects.filter(name_en__in=["Prizren", "Čair", "Peja", "Gjilan"], assessments__isnull=False)
    # Every record of the demo city says it is demo; none of the seed's records do.
    assert Engagement.objects.filter(municipalities=city).get().is_demo
    assert all(a.is_demo for a in Assessment.objects.all()) and Assessment.objects.count() == 2
    assert all(p.is_demo for p in Plan.objects.all()) and Plan.objects.count() == 1
    assert not Visit.objects.filter(is_demo=True).exists()
    for title in [demo["engagement"].title_en, demo["plan"].title_en, *(a.title_en for a in demo["actions"])]:
        assert title.startswith("Demo")


def test_the_demo_assessments_compare_a_year_apart_on_the_default_framework(demo):
    framework = demo["framework"]
    assert (framework.scale_min, framework.scale_max) == (0, 4)
    assert list(framework.areas.values_list("code", flat=True)) == [
        "coordination",
        "risk-assessment",
        "referral",
        "youth-engagement",
        "disengagement",
        "communications",
    ]
    baseline, reassessment = demo["baseline"], demo["reassessment"]
    assert (baseline.kind, reassessment.kind) == (AssessmentKind.BASELINE, AssessmentKind.REASSESSMENT)
    assert baseline.status == reassessment.status == AssessmentStatus.FINAL
    assert reassessment.conducted_on - baseline.conducted_on == datetime.timedelta(days=365)
    for assessment in (baseline, reassessment):
        scores = list(assessment.scores.all())
        assert len(scores) == 6 and all(0 <= s.score <= 4 for s in scores)
    assert sum(s.score for s in reassessment.scores.all()) > sum(s.score for s in baseline.scores.all())


def test_the_demo_plan_is_adopted_with_goals_actions_one_overdue_and_a_pending_update(demo):
    plan = demo["plan"]
    today = timezone.localdate()
    assert plan.status == PlanStatus.ADOPTED and plan.baseline == demo["baseline"]
    assert plan.starts_on <= today <= plan.ends_on
    assert plan.goals.count() == 2 and plan.actions.count() == 4 and plan.versions.count() == 1
    actions = list(plan.actions.all())
    assert all(a.owner_department.startswith("Demo") and a.goal_id for a in actions)
    assert all(a.indicators.count() == 1 and a.areas.exists() for a in actions)
    overdue = [a for a in actions if a.due_on < today and a.status in OPEN_ACTION]
    assert overdue == [demo["actions"][1]]
    update = ProgressUpdate.objects.get(review=ReviewState.PENDING)
    assert update.action == overdue[0] and update == demo["update"]
    # Each action's status and percent are those of its last accepted report (none yet for one not started).
    for action in actions:
        accepted = action.updates.filter(review=ReviewState.ACCEPTED).first()
        if accepted is None:
            assert (action.status, action.percent) == ("not_started", 0)
        else:
            assert (accepted.status, accepted.percent) == (action.status, action.percent)
    # The adopted version is the services' snapshot of the plan as it stands.
    assert plan.versions.get().snapshot == plan_snapshot(plan)
    assert permissions.scope_public_plans(Plan.objects.all()).get() == plan


def test_loading_twice_creates_and_changes_nothing(demo, western_balkans_registry):
    counts = [model.objects.count() for model in ALL]
    stamps = sorted(Visit.objects.values_list("updated_at", flat=True)) + sorted(
        Plan.objects.values_list("updated_at", flat=True)
    )
    again = load_advisory(western_balkans_registry, actor=SYSTEM)
    assert [model.objects.count() for model in ALL] == counts
    assert again["visit"].pk == demo["visit"].pk and again["plan"].pk == demo["plan"].pk
    assert (
        sorted(Visit.objects.values_list("updated_at", flat=True))
        + sorted(Plan.objects.values_list("updated_at", flat=True))
        == stamps
    )


def test_the_demo_command_loads_the_advisory_work(db):
    call_command("load_demo", "--no-gazetteer")
    call_command("load_demo", "--no-gazetteer", "--force")
    assert Visit.objects.get().slug == "city-specific-consultations-western-balkans-2018"
    assert Meeting.objects.count() == 10 and Plan.objects.filter(is_demo=True).count() == 1

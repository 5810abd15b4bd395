"""Advisory records. Everything these make is plainly synthetic ("Synthetic visit 3", "Synthetic action 7")."""

import datetime

import factory
from django.utils import timezone

from citynet.advisory.models import (
    Action,
    Assessment,
    CapacityArea,
    Engagement,
    Framework,
    Goal,
    Indicator,
    Meeting,
    MeetingKind,
    Plan,
    PlanStatus,
    ProgressUpdate,
    Project,
    Score,
    Visit,
)
from citynet.network.tests.factories import CountryFactory, MunicipalityFactory, OrganisationFactory, RegionFactory


def in_days(days: int) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=days)


class EngagementFactory(factory.django.DjangoModelFactory):
    """An active engagement in a region, begun a year ago (add its municipalities with `municipalities=[...]`)."""

    class Meta:
        model = Engagement
        skip_postgeneration_save = True

    region = factory.SubFactory(RegionFactory)
    title_en = factory.Sequence(lambda n: f"Synthetic engagement {n}")
    purpose = "Synthetic purpose, for tests."
    status = "active"
    starts_on = factory.LazyFunction(lambda: in_days(-365))

    @factory.post_generation
    def municipalities(self, create, extracted, **kwargs):
        if create and extracted:
            self.municipalities.set(extracted)
            self.save()  # a ParentalManyToManyField is written on save


class VisitFactory(factory.django.DjangoModelFactory):
    """A held, unpublished three-day visit last month."""

    class Meta:
        model = Visit
        skip_postgeneration_save = True

    engagement = factory.SubFactory(EngagementFactory)
    slug = factory.Sequence(lambda n: f"synthetic-visit-{n}")
    title_en = factory.Sequence(lambda n: f"Synthetic visit {n}")
    status = "held"
    starts_on = factory.LazyFunction(lambda: in_days(-33))
    ends_on = factory.LazyFunction(lambda: in_days(-30))
    places = "Synthetic town"
    public_summary_en = "A synthetic public summary."


class MeetingFactory(factory.django.DjangoModelFactory):
    """A meeting with a described counterpart, its confidential notes and a public summary."""

    class Meta:
        model = Meeting
        skip_postgeneration_save = True

    visit = factory.SubFactory(VisitFactory)
    kind = MeetingKind.CIVIL_SOCIETY
    counterpart = factory.Sequence(lambda n: f"Synthetic counterpart {n}")
    notes = "Synthetic confidential notes: never public."
    public_summary_en = "Synthetic public summary of the meeting."
    held_on = factory.LazyAttribute(lambda o: o.visit.starts_on)


class ProjectFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Project

    organisation = factory.SubFactory(OrganisationFactory)
    title = factory.Sequence(lambda n: f"Synthetic project {n}")
    municipality = factory.SubFactory(MunicipalityFactory)
    country = factory.LazyAttribute(lambda o: o.municipality.country if o.municipality else CountryFactory())


class FrameworkFactory(factory.django.DjangoModelFactory):
    """A framework with a 0–4 scale (add areas with CapacityAreaFactory)."""

    class Meta:
        model = Framework

    name_en = factory.Sequence(lambda n: f"Synthetic framework {n}")
    edition = 1
    scale_labels = {"0": "absent", "1": "emerging", "2": "developing", "3": "established", "4": "advanced"}


class CapacityAreaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CapacityArea

    framework = factory.SubFactory(FrameworkFactory)
    code = factory.Sequence(lambda n: f"area-{n}")
    name_en = factory.Sequence(lambda n: f"Synthetic area {n}")
    sort_order = factory.Sequence(lambda n: n)


class AssessmentFactory(factory.django.DjangoModelFactory):
    """A draft baseline assessment of a municipality, made two months ago."""

    class Meta:
        model = Assessment

    municipality = factory.SubFactory(MunicipalityFactory)
    framework = factory.SubFactory(FrameworkFactory)
    conducted_on = factory.LazyFunction(lambda: in_days(-60))


class ScoreFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Score

    assessment = factory.SubFactory(AssessmentFactory)
    area = factory.SubFactory(CapacityAreaFactory, framework=factory.SelfAttribute("..assessment.framework"))
    score = 2
    evidence = "Synthetic evidence."


class PlanFactory(factory.django.DjangoModelFactory):
    """An adopted two-year plan of a municipality, not shared publicly."""

    class Meta:
        model = Plan

    municipality = factory.SubFactory(MunicipalityFactory)
    title_en = factory.Sequence(lambda n: f"Synthetic action plan {n}")
    status = PlanStatus.ADOPTED
    starts_on = factory.LazyFunction(lambda: in_days(-180))
    ends_on = factory.LazyFunction(lambda: in_days(550))


class GoalFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Goal

    plan = factory.SubFactory(PlanFactory)
    text_en = factory.Sequence(lambda n: f"Synthetic goal {n}")


class ActionFactory(factory.django.DjangoModelFactory):
    """An action due in a month, owned by a municipal department."""

    class Meta:
        model = Action
        skip_postgeneration_save = True

    plan = factory.SubFactory(PlanFactory)
    title_en = factory.Sequence(lambda n: f"Synthetic action {n}")
    owner_department = "Synthetic department"
    due_on = factory.LazyFunction(lambda: in_days(30))


class IndicatorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Indicator

    action = factory.SubFactory(ActionFactory)
    name_en = "Synthetic indicator"
    unit = "people"
    baseline = 0
    target = 100


class ProgressUpdateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProgressUpdate

    action = factory.SubFactory(ActionFactory)
    status = "in_progress"
    percent = 40
    evidence = "Synthetic evidence of progress."
    reported_on = factory.LazyFunction(timezone.localdate)

"""The report figures on a small story: two cities at a workshop on risk assessment, one organisation's
expert, a person on the waiting list (never counted), and questionnaires answered before and after."""

import pytest

from citynet.core.testing import assert_queries_do_not_grow
from citynet.events.models import Participation, ParticipationStatus
from citynet.events.selectors import reports
from citynet.events.tests import factories as events
from citynet.network.tests.factories import (
    CountryFactory,
    MunicipalityFactory,
    OrganisationFactory,
    RegionFactory,
    TopicFactory,
)

pytestmark = pytest.mark.django_db


def with_topics(event, *topics):
    event.topics.set(topics)
    event.save()  # a ParentalManyToManyField is written with its event
    return event


@pytest.fixture
def story():
    region = RegionFactory(slug="here")
    albania = CountryFactory(code="AL", region=region)
    montenegro = CountryFactory(code="ME", region=region)
    durres = MunicipalityFactory(name_en="Synthetic Durrës", country=albania)
    kotor = MunicipalityFactory(name_en="Synthetic Kotor", country=montenegro)
    risk = TopicFactory(slug="risk-assessment", name_en="Risk assessment")
    youth = TopicFactory(slug="youth-engagement", name_en="Youth engagement")
    workshop = with_topics(events.EventFactory(region=region), risk)
    training = with_topics(events.EventFactory(region=region), risk, youth)
    mayor = events.ParticipationFactory(event=workshop, municipality=durres, role="mayor", gender="man")
    official = events.ParticipationFactory(event=workshop, municipality=durres, role="official", gender="woman")
    kotor_official = events.ParticipationFactory(event=workshop, municipality=kotor, role="official", gender="woman")
    expert = events.ParticipationFactory(
        event=workshop, organisation=OrganisationFactory(country="ME"), role="expert", gender=""
    )
    events.ParticipationFactory(event=workshop, municipality=kotor, status=ParticipationStatus.WAITING)
    events.ParticipationFactory(event=training, municipality=kotor, role="practitioner")
    events.AttendanceFactory(participation=mayor)
    events.AttendanceFactory(participation=official)
    # Knowledge of risk assessment: the mayor 2 → 4, the official 3 → 4; Kotor's official answered only before.
    answer = events.QuestionnaireResponseFactory
    answer(participation=mayor, phase="before", knowledge={str(risk.pk): 2})
    answer(participation=mayor, phase="after", knowledge={str(risk.pk): 4}, satisfaction=5)
    answer(participation=official, phase="before", knowledge={str(risk.pk): 3})
    answer(participation=official, phase="after", knowledge={str(risk.pk): 4}, satisfaction=4)
    answer(participation=kotor_official, phase="before", knowledge={str(risk.pk): 1})
    return locals()


def rows(table):
    return {row["key"]: (row["count"], row["attended"]) for row in table}


def test_participants_are_counted_by_country_city_gender_and_role(story):
    figures = reports.participant_breakdown(Participation.objects.filter(event=story["workshop"]))

    assert figures["total"] == 4  # the waiting list is not counted
    assert figures["attended"] == 2
    assert rows(figures["by_country"]) == {"AL": (2, 2), "ME": (2, 0)}
    assert rows(figures["by_municipality"]) == {story["durres"].pk: (2, 2), story["kotor"].pk: (1, 0), "": (1, 0)}
    assert rows(figures["by_gender"]) == {"man": (1, 1), "woman": (2, 1), "": (1, 0)}
    assert rows(figures["by_role"]) == {"mayor": (1, 1), "official": (2, 1), "expert": (1, 0)}
    labels = {row["key"]: row["label"] for row in figures["by_country"]}
    assert labels["AL"] == "Albania"


def test_cities_reached_per_topic_are_distinct_municipalities(story):
    cities = {row["topic"]: row["cities"] for row in reports.cities_per_topic([story["workshop"], story["training"]])}

    # Risk assessment: Durrës and Kotor (Kotor at both events counts once); youth: Kotor.
    assert cities == {"risk-assessment": 2, "youth-engagement": 1}


def test_knowledge_change_is_read_from_people_who_answered_both(story):
    table = {row["topic"]: row for row in reports.knowledge_change([story["workshop"]])}
    risk = table["risk-assessment"]

    assert risk["responses"] == 5
    assert risk["paired"] == 2
    assert risk["before"] == 2.0  # (2 + 3 + 1) / 3
    assert risk["after"] == 4.0
    # Paired: (+2, +1) → 1.5; the difference of the averages would say 2.0.
    assert risk["change"] == 1.5
    assert table["all"]["paired"] == 2


def test_satisfaction_is_the_after_answers_average(story):
    result = reports.satisfaction([story["workshop"]])

    assert result["responses"] == 2
    assert result["average"] == 4.5
    assert {row["key"]: row["count"] for row in result["distribution"]}[5] == 1


def test_questionnaires_by_event(story):
    (row,) = reports.questionnaires_by_event([story["workshop"], story["training"]])

    assert row["event"] == story["workshop"]
    assert row["change"] == 1.5
    assert row["satisfaction"] == 4.5


def test_reports_keep_their_query_budget(story):
    workshop = story["workshop"]
    topic = story["risk"]

    def grow(n):
        for _ in range(n):
            city = MunicipalityFactory(country=story["albania"])
            person = events.ParticipationFactory(event=workshop, municipality=city, role="official")
            events.AttendanceFactory(participation=person)
            events.QuestionnaireResponseFactory(participation=person, knowledge={str(topic.pk): 3})

    def everything():
        reports.participant_breakdown(Participation.objects.filter(event=workshop))
        reports.cities_per_topic([workshop])
        reports.knowledge_change([workshop])
        reports.satisfaction([workshop])
        reports.questionnaires_by_event([workshop])

    assert_queries_do_not_grow(everything, grow, sizes=(2, 12))


def test_no_shows_are_confirmed_people_never_checked_in_once_attendance_was_taken():
    taken = events.past_event()
    came = events.ParticipationFactory(event=taken)
    events.AttendanceFactory(participation=came, day=taken.starts_on)
    events.ParticipationFactory(event=taken)  # confirmed, never checked in: a no-show
    events.ParticipationFactory(event=taken, status=ParticipationStatus.CANCELLED)
    untaken = events.past_event()  # nobody checked in at all: no figure about who came
    events.ParticipationFactory(event=untaken)
    upcoming = events.EventFactory()
    events.ParticipationFactory(event=upcoming)

    assert reports.turnout(Participation.objects.all()) == {"cancelled": 1, "no_shows": 1}

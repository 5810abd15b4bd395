"""The before/after questionnaires: open when they should be, one answer per phase that the participant may
change, every topic scored 1–5, messages at the field."""

import datetime

import pytest
from django.urls import reverse

from citynet.accounts.tests import factories as people
from citynet.core.exceptions import InvalidInput, InvalidTransition, NotPermitted
from citynet.core.testing import sign_in
from citynet.events.models import ParticipationStatus, QuestionnaireResponse
from citynet.events.services import questionnaires
from citynet.events.tests import factories as events
from citynet.network.tests.factories import TopicFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def topics():
    return [TopicFactory(), TopicFactory()]


def url(participation, phase):
    return reverse("events:questionnaire", args=[participation.event.slug, participation.pk, phase])


def scores(topics, *values):
    return {f"topic_{t.pk}": v for t, v in zip(topics, values, strict=True)}


def test_before_opens_until_the_first_day_and_after_from_the_last(topics):
    event = events.EventFactory(topics=topics)
    participation = events.participant_with_account(event)
    first, last = event.starts_on, event.ends_on
    assert questionnaires.is_open(participation, "before", first)
    assert not questionnaires.is_open(participation, "before", first + datetime.timedelta(days=1))
    assert not questionnaires.is_open(participation, "after", last - datetime.timedelta(days=1))
    assert questionnaires.is_open(participation, "after", last)
    assert not questionnaires.is_open(participation, "after", last + datetime.timedelta(days=365))


def test_only_a_confirmed_participant_answers(topics):
    event = events.EventFactory(topics=topics)
    waiting = events.participant_with_account(event, status=ParticipationStatus.WAITING, confirmed_at=None)
    assert questionnaires.open_phases(waiting) == []


def test_one_answer_per_phase_and_it_can_be_changed(client, topics):
    participation = events.participant_with_account(events.EventFactory(topics=topics))
    sign_in(client, participation.user)
    assert client.get(url(participation, "before")).status_code == 200
    assert client.post(url(participation, "before"), scores(topics, 2, 3)).status_code == 302
    assert client.post(url(participation, "before"), scores(topics, 3, 3)).status_code == 302
    response = QuestionnaireResponse.objects.get(participation=participation)
    assert response.knowledge == {str(topics[0].pk): 3, str(topics[1].pk): 3}
    page = client.get(url(participation, "before"))
    assert page.context["form"].initial[f"topic_{topics[0].pk}"] == 3


def test_a_missing_or_wrong_score_is_shown_at_its_topic(client, topics):
    participation = events.participant_with_account(events.EventFactory(topics=topics))
    sign_in(client, participation.user)
    response = client.post(url(participation, "before"), {f"topic_{topics[0].pk}": "7"})
    assert response.status_code == 422
    errors = response.context["form"].errors
    assert f"topic_{topics[0].pk}" in errors and f"topic_{topics[1].pk}" in errors
    assert not QuestionnaireResponse.objects.exists()


def test_after_asks_satisfaction_at_its_field(client, topics):
    participation = events.participant_with_account(events.past_event(topics=topics))
    sign_in(client, participation.user)
    response = client.post(url(participation, "after"), scores(topics, 4, 5))
    assert response.status_code == 422 and response.context["form"].errors["satisfaction"]
    ok = client.post(url(participation, "after"), {**scores(topics, 4, 5), "satisfaction": "5", "comment": " Good "})
    assert ok.status_code == 302
    answer = QuestionnaireResponse.objects.get(participation=participation, phase="after")
    assert answer.satisfaction == 5 and answer.comment == "Good"


def test_a_closed_questionnaire_takes_no_answer(client, topics):
    participation = events.participant_with_account(events.EventFactory(topics=topics))
    sign_in(client, participation.user)
    page = client.get(url(participation, "after"))
    assert page.status_code == 200 and page.context["is_open"] is False
    assert client.post(url(participation, "after"), scores(topics, 1, 1)).status_code == 302
    assert not QuestionnaireResponse.objects.exists()


def test_the_service_refuses_others_and_incomplete_answers(topics):
    participation = events.participant_with_account(events.EventFactory(topics=topics))
    with pytest.raises(NotPermitted):
        questionnaires.save_response(
            actor=people.UserFactory(), participation=participation, phase="before", values={"knowledge": {}}
        )
    with pytest.raises(InvalidInput) as refused:
        questionnaires.save_response(
            actor=participation.user,
            participation=participation,
            phase="before",
            values={"knowledge": {str(topics[0].pk): 2}},
        )
    assert "knowledge" in refused.value.errors
    with pytest.raises(InvalidTransition):
        questionnaires.save_response(
            actor=participation.user, participation=participation, phase="after", values={"knowledge": {}}
        )


@pytest.mark.parametrize("who", ["staff", "focal point", "another user"])
def test_nobody_else_answers(client, topics, who):
    from citynet.accounts.models import Role
    from citynet.core.testing import staff
    from citynet.network.tests.factories import member_municipality

    city = member_municipality()
    participation = events.participant_with_account(events.EventFactory(topics=topics), municipality=city)
    user = {
        "staff": lambda: staff(Role.SECRETARIAT),
        "focal point": lambda: people.focal_point(city),
        "another user": people.UserFactory,
    }[who]()
    sign_in(client, user)
    assert client.get(url(participation, "before")).status_code == 404
    assert client.post(url(participation, "before"), scores(topics, 1, 1)).status_code == 404

"""Event records. Everything these make is plainly synthetic ("Synthetic event 3", "Synthetic participant 7")."""

import datetime

import factory
from django.utils import timezone

from citynet.accounts.tests.factories import UserFactory
from citynet.events.models import (
    Attendance,
    Commitment,
    Event,
    EventKind,
    EventStatus,
    Invitation,
    Participation,
    ParticipationStatus,
    QuestionnaireResponse,
    RegistrationMode,
    Session,
    SessionKind,
    Speaker,
)
from citynet.network.tests.factories import RegionFactory


def in_days(days: int) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=days)


class EventFactory(factory.django.DjangoModelFactory):
    """A published two-day training a month from now, open for registration, with 20 seats."""

    class Meta:
        model = Event
        skip_postgeneration_save = True

    region = factory.SubFactory(RegionFactory)
    slug = factory.Sequence(lambda n: f"synthetic-event-{n}")
    kind = EventKind.TRAINING
    status = EventStatus.PUBLISHED
    title_en = factory.Sequence(lambda n: f"Synthetic event {n}")
    summary_en = "A synthetic event for tests."
    venue_en = "Synthetic venue"
    time_zone = "Europe/Tirane"
    starts_on = factory.LazyFunction(lambda: in_days(30))
    ends_on = factory.LazyFunction(lambda: in_days(31))
    registration_mode = RegistrationMode.OPEN
    capacity = 20

    @factory.post_generation
    def topics(self, create, extracted, **kwargs):
        if create and extracted:
            self.topics.set(extracted)
            self.save()  # a ParentalManyToManyField is written to the database on save


def past_event(**kwargs) -> Event:
    """A published event that took place two months ago (registration closed with it)."""
    return EventFactory(starts_on=in_days(-61), ends_on=in_days(-60), **kwargs)


class SessionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Session

    event = factory.SubFactory(EventFactory)
    title_en = factory.Sequence(lambda n: f"Synthetic session {n}")
    kind = SessionKind.PLENARY
    starts_at = factory.LazyAttribute(
        lambda o: datetime.datetime.combine(o.event.starts_on, datetime.time(9, 0), tzinfo=o.event.zone)
    )
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + datetime.timedelta(hours=1, minutes=30))


class SpeakerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Speaker

    event = factory.SubFactory(EventFactory)
    guest_name = factory.Sequence(lambda n: f"Synthetic speaker {n}")
    affiliation = "Synthetic institute"
    listed_publicly = True


class InvitationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Invitation

    event = factory.SubFactory(EventFactory)


class ParticipationFactory(factory.django.DjangoModelFactory):
    """A confirmed participant (no account: a delegate registered by their city)."""

    class Meta:
        model = Participation

    event = factory.SubFactory(EventFactory)
    name = factory.Sequence(lambda n: f"Synthetic participant {n}")
    email = factory.Sequence(lambda n: f"participant{n}@example.test")
    status = ParticipationStatus.CONFIRMED
    confirmed_at = factory.LazyFunction(timezone.now)


def participant_with_account(event, **kwargs) -> Participation:
    """A participant who registered themselves: their account and their participation."""
    user = kwargs.pop("user", None) or UserFactory()
    return ParticipationFactory(event=event, user=user, email=user.email, name=str(user), **kwargs)


class AttendanceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Attendance

    participation = factory.SubFactory(ParticipationFactory)
    day = factory.LazyAttribute(lambda o: o.participation.event.starts_on)


class CommitmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Commitment

    event = factory.SubFactory(EventFactory)
    text = "Synthetic commitment: draft a local action plan."


class QuestionnaireResponseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = QuestionnaireResponse

    participation = factory.SubFactory(ParticipationFactory)
    phase = "before"
    knowledge = factory.LazyFunction(dict)

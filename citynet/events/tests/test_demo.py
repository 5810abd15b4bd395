"""The events' demo content: the seed's topics, trainings and workshop exactly as it states them, and one
upcoming event plainly marked demo that a newcomer can register for."""

import datetime

import pytest
from django.utils import timezone
from wagtail.models import ModelLogEntry

from citynet.accounts.tests.factories import UserFactory
from citynet.core.actors import SYSTEM
from citynet.events.demo import demo_event_dates, load_events
from citynet.events.models import Event, EventKind, EventStatus, Participation, RegistrationMode, Session
from citynet.events.services import participation as participation_services
from citynet.network.models import DatePrecision, Topic

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(western_balkans_registry):
    return load_events(western_balkans_registry, actor=SYSTEM)


def test_the_five_training_topics_are_the_seeds_in_english_and_arabic(demo):
    assert list(Topic.objects.values_list("name_en", "name_ar")) == [
        ("Risk assessment", "تقييم المخاطر"),
        ("Local action plans", "خطط العمل المحلية"),
        ("Youth engagement strategies", "إستراتيجيات إشراك الشباب"),
        ("Local referral mechanisms", "آليات الإحالة المحلية"),
        ("Working with former violent extremists", "العمل مع المتطرفين العنيفين السابقين"),
    ]


def test_the_three_2017_trainings_are_known_to_the_year_only_with_no_invented_details(demo):
    trainings = {str(e.country): e for e in Event.objects.filter(kind=EventKind.TRAINING, is_demo=False)}
    assert set(trainings) == {"XK", "AL", "ME"}
    for event in trainings.values():
        assert event.date_precision == DatePrecision.YEAR
        assert event.starts_on == event.ends_on == datetime.date(2017, 1, 1)
        assert event.host_municipality is None and event.venue == ""
        assert event.topics.count() == 5
        assert {o.slug for o in event.organisers.all()} == {"isd", "icma"}
        assert not event.sessions.exists() and not event.participations.exists()
        assert event.status == EventStatus.PUBLISHED
    assert trainings["XK"].title_en == "Training meeting, Kosovo (2017)"


def test_the_durres_workshop_is_as_the_seed_states_it(demo):
    workshop = demo["workshop"]
    assert workshop.kind == EventKind.WORKSHOP and workshop.status == EventStatus.PUBLISHED
    assert (workshop.starts_on, workshop.ends_on) == (datetime.date(2017, 9, 12), datetime.date(2017, 9, 13))
    assert workshop.date_precision == DatePrecision.DAY and str(workshop.country) == "AL"
    assert "Durrës" in workshop.title_en
    assert {o.slug for o in workshop.organisers.all()} == {"isd", "icma"}
    assert workshop.reported_countries == 6 and workshop.reported_source.startswith("Strong Cities Network")
    assert workshop.reported_participants is None and workshop.reported_cities is None
    assert workshop.takeaways == ""
    # No session times, speakers or participants are stated: none are invented.
    assert not workshop.sessions.exists() and not workshop.speakers.exists()
    assert not Participation.objects.filter(event__is_demo=False).exists()
    assert "opening sessions" in workshop.description_en


def test_no_international_summit_is_invented(demo):
    assert not Event.objects.filter(kind=EventKind.SUMMIT).exists()


def test_the_demo_event_is_plainly_marked_upcoming_and_open(demo):
    event = demo["demo"]
    assert event.is_demo and event.title_en.startswith("Demo: ") and event.title_ar.startswith("تجريبي: ")
    assert event.registration_mode == RegistrationMode.OPEN and event.capacity == 12
    assert (event.starts_on, event.ends_on) == demo_event_dates(timezone.localdate())
    assert event.registration_is_open()
    assert event.host_municipality.name_en == "Peja"
    sessions = list(event.sessions.all())
    assert len(sessions) == 3 and all(s.title_en.startswith("Demo: ") for s in sessions)
    first = sessions[0].starts_at.astimezone(event.zone)
    assert (first.date(), first.hour, first.minute) == (event.starts_on, 9, 30)


def test_a_newcomer_can_register_for_the_demo_event(demo):
    newcomer = UserFactory()
    participation = participation_services.register(
        actor=newcomer, event=demo["demo"], values={"name": "Synthetic newcomer", "email": "newcomer@example.test"}
    )
    assert participation.holds_seat


def test_loading_twice_changes_nothing(demo, western_balkans_registry):
    counts = (Event.objects.count(), Topic.objects.count(), Session.objects.count(), ModelLogEntry.objects.count())
    again = load_events(western_balkans_registry, actor=SYSTEM)
    assert again["demo"].pk == demo["demo"].pk
    assert (Event.objects.count(), Topic.objects.count(), Session.objects.count(), ModelLogEntry.objects.count()) == (
        counts
    )


def test_the_demo_event_moves_six_weeks_ahead_when_loaded_again_after_it_began(demo, western_balkans_registry):
    Event.objects.filter(pk=demo["demo"].pk).update(
        starts_on=datetime.date(2020, 1, 1), ends_on=datetime.date(2020, 1, 2)
    )
    moved = load_events(western_balkans_registry, actor=SYSTEM)["demo"]
    assert (moved.starts_on, moved.ends_on) == demo_event_dates(timezone.localdate())
    assert moved.sessions.count() == 3
    assert moved.sessions.first().starts_at.astimezone(moved.zone).date() == moved.starts_on


def test_the_demo_command_loads_the_events(db):
    from django.core.management import call_command

    call_command("load_demo", "--no-gazetteer")
    assert Event.objects.filter(is_demo=True).count() == 1
    assert Event.objects.filter(slug="regional-practitioner-workshop-durres-2017").exists()

"""An event's counted figures follow every change of its participations and attendance, in the same
transaction, and a recount of everything finds the same numbers."""

import io

import pytest
from django.core.management import call_command

from citynet.events.models import EventFigures, ParticipationStatus
from citynet.events.selectors.figures import figures_for
from citynet.events.services import figures as services
from citynet.events.tests import factories as events
from citynet.network.tests.factories import CountryFactory, MunicipalityFactory

pytestmark = pytest.mark.django_db


def counted(event) -> tuple:
    row = EventFigures.objects.get(event=event)
    return row.participants, row.attended, row.cities, row.countries


def test_confirmations_cancellations_and_check_ins_move_the_figures():
    event = events.EventFactory()
    albania, montenegro = CountryFactory(code="AL"), CountryFactory(code="ME")
    durres = MunicipalityFactory(country=albania)
    tirana = MunicipalityFactory(country=albania)
    bar = MunicipalityFactory(country=montenegro)
    first = events.ParticipationFactory(event=event, municipality=durres)
    events.ParticipationFactory(event=event, municipality=tirana)
    assert counted(event) == (2, 0, 2, 1)

    events.ParticipationFactory(event=event, municipality=bar, status=ParticipationStatus.WAITING)
    assert counted(event) == (2, 0, 2, 1)  # the waiting list is not counted

    attendance = events.AttendanceFactory(participation=first)
    assert counted(event) == (2, 1, 2, 1)
    attendance.delete()
    assert counted(event) == (2, 0, 2, 1)

    first.status = ParticipationStatus.CANCELLED
    first.save()
    assert counted(event) == (1, 0, 1, 1)


def test_the_public_figures_read_the_counts():
    event = events.past_event(reported_participants=40)
    assert figures_for([event])[event.pk].reported  # nothing counted: the sources' figure
    events.ParticipationFactory(event=event, municipality=MunicipalityFactory())
    figures = figures_for([event])[event.pk]
    assert (figures.participants, figures.cities, figures.reported) == (1, 1, False)


def test_an_event_with_participants_can_be_deleted():
    event = events.EventFactory()
    events.AttendanceFactory(participation=events.ParticipationFactory(event=event))
    event.delete()
    assert not EventFigures.objects.exists()


def test_a_recount_of_everything_repairs_figures_changed_around_the_models():
    event, quiet = events.EventFactory(), events.EventFactory()
    events.ParticipationFactory(event=event, municipality=MunicipalityFactory())
    EventFigures.objects.filter(event=event).update(participants=99, cities=0)  # as if changed in bulk
    EventFigures.objects.create(event=quiet, participants=5)
    assert services.recount_all() == 2
    assert counted(event) == (1, 0, 1, 1)
    assert counted(quiet) == (0, 0, 0, 0)


def test_housekeeping_recounts():
    event = events.EventFactory()
    events.ParticipationFactory(event=event)
    EventFigures.objects.filter(event=event).update(participants=7)
    out = io.StringIO()
    call_command("event_housekeeping", "--no-reminders", stdout=out)
    assert "The figures of 1 event(s) recounted." in out.getvalue()
    assert counted(event)[0] == 1

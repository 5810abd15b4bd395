"""The staff's services: an event saved with its programme, times on the event's clock, publishing and
cancelling, invitations and check-in."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from citynet.accounts.tests.factories import coordinator, secretariat
from citynet.core.exceptions import InvalidInput, InvalidTransition, NotPermitted
from citynet.events.models import (
    Attendance,
    Event,
    EventDocument,
    EventStatus,
    Invitation,
    ParticipationStatus,
    Session,
    Speaker,
)
from citynet.events.services import events as event_services
from citynet.events.services import staff as staff_services
from citynet.events.tests import factories as events
from citynet.network.tests.factories import CountryFactory, MunicipalityFactory, RegionFactory, TopicFactory

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n%synthetic\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def region():
    region = RegionFactory(slug="here")
    CountryFactory(code="AL", region=region)
    return region


@pytest.fixture
def staff(region):
    return coordinator(region)


def event_values(region, **overrides):
    return {
        "region": region,
        "slug": "synthetic-workshop",
        "kind": "workshop",
        "title_en": "Synthetic regional workshop",
        "time_zone": "Europe/Tirane",
        "starts_on": datetime.date(2026, 3, 28),
        "ends_on": datetime.date(2026, 3, 29),
        "registration_mode": "open",
        "capacity": 2,
        **overrides,
    }


def test_save_event_writes_the_programme_speakers_documents_and_commitments(region, staff):
    topic = TopicFactory()
    city = MunicipalityFactory(country=region.countries.get())
    event = event_services.save_event(
        actor=staff,
        values={**event_values(region), "topics": [topic]},
        sessions=[
            {
                "title_en": "Opening",
                "kind": "opening",
                "starts_at": datetime.datetime(2026, 3, 28, 9, 0),
                "ends_at": datetime.datetime(2026, 3, 28, 10, 0),
            }
        ],
        speakers=[{"guest_name": "Synthetic guest", "session_index": 0, "listed_publicly": True}],
        documents=[
            {"title_en": "Agenda", "kind": "agenda", "file": SimpleUploadedFile("agenda.pdf", PDF), "is_public": True}
        ],
        commitments=[{"municipality": city, "text": "Synthetic local action plan"}],
    )

    assert list(event.topics.all()) == [topic]
    session = Session.objects.get(event=event)
    assert Speaker.objects.get(event=event).session == session
    assert EventDocument.objects.get(event=event).file.name.endswith(".pdf")
    assert event.commitments.get().municipality == city
    # Editing keeps a session by its id and drops the rest.
    event = event_services.save_event(
        actor=staff,
        instance=event,
        values={"title_en": "Synthetic regional workshop, renamed"},
        expected_version=event.version,
        sessions=[{"id": session.pk, "title_en": "Opening, renamed"}],
        speakers=[],
    )
    assert Session.objects.get(event=event).pk == session.pk
    assert not Speaker.objects.filter(event=event).exists()
    assert EventDocument.objects.filter(event=event).count() == 1  # documents not given: untouched


def test_session_times_are_typed_on_the_events_clock_across_a_dst_change(region, staff):
    # Tirana moves its clocks forward on 29 March 2026: 09:00 is 08:00 UTC the day before, 07:00 after.
    event = event_services.save_event(
        actor=staff,
        values=event_values(region),
        sessions=[
            {
                "title_en": "Day one",
                "starts_at": datetime.datetime(2026, 3, 28, 9, 0),
                "ends_at": datetime.datetime(2026, 3, 28, 10, 0),
            },
            {
                "title_en": "Day two",
                "starts_at": datetime.datetime(2026, 3, 29, 9, 0),
                "ends_at": datetime.datetime(2026, 3, 29, 10, 0),
            },
        ],
    )
    one, two = Session.objects.filter(event=event).order_by("starts_at")
    assert one.starts_at == datetime.datetime(2026, 3, 28, 8, 0, tzinfo=datetime.UTC)
    assert two.starts_at == datetime.datetime(2026, 3, 29, 7, 0, tzinfo=datetime.UTC)


def test_a_session_time_the_clocks_skip_is_refused_at_its_field(region, staff):
    with pytest.raises(InvalidInput) as refused:
        event_services.save_event(
            actor=staff,
            values=event_values(region),
            sessions=[
                {
                    "title_en": "Skipped",
                    "starts_at": datetime.datetime(2026, 3, 29, 2, 30),
                    "ends_at": datetime.datetime(2026, 3, 29, 4, 0),
                }
            ],
        )
    assert "sessions-0-starts_at" in refused.value.errors
    assert not Event.objects.exists()  # nothing half-saved


def test_a_speaker_cannot_sit_in_another_events_session(region, staff):
    elsewhere = events.SessionFactory()
    with pytest.raises(InvalidInput) as refused:
        event_services.save_event(
            actor=staff, values=event_values(region), speakers=[{"guest_name": "Guest", "session": elsewhere}]
        )
    assert "speakers-0-session" in refused.value.errors


def test_a_document_that_is_not_what_it_says_is_refused(region, staff):
    with pytest.raises(InvalidInput) as refused:
        event_services.save_event(
            actor=staff,
            values=event_values(region),
            documents=[{"title_en": "Report", "file": SimpleUploadedFile("report.pdf", b"<html>not a pdf</html>")}],
        )
    assert "documents-0-file" in refused.value.errors


def test_another_regions_coordinator_cannot_save_the_event(region):
    with pytest.raises(NotPermitted):
        event_services.save_event(actor=coordinator(RegionFactory()), values=event_values(region))


def test_more_seats_promote_the_waiting_list_at_once(region, staff, django_capture_on_commit_callbacks):
    event = events.EventFactory(region=region, capacity=1)
    events.ParticipationFactory(event=event)
    waiting = events.ParticipationFactory(event=event, status=ParticipationStatus.WAITING, confirmed_at=None)

    with django_capture_on_commit_callbacks(execute=False):
        event_services.save_event(actor=staff, instance=event, values={"capacity": 2}, expected_version=event.version)

    waiting.refresh_from_db()
    assert waiting.status in {ParticipationStatus.CONFIRMED, ParticipationStatus.OFFERED}


def test_publish_then_cancel_tells_every_live_participant(
    region, staff, mailoutbox, django_capture_on_commit_callbacks
):
    event = events.EventFactory(region=region, status=EventStatus.DRAFT)
    event_services.publish_event(actor=staff, event=event)
    event.refresh_from_db()
    assert event.status == EventStatus.PUBLISHED
    events.ParticipationFactory(event=event, email="one@example.test")
    events.ParticipationFactory(event=event, email="two@example.test", status=ParticipationStatus.WAITING)
    events.ParticipationFactory(event=event, email="gone@example.test", status=ParticipationStatus.CANCELLED)

    with django_capture_on_commit_callbacks(execute=True):
        event_services.cancel_event(actor=staff, event=event)
    with django_capture_on_commit_callbacks(execute=True):
        event_services.cancel_event(actor=staff, event=event)  # twice: nobody told twice

    event.refresh_from_db()
    assert event.status == EventStatus.CANCELLED
    assert sorted(m.to[0] for m in mailoutbox) == ["one@example.test", "two@example.test"]
    assert all(m.subject.endswith(": Cancelled") and "This event was cancelled." in m.body for m in mailoutbox)
    with pytest.raises(InvalidTransition):
        event_services.publish_event(actor=staff, event=event)


def test_invitations_are_idempotent_and_a_persons_is_mailed_once(
    region, staff, mailoutbox, django_capture_on_commit_callbacks
):
    event = events.EventFactory(region=region, registration_mode="invitation")
    city = MunicipalityFactory(country=region.countries.get())
    first = staff_services.invite_city(actor=staff, event=event, municipality=city)
    assert staff_services.invite_city(actor=staff, event=event, municipality=city) == first
    with django_capture_on_commit_callbacks(execute=True):
        person = staff_services.invite_person(actor=staff, event=event, email="Guest@Example.test")
    with django_capture_on_commit_callbacks(execute=True):
        again = staff_services.invite_person(actor=staff, event=event, email="guest@example.test")

    assert again == person
    assert len(mailoutbox) == 1
    assert person.token in mailoutbox[0].body
    staff_services.revoke_invitation(actor=staff, invitation=first)
    first.refresh_from_db()
    assert not first.is_live
    # A new link for the city once the old one is revoked.
    assert staff_services.invite_city(actor=staff, event=event, municipality=city) != first
    assert Invitation.objects.filter(event=event).count() == 3


def test_invitations_are_refused_outside_the_staffs_region(region):
    event = events.EventFactory(region=region)
    with pytest.raises(NotPermitted):
        staff_services.invite_person(actor=coordinator(RegionFactory()), event=event, email="a@example.test")


def test_check_in_is_idempotent_and_can_be_undone(region, staff):
    event = events.EventFactory(region=region)
    participant = events.ParticipationFactory(event=event)
    day = event.days()[0]

    staff_services.check_in(actor=staff, participation=participant, day=day)
    staff_services.check_in(actor=staff, participation=participant, day=day)
    assert Attendance.objects.filter(participation=participant).count() == 1

    staff_services.undo_check_in(actor=staff, participation=participant, day=day)
    staff_services.undo_check_in(actor=staff, participation=participant, day=day)
    assert not Attendance.objects.exists()


def test_check_in_refuses_another_day_the_unconfirmed_and_other_regions(region, staff):
    event = events.EventFactory(region=region)
    participant = events.ParticipationFactory(event=event)
    with pytest.raises(InvalidInput):
        staff_services.check_in(actor=staff, participation=participant, day=event.starts_on - datetime.timedelta(1))
    waiting = events.ParticipationFactory(event=event, status=ParticipationStatus.WAITING)
    with pytest.raises(InvalidTransition):
        staff_services.check_in(actor=staff, participation=waiting, day=event.starts_on)
    with pytest.raises(NotPermitted):
        staff_services.check_in(actor=coordinator(RegionFactory()), participation=participant, day=event.starts_on)
    assert staff_services.check_in(actor=secretariat(), participation=participant, day=event.starts_on)

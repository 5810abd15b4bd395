"""The event's staff pages, as the secretariat and the region's coordinators use them: participants and
their needs (organisers only), invitations with their links, seats per city, check-in on a phone and the
sign-in sheet, reports and exports; and who is turned away."""

import pytest
from django.urls import reverse
from wagtail.models import ModelLogEntry

from citynet.accounts.models import Role
from citynet.accounts.tests.factories import UserFactory, focal_point
from citynet.core.testing import assert_queries_do_not_grow, sign_in, staff
from citynet.events.models import Attendance, Invitation, ParticipationStatus
from citynet.events.tests import factories as events
from citynet.network.tests.factories import CountryFactory, MunicipalityFactory, RegionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def region():
    region = RegionFactory(slug="here")
    CountryFactory(code="AL", region=region)
    return region


@pytest.fixture
def city(region):
    return MunicipalityFactory(name_en="Synthetic Durrës", country=region.countries.get())


@pytest.fixture
def coordinator(region):
    return staff(Role.REGIONAL_COORDINATOR, region)


@pytest.fixture
def event(region):
    return events.EventFactory(region=region, capacity=2, seats_per_city=1)


def url(name, event, *args):
    return reverse(f"events_staff:{name}", args=[event.pk, *args])


def test_participants_page_shows_needs_seats_and_quotas_to_the_organisers(client, event, city, coordinator):
    events.ParticipationFactory(event=event, municipality=city, name="Synthetic delegate", dietary_needs="Halal")
    events.ParticipationFactory(event=event, status=ParticipationStatus.WAITING, name="Synthetic waiting")
    sign_in(client, coordinator)

    text = client.get(url("participants", event)).text

    assert "Synthetic delegate" in text and "Halal" in text
    assert "Synthetic waiting" in text
    assert "1 / 2" in text  # seats taken of the capacity
    assert "Synthetic Durrës" in text


def test_status_filter_narrows_the_list(client, event, coordinator):
    events.ParticipationFactory(event=event, name="Synthetic confirmed")
    events.ParticipationFactory(event=event, status=ParticipationStatus.CANCELLED, name="Synthetic cancelled")
    sign_in(client, coordinator)

    text = client.get(url("participants", event) + "?status=cancelled").text

    assert "Synthetic cancelled" in text and "Synthetic confirmed" not in text


def test_cancelling_a_participant_promotes_the_next_person(client, region, coordinator):
    event = events.EventFactory(region=region, capacity=1)
    seated = events.ParticipationFactory(event=event)
    waiting = events.ParticipationFactory(event=event, status=ParticipationStatus.WAITING, confirmed_at=None)
    sign_in(client, coordinator)

    response = client.post(url("participant-action", event, seated.pk, "cancel"))

    assert response.status_code == 302
    waiting.refresh_from_db()
    assert waiting.status == ParticipationStatus.CONFIRMED


def test_staff_add_a_participant_and_a_second_submit_is_refused_at_the_email(client, event, city, coordinator):
    sign_in(client, coordinator)
    data = {"name": "Synthetic expert", "email": "expert@example.test", "language": "en", "role": "expert"}

    assert client.post(url("add-participant", event), data).status_code == 302
    again = client.post(url("add-participant", event), data)

    assert again.status_code == 422
    assert "Already registered" in again.text
    assert event.participations.count() == 1


def test_a_city_invitation_link_is_shown_to_copy(client, event, city, coordinator):
    sign_in(client, coordinator)
    client.post(url("invite-city", event), {"municipality": city.pk})
    invitation = Invitation.objects.get(event=event, municipality=city)

    text = client.get(url("participants", event)).text

    assert f"/events/{event.slug}/invitation/{invitation.token}/" in text


def test_a_city_of_another_region_cannot_be_invited(client, event, coordinator):
    far = MunicipalityFactory(country=CountryFactory(code="RS", region=RegionFactory()))
    sign_in(client, coordinator)
    client.post(url("invite-city", event), {"municipality": far.pk})
    assert not Invitation.objects.exists()


def test_check_in_on_a_phone_toggles_and_counts(client, event, city, coordinator):
    person = events.ParticipationFactory(event=event, municipality=city, name="Synthetic delegate")
    day = event.days()[0].isoformat()
    sign_in(client, coordinator)

    page = client.get(url("check-in", event, day))
    assert "Synthetic delegate" in page.text and 'name="viewport"' in page.text
    client.post(url("check-in-toggle", event, day, person.pk), {"present": "1"})
    client.post(url("check-in-toggle", event, day, person.pk), {"present": "1"})
    assert Attendance.objects.filter(participation=person).count() == 1
    assert "<strong>1</strong> of 1" in client.get(url("check-in", event, day)).text
    client.post(url("check-in-toggle", event, day, person.pk), {"present": "0"})
    assert not Attendance.objects.exists()


def test_the_sign_in_sheet_lists_confirmed_people_by_city(client, event, region, coordinator):
    later = MunicipalityFactory(name_en="Synthetic Zeta", country=region.countries.get())
    earlier = MunicipalityFactory(name_en="Synthetic Alpha", country=region.countries.get())
    events.ParticipationFactory(event=event, municipality=later, name="Synthetic from Zeta")
    events.ParticipationFactory(event=event, municipality=earlier, name="Synthetic from Alpha")
    events.ParticipationFactory(event=event, status=ParticipationStatus.WAITING, name="Synthetic waiting")
    sign_in(client, coordinator)

    text = client.get(url("sign-in-sheet", event, event.days()[0].isoformat())).text

    assert text.index("Synthetic from Alpha") < text.index("Synthetic from Zeta")
    assert "Synthetic waiting" not in text
    assert "@media print" in text


def test_participant_export_warns_then_logs_and_neutralises(client, event, coordinator):
    events.ParticipationFactory(event=event, name="=cmd|' /C calc'!A0")
    sign_in(client, coordinator)

    warning = client.get(url("participants-export", event, "csv"))
    assert "personal data" in warning.text
    response = client.post(url("participants-export", event, "csv"), {"confirm": "on"})

    assert response.status_code == 200
    assert "'=cmd" in response.content.decode("utf-8")
    assert ModelLogEntry.objects.filter(action="events.export").count() == 1


def test_report_export_is_counts_only_and_logged(client, event, city, coordinator):
    events.ParticipationFactory(event=event, municipality=city, name="Synthetic named person")
    sign_in(client, coordinator)

    response = client.get(url("report-export", event, "csv"))

    content = response.content.decode("utf-8")
    assert "Synthetic Durrës" in content and "Synthetic named person" not in content
    assert ModelLogEntry.objects.filter(action="events.export").count() == 1


def test_region_reports_are_the_coordinators_own_regions(client, region, event, city, coordinator):
    events.ParticipationFactory(event=event, municipality=city)
    sign_in(client, coordinator)
    assert "Synthetic Durrës" in client.get("/admin/events/reports/").text
    other = RegionFactory(slug="elsewhere")
    assert client.get(f"/admin/events/reports/?region={other.pk}").status_code == 404


def test_another_regions_coordinator_gets_404_and_outsiders_never_reach_the_admin(client, event):
    sign_in(client, staff(Role.REGIONAL_COORDINATOR, RegionFactory(slug="elsewhere")))
    assert client.get(url("participants", event)).status_code == 404
    for outsider in (UserFactory(), focal_point(MunicipalityFactory())):
        client.logout()
        sign_in(client, outsider)
        assert client.get(url("participants", event)).status_code == 302
    client.logout()
    assert client.get(url("participants", event)).status_code == 302


def test_staff_without_their_second_factor_are_sent_to_enter_it(client, event, coordinator):
    client.force_login(coordinator)
    response = client.get(url("participants", event))
    assert response.status_code == 302 and "reauthenticate" in response["Location"]


def test_cancelling_the_event_from_its_page(client, event, coordinator, mailoutbox, django_capture_on_commit_callbacks):
    events.ParticipationFactory(event=event, email="delegate@example.test")
    sign_in(client, coordinator)
    assert "1 person" in client.get(url("cancel", event)).text
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url("cancel", event))
    event.refresh_from_db()
    assert event.status == "cancelled"
    assert [m.to for m in mailoutbox] == [["delegate@example.test"]]


@pytest.mark.parametrize("name", ["participants", "check-in", "sign-in-sheet", "report"])
def test_staff_pages_keep_their_query_budget(client, event, region, coordinator, name):
    sign_in(client, coordinator)
    args = [] if name in {"participants", "report"} else [event.days()[0].isoformat()]

    def grow(n):
        for _ in range(n):
            city = MunicipalityFactory(country=region.countries.get())
            person = events.ParticipationFactory(event=event, municipality=city)
            events.AttendanceFactory(participation=person)
            events.QuestionnaireResponseFactory(participation=person, phase="after", satisfaction=4)

    assert_queries_do_not_grow(lambda: client.get(url(name, event, *args)), grow, sizes=(2, 15))


def test_region_reports_and_the_event_list_keep_their_query_budget(client, region, coordinator):
    sign_in(client, coordinator)

    def grow(n):
        for _ in range(n):
            event = events.EventFactory(region=region)
            city = MunicipalityFactory(country=region.countries.get())
            person = events.ParticipationFactory(event=event, municipality=city)
            events.AttendanceFactory(participation=person)
            events.QuestionnaireResponseFactory(participation=person, phase="after", satisfaction=5)

    assert_queries_do_not_grow(lambda: client.get("/admin/events/reports/"), grow, sizes=(2, 10))
    assert_queries_do_not_grow(lambda: client.get("/admin/events/list/"), grow, sizes=(12, 20))


def test_check_in_and_sign_in_sheet_read_right_to_left_in_arabic(client, event, city, coordinator):
    from wagtail.users.models import UserProfile

    profile = UserProfile.get_for_user(coordinator)
    profile.preferred_language = "ar"
    profile.save()
    events.ParticipationFactory(event=event, municipality=city, name="Synthetic delegate")
    sign_in(client, coordinator)
    day = event.days()[0].isoformat()

    check_in = client.get(url("check-in", event, day))
    sheet = client.get(url("sign-in-sheet", event, day))

    assert check_in.status_code == 200 and 'dir="rtl"' in check_in.text
    assert sheet.status_code == 200 and 'dir="rtl"' in sheet.text
    assert "<bdi>Synthetic delegate</bdi>" in sheet.text

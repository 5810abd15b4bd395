"""The events' admin: the event form with its programme (times on the event's clock), the list with its
seats and its logged, neutralised export; the topics of the network's taxonomy (the secretariat's)."""

import datetime

import pytest
from wagtail.models import ModelLogEntry

from citynet.accounts.models import Role
from citynet.core.testing import sign_in, staff
from citynet.events.models import Event, Session
from citynet.events.tests import factories as events
from citynet.network.models import Topic
from citynet.network.tests.factories import CountryFactory, MunicipalityFactory, RegionFactory, TopicFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def region():
    region = RegionFactory(slug="here")
    CountryFactory(code="AL", region=region)
    return region


@pytest.fixture
def coordinator(region):
    return staff(Role.REGIONAL_COORDINATOR, region)


def empty_formsets(*names):
    data = {}
    for name in names:
        data.update({f"{name}-TOTAL_FORMS": "0", f"{name}-INITIAL_FORMS": "0", f"{name}-MAX_NUM_FORMS": "1000"})
    return data


def form_data(region, **values):
    return {
        "region": region.pk,
        "slug": "synthetic-admin-workshop",
        "kind": "workshop",
        "title_en": "Synthetic admin workshop",
        "time_zone": "Europe/Tirane",
        "starts_on": "2026-03-28",
        "ends_on": "2026-03-29",
        "date_precision": "day",
        "registration_mode": "open",
        "registration_opens_at": "2026-03-01 09:00",
        "capacity": "30",
        "offer_hours": "48",
        "working_languages": "sq, mk, en",
        **empty_formsets("speakers", "documents", "commitments"),
        "sessions-TOTAL_FORMS": "1",
        "sessions-INITIAL_FORMS": "0",
        "sessions-MAX_NUM_FORMS": "1000",
        "sessions-0-title_en": "Opening",
        "sessions-0-kind": "opening",
        "sessions-0-starts_at": "2026-03-29 09:00",
        "sessions-0-ends_at": "2026-03-29 10:00",
        **values,
    }


def test_coordinator_creates_an_event_with_its_programme_on_the_events_clock(client, region, coordinator):
    topic = TopicFactory()
    sign_in(client, coordinator)
    assert client.get("/admin/events/list/new/").status_code == 200

    response = client.post("/admin/events/list/new/", form_data(region, topics=[topic.pk]))

    assert response.status_code == 302, response.context["form"].errors if response.context else response
    event = Event.objects.get(slug="synthetic-admin-workshop")
    assert list(event.topics.all()) == [topic]
    assert event.working_languages == ["sq", "mk", "en"]
    assert event.registration_opens_at == datetime.datetime(2026, 3, 1, 8, 0, tzinfo=datetime.UTC)
    # 09:00 in Tirana on the first day of summer time is 07:00 UTC.
    assert Session.objects.get(event=event).starts_at == datetime.datetime(2026, 3, 29, 7, 0, tzinfo=datetime.UTC)
    edit = client.get(f"/admin/events/list/edit/{event.pk}/")
    assert 'value="2026-03-29 09:00"' in edit.text


def test_the_form_offers_only_the_editors_regions_and_places(client, region, coordinator):
    MunicipalityFactory(name_en="Synthetic home city", country=region.countries.get())
    MunicipalityFactory(name_en="Synthetic far city", country=CountryFactory(code="RS", region=RegionFactory()))
    sign_in(client, coordinator)
    text = client.get("/admin/events/list/new/").text
    assert "Synthetic home city" in text and "Synthetic far city" not in text


def test_a_host_city_of_another_region_is_refused(client, region, coordinator):
    far = MunicipalityFactory(country=CountryFactory(code="RS", region=RegionFactory()))
    sign_in(client, coordinator)
    response = client.post("/admin/events/list/new/", form_data(region, host_municipality=far.pk))
    assert response.status_code == 200
    assert not Event.objects.exists()


def test_the_event_list_shows_seats_and_its_export_is_logged_and_neutralised(client, region, coordinator):
    event = events.EventFactory(region=region, title_en="=HYPERLINK(1)", capacity=10)
    events.ParticipationFactory.create_batch(3, event=event)
    events.EventFactory(region=RegionFactory(slug="elsewhere"), title_en="Synthetic elsewhere event")
    sign_in(client, coordinator)

    listing = client.get("/admin/events/list/")
    assert "3 / 10" in listing.text and "Synthetic elsewhere event" not in listing.text
    response = client.get("/admin/events/list/?export=csv")
    text = response.getvalue().decode("utf-8") if response.streaming else response.text
    assert "'=HYPERLINK(1)" in text and "Synthetic elsewhere event" not in text
    assert ModelLogEntry.objects.filter(action="events.export").count() == 1
    found = client.get("/admin/events/list/?q=HYPERLINK&status=published")
    assert found.status_code == 200 and "3 / 10" in found.text


def test_another_regions_event_does_not_exist_for_a_coordinator(client, region, coordinator):
    elsewhere = events.EventFactory(region=RegionFactory(slug="elsewhere"))
    sign_in(client, coordinator)
    assert client.get(f"/admin/events/list/history/{elsewhere.pk}/").status_code == 404


def test_only_the_secretariat_keeps_the_topics(client, coordinator):
    sign_in(client, coordinator)
    assert client.get("/admin/topic/").status_code == 302
    client.logout()
    sign_in(client, staff(Role.SECRETARIAT))
    response = client.post(
        "/admin/topic/new/",
        {"name_en": "Local referral mechanisms", "name_ar": "آليات الإحالة المحلية", "slug": "", "sort_order": "0"},
    )
    assert response.status_code == 302
    topic = Topic.objects.get(name_en="Local referral mechanisms")
    assert topic.slug == "local-referral-mechanisms"


def test_editing_keeps_a_stored_document_and_refuses_a_foreign_session(client, region, coordinator):
    from django.core.files.base import ContentFile

    from citynet.events.models import EventDocument

    event = events.EventFactory(region=region, slug="synthetic-admin-workshop")
    session = events.SessionFactory(event=event)
    foreign = events.SessionFactory()
    document = EventDocument.objects.create(
        event=event, title_en="Synthetic agenda", file=ContentFile(b"%PDF-1.4", "agenda.pdf")
    )
    sign_in(client, coordinator)
    page = client.get(f"/admin/events/list/edit/{event.pk}/")
    assert page.status_code == 200 and "Synthetic agenda" in page.text
    local = session.starts_at.astimezone(event.zone).strftime("%Y-%m-%d %H:%M")
    local_end = session.ends_at.astimezone(event.zone).strftime("%Y-%m-%d %H:%M")
    data = {
        **form_data(region, starts_on=event.starts_on.isoformat(), ends_on=event.ends_on.isoformat()),
        "based_on_version": event.version,
        "sessions-TOTAL_FORMS": "1",
        "sessions-INITIAL_FORMS": "1",
        "sessions-0-id": session.pk,
        "sessions-0-title_en": "Opening, renamed",
        "sessions-0-kind": "opening",
        "sessions-0-starts_at": local,
        "sessions-0-ends_at": local_end,
        "documents-TOTAL_FORMS": "1",
        "documents-INITIAL_FORMS": "1",
        "documents-0-id": document.pk,
        "documents-0-title_en": "Synthetic agenda, final",
        "documents-0-kind": "agenda",
        "documents-0-is_public": "on",
        "documents-0-sort_order": "0",
    }
    data.pop("registration_opens_at")

    response = client.post(f"/admin/events/list/edit/{event.pk}/", data)

    assert response.status_code == 302
    document.refresh_from_db()
    session.refresh_from_db()
    assert document.title_en == "Synthetic agenda, final" and document.file.name.endswith(".pdf")
    assert session.title_en == "Opening, renamed" and session.starts_at.astimezone(event.zone).hour == 9

    event.refresh_from_db()
    speaker = {
        **data,
        "based_on_version": event.version,
        "speakers-TOTAL_FORMS": "1",
        "speakers-INITIAL_FORMS": "0",
        "speakers-0-guest_name": "Synthetic guest",
        "speakers-0-session": foreign.pk,
        "speakers-0-sort_order": "0",
    }
    refused = client.post(f"/admin/events/list/edit/{event.pk}/", speaker)
    assert refused.status_code == 200
    assert not event.speakers.exists()


def test_the_events_menu_is_for_staff(client, coordinator):
    sign_in(client, coordinator)
    text = client.get("/admin/").text
    assert "/admin/events/list/" in text and "/admin/events/reports/" in text

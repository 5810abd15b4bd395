"""The events' public pages: the list, an event's page and its registration box, document downloads."""

import datetime

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone

from citynet.accounts.models import Role
from citynet.accounts.tests import factories as people
from citynet.core.testing import assert_queries_do_not_grow, sign_in, staff
from citynet.events.models import (
    DocumentKind,
    EventDocument,
    EventKind,
    EventStatus,
    ParticipationStatus,
    RegistrationMode,
)
from citynet.events.selectors import public as selectors
from citynet.events.tests import factories as events
from citynet.network.models import DatePrecision
from citynet.network.tests.factories import (
    CountryFactory,
    OrganisationFactory,
    PersonFactory,
    RegionFactory,
    TopicFactory,
    member_municipality,
)

pytestmark = pytest.mark.django_db


def list_html(client, query="") -> str:
    return client.get(reverse("events:list") + query).content.decode()


def detail(client, event):
    return client.get(reverse("events:detail", args=[event.slug]))


# --- The list ------------------------------------------------------------------------------------------


def test_list_shows_upcoming_events_soonest_first_then_past_ones_latest_first(client):
    later = events.EventFactory(title_en="Synthetic later", starts_on=events.in_days(40), ends_on=events.in_days(40))
    sooner = events.EventFactory(title_en="Synthetic sooner", starts_on=events.in_days(10), ends_on=events.in_days(11))
    older = events.EventFactory(
        title_en="Synthetic older", starts_on=events.in_days(-400), ends_on=events.in_days(-399)
    )
    recent = events.past_event(title_en="Synthetic recent")
    response = client.get(reverse("events:list"))
    assert [e.pk for e in response.context["events"]] == [sooner.pk, later.pk, recent.pk, older.pk]
    html = response.content.decode()
    assert html.index("Upcoming events") < html.index("Synthetic sooner") < html.index("Past events")
    assert html.index("Past events") < html.index("Synthetic recent")


def test_list_never_shows_a_draft_but_shows_a_cancelled_event_labelled(client):
    events.EventFactory(title_en="Synthetic draft", status=EventStatus.DRAFT)
    events.EventFactory(title_en="Synthetic cancelled", status=EventStatus.CANCELLED)
    sign_in(client, people.secretariat())
    html = list_html(client)
    assert "Synthetic draft" not in html
    assert "Synthetic cancelled" in html and 'class="cancelled-label">cancelled<' in html


def test_list_labels_a_demo_event_and_says_a_date_known_to_the_year_as_the_year(client):
    events.EventFactory(title_en="Synthetic demo", is_demo=True)
    events.EventFactory(
        title_en="Synthetic 2017 training",
        starts_on=datetime.date(2017, 1, 1),
        ends_on=datetime.date(2017, 12, 31),
        date_precision=DatePrecision.YEAR,
        registration_mode=RegistrationMode.NONE,
    )
    html = list_html(client)
    assert 'class="demo-label">demo<' in html
    assert '<time datetime="2017-01-01">2017</time>' in html


def test_list_filters_by_region_with_network_wide_events_kind_topic_and_year(client):
    here, elsewhere = RegionFactory(slug="synthetic-here"), RegionFactory(slug="synthetic-elsewhere")
    topic = TopicFactory(slug="synthetic-youth")
    mine = events.EventFactory(region=here, title_en="Synthetic here", topics=[topic], kind=EventKind.WORKSHOP)
    network = events.EventFactory(region=None, title_en="Synthetic network-wide", kind=EventKind.SUMMIT)
    other = events.EventFactory(region=elsewhere, title_en="Synthetic elsewhere")
    old = events.EventFactory(region=here, starts_on=datetime.date(2017, 9, 12), ends_on=datetime.date(2017, 9, 13))

    def shown(query):
        return {e.pk for e in client.get(reverse("events:list") + query).context["events"]}

    assert shown("?region=synthetic-here") == {mine.pk, network.pk, old.pk}
    assert shown("?kind=summit") == {network.pk}
    assert shown("?topic=synthetic-youth") == {mine.pk}
    assert shown("?year=2017") == {old.pk}
    assert other.pk in shown("?region=nowhere&kind=unknown&year=abc&topic=%3Cscript%3E")


def test_list_shows_figures_and_never_a_participants_name(client):
    event = events.past_event()
    city = member_municipality()
    events.ParticipationFactory(event=event, municipality=city, name="Synthetic Secret Person")
    html = list_html(client)
    assert "1 participant" in html and "1 city" in html
    assert "Synthetic Secret Person" not in html


def test_list_runs_a_fixed_number_of_queries_whatever_the_number_of_events(client, django_assert_max_num_queries):
    region = RegionFactory()
    topic = TopicFactory()
    upcoming = []

    def grow(n):
        for _ in range(n):
            upcoming.append(events.EventFactory(region=region, topics=[topic], host_municipality=member_municipality()))
            events.ParticipationFactory(event=upcoming[-1], municipality=upcoming[-1].host_municipality)
            events.past_event(region=None)

    def the_page_where_upcoming_and_past_meet():  # the most a page asks for: both of its ordered queries
        page = len(upcoming) // selectors.PAGE_SIZE + 1
        response = client.get(reverse("events:list") + f"?region={region.slug}&page={page}")
        assert {e.is_upcoming for e in response.context["events"]} == {True, False}
        return response

    queries = assert_queries_do_not_grow(the_page_where_upcoming_and_past_meet, grow, sizes=(2, 30))
    assert queries <= 3  # upcoming ids, past ids, the cards with their topics and figures (counts cached)
    first_page = reverse("events:list") + "?page=1"
    client.get(first_page)
    with django_assert_max_num_queries(1):  # once the order is cached: the cards, in one query
        assert all(e.is_upcoming for e in client.get(first_page).context["events"])


def test_list_pages_through_many_events(client):
    for _ in range(25):
        events.EventFactory()
    first = client.get(reverse("events:list") + "?kind=training")
    assert len(first.context["events"]) == 20 and "Page 1 of 2" in first.content.decode()
    assert len(client.get(reverse("events:list") + "?kind=training&page=2").context["events"]) == 5


def test_list_in_arabic_reads_right_to_left(client):
    events.EventFactory(title_ar="ورشة عمل تجريبية")
    html = client.get("/ar/events/").content.decode()
    assert '<html lang="ar" dir="rtl">' in html and '<bdi lang="ar">ورشة عمل تجريبية</bdi>' in html


def test_the_header_links_to_the_events(client):
    assert f'href="{reverse("events:list")}"' in client.get(reverse("events:list")).content.decode()


# --- An event's page -----------------------------------------------------------------------------------


def test_event_page_shows_the_public_facts(client):
    city = member_municipality(name_en="Synthetic Durres")
    topic = TopicFactory(name_en="Synthetic risk assessment")
    organiser, partner = (
        OrganisationFactory(name_en="Synthetic organiser"),
        OrganisationFactory(name_en="Synthetic partner"),
    )
    event = events.EventFactory(
        host_municipality=city,
        topics=[topic],
        working_languages=["sq", "mk", "en"],
        interpretation="Albanian ↔ Macedonian ↔ English",
        takeaways_en="Synthetic takeaway: cities share their referral mechanisms.",
        online_url="https://meet.example.test/secret-room",
    )
    event.organisers.set([organiser])
    event.partners.set([partner])
    event.save()  # a cluster's relations are written with the event
    events.CommitmentFactory(event=event, municipality=city, text="Synthetic plan by spring")
    events.CommitmentFactory(event=event, municipality=city, text="Synthetic private plan", is_public=False)
    html = detail(client, event).content.decode()
    for text in [
        "Synthetic Durres",
        "Synthetic risk assessment",
        "Synthetic organiser",
        "Synthetic partner",
        "Albanian, Macedonian, English",
        "Albanian ↔ Macedonian ↔ English",
        "Synthetic takeaway",
        "Synthetic plan by spring",
        reverse("hub:organisation-detail", args=[organiser.slug]),
        "also online",
    ]:
        assert text in html, text
    assert "Synthetic private plan" not in html
    assert "secret-room" not in html  # the online link is for participants, on their own page


def test_event_page_lists_only_the_speakers_who_agreed_and_never_a_participant(client):
    event = events.EventFactory()
    session = events.SessionFactory(event=event)
    events.SpeakerFactory(
        event=event, session=session, guest_name="Synthetic listed guest", affiliation="Synthetic OSCE"
    )
    events.SpeakerFactory(event=event, session=session, guest_name="Synthetic shy guest", listed_publicly=False)
    events.SpeakerFactory(event=event, guest_name="", person=PersonFactory(name_en="Synthetic registry speaker"))
    events.ParticipationFactory(event=event, name="Synthetic Secret Person", municipality=member_municipality())
    html = detail(client, event).content.decode()
    assert "Synthetic listed guest" in html and "Synthetic OSCE" in html
    assert "Synthetic registry speaker" in html
    assert "Synthetic shy guest" not in html
    assert "Synthetic Secret Person" not in html


def test_programme_is_grouped_by_day_with_times_on_the_events_clock(client):
    event = events.EventFactory(time_zone="Europe/Tirane", starts_on=events.in_days(30), ends_on=events.in_days(31))
    first_day = datetime.datetime.combine(event.starts_on, datetime.time(9, 30), tzinfo=event.zone)
    second_day = datetime.datetime.combine(event.ends_on, datetime.time(14, 0), tzinfo=event.zone)
    events.SessionFactory(
        event=event, title_en="Synthetic opening", starts_at=first_day, ends_at=first_day + datetime.timedelta(hours=1)
    )
    events.SessionFactory(
        event=event,
        title_en="Synthetic breakout",
        starts_at=second_day,
        ends_at=second_day + datetime.timedelta(hours=2),
    )
    response = detail(client, event)
    days = response.context["days"]
    assert [d["day"] for d in days] == [event.starts_on, event.ends_on]
    html = response.content.decode()
    assert "09:30" in html and "10:30" in html and "14:00" in html and "16:00" in html
    assert "Europe/Tirane" in html


def test_reported_figures_are_labelled_as_reported(client):
    event = events.past_event(
        reported_participants=60, reported_cities=25, reported_countries=6, reported_source="Synthetic report"
    )
    html = detail(client, event).content.decode()
    assert ">60<" in html and ">25<" in html and ">6<" in html
    assert "As reported" in html and "Synthetic report" in html


def test_a_draft_is_not_found_for_anyone_on_the_public_page(client):
    event = events.EventFactory(status=EventStatus.DRAFT)
    assert detail(client, event).status_code == 404
    sign_in(client, staff(Role.SECRETARIAT))
    assert detail(client, event).status_code == 404


def test_event_page_in_arabic_reads_right_to_left(client):
    event = events.EventFactory(title_ar="تدريب تجريبي")
    html = client.get(f"/ar/events/{event.slug}/").content.decode()
    assert '<html lang="ar" dir="rtl">' in html and "تدريب تجريبي" in html


def test_event_page_runs_a_fixed_number_of_queries_and_few_once_cached(client, django_assert_max_num_queries):
    event = events.EventFactory(region=RegionFactory(), host_municipality=member_municipality())

    def grow(n):
        for _ in range(n):
            session = events.SessionFactory(event=event)
            events.SpeakerFactory(event=event, session=session, person=PersonFactory(), guest_name="")
            events.ParticipationFactory(event=event, municipality=member_municipality())
            events.CommitmentFactory(event=event, municipality=member_municipality())
            EventDocument.objects.create(event=event, title_en="Synthetic", file=ContentFile(b"%PDF-1.4", "a.pdf"))

    url = reverse("events:detail", args=[event.slug])
    assert assert_queries_do_not_grow(lambda: client.get(url), grow, sizes=(2, 15)) <= 13
    client.get(url)
    with django_assert_max_num_queries(3):  # figures and seats, read at each request
        assert client.get(url).status_code == 200


# --- The registration box ------------------------------------------------------------------------------


def box(client, event):
    response = detail(client, event)
    return response.context["box"], response.content.decode()


def test_an_open_event_with_free_seats_offers_to_register(client):
    event = events.EventFactory(capacity=20)
    state, html = box(client, event)
    assert state["state"] == "open"
    assert f'href="{reverse("events:register", args=[event.slug])}"' in html and ">Register<" in html
    assert "20 seats left." in html


def test_a_full_event_offers_the_waiting_list(client):
    event = events.EventFactory(capacity=1)
    events.ParticipationFactory(event=event)
    state, html = box(client, event)
    assert state["state"] == "waiting_list"
    assert "Join the waiting list" in html and ">Register<" not in html


def test_an_approval_event_says_the_organisers_approve(client):
    event = events.EventFactory(registration_mode=RegistrationMode.APPROVAL)
    state, html = box(client, event)
    assert state["state"] == "open" and "The organisers approve each registration." in html


@pytest.mark.parametrize(
    ("settings", "state"),
    [
        ({"registration_closes_at": timezone.now() - datetime.timedelta(hours=1)}, "closed"),
        ({"registration_opens_at": timezone.now() + datetime.timedelta(days=2)}, "not_yet"),
        ({"registration_mode": RegistrationMode.NONE}, "none"),
        ({"registration_mode": RegistrationMode.INVITATION}, "invitation"),
        ({"status": EventStatus.CANCELLED}, "cancelled"),
        ({"starts_on": events.in_days(-5), "ends_on": events.in_days(-4)}, "over"),
    ],
)
def test_nothing_says_register_when_registration_is_not_open(client, settings, state):
    event = events.EventFactory(**settings)
    found, html = box(client, event)
    assert found["state"] == state
    assert ">Register<" not in html and "Join the waiting list" not in html
    assert reverse("events:register", args=[event.slug]) not in html


def test_invitation_only_says_by_invitation(client):
    _found, html = box(client, events.EventFactory(registration_mode=RegistrationMode.INVITATION))
    assert "Taking part is by invitation" in html


def test_a_registered_visitor_sees_their_status_and_their_participation_page(client):
    event = events.EventFactory()
    participation = events.participant_with_account(event, status=ParticipationStatus.WAITING, confirmed_at=None)
    sign_in(client, participation.user)
    state, html = box(client, event)
    assert state["state"] == "registered"
    assert "On the waiting list" in html
    assert reverse("events:participation", args=[event.slug, participation.pk]) in html
    assert ">Register<" not in html


def test_a_visitor_whose_participation_was_cancelled_may_register_again(client):
    event = events.EventFactory()
    participation = events.participant_with_account(event, status=ParticipationStatus.CANCELLED)
    sign_in(client, participation.user)
    assert box(client, event)[0]["state"] == "open"


# --- Documents -----------------------------------------------------------------------------------------


@pytest.fixture
def documents():
    region = RegionFactory()
    CountryFactory(region=region)
    event = events.EventFactory(region=region)
    public = EventDocument.objects.create(
        event=event, kind=DocumentKind.REPORT, title_en="Synthetic report", file=ContentFile(b"%PDF-1.4", "r.pdf")
    )
    private = EventDocument.objects.create(
        event=event, title_en="Synthetic notes", is_public=False, file=ContentFile(b"%PDF-1.4", "n.pdf")
    )
    return event, public, private


def download(client, document):
    return client.get(reverse("events:document", args=[document.event.slug, document.pk]))


def test_a_public_document_downloads_as_an_attachment_for_anyone(client, documents):
    event, public, _private = documents
    response = download(client, public)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert (
        response["Content-Disposition"].startswith("attachment")
        and "synthetic-report.pdf" in response["Content-Disposition"]
    )
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content) == b"%PDF-1.4"
    assert "Synthetic report" in detail(client, event).content.decode()


def test_a_private_document_is_not_found_for_the_public_and_served_to_the_events_staff(client, documents):
    from citynet.accounts.models import Role

    event, _public, private = documents
    assert download(client, private).status_code == 404
    assert "Synthetic notes" not in detail(client, event).content.decode()
    sign_in(client, people.focal_point(member_municipality()))
    assert download(client, private).status_code == 404
    sign_in(client, staff(Role.REGIONAL_COORDINATOR, RegionFactory()))
    assert download(client, private).status_code == 404
    sign_in(client, staff(Role.REGIONAL_COORDINATOR, event.region))
    assert download(client, private).status_code == 200


def test_an_html_document_is_never_served_as_html(client):
    event = events.EventFactory()
    document = EventDocument.objects.create(
        event=event, title_en="Synthetic page", file=ContentFile(b"<script>", "x.html")
    )
    response = download(client, document)
    assert response["Content-Type"] == "application/octet-stream"
    assert response["Content-Disposition"].startswith("attachment")


def test_a_focal_point_is_pointed_to_their_citys_delegates_while_registration_is_open(client):
    event = events.EventFactory()
    closed = events.EventFactory(registration_mode=RegistrationMode.NONE)
    url = reverse("events:delegates", args=[event.slug])
    assert url not in detail(client, event).content.decode()
    sign_in(client, people.focal_point(member_municipality()))
    assert url in detail(client, event).content.decode()
    assert reverse("events:delegates", args=[closed.slug]) not in detail(client, closed).content.decode()


def test_a_cards_reported_figures_say_so_in_the_visitors_language():
    from django.utils import translation

    from citynet.events.selectors.figures import Figures
    from citynet.events.views.public import figures_line

    reported = Figures(participants=None, attended=None, cities=None, countries=6, reported=True)
    with translation.override("ar"):
        assert "بحسب ما أُعلن" in figures_line(reported)
    with translation.override("en"):
        assert figures_line(reported) == "6 countries (as reported)"

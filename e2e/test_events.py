"""Events end to end, in English and in Arabic: staff create an event with a programme and invite a city; the
city's focal point registers a delegate; the last seat is taken and the next person waits; a cancellation
promotes them; staff take attendance; the public page shows the event and its figures, never a name.
"""

import datetime
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect
from wagtail.users.models import UserProfile

from citynet.accounts.models import Role
from citynet.accounts.tests.factories import UserFactory, focal_point
from citynet.core.testing import staff
from citynet.events.models import Attendance, Event, EventStatus, Invitation, Participation, ParticipationStatus
from citynet.events.tests import factories as events
from citynet.network.models import Municipality

from .test_grants_staff import signed_in_context

LANGUAGES = ["en", "ar"]


def accept_confirmations(page):
    page.on("dialog", lambda dialog: dialog.accept())


def open_as(browser, live_server, user):
    context = signed_in_context(browser, live_server, user)
    context.set_default_timeout(30_000)  # the admin's event form is a large page
    page = context.new_page()
    accept_confirmations(page)
    return context, page


def coordinator_of(region, language):
    user = staff(Role.REGIONAL_COORDINATOR, region)
    user.preferred_language = language
    user.save(update_fields=["preferred_language"])
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = language
    profile.save()
    return user


@pytest.mark.parametrize("language", LANGUAGES)
def test_staff_create_an_event_with_a_programme_and_invite_a_city(
    site, browser, live_server, artifacts, language, settings
):
    # The invitation link is built on WAGTAILADMIN_BASE_URL, the site's own address: here, the live server's.
    settings.WAGTAILADMIN_BASE_URL = site
    gjilan = Municipality.objects.get(slug="gjilan")
    region = gjilan.country.region
    coordinator = coordinator_of(region, language)
    context, page = open_as(browser, live_server, coordinator)
    day = timezone.localdate() + datetime.timedelta(days=40)

    page.goto(f"{site}/admin/events/list/new/")
    page.locator("select[name=region]").select_option(str(region.pk))
    page.locator("input[name=slug]").fill(f"synthetic-training-{language}")
    page.locator("select[name=kind]").select_option("training")
    page.locator("input[name=title_en]").fill("Synthetic training on risk assessment")
    page.locator("input[name=title_ar]").fill("تدريب تجريبي على تقييم المخاطر")
    page.locator("input[name=starts_on]").fill(day.isoformat())
    page.locator("input[name=ends_on]").fill(day.isoformat())
    page.locator("select[name=registration_mode]").select_option("invitation")
    page.locator("input[name=capacity]").fill("2")
    # The programme: one session, its times typed on the event's own clock.
    page.locator("#id_sessions-ADD").click()
    page.locator("input[name='sessions-0-title_en']").fill("Synthetic opening session")
    page.locator("input[name='sessions-0-starts_at']").fill(f"{day.isoformat()} 09:30")
    page.locator("input[name='sessions-0-ends_at']").fill(f"{day.isoformat()} 11:00")
    page.keyboard.press("Escape")  # close the date picker the last field opened
    page.locator("input[name='sessions-0-room']").click()
    page.screenshot(path=artifacts / f"events-staff-create-{language}.png", full_page=True)
    with page.expect_navigation():
        page.locator("footer button[type=submit].button-longrunning").first.click()

    event = Event.objects.get(slug=f"synthetic-training-{language}")
    session = event.sessions.get()
    assert session.starts_at.astimezone(event.zone).time() == datetime.time(9, 30)

    # Publish it, then invite Gjilan from the participants' page: the city's link is shown to copy.
    page.goto(f"{site}/admin/events/{event.pk}/participants/")
    with page.expect_navigation():
        page.locator(f"form[action$='/admin/events/{event.pk}/publish/'] button[type=submit]").click()
    page.goto(f"{site}/admin/events/{event.pk}/participants/")
    invite = page.locator(f"form[action$='/admin/events/{event.pk}/invitations/city/']")
    invite.locator("select[name=municipality]").select_option(str(gjilan.pk))
    with page.expect_navigation():
        invite.locator("button[type=submit]").click()
    invitation = Invitation.objects.get(event=event, municipality=gjilan)
    expect(page.locator("input.link-to-copy")).to_have_value(
        re.compile(f"^{re.escape(site)}/{language}/events/{event.slug}/invitation/{invitation.token}/$")
    )
    page.screenshot(path=artifacts / f"events-staff-invited-{language}.png", full_page=True)
    event.refresh_from_db()
    assert event.status == EventStatus.PUBLISHED
    context.close()


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_focal_point_registers_the_last_seat_is_taken_and_a_cancellation_promotes_the_next(
    site, browser, live_server, artifacts, language
):
    gjilan = Municipality.objects.get(slug="gjilan")
    event = events.EventFactory(
        region=gjilan.country.region,
        slug=f"synthetic-workshop-{language}",
        title_en="Synthetic regional workshop",
        title_ar="ورشة عمل إقليمية تجريبية",
        capacity=2,
        host_municipality=gjilan,
    )
    invitation = events.InvitationFactory(event=event, municipality=gjilan)
    focal = focal_point(gjilan)

    # The focal point follows the city's invitation link and registers a delegate.
    context, page = open_as(browser, live_server, focal)
    page.goto(f"{site}/{language}/events/{event.slug}/invitation/{invitation.token}/")
    page.locator(f"a[href*='/events/{event.slug}/delegates/']").click()
    form = page.locator("form.edit-form")
    form.locator("input[name=name]").fill("Synthetic delegate")
    form.locator("input[name=email]").fill("delegate@example.test")
    with page.expect_navigation():
        form.locator("button[type=submit]").click()
    delegate = Participation.objects.get(event=event, email="delegate@example.test")
    assert (delegate.status, delegate.municipality) == (ParticipationStatus.CONFIRMED, gjilan)
    expect(page.locator("main")).to_contain_text("Synthetic delegate")
    page.screenshot(path=artifacts / f"events-focal-point-{language}.png", full_page=True)
    context.close()

    # Two people register themselves: the first takes the last seat, the second waits.
    first, second = UserFactory(preferred_language=language), UserFactory(preferred_language=language)
    pages = {}
    for person in (first, second):
        context, page = open_as(browser, live_server, person)
        page.goto(f"{site}/{language}/events/{event.slug}/")
        page.locator(f"a[href*='/events/{event.slug}/register/']").click()
        with page.expect_navigation():
            page.locator("form.edit-form button[type=submit]").click()
        pages[person] = (context, page)
    assert Participation.objects.get(event=event, user=first).status == ParticipationStatus.CONFIRMED
    waiting = Participation.objects.get(event=event, user=second)
    assert waiting.status == ParticipationStatus.WAITING
    waiting_page = pages[second][1]
    position = waiting_page.locator("main .waiting-position")
    expect(position).to_have_attribute("data-position", "1")  # next in line: nobody waits before them
    expect(position).to_contain_text("1")
    waiting_page.screenshot(path=artifacts / f"events-waiting-{language}.png", full_page=True)

    # The public page no longer offers a seat: it offers the waiting list.
    public = pages[first][1]
    public.goto(f"{site}/{language}/events/{event.slug}/")
    public.screenshot(path=artifacts / f"events-full-{language}.png", full_page=True)

    # The first person cancels: the one waiting gets the seat at that moment.
    own = Participation.objects.get(event=event, user=first)
    public.goto(f"{site}/{language}/events/{event.slug}/participations/{own.pk}/")
    with public.expect_navigation():
        public.locator(f"form[action$='/participations/{own.pk}/cancel/'] button[type=submit]").click()
    waiting.refresh_from_db()
    assert waiting.status == ParticipationStatus.CONFIRMED
    waiting_page.reload()
    expect(waiting_page.locator("main .waiting-position")).to_have_count(0)  # they hold a seat now
    waiting_page.screenshot(path=artifacts / f"events-promoted-{language}.png", full_page=True)
    for context, _page in pages.values():
        context.close()


@pytest.mark.parametrize("language", LANGUAGES)
def test_staff_take_attendance_and_the_public_page_shows_the_figures(site, browser, live_server, artifacts, language):
    gjilan = Municipality.objects.get(slug="gjilan")
    peja = Municipality.objects.get(slug="peja")
    region = gjilan.country.region
    today = timezone.localdate()
    event = events.EventFactory(
        region=region,
        slug=f"synthetic-meeting-{language}",
        title_en="Synthetic practitioners' meeting",
        title_ar="لقاء تجريبي للممارسين",
        starts_on=today,
        ends_on=today + datetime.timedelta(days=1),
        host_municipality=gjilan,
    )
    present = events.ParticipationFactory(event=event, municipality=gjilan, name="Synthetic present delegate")
    events.ParticipationFactory(event=event, municipality=peja, name="Synthetic other delegate")
    coordinator = coordinator_of(region, language)

    context, page = open_as(browser, live_server, coordinator)
    page.goto(f"{site}/admin/events/{event.pk}/check-in/{today.isoformat()}/")
    with page.expect_navigation():
        page.locator(f"#p{present.pk} button[type=submit]").click()
    assert Attendance.objects.filter(participation=present, day=today).exists()
    expect(page.locator(f"#p{present.pk}")).to_have_class("present")
    page.set_viewport_size({"width": 390, "height": 800})  # on a phone at the door
    page.screenshot(path=artifacts / f"events-check-in-{language}.png", full_page=True)
    context.close()

    context, page = open_as(browser, live_server, UserFactory())
    page.goto(f"{site}/{language}/events/{event.slug}/")
    main = page.locator("main")
    expect(main).to_contain_text("لقاء تجريبي للممارسين" if language == "ar" else "Synthetic practitioners' meeting")
    expect(main).not_to_contain_text("Synthetic present delegate")
    expect(main).not_to_contain_text("Synthetic other delegate")
    figures = page.locator("[data-figure=participants]")
    expect(figures).to_contain_text("2")
    expect(page.locator("[data-figure=cities]")).to_contain_text("2")
    if language == "ar":
        expect(page.locator("html")).to_have_attribute("dir", "rtl")
    page.screenshot(path=artifacts / f"events-public-{language}.png", full_page=True)
    context.close()

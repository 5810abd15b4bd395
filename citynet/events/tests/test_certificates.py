"""Certificates of attendance: a PDF in the participant's language, only for who attended, only to them and
the event's staff."""

import pytest
from django.urls import reverse
from django.utils import translation

from citynet.accounts.tests import factories as people
from citynet.core.testing import sign_in
from citynet.events.selectors import certificates
from citynet.events.tests import factories as events
from citynet.network.tests.factories import RegionFactory, member_municipality

pytestmark = pytest.mark.django_db


def url(participation):
    return reverse("events:certificate", args=[participation.event.slug, participation.pk])


@pytest.fixture
def attended():
    event = events.past_event(region=RegionFactory(slug="here"), title_en="Synthetic workshop")
    participation = events.participant_with_account(event, municipality=member_municipality())
    events.AttendanceFactory(participation=participation, day=event.starts_on)
    return participation


def test_the_participant_downloads_a_pdf(client, attended):
    sign_in(client, attended.user)
    response = client.get(url(attended))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert "attachment" in response["Content-Disposition"]


def test_no_certificate_without_attendance(client):
    participation = events.participant_with_account(events.past_event())
    sign_in(client, participation.user)
    assert client.get(url(participation)).status_code == 404


@pytest.mark.parametrize("who", ["focal point", "another user", "anonymous"])
def test_others_get_no_certificate(client, attended, who):
    user = {
        "focal point": lambda: people.focal_point(attended.municipality),
        "another user": people.UserFactory,
        "anonymous": lambda: None,
    }[who]()
    if user is not None:
        sign_in(client, user)
    response = client.get(url(attended))
    assert response.status_code == (302 if user is None else 404)


def test_the_staff_download_it(client, attended):
    from citynet.accounts.models import Role
    from citynet.core.testing import staff

    sign_in(client, staff(Role.SECRETARIAT))
    assert client.get(url(attended)).content.startswith(b"%PDF")


def test_written_in_the_participants_language_right_to_left(attended, monkeypatch):
    attended.language = "ar"
    rendered = {}
    from django.template import loader

    original = loader.render_to_string

    def spy(name, context=None, *args, **kwargs):
        rendered["html"] = original(name, context, *args, **kwargs)
        rendered["language"] = translation.get_language()
        return rendered["html"]

    monkeypatch.setattr(certificates, "render_to_string", spy)
    with translation.override("en"):
        pdf = certificates.certificate_pdf(attended)
    assert pdf.startswith(b"%PDF")
    assert rendered["language"] == "ar"
    assert 'dir="rtl"' in rendered["html"] and 'lang="ar"' in rendered["html"]
    assert "Noto Sans Arabic" in rendered["html"]

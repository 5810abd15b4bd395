"""When a focal point changes their city's public profile, the region's coordinators are told."""

import pytest
from django.core import mail

from citynet.accounts.tests import factories as people
from citynet.network import services
from citynet.network.tests.factories import MunicipalityFactory

pytestmark = pytest.mark.django_db


def test_coordinators_are_emailed_in_their_own_language_after_the_commit(django_capture_on_commit_callbacks):
    city = MunicipalityFactory(name_en="Synthetic Alpha", name_ar="ألفا الاصطناعية")
    arabic_reader = people.coordinator(city.country.region)
    arabic_reader.preferred_language = "ar"
    arabic_reader.save()
    english_reader = people.coordinator(city.country.region)
    people.coordinator(MunicipalityFactory().country.region)  # another region's: not told
    focal_point = people.focal_point(city)

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        services.update_municipality_profile(
            actor=focal_point, municipality=city, profile={"en": "New text"}, website="", expected_version=1
        )
    assert mail.outbox == []  # nothing is sent while the change may still roll back
    for callback in callbacks:
        callback()

    assert sorted(m.to[0] for m in mail.outbox) == sorted([arabic_reader.email, english_reader.email])
    english = next(m for m in mail.outbox if m.to == [english_reader.email])
    arabic = next(m for m in mail.outbox if m.to == [arabic_reader.email])
    assert "Synthetic Alpha" in english.subject
    assert "Public profile in English" in english.body
    assert "/en/municipalities/" in english.body
    assert "ألفا الاصطناعية" in arabic.subject
    assert "/ar/municipalities/" in arabic.body


def test_nobody_is_emailed_when_the_save_changed_nothing(django_capture_on_commit_callbacks):
    city = MunicipalityFactory(profile_en="Same text")
    people.coordinator(city.country.region)

    with django_capture_on_commit_callbacks(execute=True):
        services.update_municipality_profile(
            actor=people.focal_point(city),
            municipality=city,
            profile={"en": "Same text"},
            website="",
            expected_version=1,
        )

    assert mail.outbox == []


def test_the_editor_is_not_told_of_their_own_change(django_capture_on_commit_callbacks):
    city = MunicipalityFactory()
    coordinator = people.coordinator(city.country.region)

    with django_capture_on_commit_callbacks(execute=True):
        services.update_municipality_profile(
            actor=coordinator, municipality=city, profile={"en": "Edited by staff"}, website="", expected_version=1
        )

    assert mail.outbox == []

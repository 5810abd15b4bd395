"""Two people editing one city's profile: the later one is told, keeps their text, sees the other's, and
can then apply theirs deliberately. (Saves that collide at the same moment on SQLite: e2e/test_concurrent_saves.py.)"""

import re

import pytest
from django.test import Client

from citynet.accounts.tests import factories as people
from citynet.network.models import Municipality

pytestmark = pytest.mark.django_db

CONFLICT = "Someone else changed this record"


def hidden_version(html: str) -> str:
    return re.search(r'<input type="hidden" name="version" value="(\d+)"', html).group(1)


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_the_later_editor_keeps_their_text_sees_the_others_and_can_save_theirs(western_balkans):
    cair = Municipality.objects.get(slug="cair")
    first, second = signed_in(people.focal_point(cair)), signed_in(people.focal_point(cair))
    url = "/en/municipalities/cair/edit/"
    # Each opens the form; a browser posts back every field as it was, with what the person typed.
    theirs, mine = first.get(url).context["form"].initial, second.get(url).context["form"].initial
    assert theirs["version"] == mine["version"]

    saved = first.post(url, {**theirs, "profile_en": "Čair, as the first editor wrote it."})
    assert saved.status_code == 302

    mine = {**mine, "profile_en": "Čair, as the second editor wrote it.", "profile_ar": "نص تجريبي."}
    refused = second.post(url, mine)
    html = refused.content.decode()
    assert refused.status_code == 200
    assert CONFLICT in html
    form = refused.context["form"]
    assert form["profile_en"].value() == "Čair, as the second editor wrote it."  # their own text, kept
    assert form["profile_ar"].value() == "نص تجريبي."
    assert form.saved == {"profile_en": "Čair, as the first editor wrote it."}  # what the other one saved
    assert "Čair, as the first editor wrote it." in html.split('id="profile_en-saved"', 1)[1]
    assert 'id="profile_ar-saved"' not in html  # nobody else changed the Arabic text
    cair.refresh_from_db()
    assert cair.profile_en == "Čair, as the first editor wrote it."
    assert hidden_version(html) == str(cair.version)

    again = second.post(url, {**mine, "version": hidden_version(html)})
    assert again.status_code == 302
    cair.refresh_from_db()
    assert (cair.profile_en, cair.profile_ar) == ("Čair, as the second editor wrote it.", "نص تجريبي.")


def test_a_stale_form_posted_twice_without_reading_the_conflict_is_refused_twice(client, western_balkans):
    cair = Municipality.objects.get(slug="cair")
    Municipality.objects.filter(pk=cair.pk).update(version=5, profile_en="Saved by someone else.")
    client.force_login(people.focal_point(cair))
    for _ in range(2):
        response = client.post("/en/municipalities/cair/edit/", {"profile_en": "Stale text.", "version": 1})
        assert CONFLICT in response.content.decode()
    cair.refresh_from_db()
    assert cair.profile_en == "Saved by someone else."

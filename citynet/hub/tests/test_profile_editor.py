"""Two people editing one city's profile: the later one is told, keeps their text, sees the other's, and
can then apply theirs deliberately. Saves that collide on SQLite end in the conflict message, never a 500."""

import re
import sqlite3
import threading

import pytest
from django.db import connection, connections
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


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_four_simultaneous_saves_on_a_sqlite_file_give_one_save_and_three_conflicts(western_balkans, tmp_path):
    """The suite's database is SQLite in memory, shared between threads in a mode that fails at once when
    locked; the site runs on a file. So the test copies its database to a file and lets four threads,
    each with its own connection to that file (the project's settings: IMMEDIATE transactions, busy
    timeout), post the same version of the profile at the same moment."""
    if connection.vendor != "sqlite":
        pytest.skip("PostgreSQL locks the row (select_for_update); this is about SQLite's database lock")
    cair = Municipality.objects.get(slug="cair")
    editors = [people.focal_point(cair) for _ in range(4)]
    version = cair.version

    path = tmp_path / "site.sqlite3"
    connection.ensure_connection()
    with sqlite3.connect(path) as target:
        connection.connection.backup(target)
    settings_dict = {**connections.settings["default"], "NAME": str(path), "TEST": {"NAME": str(path)}}
    assert settings_dict["OPTIONS"]["transaction_mode"] == "IMMEDIATE"

    start = threading.Barrier(4)
    results: list = [None] * 4

    def save(i):
        try:
            client = Client(raise_request_exception=True)
            client.force_login(editors[i])
            start.wait(timeout=30)
            response = client.post(
                "/en/municipalities/cair/edit/", {"profile_en": f"Text of editor {i}.", "version": version}
            )
            results[i] = (response.status_code, CONFLICT in response.content.decode())
        except Exception as error:  # reported below as the test's failure
            results[i] = error
        finally:
            connections.close_all()

    original = connections.settings["default"]
    connections.settings["default"] = settings_dict
    try:
        threads = [threading.Thread(target=save, args=(i,)) for i in range(4)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=120)
    finally:
        connections.settings["default"] = original

    assert sorted(results, key=str) == [(200, True), (200, True), (200, True), (302, False)], results
    with sqlite3.connect(path) as db:
        text, saved_version = db.execute(
            "SELECT profile_en, version FROM network_municipality WHERE id = ?", [cair.pk]
        ).fetchone()
    assert saved_version == version + 1
    assert re.fullmatch(r"Text of editor \d\.", text)

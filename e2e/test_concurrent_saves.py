"""Four people save one city's profile at the same moment on a SQLite file, as `make serve` runs it:
one save wins and the others get the conflict message, never a 500 ("database is locked").

It lives with the browser journeys because it needs what they have: a transactional test database
(threads must see committed data), run in one process with the other transactional tests.
"""

import re
import sqlite3
import threading

import pytest
from django.db import connection, connections
from django.test import Client

from citynet.accounts.tests import factories as people
from citynet.network.models import Municipality

CONFLICT = "Someone else changed this record"


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

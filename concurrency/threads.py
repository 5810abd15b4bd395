"""Threads that act at the same moment, each with its own database connection, and how they share it.

On PostgreSQL the threads connect to the test database itself; on SQLite (one file per connection would
see nothing) the test database is copied to a file first and every connection opens that file.
"""

import sqlite3
import threading
from contextlib import contextmanager

from django.db import connection, connections


@contextmanager
def shared_database(tmp_path):
    """Where the threads' connections go: the test database itself, or on SQLite a file copy of it."""
    if connection.vendor != "sqlite":
        yield
        return
    path = tmp_path / "site.sqlite3"
    connection.ensure_connection()
    with sqlite3.connect(path) as target:
        connection.connection.backup(target)
        # WAL now, once: each connection's init_command asks for it, and turning a database to WAL needs
        # it to itself, so threads connecting at once could find it locked ("database is locked").
        target.execute("PRAGMA journal_mode=WAL")
    original = connections.settings["default"]
    connections.settings["default"] = {**original, "NAME": str(path), "TEST": {"NAME": str(path)}}
    try:
        yield
    finally:
        connections.settings["default"] = original


def at_once(actions) -> list:
    """Run each action in its own thread, released together; their results or the errors they raised."""
    start = threading.Barrier(len(actions))
    results: list = [None] * len(actions)

    def run(i):
        try:
            start.wait(timeout=30)
            results[i] = actions[i]()
        except Exception as error:  # each outcome is asserted by the test
            results[i] = error
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(len(actions))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return results


def read(query):
    """Read what the threads committed, through a connection of their own (on SQLite, to the file)."""
    return at_once([query])[0]

import subprocess
import sys

import pytest
from django.db.utils import OperationalError


@pytest.mark.django_db
def test_healthz_answers_without_touching_the_database(client, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = client.get("/healthz")
    assert response.json() == {"status": "ok"}


@pytest.mark.django_db
def test_readyz_answers_ok_when_the_database_and_the_cache_answer(client):
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "cache": "ok"}


@pytest.mark.django_db
def test_readyz_answers_503_when_the_sqlite_file_was_moved_away(client, monkeypatch, tmp_path):
    """SQLite would silently create an empty file at the old path; readiness must say no instead."""
    from django.db import connection

    if connection.vendor != "sqlite":
        pytest.skip("the missing-file check is SQLite's")
    monkeypatch.setitem(connection.settings_dict, "NAME", str(tmp_path / "moved-away.sqlite3"))
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["database"] == "unreachable"
    assert not (tmp_path / "moved-away.sqlite3").exists()


@pytest.mark.django_db
def test_readyz_answers_503_when_the_database_has_never_been_migrated(client, monkeypatch):
    from django.db import connection
    from django.db.utils import ProgrammingError

    real_cursor = connection.cursor

    class UnmigratedCursor:
        def __init__(self):
            self.cursor = real_cursor()

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            self.cursor.close()

        def execute(self, sql, params=None):
            if "django_migrations" in sql:
                raise ProgrammingError("no such table: django_migrations")
            return self.cursor.execute(sql, params)

    monkeypatch.setattr(connection, "cursor", UnmigratedCursor)
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["database"] == "unreachable"


@pytest.mark.django_db
def test_readyz_answers_503_when_the_cache_is_unreachable(client, monkeypatch):
    from django.core.cache import cache

    def refuse(*args, **kwargs):
        raise ConnectionError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")

    monkeypatch.setattr(cache, "set", refuse)
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json() == {"status": "unavailable", "database": "ok", "cache": "unreachable"}


@pytest.mark.django_db
def test_readyz_answers_503_when_the_database_is_unreachable(client, monkeypatch):
    from django.db import connection

    def refuse(*args, **kwargs):
        raise OperationalError("connection refused")

    monkeypatch.setattr(connection, "cursor", refuse)
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["database"] == "unreachable"


@pytest.mark.django_db
def test_unknown_page_is_a_404_in_the_visitors_language(client):
    response = client.get("/ar/no-such-page/")
    assert response.status_code == 404
    assert '<html lang="ar" dir="rtl">' in response.content.decode()


def test_production_settings_refuse_to_start_without_a_real_secret_key():
    result = subprocess.run(  # noqa: S603
        [sys.executable, "-c", "import django; django.setup()"],
        env={"DJANGO_SETTINGS_MODULE": "config.settings.prod", "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


@pytest.mark.django_db
def test_unknown_api_path_answers_json_404(client):
    response = client.get("/api/v1/no-such-resource")
    assert response.status_code == 404
    assert "detail" in response.json()

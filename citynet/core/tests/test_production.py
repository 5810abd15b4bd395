"""The production configuration: what gunicorn, Redis and the operator's environment give the site.

Settings modules are loaded in a fresh interpreter (each reads the environment once, at import), with
only the variables a deployment would set. Tests that need Redis use the local server at
127.0.0.1:6379 and are skipped when none answers.
"""

import json
import socket
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from django.test import override_settings

from config.settings.base import parse_email_url

ROOT = Path(__file__).resolve().parents[3]
SECRET = "a-test-secret-key-that-is-long-enough-for-production-" + "x" * 20
REDIS_URL = "redis://127.0.0.1:6379/15"


def redis_answers() -> bool:
    try:
        with socket.create_connection(("127.0.0.1", 6379), timeout=0.5) as conn:
            conn.sendall(b"PING\r\n")
            return conn.recv(16).startswith(b"+PONG")
    except OSError:
        return False


needs_redis = pytest.mark.skipif(not redis_answers(), reason="no Redis at 127.0.0.1:6379")


def run_django(code: str, **env: str) -> subprocess.CompletedProcess:
    """Run `code` after django.setup() with exactly the given environment (plus PATH)."""
    script = "import django, json\ndjango.setup()\n" + textwrap.dedent(code)
    return subprocess.run(  # noqa: S603
        [sys.executable, "-c", script],
        cwd=ROOT,
        env={"PATH": "/usr/bin:/bin", **env},
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )


def test_the_wsgi_entry_point_never_falls_back_to_development_settings():
    """gunicorn started without configuration refuses to start instead of serving with DEBUG on."""
    result = subprocess.run(  # noqa: S603
        [sys.executable, "-c", "import config.wsgi"],
        cwd=ROOT,
        env={"PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_the_wsgi_entry_point_serves_production_settings_when_configured():
    result = subprocess.run(  # noqa: S603
        [
            sys.executable,
            "-c",
            "import config.wsgi, json; from django.conf import settings; "
            "print(json.dumps([settings.SETTINGS_MODULE, settings.DEBUG]))",
        ],
        cwd=ROOT,
        env={"PATH": "/usr/bin:/bin", "SECRET_KEY": SECRET},
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout.strip().splitlines()[-1]) == ["config.settings.prod", False]


def test_production_settings_hash_static_files_queue_tasks_and_log_json():
    result = run_django(
        """
        from django.conf import settings
        print(json.dumps({
            "static": settings.STORAGES["staticfiles"]["BACKEND"],
            "tasks": settings.TASKS["default"]["BACKEND"],
            "formatter": settings.LOGGING["handlers"]["console"]["formatter"],
            "exempt": settings.SECURE_REDIRECT_EXEMPT,
            "proxies": settings.ALLAUTH_TRUSTED_PROXY_COUNT,
        }))
        """,
        DJANGO_SETTINGS_MODULE="config.settings.prod",
        SECRET_KEY=SECRET,
        TRUSTED_PROXY_COUNT="1",
    )
    assert result.returncode == 0, result.stderr
    loaded = json.loads(result.stdout.strip().splitlines()[-1])
    assert loaded == {
        "static": "citynet.core.staticfiles.HashedStaticFilesStorage",
        "tasks": "django_tasks_db.backend.DatabaseBackend",
        "formatter": "json",
        "exempt": [r"^healthz$", r"^readyz$"],
        "proxies": 1,
    }


@needs_redis
def test_with_redis_url_the_cache_sessions_and_limits_share_redis():
    """REDIS_URL used to crash the site (no redis package); now every shared count lives there."""
    result = run_django(
        """
        import uuid
        from django.conf import settings
        from django.core.cache import cache
        from citynet.core.throttle import Rate, hit
        key = "test-production:" + uuid.uuid4().hex
        cache.set(key, "shared", 30)
        who = "ip:" + uuid.uuid4().hex
        counts = [hit("api", who, Rate(2, 60), now=1000.0) for _ in range(3)]
        print(json.dumps({
            "backend": settings.CACHES["default"]["BACKEND"],
            "sessions": settings.SESSION_ENGINE,
            "value": cache.get(key),
            "counts": counts,
            "key": key,
        }))
        """,
        DJANGO_SETTINGS_MODULE="config.settings.prod",
        SECRET_KEY=SECRET,
        REDIS_URL=REDIS_URL,
    )
    assert result.returncode == 0, result.stderr
    loaded = json.loads(result.stdout.strip().splitlines()[-1])
    assert loaded["backend"] == "django.core.cache.backends.redis.RedisCache"
    assert loaded["sessions"] == "django.contrib.sessions.backends.cached_db"
    assert loaded["value"] == "shared"
    assert loaded["counts"][:2] == [0, 0]
    assert loaded["counts"][2] > 0

    import redis

    stored = redis.Redis.from_url(REDIS_URL)
    keys = stored.keys("*" + loaded["key"])
    assert keys, "the value is in Redis itself, where another app server reads it"
    stored.delete(*keys)


@needs_redis
@pytest.mark.django_db
def test_the_throttle_counts_in_redis_where_every_app_server_reads_it(client):
    import uuid

    import redis

    prefix = f"test-throttle-{uuid.uuid4().hex}"
    redis_cache = {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
    stored = redis.Redis.from_url(REDIS_URL)
    try:
        with override_settings(
            CACHES={"default": {**redis_cache, "KEY_PREFIX": prefix}}, THROTTLE_RATES={"api": "2/h", "search": ""}
        ):
            statuses = [client.get("/api/v1/regions").status_code for _ in range(3)]
        assert statuses == [200, 200, 429]
        (key,) = stored.keys(f"{prefix}:*throttle:api:*")
        assert int(stored.get(key)) == 3
    finally:
        keys = stored.keys(f"{prefix}:*")
        if keys:
            stored.delete(*keys)


def test_email_url_gives_smtp_with_starttls_and_a_decoded_password():
    assert parse_email_url("smtp://mailer:p%40ss@mail.example.org:587?timeout=10") == {
        "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "EMAIL_HOST": "mail.example.org",
        "EMAIL_PORT": 587,
        "EMAIL_HOST_USER": "mailer",
        "EMAIL_HOST_PASSWORD": "p@ss",
        "EMAIL_USE_SSL": False,
        "EMAIL_USE_TLS": True,
        "EMAIL_TIMEOUT": 10,
    }


def test_email_url_smtps_is_tls_from_the_start_and_a_local_relay_can_go_plain():
    smtps = parse_email_url("smtps://u:p@mail.example.org")
    assert (smtps["EMAIL_PORT"], smtps["EMAIL_USE_SSL"], smtps["EMAIL_USE_TLS"]) == (465, True, False)
    relay = parse_email_url("smtp://localhost:25?tls=0")
    assert (relay["EMAIL_HOST"], relay["EMAIL_PORT"], relay["EMAIL_USE_TLS"]) == ("localhost", 25, False)


def test_email_url_console_and_an_unknown_scheme():
    assert parse_email_url("console://") == {"EMAIL_BACKEND": "django.core.mail.backends.console.EmailBackend"}
    with pytest.raises(ValueError, match="EMAIL_URL"):
        parse_email_url("pigeon://loft")


def test_production_settings_take_mail_settings_from_email_url():
    result = run_django(
        """
        from django.conf import settings
        print(json.dumps([settings.EMAIL_BACKEND, settings.EMAIL_HOST, settings.EMAIL_PORT]))
        """,
        DJANGO_SETTINGS_MODULE="config.settings.prod",
        SECRET_KEY=SECRET,
        EMAIL_URL="smtp://mailer:secret@mail.example.org:2525",
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout.strip().splitlines()[-1]) == [
        "django.core.mail.backends.smtp.EmailBackend",
        "mail.example.org",
        2525,
    ]


@pytest.mark.django_db
@override_settings(SECURE_SSL_REDIRECT=True, SECURE_REDIRECT_EXEMPT=[r"^healthz$", r"^readyz$"])
def test_health_checks_answer_plain_http_while_pages_redirect_to_https(client):
    """A load balancer probes over plain HTTP; a redirect would mark every app server down."""
    assert client.get("/healthz").status_code == 200
    assert client.get("/readyz").status_code == 200
    page = client.get("/en/")
    assert page.status_code == 301
    assert page["Location"].startswith("https://")


@pytest.mark.django_db
@override_settings(DEBUG=False)
def test_an_unexpected_api_error_answers_json_500_not_the_html_page(client, monkeypatch):
    from citynet.network import api as network_api

    def broken(*args, **kwargs):
        raise RuntimeError("a bug")

    client.raise_request_exception = False
    monkeypatch.setattr(network_api, "_regions", broken)
    response = client.get("/api/v1/regions")
    assert response.status_code == 500
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert response.json() == {"detail": "Something went wrong. The error was logged."}


@pytest.mark.django_db
@override_settings(DEBUG=False)
def test_an_unknown_api_path_answers_json_404_with_debug_off(client):
    response = client.get("/api/v1/nope")
    assert response.status_code == 404
    assert response.json() == {"detail": "Not found."}


@pytest.mark.django_db
@override_settings(DEBUG=False)
def test_an_error_outside_the_api_views_still_answers_json_under_api(client, monkeypatch):
    """A failure before ninja runs (a middleware, the URL resolver) reaches Django's 500 handler."""
    from citynet.core import throttle

    def broken(request):
        raise RuntimeError("a bug in a middleware")

    client.raise_request_exception = False
    monkeypatch.setattr(throttle, "buckets_for", broken)
    response = client.get("/api/v1/regions")
    assert response.status_code == 500
    assert response.json() == {"detail": "Something went wrong. The error was logged."}


def _collect(tmp_path, files: dict[str, str]):
    from django.contrib.staticfiles import finders
    from django.core.management import call_command

    source = tmp_path / "source"
    for name, text in files.items():
        (source / name).parent.mkdir(parents=True, exist_ok=True)
        (source / name).write_text(text)
    storages = {
        "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
        "staticfiles": {"BACKEND": "citynet.core.staticfiles.HashedStaticFilesStorage"},
    }
    with override_settings(
        STATICFILES_DIRS=[source],
        STATIC_ROOT=tmp_path / "collected",
        STORAGES=storages,
        STATICFILES_FINDERS=["django.contrib.staticfiles.finders.FileSystemFinder"],
    ):
        finders.get_finder.cache_clear()
        try:
            call_command("collectstatic", interactive=False, verbosity=0)
        finally:
            finders.get_finder.cache_clear()
    return json.loads((tmp_path / "collected" / "staticfiles.json").read_text())["paths"]


def test_collected_static_files_get_hashed_names_and_css_points_at_them(tmp_path):
    paths = _collect(tmp_path, {"citynet/site.css": "body { background: url(dot.svg); }", "citynet/dot.svg": "<svg/>"})
    assert paths["citynet/site.css"].startswith("citynet/site.") and paths["citynet/site.css"] != "citynet/site.css"
    collected_css = (tmp_path / "collected" / paths["citynet/site.css"]).read_text()
    assert paths["citynet/dot.svg"].split("/")[-1] in collected_css


def test_a_vendored_librarys_reference_to_an_unshipped_file_does_not_stop_collectstatic(tmp_path):
    paths = _collect(
        tmp_path,
        {
            "vendor/lib/lib.css": ".marker { background: url(images/marker.png); }",
            "vendor/lib/lib.js": "var a = 1;\n//# sourceMappingURL=lib.js.map",
        },
    )
    assert set(paths) == {"vendor/lib/lib.css", "vendor/lib/lib.js"}


def test_the_sites_own_reference_to_a_missing_file_still_fails_collectstatic(tmp_path):
    with pytest.raises(ValueError, match="missing.png"):
        _collect(tmp_path, {"citynet/site.css": "body { background: url(missing.png); }"})


@pytest.mark.django_db
@override_settings(DEBUG=False, ALLOWED_HOSTS=["citynet.example.org"])
def test_a_bad_host_under_the_api_answers_json_400(client):
    response = client.get("/api/v1/regions", HTTP_HOST="attacker.example")
    assert response.status_code == 400
    assert response.json() == {"detail": "The request could not be understood."}


@pytest.mark.django_db
@override_settings(DEBUG=False, ALLOWED_HOSTS=["citynet.example.org"])
def test_a_bad_host_on_the_site_is_still_a_plain_400(client):
    response = client.get("/en/", HTTP_HOST="attacker.example")
    assert response.status_code == 400
    assert response["Content-Type"].startswith("text/html")


@pytest.mark.django_db
@override_settings(DEBUG=False)
def test_permission_denied_inside_the_api_answers_json_403(client, monkeypatch):
    from django.core.exceptions import PermissionDenied

    from citynet.network import api as network_api

    def refuse(*args, **kwargs):
        raise PermissionDenied

    monkeypatch.setattr(network_api, "_regions", refuse)
    response = client.get("/api/v1/regions")
    assert response.status_code == 403
    assert response.json() == {"detail": "You do not have permission to see this."}

"""The benchmark (`make bench`): production-like settings on a PostgreSQL database of its own.

DEBUG is off, so Django caches compiled templates; no debug toolbar, no SQL logging. The benchmark's
own URLs (a bare view and a constant response) are added by config.bench_urls and exist only here.
Never use these settings to serve the site: the secret key is fixed and HTTPS is not enforced.
"""

import dj_database_url

from .base import *  # noqa: F403
from .base import BASE_DIR, TEMPLATES, env

DEBUG = False
SECRET_KEY = "bench-only-not-secret-" + "x" * 40  # noqa: S105 (loopback benchmark, never served)
ALLOWED_HOSTS = ["127.0.0.1"]
ROOT_URLCONF = "config.bench_urls"

DATABASES = {
    "default": dj_database_url.parse(
        env("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/citynet_bench"),
        conn_max_age=60,
        conn_health_checks=True,
    )
}

# The bare view's template lives with the benchmark, not with the site's templates.
TEMPLATES = [{**TEMPLATES[0], "DIRS": [*TEMPLATES[0]["DIRS"], BASE_DIR / "bench" / "templates"]}]

# Static files are not requested by the benchmark; a directory of its own keeps WhiteNoise quiet
# without touching the one `make serve` uses.
STATIC_ROOT = BASE_DIR / "var" / "bench" / "static"
MEDIA_ROOT = BASE_DIR / "var" / "bench" / "media"

# The throttle runs (its cost is part of every API and search request) but never stops the load.
THROTTLE_RATES = {"api": "100000000/h", "search": "100000000/h"}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "WARNING")},
}

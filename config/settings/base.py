"""Settings shared by every environment. Configuration comes from environment variables only."""

import os
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent


def env(name: str, default: str | None = None) -> str | None:
    return os.environ.get(name, default)


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in (env(name, default) or "").split(",") if item.strip()]


SECRET_KEY = env("SECRET_KEY", "dev-only-insecure-key-never-use-in-production")
DEBUG = False
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", "")

INSTALLED_APPS = [
    # modeltranslation must come before the apps it translates. No django.contrib.admin: Wagtail is the admin.
    "modeltranslation",
    "citynet.core",
    "citynet.accounts",
    "citynet.network",
    "citynet.grants",
    "citynet.events",
    "citynet.advisory",
    "citynet.library",
    "citynet.search",
    "citynet.hub",
    "wagtail.contrib.redirects",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.locales",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_countries",
    "ninja",  # serves Swagger UI's assets itself, so /api/v1/docs works offline
    "django_tasks",
    "django_tasks_db",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.postgres",  # trigram and full-text lookups (on PostgreSQL; inert on SQLite)
]

MIDDLEWARE = [
    "citynet.core.middleware.RequestIdMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "citynet.core.middleware.RejectNullBytesMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "citynet.core.middleware.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "citynet.core.throttle.ThrottleMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "citynet.accounts.middleware.RequireSecondFactorMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "citynet" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "citynet.core.context_processors.languages",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        env("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"), conn_max_age=60, conn_health_checks=True
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the dev server read while a command writes; a busy timeout avoids "database is locked".
    # IMMEDIATE transactions take the write lock when they begin, so concurrent writers queue behind
    # the busy timeout instead of failing when a read lock cannot be upgraded ("database is locked").
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 20,
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0

# The hottest public reads (citynet/core/prepared.py) run as server-side prepared statements on
# PostgreSQL. Set PREPARED_STATEMENTS=0 behind a connection pooler that cannot keep them (PgBouncer in
# transaction mode before 1.21).
PREPARED_STATEMENTS = env("PREPARED_STATEMENTS", "1") not in ("0", "false", "no")

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]

# --- Languages -------------------------------------------------------------------------------
# The public site speaks every language of its regions. "sr" is Serbian in Cyrillic, "sr-latn" in
# Latin script; Bosnian falls back to Serbian Latin (see citynet.core.i18n).
LANGUAGE_CODE = "en"
LANGUAGES = [
    ("ar", "العربية"),
    ("en", "English"),
    ("sq", "Shqip"),
    ("mk", "Македонски"),
    ("sr", "Српски"),
    ("sr-latn", "Srpski (latinica)"),
    ("bs", "Bosanski"),
]
LANGUAGE_NAMES = {
    "ar": _("Arabic"),
    "en": _("English"),
    "sq": _("Albanian"),
    "mk": _("Macedonian"),
    "sr": _("Serbian (Cyrillic)"),
    "sr-latn": _("Serbian (Latin)"),
    "bs": _("Bosnian"),
}
LANGUAGE_COOKIE_NAME = "citynet_language"
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
USE_TZ = True
TIME_ZONE = "UTC"

# modeltranslation stores a column per language for registry records (names, descriptions).
MODELTRANSLATION_DEFAULT_LANGUAGE = "en"
MODELTRANSLATION_LANGUAGES = tuple(code for code, _name in LANGUAGES)
MODELTRANSLATION_FALLBACK_LANGUAGES = ("en",)

WAGTAIL_I18N_ENABLED = True
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
WAGTAIL_SITE_NAME = "citynet"
WAGTAILADMIN_BASE_URL = env("WAGTAILADMIN_BASE_URL", "http://127.0.0.1:8000")
WAGTAILADMIN_LOGIN_URL = "account_login"
WAGTAILADMIN_PERMITTED_LANGUAGES = [("ar", "العربية"), ("en", "English")]
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "odt", "pdf", "pptx", "rtf", "txt", "xlsx"]
WAGTAIL_ENABLE_UPDATE_CHECK = False
WAGTAIL_GRAVATAR_PROVIDER_URL = None  # no third-party requests, even from the admin
WAGTAIL_PASSWORD_RESET_ENABLED = False  # allauth's reset, which respects the second factor
WAGTAIL_ENABLE_WHATS_NEW_BANNER = False

# Kosovo has no ISO 3166-1 code; XK is the user-assigned code everyone uses for it.
COUNTRIES_OVERRIDE = {"XK": _("Kosovo")}

# --- Static and media --------------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "var" / "static"
STATICFILES_DIRS = [BASE_DIR / "citynet" / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = BASE_DIR / "var" / "media"
# Files that only some people may read (grant applications' attachments, grantees' reports) are kept
# apart from MEDIA_ROOT, which the proxy serves to anyone, and are read back only through views that
# check who asks. On disk by default; in an S3-compatible bucket with PRIVATE_STORAGE=s3 (docs/deploy.md).
PRIVATE_MEDIA_ROOT = env("PRIVATE_MEDIA_ROOT") or str(BASE_DIR / "var" / "private")
if env("PRIVATE_STORAGE") == "s3":
    PRIVATE_STORAGE = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": env("PRIVATE_S3_BUCKET"),
            "endpoint_url": env("PRIVATE_S3_ENDPOINT_URL"),
            "region_name": env("PRIVATE_S3_REGION"),
            "access_key": env("PRIVATE_S3_ACCESS_KEY_ID"),
            "secret_key": env("PRIVATE_S3_SECRET_ACCESS_KEY"),
            "default_acl": "private",
            "querystring_auth": True,
            "file_overwrite": False,
        },
    }
else:
    PRIVATE_STORAGE = {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": PRIVATE_MEDIA_ROOT, "base_url": "/private-files-are-never-served/"},
    }
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "private": PRIVATE_STORAGE,
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
# The largest file an applicant or grantee may upload (bytes); the proxy's client_max_body_size must allow it.
GRANTS_MAX_UPLOAD_BYTES = int(env("GRANTS_MAX_UPLOAD_BYTES", str(10 * 1024 * 1024)))
# The largest document the library takes (a report or a toolkit as PDF or an office file, in bytes).
LIBRARY_MAX_UPLOAD_BYTES = int(env("LIBRARY_MAX_UPLOAD_BYTES", str(25 * 1024 * 1024)))

# --- Accounts (django-allauth) ---------------------------------------------------------------
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "/"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
# Confirming the address signs the person in and takes them where they were going (an applicant, back
# to the application they started) when it is confirmed in the browser that signed up.
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = True
ACCOUNT_RATE_LIMITS = {"login_failed": "10/m/ip,5/5m/key"}
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "citynet"
ACCOUNT_FORMS = {"signup": "citynet.accounts.forms.SignupForm"}  # the same cost for known addresses
WAGTAIL_FRONTEND_LOGIN_URL = LOGIN_URL  # pages private to accounts send visitors to allauth's sign-in
# No shared page or document passwords: private content is for accounts (citynet.accounts.middleware).
WAGTAIL_PRIVATE_PAGE_OPTIONS = WAGTAILDOCS_PRIVATE_COLLECTION_OPTIONS = {"SHARED_PASSWORD": False}

EMAIL_BACKEND = env("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", "citynet <noreply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL


def parse_email_url(url: str) -> dict:
    """EMAIL_URL -> Django's email settings.

    smtp://user:password@host:587 (STARTTLS), smtps://user:password@host:465 (TLS from the start),
    smtp://host:25?tls=0 (no encryption, a relay on the same box), console:// , locmem:// , dummy://.
    User and password are percent-decoded (an @ in a password is %40). ?timeout=10 sets a timeout.
    """
    from urllib.parse import parse_qs, unquote, urlsplit

    parts = urlsplit(url)
    query = {key: values[-1] for key, values in parse_qs(parts.query).items()}
    simple = {
        "console": "django.core.mail.backends.console.EmailBackend",
        "locmem": "django.core.mail.backends.locmem.EmailBackend",
        "dummy": "django.core.mail.backends.dummy.EmailBackend",
    }
    if parts.scheme in simple:
        return {"EMAIL_BACKEND": simple[parts.scheme]}
    if parts.scheme not in ("smtp", "smtps"):
        raise ValueError(f"EMAIL_URL scheme must be smtp, smtps, console, locmem or dummy, not {parts.scheme!r}")
    ssl = parts.scheme == "smtps" or query.get("ssl") == "1"
    config = {
        "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "EMAIL_HOST": parts.hostname or "localhost",
        "EMAIL_PORT": parts.port or (465 if ssl else 587),
        "EMAIL_HOST_USER": unquote(parts.username or ""),
        "EMAIL_HOST_PASSWORD": unquote(parts.password or ""),
        "EMAIL_USE_SSL": ssl,
        "EMAIL_USE_TLS": not ssl and query.get("tls", "1") == "1",
    }
    if "timeout" in query:
        config["EMAIL_TIMEOUT"] = int(query["timeout"])
    return config


if env("EMAIL_URL"):
    globals().update(parse_email_url(env("EMAIL_URL")))

# Behind a reverse proxy, the client's address is the last-but-N entry of X-Forwarded-For (N proxies
# this site trusts), or a header the proxy sets. allauth's sign-in limits and the API and search
# throttle (citynet.core.throttle) both count by it. 0 (the default) trusts no header: REMOTE_ADDR.
ALLAUTH_TRUSTED_PROXY_COUNT = int(env("TRUSTED_PROXY_COUNT", "0"))
ALLAUTH_TRUSTED_CLIENT_IP_HEADER = env("TRUSTED_CLIENT_IP_HEADER") or None

# --- Sessions and cookies ---------------------------------------------------------------------
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

# Content Security Policy: everything comes from this site. Wagtail's admin needs inline styles
# and scripts, so /admin/ is exempt (see citynet.core.middleware note in docs/security.md).
CONTENT_SECURITY_POLICY = {
    "EXCLUDE_URL_PREFIXES": ["/admin", "/api/v1/docs"],
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "style-src": ["'self'"],
        "script-src": ["'self'"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    },
}

# --- Cache and background work ------------------------------------------------------------------
# With REDIS_URL every app server shares one cache: pages, sessions (cached_db: read from Redis, kept in
# the database, so a Redis restart signs nobody out), sign-in limits and the API and search throttle.
REDIS_URL = env("REDIS_URL")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": env("CACHE_KEY_PREFIX", "citynet"),
        },
        # Template fragments that every request shows and whose keys hold the registry version (the
        # events' filters): kept in each process, no round trip to Redis.
        "local": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "local",
            "OPTIONS": {"MAX_ENTRIES": 2000},
        },
    }
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
else:
    # One process's memory; room for the hub's fragments beside many cached responses (Django's default
    # of 300 entries lets a crawl of distinct URLs evict them all). Production uses Redis (REDIS_URL).
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "OPTIONS": {"MAX_ENTRIES": 5000}},
        "local": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "local",
            "OPTIONS": {"MAX_ENTRIES": 2000},
        },
    }

# Anonymous API and search requests per client (citynet.core.throttle); signed-in people get
# THROTTLE_SIGNED_IN_FACTOR times as many (0: no limit). "" turns a limit off.
THROTTLE_RATES = {
    "api": env("THROTTLE_API_RATE", "120/m"),
    "search": env("THROTTLE_SEARCH_RATE", "30/m"),
}
THROTTLE_SIGNED_IN_FACTOR = int(env("THROTTLE_SIGNED_IN_FACTOR", "10"))
# Background work (search indexing, and later mail and reports). Development runs tasks at once; in
# production set TASKS_BACKEND=database and run `manage.py db_worker` beside the app servers.
TASKS = {
    "default": {
        "BACKEND": "django_tasks_db.backend.DatabaseBackend"
        if env("TASKS_BACKEND") == "database"
        else "django_tasks.backends.immediate.ImmediateBackend"
    }
}

# --- API ---------------------------------------------------------------------------------------
NINJA_PAGINATION_PER_PAGE = 50
NINJA_PAGINATION_MAX_LIMIT = 200

# LOG_FORMAT=json writes one JSON object a line (production's default), each with the request's id.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "citynet.core.logging.RequestIdFilter"}},
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"},
        "json": {"()": "citynet.core.logging.JsonFormatter"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "json" if env("LOG_FORMAT") == "json" else "plain",
            "filters": ["request_id"],
        }
    },
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "INFO")},
    # Django's own request logger repeats what citynet.request already says about each 4xx.
    "loggers": {"django.request": {"level": "ERROR"}, "django.server": {"level": "WARNING"}},
}
SILENCED_SYSTEM_CHECKS = ["models.W047"]  # SQLite ignores nulls_distinct; PostgreSQL enforces it.

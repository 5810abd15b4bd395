"""Production: refuses to start without a real SECRET_KEY; HTTPS everywhere; see docs/deploy.md.

config.wsgi defaults to these settings, so gunicorn never serves the development ones by accident.
"""

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import LOGGING, STORAGES, env

DEBUG = False
SECRET_KEY = env("SECRET_KEY", "")
if not SECRET_KEY or SECRET_KEY.startswith("dev-only") or len(SECRET_KEY) < 50:
    raise ImproperlyConfigured("Set SECRET_KEY to a random string of at least 50 characters.")

SECURE_SSL_REDIRECT = env("SECURE_SSL_REDIRECT", "1") == "1"
# A load balancer probes over plain HTTP on the private network: its checks must not be redirected.
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$"]
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = int(env("SECURE_HSTS_SECONDS", "31536000"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True

# Mail: EMAIL_URL (see base.parse_email_url) or EMAIL_BACKEND; SMTP when neither is set.
if not env("EMAIL_URL"):
    EMAIL_BACKEND = env("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")

# Static files with content hashes in their names (collectstatic writes them and a manifest);
# WhiteNoise serves the hashed names with a year's Cache-Control: max-age and "immutable".
STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "citynet.core.staticfiles.HashedStaticFilesStorage"},
}
# Media (uploaded images and documents) are served by the reverse proxy from MEDIA_ROOT; see
# deploy/nginx.conf. Wagtail's documents go through /documents/ (Django checks their privacy).
MEDIA_ROOT = env("MEDIA_ROOT") or MEDIA_ROOT  # noqa: F405
STATIC_ROOT = env("STATIC_ROOT") or STATIC_ROOT  # noqa: F405

# Background work goes to the database queue; run `manage.py db_worker` beside the app servers.
if env("TASKS_BACKEND", "database") == "database":
    TASKS = {"default": {"BACKEND": "django_tasks_db.backend.DatabaseBackend"}}

# One JSON object a line, with the request id (LOG_FORMAT=plain for a person reading a terminal).
if env("LOG_FORMAT", "json") == "json":
    LOGGING["handlers"]["console"]["formatter"] = "json"

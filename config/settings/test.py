"""Tests: fast hashing, in-memory mail, immediate background tasks."""

from .base import *  # noqa: F403

DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "local": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "local"},
}
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "private": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_AUTOREFRESH = True
LOGGING["root"]["level"] = "WARNING"  # noqa: F405
# The throttle stays on, with limits the suite never reaches; its own tests set low ones.
THROTTLE_RATES = {"api": "100000/m", "search": "100000/m"}
# Tests compute a TOTP code and post it at once; a 30-second period can turn between the two (a rare
# red run: test_open_redirect). Accept the neighbouring period here; production keeps allauth's exact
# period (MFA_TOTP_TOLERANCE = 0).
MFA_TOTP_TOLERANCE = 1

"""The WSGI entry point for gunicorn: production settings unless DJANGO_SETTINGS_MODULE says otherwise.

There is no fallback to the development settings: a server started without configuration refuses to
start (config.settings.prod needs SECRET_KEY) instead of serving with DEBUG on. `make serve` runs
Django's development server through manage.py, which chooses config.settings.dev itself.
"""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.prod")
application = get_wsgi_application()

"""gunicorn for citynet (docs/deploy.md): `gunicorn -c deploy/gunicorn.conf.py`.

Every value can be changed from the environment file without editing this one.
"""

import multiprocessing
import os

wsgi_app = "config.wsgi:application"  # production settings unless DJANGO_SETTINGS_MODULE says otherwise
bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count() * 2 + 1))
# The proxy on the same box sets X-Forwarded-Proto; gunicorn believes it only from these addresses.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1,::1")
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = 20
keepalive = 5
# A fresh worker now and then keeps memory flat; the jitter stops them all restarting at once.
max_requests = 2000
max_requests_jitter = 200
# The app writes one JSON line per request (citynet.request) with its request id; gunicorn's own
# access log would repeat it without the id. Errors go to stderr, which journald keeps.
accesslog = None
errorlog = "-"

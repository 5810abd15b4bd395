"""Throttle anonymous API and search requests, counted in the shared cache.

Every new search query misses the response cache and runs a real search, and every API page can be
asked for at any offset, so these are what a scraper or a careless script costs. Counts live in the
default cache (Redis in production), so every app server sees the same count for a visitor.

Limits come from settings.THROTTLE_RATES ("<count>/<s|m|h>", None for no limit):
- "api": each request under /api/ (counts per client IP for visitors, per account when signed in);
- "search": each search: the site's /<lang>/search/, an API search endpoint (/api/.../search) and any
  API request with a `q` query.
Signed-in people get THROTTLE_SIGNED_IN_FACTOR times the limit (0: not throttled).

Over the limit: a 429 with Retry-After, in the visitor's language: {"detail"} from the API, a page on
the site. The client IP is the one allauth trusts (ALLAUTH_TRUSTED_PROXY_COUNT /
ALLAUTH_TRUSTED_CLIENT_IP_HEADER), so the count is right behind a reverse proxy.
"""

import logging
import re
import time
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ImproperlyConfigured
from django.http import JsonResponse
from django.shortcuts import render
from django.utils.translation import ngettext

log = logging.getLogger(__name__)

_SEARCH_PATH = re.compile(r"^/[a-z]{2}(?:-[a-z]+)?/search/?$")
_PERIODS = {"s": 1, "m": 60, "h": 3600}


@dataclass(frozen=True)
class Rate:
    count: int
    period: int


def parse_rate(value: str | None) -> Rate | None:
    """ "60/m" -> Rate(60, 60). None or "" means no limit."""
    if not value:
        return None
    count, _, unit = value.partition("/")
    if unit not in _PERIODS or not count.isdigit():
        raise ImproperlyConfigured(f"A throttle rate looks like 60/m (per s, m or h), not {value!r}.")
    return Rate(int(count), _PERIODS[unit])


def client_ip(request) -> str:
    from allauth.account.adapter import get_adapter

    try:
        return get_adapter(request).get_client_ip(request) or request.META.get("REMOTE_ADDR", "")
    except ImproperlyConfigured:
        # Fewer X-Forwarded-For entries than trusted proxies: the request did not come through them.
        return request.META.get("REMOTE_ADDR", "")


def buckets_for(request) -> list[str]:
    path = request.path_info
    buckets = []
    if path.startswith("/api/"):
        buckets.append("api")
        if request.GET.get("q") or path.rstrip("/").endswith("/search"):
            buckets.append("search")
    elif _SEARCH_PATH.match(path):
        buckets.append("search")
    return buckets


def _rate_for(bucket: str, signed_in: bool) -> Rate | None:
    rate = parse_rate(getattr(settings, "THROTTLE_RATES", {}).get(bucket))
    if rate is None or not signed_in:
        return rate
    factor = getattr(settings, "THROTTLE_SIGNED_IN_FACTOR", 10)
    return Rate(rate.count * factor, rate.period) if factor else None


def hit(bucket: str, who: str, rate: Rate, now: float | None = None) -> int:
    """Count one request; return 0 when it is within the limit, else the seconds until the window ends."""
    now = time.time() if now is None else now
    window = int(now // rate.period)
    key = f"throttle:{bucket}:{who}:{window}"
    if cache.add(key, 1, timeout=rate.period + 1):
        count = 1
    else:
        try:
            count = cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.set(key, 1, timeout=rate.period + 1)
            count = 1
    if count <= rate.count:
        return 0
    return max(1, int((window + 1) * rate.period - now) + 1)


def too_many_requests(request, retry_after: int):
    message = ngettext(
        "Too many requests. Please wait %(seconds)d second and try again.",
        "Too many requests. Please wait %(seconds)d seconds and try again.",
        retry_after,
    ) % {"seconds": retry_after}
    if request.path_info.startswith("/api/"):
        response = JsonResponse({"detail": message}, status=429)
    else:
        response = render(request, "429.html", {"message": message}, status=429)
    response["Retry-After"] = str(retry_after)
    return response


class ThrottleMiddleware:
    """Place after the locale and authentication middleware: it needs the language and the user."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        buckets = buckets_for(request)
        if buckets:
            user = getattr(request, "user", None)
            signed_in = bool(user and user.is_authenticated)
            who = f"user:{user.pk}" if signed_in else f"ip:{client_ip(request)}"
            for bucket in buckets:
                rate = _rate_for(bucket, signed_in)
                if rate is None:
                    continue
                retry_after = hit(bucket, who, rate)
                if retry_after:
                    log.warning("throttled", extra={"bucket": bucket, "client": who, "path": request.path})
                    return too_many_requests(request, retry_after)
        return self.get_response(request)

"""The public face of events: the list (upcoming, then past), an event's page with its registration box,
its iCalendar file, a region's calendar feed, and the downloads of its public documents.

Everything here reads public events only (selectors/public.py: published and cancelled, never a draft,
for staff too: they see drafts in the admin) and is the same for every visitor, except the registration
box, which tells a signed-in visitor where their own participation stands. Whether registration is open
is decided at each request; never a participant's name on any of these pages or files.
"""

import mimetypes
import re

from django.core.cache import cache
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import NoReverseMatch, path, reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET

from citynet.core.cache import FRAGMENT_SECONDS, registry_version
from citynet.core.i18n import current_language
from citynet.grants.uploads import download

from .. import calendars, permissions
from ..models import EventDocument, EventKind, EventStatus, RegistrationMode
from ..selectors import figures as figures_selectors
from ..selectors import public as selectors
from ..services.seats import seats_of

SLUG = re.compile(r"^[-a-zA-Z0-9_]{1,80}$")
YEAR = re.compile(r"^\d{4}$")
# Never served inline, and never as a type a browser would run.
UNSAFE_TYPES = {"text/html", "image/svg+xml", "application/xhtml+xml", "text/xml", "application/xml"}


def _filters(request, options: dict) -> selectors.Filters:
    """The list's filters from the query string; anything unknown is ignored (never an error)."""
    region = request.GET.get("region", "")
    kind = request.GET.get("kind", "")
    topic = request.GET.get("topic", "")
    year = request.GET.get("year", "")
    return selectors.Filters(
        region=region if SLUG.match(region) and region in {r.slug for r in options["regions"]} else "",
        kind=kind if kind in EventKind.values else "",
        topic=topic if SLUG.match(topic) and topic in {t.slug for t in options["topics"]} else "",
        year=int(year) if YEAR.match(year) and int(year) in options["years"] else None,
    )


def figures_line(figures: figures_selectors.Figures) -> str:
    """ "12 participants · 5 cities · 3 countries (as reported)": a card's figures, in the visitor's language."""
    parts = []
    if figures.participants:
        parts.append(
            ngettext("%(n)s participant", "%(n)s participants", figures.participants) % {"n": figures.participants}
        )
    if figures.cities:
        parts.append(ngettext("%(n)s city", "%(n)s cities", figures.cities) % {"n": figures.cities})
    if figures.countries:
        parts.append(ngettext("%(n)s country", "%(n)s countries", figures.countries) % {"n": figures.countries})
    line = " · ".join(parts)
    if not figures.reported:
        return line
    reported = _("as reported")  # outside the f-string: xgettext does not look inside one
    return f"{line} ({reported})"


@require_GET
def event_list(request):
    """Upcoming events (soonest first), then past ones (latest first), filtered, a page at a time.

    The cards' facts are read as values with their labels said in the selector; their figures are
    counted at each request (one query for the page)."""
    reads = selectors.list_reads()
    options = selectors.filter_options(reads)
    filters = _filters(request, options)
    events = selectors.list_events(filters, reads=reads)
    page = Paginator(events, selectors.PAGE_SIZE).get_page(request.GET.get("page"))
    events = list(page.object_list)
    for event in events:
        event.figures_line = figures_line(event.figures) if event.figures.known else ""
    query = "&".join(
        f"{name}={value}"
        for name, value in (
            ("region", filters.region),
            ("kind", filters.kind),
            ("topic", filters.topic),
            ("year", filters.year or ""),
        )
        if value
    )
    return render(
        request,
        "events/public/event_list.html",
        {
            **options,
            "filters": filters,
            "page": page,
            "events": events,
            "upcoming": [event for event in events if event.is_upcoming],
            "past": [event for event in events if not event.is_upcoming],
            "query": query,
            "detail_prefix": reverse("events:detail", args=["-"])[:-2],
            "registry_version": reads.version,
            "feed_url": reverse("events:feed") + (f"?region={filters.region}" if filters.region else ""),
        },
    )


def _register_url(event) -> str | None:
    """The registration form (the participants' area), or None while it is not there."""
    try:
        return reverse("events:register", args=[event.slug])
    except NoReverseMatch:
        return None


def _delegates_url(event, user) -> str | None:
    """A focal point's page for their city's delegates, while registration is open (None otherwise)."""
    if not event.registration_is_open() or not permissions.focal_point_city_ids(user):
        return None
    try:
        return reverse("events:delegates", args=[event.slug])
    except NoReverseMatch:
        return None


def registration_box(event, user) -> dict:
    """What the event's registration box says to `user` now.

    `state`: "cancelled", "over", "registered" (the visitor's own live participation), "invitation"
    (open, by invitation only), "open" or "waiting_list" (the Register button: a place, or a place on the
    waiting list when no seat is free), "not_yet" (the window opens later), "closed", "none" (no
    registration on this site). The button shows only for "open" and "waiting_list".
    """
    box = {"state": "none", "participation": None, "register_url": None, "seats": None}
    if event.status == EventStatus.CANCELLED:
        box["state"] = "cancelled"
        return box
    if event.has_ended():
        box["state"] = "over"
        return box
    own = selectors.own_participation(event, user)
    if own is not None:
        box.update(state="registered", participation=own)
        return box
    if event.registration_mode == RegistrationMode.NONE:
        return box
    if not event.registration_is_open():
        opens = event.registration_opens_at
        box["state"] = "not_yet" if opens and timezone.now() < opens else "closed"
        return box
    if event.registration_mode == RegistrationMode.INVITATION:
        box["state"] = "invitation"
        return box
    seats = seats_of(event)
    box["seats"] = seats
    box["state"] = "waiting_list" if seats.free == 0 else "open"
    box["register_url"] = _register_url(event)
    return box


@require_GET
def event_detail(request, slug):
    """An event's public page: when, where, what, who organises and speaks (those who agreed to be
    listed), its programme on its own clock, documents, takeaways, commitments and figures."""
    found = selectors.get_event(slug)
    if found is None:
        raise Http404
    event = found["event"]
    context = {
        **found,
        "box": registration_box(event, request.user),
        "delegates_url": _delegates_url(event, request.user),
        "has_calendar": calendars.is_calendar_ready(event),
        "zone_name": event.time_zone,
    }
    return render(request, "events/public/event_detail.html", context)


def _calendar_response(body: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(body, content_type=calendars.CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


@require_GET
def event_ics(request, slug):
    """One event as an iCalendar file (an event known only to the month or year has none: 404)."""
    found = selectors.calendar_event(slug)
    if found is None or not calendars.is_calendar_ready(found["event"]):
        raise Http404
    event = found["event"]
    url = request.build_absolute_uri(reverse("events:detail", args=[event.slug]))
    body = calendars.event_calendar(event, found["sessions"], url)
    return _calendar_response(body, f"{event.slug}.ics")


@require_GET
def calendar_feed(request):
    """A region's events (with the network-wide ones), upcoming and of the last year, as an iCalendar
    feed to subscribe to; without a region, every public event. Cached per language and registry version."""
    region_slug = request.GET.get("region", "")
    region = None
    if region_slug:
        if not SLUG.match(region_slug):
            raise Http404
        region = next((r for r in selectors.region_choices() if r.slug == region_slug), None)
        if region is None:
            raise Http404
    key = (
        f"citynet:events:{registry_version()}:{selectors.today()}:feed:{current_language()}:"
        f"{request.get_host()}:{region_slug}"
    )
    body = cache.get(key)
    if body is None:
        prefix = request.build_absolute_uri(reverse("events:detail", args=["-"]))[:-2]
        name = _("Events: %(region)s") % {"region": calendars.text_of(region, "name")} if region else _("Events")
        body = calendars.feed_calendar(name, selectors.feed_events(region), lambda event: f"{prefix}{event.slug}/")
        cache.set(key, body, FRAGMENT_SECONDS)
    return _calendar_response(body, f"events-{region_slug or 'all'}.ics")


@require_GET
def document_download(request, slug, pk):
    """A document of an event, as a download: public ones for everyone, the others for the event's staff."""
    document = get_object_or_404(EventDocument.objects.select_related("event"), pk=pk, event__slug=slug)
    if not permissions.can_see_document(request.user, document):
        raise Http404
    name = document.file.name.rsplit("/", 1)[-1]
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    content_type = mimetypes.guess_type(name)[0] or "application/octet-stream"
    if content_type in UNSAFE_TYPES:
        content_type = "application/octet-stream"
    filename = slugify(calendars.text_of(document, "title")) or "document"
    return download(
        document.file, filename=f"{filename}.{extension}" if extension else filename, content_type=content_type
    )


# "events/calendar.ics" before "events/<slug>/" (a slug cannot hold a dot, but be plain about the order).
urlpatterns = [
    path("events/", event_list, name="list"),
    path("events/calendar.ics", calendar_feed, name="feed"),
    path("events/<slug:slug>/", event_detail, name="detail"),
    path("events/<slug:slug>/event.ics", event_ics, name="ics"),
    path("events/<slug:slug>/documents/<int:pk>/", document_download, name="document"),
]

"""The public face of grants: the calls (open, upcoming, the archive), a call's page, the award
announcements, and the open calls as JSON Feed and Atom for partner sites.

Everything here reads published records only (selectors/public.py) and is the same for every visitor,
except the "Apply" form (its CSRF token). Whether a call is open is decided at each request.
"""

import datetime
import json
import re

from django.contrib.syndication.views import Feed
from django.core.serializers.json import DjangoJSONEncoder
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import NoReverseMatch, path, reverse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET
from django_countries import countries

from citynet.core.i18n import current_language, translated
from citynet.network.models import OrganisationKind

from ..models import Stage
from ..selectors import public as selectors

SLUG = re.compile(r"^[-a-zA-Z0-9_]{1,80}$")
JSON_FEED_VERSION = "https://jsonfeed.org/version/1.1"


def text_of(obj, field: str) -> str:
    resolved = translated(obj, field)
    return resolved.text if resolved else ""


def _regions() -> list:
    """The regions that have published calls, for the list's filter (from the cached calls: no query)."""
    regions = {}
    for call in selectors.list_calls():
        regions.setdefault(call.region.slug, call.region)
    return sorted(regions.values(), key=lambda r: r.name_en)


def _region_param(request) -> str | None:
    slug = request.GET.get("region", "")
    return slug if SLUG.match(slug) else None


def _utc_offset(moment: datetime.datetime) -> str:
    """ "UTC+01:00" for a moment in its zone."""
    offset = moment.utcoffset() or datetime.timedelta(0)
    sign = "-" if offset < datetime.timedelta(0) else "+"
    minutes = abs(int(offset.total_seconds())) // 60
    return f"UTC{sign}{minutes // 60:02d}:{minutes % 60:02d}"


def _apply_url(call) -> str | None:
    """The applicant's form for `call` (the applying area's page), or None while it is not there."""
    try:
        return reverse("grants:call-apply", args=[call.slug])
    except NoReverseMatch:
        return None


@require_GET
def call_list(request):
    """Open calls first (soonest deadline first), then upcoming ones, then the archive; by region."""
    regions = _regions()
    region = _region_param(request)
    if region not in {r.slug for r in regions}:
        region = None
    overview = selectors.calls_overview(region=region)
    return render(
        request,
        "grants/public/call_list.html",
        {**overview, "regions": regions, "region": region, "now": timezone.now()},
    )


@require_GET
def call_detail(request, slug):
    """A published call's page: what it funds, who may apply, its deadline in two time zones and a countdown."""
    found = selectors.get_call(slug)
    if found is None:
        raise Http404
    call = found["call"]
    now = timezone.now()
    phase = selectors.phase_of(call, now)
    closes_local = call.closes_at.astimezone(call.zone)
    context = {
        **found,
        "phase": phase,
        "is_open": phase == selectors.Phase.OPEN,
        "apply_url": _apply_url(call) if phase == selectors.Phase.OPEN else None,
        # Two-stage calls: once expressions of interest close, the invited send full proposals until theirs.
        "full_proposals_url": _apply_url(call)
        if phase == selectors.Phase.CLOSED and now < call.closes_at_for(Stage.FULL)
        else None,
        "closes_local": closes_local,
        "closes_offset": _utc_offset(closes_local),
        "opens_local": call.opens_at.astimezone(call.zone),
        "full_closes_local": call.full_proposals_close_at.astimezone(call.zone)
        if call.full_proposals_close_at
        else None,
        "has_rules": bool(
            call.eligible_kinds or call.eligible_countries or call.min_years_founded or call.requires_member_partner
        ),
        "eligible_kinds": [label for value, label in OrganisationKind.choices if value in (call.eligible_kinds or [])],
        "eligible_countries": [countries.name(code) or code for code in call.eligible_countries or []],
    }
    return render(request, "grants/public/call_detail.html", context)


@require_GET
def award_detail(request, slug):
    """An award's announcement: who won, with which partner municipality, in which call, how much."""
    award = selectors.get_award(slug)
    if award is None:
        raise Http404
    return render(request, "grants/public/award_detail.html", {"award": award, "call": award.call})


# --- Feeds for partner sites ---------------------------------------------------------------------------


def _embeddable(response: HttpResponse) -> HttpResponse:
    """Any site may read the feeds from a browser (they hold only what the public pages show)."""
    response["Access-Control-Allow-Origin"] = "*"
    return response


def _feed_title(region) -> str:
    return _("Open grant calls") if not region else _("Open grant calls: %(region)s") % {"region": region}


def _call_item(request, call) -> dict:
    url = request.build_absolute_uri(reverse("grants:call-detail", args=[call.slug]))
    summary = text_of(call, "summary")
    return {
        "id": url,
        "url": url,
        "title": text_of(call, "title"),
        "summary": summary,
        "content_text": text_of(call, "description") or summary,
        "date_published": call.opens_at,
        "date_modified": call.updated_at,
        "tags": [call.region.slug, *(["demo"] if call.is_demo else [])],
        "_citynet": {
            "closes_at": call.closes_at,
            "time_zone": call.time_zone,
            "region": call.region.slug,
            "currency": call.currency,
            "min_award": str(call.min_award),
            "max_award": str(call.max_award),
            "is_demo": call.is_demo,
        },
    }


@require_GET
def calls_feed_json(request):
    """The open calls as a JSON Feed 1.1 document (https://jsonfeed.org/version/1.1), in the page's language."""
    region = _region_param(request)
    calls = selectors.list_open_calls(region=region)
    region_name = next((text_of(c.region, "name") for c in calls), region) if region else None
    home = reverse("grants:call-list") + (f"?region={region}" if region else "")
    feed = {
        "version": JSON_FEED_VERSION,
        "title": _feed_title(region_name),
        "home_page_url": request.build_absolute_uri(home),
        "feed_url": request.build_absolute_uri(request.get_full_path()),
        "language": current_language(),
        "items": [_call_item(request, call) for call in calls],
    }
    body = json.dumps(feed, cls=DjangoJSONEncoder, ensure_ascii=False)
    return _embeddable(HttpResponse(body, content_type="application/feed+json; charset=utf-8"))


class OpenCallsFeed(Feed):
    """The open calls as Atom (django.contrib.syndication); one instance per request (it keeps the request)."""

    feed_type = Atom1Feed

    def get_object(self, request, *args, **kwargs):
        self.request = request
        return _region_param(request)

    def title(self, region):
        return _feed_title(region)

    def link(self, region):
        return reverse("grants:call-list") + (f"?region={region}" if region else "")

    def subtitle(self, region):
        return _("Calls for proposals open now, with their deadlines.")

    def items(self, region):
        return selectors.list_open_calls(region=region)

    def item_title(self, call):
        return text_of(call, "title")

    def item_description(self, call):
        deadline = call.closes_at.astimezone(call.zone)
        return _("%(summary)s Deadline: %(deadline)s (%(zone)s).") % {
            "summary": text_of(call, "summary"),
            "deadline": deadline.strftime("%Y-%m-%d %H:%M:%S"),
            "zone": call.time_zone,
        }

    def item_link(self, call):
        return reverse("grants:call-detail", args=[call.slug])

    def item_guid(self, call):
        return self.request.build_absolute_uri(self.item_link(call))

    def item_pubdate(self, call):
        return call.opens_at

    def item_updateddate(self, call):
        return call.updated_at

    def item_categories(self, call):
        return [call.region.slug]


@require_GET
def calls_feed_atom(request):
    return _embeddable(OpenCallsFeed()(request))


# "calls/" and "awards/" come before the hub's region catch-all (config/urls.py includes grants first).
urlpatterns = [
    path("calls/", call_list, name="call-list"),
    path("calls/feed.json", calls_feed_json, name="call-feed-json"),
    path("calls/feed.atom", calls_feed_atom, name="call-feed-atom"),
    path("calls/<slug:slug>/", call_detail, name="call-detail"),
    path("awards/<slug:slug>/", award_detail, name="award-detail"),
]

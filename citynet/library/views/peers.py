"""Peer cities on the public site: the municipalities that worked on a topic, what they did (with links to
the events, consultations, awards and case studies that say so) and their public focal point, filtered by
topic, region and country, 25 cities a page.

The reads are selectors/peers.py; the page is the same for every visitor (only public records), in a fixed
number of queries.
"""

from django.shortcuts import render
from django.urls import path
from django.views.decorators.http import require_GET

from citynet.core.links import link_to

from ..selectors import peers as selectors

LINKS = {
    selectors.Kind.HOSTED: "events:detail",
    selectors.Kind.TOOK_PART: "events:detail",
    selectors.Kind.CONSULTATION: "advisory:consultation",
    selectors.Kind.AWARD: "grants:award-detail",
    selectors.Kind.CASE_STUDY: "library:resource",
}


@require_GET
def peer_cities(request):
    """Cities that worked on a topic (any, when none is chosen), in a region or a country, by name; values
    that mean nothing are ignored (never an error)."""
    filters = selectors.PeerFilters.from_query(request.GET)
    found = selectors.peer_cities(filters.topic, filters.region, filters.country, page=request.GET.get("page") or 1)
    links = {kind: link_to(name) for kind, name in LINKS.items()}
    profile = link_to("hub:municipality-detail")
    for city in found.cities:
        city.url = profile(city.municipality.slug)
        for activity in city.activities:
            activity.url = links[activity.kind](activity.slug)
    options = selectors.filter_options()
    topic = next((t for t in options["topics"] if t.slug == filters.topic), None)
    return render(
        request,
        "library/public/peer_cities.html",
        {
            "found": found,
            "page": found.page,
            "cities": found.cities,
            "filters": filters,
            "topic": topic,
            "query": filters.query,
            "options": options,
        },
    )


urlpatterns = [path("peer-cities/", peer_cities, name="peer-cities")]

"""The region's capacity by area, for the region's staff, on the site's side (/<lang>/advisory/capacity/<region>/).

The heat map of the region's cities x capacity areas (each city's latest final assessment), the areas'
summaries and where a training or a grant would help most. It lives here rather than in the admin because
the Wagtail admin's frame (its menus and their permission checks) alone cost ten times a bare page, and a
region with 2,000 assessed cities is read often while planning trainings and grant calls; the admin's
"Capacity by region" lists the regions and links here, and keeps the exports.

Who may: the region's staff (the secretariat, the region's coordinators), with their second factor; a
region they do not run is a 404, the anonymous get the sign-in page. The map itself is kept per region
(`selectors.assessments.region_heat_map`), and so is each of its pages' markup: a page is the session, the
actor's roles and the region.
"""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import path
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_safe

from citynet.accounts.second_factor import second_factor_required
from citynet.core.cache import registry_version, remembered
from citynet.network.models import Region

from .. import permissions
from ..selectors import assessments as selectors

PAGE_SIZE = 50
COMPARE = "advisory_assessments:compare"  # a city's comparison, in the admin


def regions_by_slug() -> dict[str, Region]:
    """Every region by its slug (a handful), kept per registry version: shared by readers, never changed."""
    return remembered(
        f"citynet:advisory:regions-by-slug:{registry_version()}", lambda: {r.slug: r for r in Region.objects.all()}
    )


def heat_map_or_404(request, region_slug):
    """The region's heat map, if the person runs advisory work there; a 404 otherwise (the region does not
    exist for them)."""
    if not permissions.can_run_advisory(request.user):
        raise Http404
    region = regions_by_slug().get(region_slug)
    heat_map = selectors.region_heat_map(request.user, region) if region else None
    if heat_map is None:
        raise Http404
    return heat_map


@login_required
@second_factor_required
@require_safe
def capacity(request, region_slug):
    """The region's heat map, the cities a page at a time (a region may have thousands); the summaries and
    the priorities are over all of them."""
    heat_map = heat_map_or_404(request, region_slug)
    page = Paginator(heat_map.rows, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "advisory/capacity/region.html",
        {"heat_map": heat_map, "page": page, "heat_map_html": heat_map_html(heat_map, page)},
    )


def heat_map_html(heat_map, page) -> str:
    """The map's page as markup, kept with the map (`selectors.heat_map_key`: per region, language and the
    data's versions): the same for every member of the region's staff, who asked for it already; a
    region's 600 cells a page and its summaries cost more to write than the rest of the page."""
    html = remembered(
        f"{selectors.heat_map_key(heat_map.region)}:page:{page.number}:{PAGE_SIZE}",
        lambda: render_to_string(
            "advisory/includes/heat_map.html",
            {"heat_map": heat_map, "rows": page.object_list, "page": page, "compare_url_name": COMPARE},
        ),
    )
    return mark_safe(html)  # noqa: S308 (the template's own output, escaped as it was written)


urlpatterns = [
    path("advisory/capacity/<slug:region_slug>/", capacity, name="capacity"),
]

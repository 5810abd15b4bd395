"""Public profile pages and a focal point's edit of their city's profile."""

import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.core.serializers.json import DjangoJSONEncoder
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods
from wagtail import hooks
from wagtail import views as wagtail_views

from citynet.accounts.second_factor import second_factor_required
from citynet.advisory.views import public as advisory
from citynet.core.cache import cache_public_response
from citynet.core.exceptions import Conflict, DomainError
from citynet.events.selectors import public as events
from citynet.library.views import public as library
from citynet.network import selectors as network
from citynet.network import services
from citynet.network.models import Municipality
from citynet.network.permissions import can_edit_municipality_profile

from . import selectors
from .forms import MunicipalityProfileForm

# The tree's root (1), a site's home page (2), its region pages (3).
REGION_PAGE_DEPTH = 3


def region_hub(request, slug):
    """A region's hub page, found with one query instead of Wagtail's walk down the page tree.

    The benchmark measured Wagtail's routing at 7 queries and most of the page's time once the
    region's data is cached. Anything that is not a live region page goes to Wagtail's own router,
    and the page is served through the same hooks (view restrictions, ...) as Wagtail serves it.
    """
    page = selectors.live_region_page(language=get_language(), slug=slug, depth=REGION_PAGE_DEPTH)
    if page is None:
        return wagtail_views.serve(request, f"{slug}/")
    serve = wagtail_views.serve_chain
    for wrap in reversed(hooks.get_hooks("on_serve_page")):
        serve = wrap(serve)
    for before in hooks.get_hooks("before_serve_page"):
        result = before(page, request, (), {})
        if isinstance(result, HttpResponse):
            return result
    return serve(page, request, (), {})


MEMBERS_PER_PAGE = 100


def region_members(request, region):
    """The directory of a region's members on record, by country, a page at a time."""
    region_obj = get_object_or_404(network.list_regions(), slug=region)
    countries = list(network.list_countries(region=region_obj))
    country = request.GET.get("country", "").upper()
    if country not in {str(c.code) for c in countries}:
        country = ""
    members = selectors.region_members_list(region_obj, country=country)
    page = Paginator(members, MEMBERS_PER_PAGE).get_page(request.GET.get("page"))
    # Each row's link from one reversed URL (a slug needs no quoting), not a `{% url %}` per row.
    prefix = reverse("hub:municipality-detail", args=["-"])[:-2]
    for municipality in page.object_list:
        municipality.detail_url = f"{prefix}{municipality.slug}/"
    return render(
        request,
        "hub/region_members.html",
        {"region": region_obj, "countries": countries, "country": country, "page": page},
    )


# As `json_script` writes it: markup in a name stays data even if the JSON is ever put in a page.
_JSON_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


@require_GET
@cache_public_response
def region_map_points(request, region):
    """The hub map's markers, one per member on record with a place, as JSON for map.js.

    Kept out of the hub page, which is rendered for every visitor; cached per language and registry
    version like any public response.
    """
    region_obj = get_object_or_404(network.list_regions(), slug=region)
    body = json.dumps({"points": selectors.region_map_points(region_obj)}, cls=DjangoJSONEncoder)
    return HttpResponse(body.translate(_JSON_ESCAPES), content_type="application/json")


def municipality_detail(request, slug):
    record = selectors.municipality_record(slug)
    if record is None:
        raise Http404
    municipality = record["municipality"]
    context = selectors.municipality_profile(record)
    context["can_edit"] = can_edit_municipality_profile(request.user, municipality)
    # The events it hosted or its people took part in (public facts only, never who went).
    context["municipality_events"] = events.municipality_events(municipality.pk)
    # Its published consultations and, where the city agreed, its action plan's public part (kept per
    # registry version and language); the link to its own advisory pages only for those who may see them.
    context["municipality_advisory"] = advisory.municipality_advisory(municipality.pk)
    context["advisory_work_url"] = advisory.advisory_work_url(request.user, municipality)
    # Its public case studies (kept once for every language).
    context["municipality_case_studies"] = library.municipality_case_studies(municipality)
    return render(request, "hub/municipality_detail.html", context)


def organisation_detail(request, slug):
    organisation = get_object_or_404(network.list_organisations(), slug=slug)
    return render(request, "hub/organisation_detail.html", selectors.organisation_profile(organisation))


@login_required
@second_factor_required
@require_http_methods(["GET", "POST"])
def municipality_edit(request, slug):
    """A city's public profile, one text per language.

    When someone else saved first (Conflict), nothing is written and the form comes back with the
    person's own text kept, what is saved now shown beside each field, and the version moved on to
    the saved one: saving again applies their text over the other's, deliberately.
    """
    editable = network.municipalities_editable_by(request.user)
    municipality: Municipality = get_object_or_404(editable, slug=slug)
    form = MunicipalityProfileForm(request.POST or None, initial=MunicipalityProfileForm.values_of(municipality))
    conflict = False
    if request.method == "POST" and form.is_valid():
        try:
            services.update_municipality_profile(
                actor=request.user,
                municipality=municipality,
                profile=form.profiles(),
                website=form.cleaned_data["website"],
                expected_version=form.cleaned_data["version"],
            )
        except Conflict as error:
            conflict = True
            form.add_error(None, error.message)
            form.rebase(get_object_or_404(editable, pk=municipality.pk))
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("The profile of %(city)s was saved.") % {"city": municipality.name})
            return redirect("hub:municipality-detail", slug=municipality.slug)
    return render(
        request, "hub/municipality_edit.html", {"municipality": municipality, "form": form, "conflict": conflict}
    )

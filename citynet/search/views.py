"""The site's search page: one box over everything the visitor may find, grouped by kind, with filters."""

from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.shortcuts import render
from django.views.decorators.http import require_GET

from citynet.accounts.second_factor import verified_actor
from citynet.core.cache import cache_anonymous_response

from . import registry, selectors
from .forms import SearchForm
from .services import VERSION_NAME


@require_GET
@cache_anonymous_response(VERSION_NAME)
def search(request):
    form = SearchForm(request.GET or None)
    results = page = None
    filters = selectors.Filters()
    if form.is_bound and form.is_valid():
        filters = form.filters()
        if form.cleaned_data["q"].strip():
            number = form.cleaned_data["page"] or 1
            results = selectors.search(
                verified_actor(request), form.cleaned_data["q"], filters, start=(number - 1) * selectors.PAGE_SIZE
            )
            if filters.kind:
                count = min(results.counts.get(filters.kind, 0), selectors.MAX_PAGE * selectors.PAGE_SIZE)
                page = Paginator(range(count), selectors.PAGE_SIZE).get_page(number)
    chosen = dict(form.cleaned_data) if form.is_bound and form.is_valid() else {}
    kept = {k: v for k, v in chosen.items() if v not in (None, "") and k != "page"}
    return render(
        request,
        "search/results.html",
        {
            "form": form,
            "results": results,
            "filters": filters,
            "chosen": chosen,
            "options": selectors.filter_options(),
            "kinds": [(p.kind, p.plural) for p in registry.providers()],
            "kind_label": selectors.kind_label(filters.kind) if filters.kind else "",
            "page": page,
            "query": urlencode(kept),
            "query_without_kind": urlencode({k: v for k, v in kept.items() if k != "kind"}),
        },
    )

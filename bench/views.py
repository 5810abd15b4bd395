"""The yardsticks the site is measured against, served only under config.settings.bench.

`bare` is the "bare Django view" of PRODUCT.md: one query and a small rendered template, nothing
else. It goes through the same middleware as every page but renders without the site's context
processors, so it measures Django itself, not citynet. `constant` returns a fixed response.
"""

from django.http import HttpResponse
from django.template import loader

from citynet.network.models import Region


def bare(request):
    region = Region.objects.order_by("pk").first()
    html = loader.get_template("bench/bare.html").render({"region": region})
    return HttpResponse(html)


def constant(request):
    return HttpResponse(b"ok", content_type="text/plain")

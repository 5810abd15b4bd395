"""The site's URLs plus two used only by the benchmark (config.settings.bench): the yardsticks."""

from django.urls import path

from bench import views as bench_views

from .urls import handler404, handler500
from .urls import urlpatterns as site_urlpatterns

urlpatterns = [
    path("bench/bare", bench_views.bare, name="bench-bare"),
    path("bench/constant", bench_views.constant, name="bench-constant"),
    *site_urlpatterns,
]

__all__ = ["handler404", "handler500", "urlpatterns"]

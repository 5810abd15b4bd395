"""The advisory work's pages on the public site: the published consultations (views/public.py) and a
city's own advisory pages for its focal point and the region's staff (views/city.py). Staff work is in
the admin (staff/, registered in wagtail_hooks.py)."""

from .views import city, public

app_name = "advisory"

urlpatterns = [*city.urlpatterns, *public.urlpatterns]

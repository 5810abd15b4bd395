"""The advisory work's pages on the public site: the published consultations (views/public.py), a city's
own advisory pages for its focal point and the region's staff (views/city.py), and the region's capacity
for its staff (views/capacity.py). The rest of the staff's work is in the admin (staff/, registered in
wagtail_hooks.py)."""

from .views import capacity, city, public

app_name = "advisory"

urlpatterns = [*capacity.urlpatterns, *city.urlpatterns, *public.urlpatterns]

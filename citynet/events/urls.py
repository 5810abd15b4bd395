"""The events' public and participants' pages (staff work is in the admin: wagtail_hooks.py)."""

from .views import participation, public

app_name = "events"

urlpatterns = [*participation.urlpatterns, *public.urlpatterns]

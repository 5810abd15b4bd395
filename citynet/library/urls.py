"""The library on the public site: its page with filters, a resource's page, its files and covers
(views/public.py)."""

from .views import public

app_name = "library"

urlpatterns = [*public.urlpatterns]

"""The grants' public, applicant and reviewer pages (staff work is in the admin: wagtail_hooks.py)."""

from .views import applying, grantees, public, reviewing

app_name = "grants"

urlpatterns = [*public.urlpatterns, *applying.urlpatterns, *reviewing.urlpatterns, *grantees.urlpatterns]

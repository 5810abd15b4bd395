"""The library on the public site: its page with filters, a resource's page, its files and covers
(views/public.py), and a focal point's own case studies: propose, change, submit (views/proposals.py)."""

from .views import peers, proposals, public

app_name = "library"

urlpatterns = [*proposals.urlpatterns, *public.urlpatterns, *peers.urlpatterns]

"""The staff's admin for the advisory plans (/admin/advisory/...): its viewsets on the core's generic
admin, its own pages, and their permission policies. Registered by ../wagtail_hooks.py."""

# Viewset classes for the "Advisory" menu, in menu order.
VIEWSETS = []
# Permission policy per model, registered before Wagtail asks for one.
POLICIES = {}
# The part's own admin pages (paths below /admin/), each part in a namespace of its own.
urlpatterns = []

"""The published consultations: the list, a consultation's page (what the public may know of a visit)."""

urlpatterns = []

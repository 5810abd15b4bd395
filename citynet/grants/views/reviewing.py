"""TODO(reviewing): filled in by its owner this session."""

urlpatterns = []

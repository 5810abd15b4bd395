"""TODO(public): filled in by its owner this session."""

urlpatterns = []

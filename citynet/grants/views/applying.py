"""TODO(applying): filled in by its owner this session."""

urlpatterns = []

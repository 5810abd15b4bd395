"""A city's own advisory pages, for its focal point and the region's staff: its assessments (scored with
staff while a draft), its action plan and the progress reports on it, the printable plan."""

urlpatterns = []

"""URL x role rows of the staff admin for grants (see ../url_matrix.py for the scene)."""

ROWS = []

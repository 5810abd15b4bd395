"""URL x role rows of staff (see ../url_matrix.py for the scene)."""

ROWS = []

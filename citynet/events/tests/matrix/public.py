"""URL x role rows of public (see ../url_matrix.py for the scene)."""

ROWS = []

"""URL x role rows of api (see ../url_matrix.py for the scene)."""

ROWS = []

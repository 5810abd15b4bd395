"""URL x role rows of applying (see ../url_matrix.py for the scene)."""

ROWS = []

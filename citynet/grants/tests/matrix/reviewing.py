"""URL x role rows of reviewing (see ../url_matrix.py for the scene)."""

ROWS = []

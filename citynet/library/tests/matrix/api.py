"""URL x role rows of the library's api part (the scene is ../url_matrix.py; `extend(scene)` may add what
only these rows need)."""

ROWS = []

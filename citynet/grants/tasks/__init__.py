"""Background work about grants (django-tasks), one module per part of the cycle; enqueued on commit."""

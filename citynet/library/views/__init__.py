"""The library's pages on the public site (views/public.py). The staff's work is in the admin (staff/,
registered in wagtail_hooks.py)."""

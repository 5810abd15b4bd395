"""The library's pages on the public site (views/public.py) and a focal point's own case studies
(views/proposals.py). The staff's work is in the admin (staff/, registered in wagtail_hooks.py)."""

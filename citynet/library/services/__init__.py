"""The library's writes: resources.py (staff: resources, language versions, case studies' bodies) and
proposals.py (a focal point's case study and its review)."""

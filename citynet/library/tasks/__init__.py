"""The library's background work: reading each language version's file for search (extraction.py)."""

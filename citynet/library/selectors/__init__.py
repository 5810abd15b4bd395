"""The library's reads (resources.py), each through permissions.py and with a fixed number of queries."""

"""Reads about grants, one module per part of the cycle."""

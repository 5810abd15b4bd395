"""Writes about grants, one module per part of the cycle: calls, applications, screening, reviews, decisions."""

"""The index's background work: a transaction's touched records indexed again after it commits."""

from django_tasks import task

from . import services


@task()
def reindex_entries(kind: str, ids: list[int]) -> int:
    """Index `kind`'s records `ids` again; returns how many are findable."""
    return services.reindex(kind, ids)

"""Trigram indexes for the registry's search, on PostgreSQL only.

`matching` filters `search_text LIKE '%word%'` for every word of a query; without an index that reads
every row (the benchmark: 50,000 municipalities). A GIN index with pg_trgm's `gin_trgm_ops` answers
such a LIKE from the index for words of three characters or more. SQLite (development, tests) has no
such index and keeps the plain scan: these operations do nothing there, and the models' state does not
change, so `makemigrations` sees nothing to do.
"""

from django.db import migrations

TABLES = ["network_municipality", "network_organisation", "network_person"]


def _index(table: str) -> str:
    return f"{table}_search_trgm"


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    # pg_trgm is a trusted extension (PostgreSQL 13+): a database owner may create it.
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for table in TABLES:
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {_index(table)} ON {table} USING gin (search_text gin_trgm_ops)"
        )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table in TABLES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {_index(table)}")


class Migration(migrations.Migration):
    dependencies = [("network", "0002_indexes")]

    operations = [migrations.RunPython(create, drop, elidable=False)]

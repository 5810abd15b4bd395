"""Indexes that let PostgreSQL walk the municipality list in its order from the index alone.

API pages and the members directory order by (name_en, id) and filter by country (or by the countries
of a region); a page deep into 50,000 municipalities reads every row before it. With the country in
the index, PostgreSQL counts its way to the page with an index-only scan instead of reading each
row (the benchmark: 27 ms down to a few for a region's page at offset 25,000). PostgreSQL only, like
0003: the models' state does not change, and SQLite keeps the (name_en, id) index of 0002.
"""

from django.db import migrations

INDEXES = {
    "municipality_name_en_id_country": "(name_en, id) INCLUDE (country_id)",
    "municipality_country_name_en_id": "(country_id, name_en, id)",
}


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, columns in INDEXES.items():
        schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {name} ON network_municipality {columns}")


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name in INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [("network", "0003_search_text_trigram_indexes")]

    operations = [migrations.RunPython(create, drop, elidable=False)]

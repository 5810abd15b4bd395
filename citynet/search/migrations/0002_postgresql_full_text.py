"""On PostgreSQL: the entries' full-text vector (generated from their words: plain, English, Serbian and
Arabic stemming, names weighted first; and the entry's kind and access level as lexemes of their own,
"xkindxevent", "xaccessxpublic", so that one GIN lookup answers "events the public may find with these
words") with its GIN index, and a trigram index on the terms for the typo corrections. Nothing on SQLite, whose search matches the same words with LIKE (models.py)."""

from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations

VECTOR = """
ALTER TABLE search_entry ADD COLUMN vector tsvector GENERATED ALWAYS AS (
    setweight(to_tsvector('simple'::regconfig, keys), 'A')
    || to_tsvector('simple'::regconfig, words)
    || to_tsvector('english'::regconfig, words)
    || to_tsvector('serbian'::regconfig, words)
    || to_tsvector('arabic'::regconfig, words)
    || array_to_tsvector(ARRAY['xkindx' || kind, 'xaccessx' || access])
) STORED;
CREATE INDEX search_entry_vector ON search_entry USING gin (vector);
CREATE INDEX search_term_trigram ON search_term USING gin (word gin_trgm_ops);
"""

DROP = """
DROP INDEX IF EXISTS search_term_trigram;
DROP INDEX IF EXISTS search_entry_vector;
ALTER TABLE search_entry DROP COLUMN IF EXISTS vector;
"""


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(VECTOR)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP)


class Migration(migrations.Migration):
    dependencies = [("search", "0001_initial")]

    operations = [TrigramExtension(), migrations.RunPython(forwards, backwards)]

"""The search index: one entry per findable record, and the words of names to correct typos against.

Entries are derived data: each app's provider (registry.py) says what a record contributes, services.py
writes them on commit of every change, and `manage.py rebuild_search_index` writes them all again. On
PostgreSQL the entry also has a `vector` column (a generated tsvector over its words: simple, English,
Serbian and Arabic stemming) with a GIN index, and the terms a trigram index; migration 0002 adds them,
so that Django's models stay the same on SQLite.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Entry(models.Model):
    kind = models.CharField(_("kind"), max_length=30)
    object_id = models.PositiveBigIntegerField()
    route = models.CharField(max_length=80)
    route_key = models.CharField(max_length=200)
    titles = models.JSONField(default=dict)
    summaries = models.JSONField(default=dict)
    access = models.CharField(max_length=10, default="public")
    available_on = models.DateField(null=True, blank=True)
    country = models.CharField(max_length=2, blank=True)
    year = models.PositiveSmallIntegerField(null=True, blank=True)
    is_demo = models.BooleanField(default=False)
    # " region:3 country:XK topic:5 language:ar ": one LIKE per filter, on both databases.
    facets = models.TextField(blank=True, default="")
    # Folded words, space-separated with a space at each end: the names' (`keys`) and everything's (`words`).
    keys = models.TextField(blank=True, default="")
    words = models.TextField(blank=True, default="")
    # The record's own text, as written, for the results' passages.
    text = models.TextField(blank=True, default="")
    sort_title = models.CharField(max_length=200, blank=True, default="")
    indexed_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("search entry")
        verbose_name_plural = _("search entries")
        constraints = [models.UniqueConstraint(fields=["kind", "object_id"], name="search_entry_one_per_record")]
        # No index on kind or access: on PostgreSQL they are lexemes of the GIN-indexed vector (0002), and a
        # btree on them led the planner to read every row of a kind rather than the few the words match.

    def __str__(self):
        return f"{self.kind} {self.object_id}"


class Term(models.Model):
    """A word of some record's name or title (folded, five letters or more): what a mistyped word is
    corrected to. Kept until the next rebuild (a stale one only offers a correction that finds nothing)."""

    word = models.CharField(max_length=80, primary_key=True)

    class Meta:
        verbose_name = _("search term")
        verbose_name_plural = _("search terms")

    def __str__(self):
        return self.word

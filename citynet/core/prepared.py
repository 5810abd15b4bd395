"""Queries compiled once per process and run again with another value: for the hottest public reads.

Building and compiling a queryset with many columns and subqueries costs more than running it (an
event's page: about 1.5 ms to compile its query, 1 ms to run it on PostgreSQL). Django has no prepared
queries, so this keeps the SQL that Django compiled for a queryset built around a placeholder value, and
runs that SQL with the real value through the model's `raw()` (public API: model instances, the
annotations as attributes, the fields' converters applied). Written by hand because no library does it.

Use it only for a read whose queryset is the same every time but for one value, and which is not
joined with `select_related` (`raw()` maps columns by name: bring related values as annotations).
"""

from collections.abc import Callable
from threading import Lock

from django.db import DEFAULT_DB_ALIAS, connections
from django.db.models import QuerySet
from django.db.models.query import RawQuerySet

PLACEHOLDER = "\x00citynet-prepared-value\x00"


class PreparedQuery:
    """`build(*placeholders)` returns the queryset; `raw(*values)` runs its SQL, compiled once per database.

    Each placeholder must reach the SQL as exactly one parameter (checked when compiling): a filter on
    a slug (the default placeholder is a string), or on a fixed number of ids (give as many integer
    placeholders, values no row has). Values are never spliced into the SQL text: the database driver
    passes them as parameters, as for any query."""

    def __init__(self, build: Callable[..., QuerySet], *placeholders):
        self.build = build
        self.placeholders = placeholders or (PLACEHOLDER,)
        self._compiled: dict[str, tuple] = {}
        self._lock = Lock()

    def compile(self, using: str = DEFAULT_DB_ALIAS) -> tuple:
        """(model, sql, params, the positions of the values among the params) for the database `using`."""
        compiled = self._compiled.get(using)
        if compiled is None:
            with self._lock:
                queryset = self.build(*self.placeholders)
                sql, params = queryset.query.get_compiler(using=using).as_sql()
                positions = []
                for placeholder in self.placeholders:
                    found = [i for i, param in enumerate(params) if param == placeholder]
                    if len(found) != 1:
                        raise ValueError(
                            f"each value must be one parameter of the query, {placeholder!r} is {len(found)}"
                        )
                    positions.append(found[0])
                compiled = self._compiled[using] = (queryset.model, sql, tuple(params), tuple(positions))
        return compiled

    def raw(self, *values, using: str = DEFAULT_DB_ALIAS) -> RawQuerySet:
        model, sql, params, positions = self.compile(using)
        if len(values) != len(positions):
            raise TypeError(f"{len(positions)} values expected, {len(values)} given")
        params = list(params)
        for position, value in zip(positions, values, strict=True):
            params[position] = value
        return RawQuerySet(sql, model=model, params=params, using=using)

    def rows(self, *values, using: str = DEFAULT_DB_ALIAS) -> list[dict]:
        """The rows as plain dicts by column name: no model instances, for reads of many rows whose
        columns the database already gives as Python values (text, numbers, dates; both PostgreSQL and
        Django's SQLite connection convert dates and booleans). Related columns need annotation names."""
        _model, sql, params, positions = self.compile(using)
        params = list(params)
        for position, value in zip(positions, values, strict=True):
            params[position] = value
        with connections[using].cursor() as cursor:
            cursor.execute(sql, params)
            names = [column[0] for column in cursor.description]
            return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]

    def first(self, *values, using: str = DEFAULT_DB_ALIAS):
        """The first row as a model instance, or None."""
        return next(iter(self.raw(*values, using=using)), None)

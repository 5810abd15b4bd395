"""Queries compiled once per process and run again with other values: for the hottest public reads.

Building and compiling a queryset with many columns and subqueries costs more than running it (an
event's page: about 1.5 ms to compile its query, 1 ms to run it), and on PostgreSQL planning such a
query costs the database more than executing it (0.6 ms against 0.2 ms). Django has neither prepared
queries nor prepared statements (it binds parameters on the client), so this keeps what Django compiled
for a queryset built around placeholder values (its SQL, the columns' converters, where the model's
fields and the annotations sit in a row) and runs that SQL again with the real values:

- on PostgreSQL as a server-side prepared statement (planned once per database connection) through a
  server-binding cursor of psycopg, wrapped by Django as any cursor is (so the query is counted by
  the tests' query budgets and logged in DEBUG). Django's own cursors never prepare: only these
  queries do. Off with `PREPARED_STATEMENTS = False` (e.g. behind a PgBouncer in transaction mode
  older than 1.21, which cannot keep prepared statements);
- elsewhere (SQLite) as plain SQL through Django's cursor.

The rows get the same converters as the queryset's own (dates, JSON, time zones), and come back as
model instances (`first`, `instances`: the model's loaded fields, the annotations as attributes) or
plain dicts (`rows`). Written by hand because neither Django nor a library does it.

Use it only for a read whose queryset is the same every time but for its values, and which is not
joined with `select_related` (bring related values as annotations).
"""

from collections.abc import Callable
from threading import Lock

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.models import QuerySet

PLACEHOLDER = "\x00citynet-prepared-value\x00"


class Compiled:
    """What running the query needs, for one database: SQL, parameters, converters, row layout."""

    def __init__(self, queryset: QuerySet, using: str, placeholders: tuple):
        compiler = queryset.query.get_compiler(using=using)
        sql, params = compiler.as_sql()
        self.positions = []
        for placeholder in placeholders:
            found = [i for i, param in enumerate(params) if param == placeholder]
            if len(found) != 1:
                raise ValueError(f"each value must be one parameter of the query, {placeholder!r} is {len(found)}")
            self.positions.append(found[0])
        if compiler.klass_info and compiler.klass_info.get("related_klass_infos"):
            raise ValueError("select_related is not supported: bring related values as annotations")
        self.model = queryset.model
        self.sql, self.params = sql, tuple(params)
        selected = compiler.select[: compiler.col_count] if compiler.col_count else compiler.select
        self.converters = compiler.get_converters([column for column, _sql, _alias in selected])
        self.apply_converters = compiler.apply_converters
        self.names = [alias or column.target.attname for column, _sql, alias in selected]
        fields = compiler.klass_info["select_fields"] if compiler.klass_info else []
        self.fields = (fields[0], fields[-1] + 1) if fields else None
        self.field_names = [self.names[i] for i in fields]
        self.annotations = dict(compiler.annotation_col_map or {})

    def params_with(self, values: tuple) -> list:
        if len(values) != len(self.positions):
            raise TypeError(f"{len(self.positions)} values expected, {len(values)} given")
        params = list(self.params)
        for position, value in zip(self.positions, values, strict=True):
            params[position] = value
        return params


class PreparedQuery:
    """`build(*placeholders)` returns the queryset; `first`, `instances` and `rows` run its SQL with
    other values, compiled once per database.

    Each placeholder must reach the SQL as exactly one parameter (checked when compiling): a filter on
    a slug (the default placeholder is a string), or on a fixed number of ids (give as many integer
    placeholders, values no row has). Values are never spliced into the SQL text: they are passed to
    the database as parameters, as for any query."""

    def __init__(self, build: Callable[..., QuerySet], *placeholders):
        self.build = build
        self.placeholders = placeholders or (PLACEHOLDER,)
        self._compiled: dict[str, Compiled] = {}
        self._lock = Lock()

    def compile(self, using: str = DEFAULT_DB_ALIAS) -> Compiled:
        compiled = self._compiled.get(using)
        if compiled is None:
            with self._lock:
                compiled = self._compiled[using] = Compiled(self.build(*self.placeholders), using, self.placeholders)
        return compiled

    def _fetch(self, values: tuple, using: str) -> tuple[Compiled, list]:
        compiled = self.compile(using)
        params = compiled.params_with(values)
        connection = connections[using]
        if connection.vendor == "postgresql" and getattr(settings, "PREPARED_STATEMENTS", True):
            cursor = _preparing_cursor(connection)
        else:
            cursor = connection.cursor()
        with cursor:
            cursor.execute(compiled.sql, params)
            rows = cursor.fetchall()
        if compiled.converters:
            rows = list(compiled.apply_converters(rows, compiled.converters))
        return compiled, rows

    def rows(self, *values, using: str = DEFAULT_DB_ALIAS) -> list[dict]:
        """The rows as plain dicts by column name (model fields by attname, annotations by name)."""
        compiled, rows = self._fetch(values, using)
        return [dict(zip(compiled.names, row, strict=True)) for row in rows]

    def instances(self, *values, using: str = DEFAULT_DB_ALIAS) -> list:
        """The rows as model instances (the fields the query loads; the others deferred), with the
        annotations as attributes."""
        compiled, rows = self._fetch(values, using)
        start, end = compiled.fields
        found = []
        for row in rows:
            instance = compiled.model.from_db(using, compiled.field_names, row[start:end])
            for name, position in compiled.annotations.items():
                setattr(instance, name, row[position])
            found.append(instance)
        return found

    def first(self, *values, using: str = DEFAULT_DB_ALIAS):
        """The first row as a model instance, or None."""
        found = self.instances(*values, using=using)
        return found[0] if found else None


def _preparing_cursor(connection):
    """A Django cursor over a server-binding psycopg cursor, whose queries are prepared on the server.

    Prepared statements are off on Django's PostgreSQL connections (`prepare_threshold` None); turning
    them on for the connection touches only server-binding cursors, which Django itself never uses
    (its cursors bind on the client and are never prepared), so only these queries are prepared."""
    from django.db.backends.postgresql.base import ServerBindingCursor

    connection.ensure_connection()
    raw = connection.connection
    if raw.prepare_threshold is None:
        raw.prepare_threshold = 0  # server-binding cursors (only ours) prepare at their first execution
    cursor = ServerBindingCursor(raw)
    connection.validate_thread_sharing()
    if connection.queries_logged:
        return connection.make_debug_cursor(cursor)
    return connection.make_cursor(cursor)


def related(row, prefix: str, model, columns: tuple[str, ...], pk, using: str = DEFAULT_DB_ALIAS):
    """A related record rebuilt from a prepared row's annotations named `prefix` + column (a query that
    cannot `select_related`), with only those columns loaded: any other field of it would be read on
    access, which callers must not do."""
    values = {"id": pk, **{name: getattr(row, f"{prefix}{name}") for name in columns}}
    names = [f.attname for f in model._meta.concrete_fields if f.attname in values]  # from_db's order
    return model.from_db(using, names, [values[name] for name in names])

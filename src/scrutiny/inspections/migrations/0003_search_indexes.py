"""Trigram indexes for search on PostgreSQL (SQLite scans; it is fast enough at this size).

Search uses case-insensitive containment (``icontains``), which PostgreSQL runs as
``UPPER(col) LIKE UPPER('%word%')``.  A GIN trigram index on ``UPPER(col)`` serves
exactly that expression.  Creating the pg_trgm extension needs a privileged role; where
that is refused, search still works, only without the index.
"""

from django.db import migrations

INDEXES = [
    ("inspections_finding_text_trgm", "inspections_finding", "text"),
    ("inspections_inspection_title_trgm", "inspections_inspection", "title"),
    ("tracking_update_note_trgm", "tracking_update", "note"),
]


def create(apps, schema_editor):  # type: ignore[no-untyped-def]
    if schema_editor.connection.vendor != "postgresql":
        return
    with schema_editor.connection.cursor() as cur:
        cur.execute("SELECT 1 FROM pg_extension WHERE extname = 'pg_trgm'")
        if cur.fetchone() is None:
            try:
                cur.execute("SAVEPOINT trgm")
                cur.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
                cur.execute("RELEASE SAVEPOINT trgm")
            except Exception:  # no privilege to create extensions: go without the index
                cur.execute("ROLLBACK TO SAVEPOINT trgm")
                return
        for name, table, column in INDEXES:
            cur.execute(f'CREATE INDEX IF NOT EXISTS {name} ON {table} '
                        f'USING gin ((UPPER("{column}"::text)) gin_trgm_ops)')


def drop(apps, schema_editor):  # type: ignore[no-untyped-def]
    if schema_editor.connection.vendor != "postgresql":
        return
    with schema_editor.connection.cursor() as cur:
        for name, _, _ in INDEXES:
            cur.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [("inspections", "0002_load_forces"), ("tracking", "0001_initial")]
    operations = [migrations.RunPython(create, drop)]

"""The store's tables, indexes, full-text indexes and schema version (DESIGN §2).

Tables are created with sqlite-utils; the FTS5 tables are written out by hand because they need
`prefix=` and a diacritic-folding tokenizer, which `enable_fts` cannot express.
"""

from __future__ import annotations

import sqlite3
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import sqlite_utils

SCHEMA_VERSION = 1
"""Stored in `PRAGMA user_version`; a store with a larger number was written by a newer timeline."""

DATE_COLUMNS = {
    "date": str, "precision": str, "lo_key": int, "hi_key": int, "date_text": str, "date_note": str,
}

TABLES: dict[str, dict[str, type]] = {
    "sources": {
        "id": str, "kind": str, "title": str, "publisher": str, "author": str, "url": str,
        "published": str, "language": str, "text": str, "note": str,
        "digest": str, "import_id": int,
    },
    "actors": {
        "id": str, "name": str, "kind": str, "country": str, "role": str, "description": str,
        "note": str, "digest": str, "import_id": int,
    },
    "actor_aliases": {"actor_id": str, "alias": str, "lang": str},
    "events": {
        "id": str, "title": str, "summary": str, **DATE_COLUMNS, "location": str, "country": str,
        "event_type": str, "cameo_code": str, "tags": str, "source_id": str, "excerpt": str,
        "note": str, "dataset": str, "external_id": str, "attributes": str,
        "digest": str, "import_id": int,
    },
    "event_actors": {"event_id": str, "actor_id": str, "role": str},
    "statements": {
        "id": str, "speaker_id": str, "event_id": str, "text": str, "kind": str, **DATE_COLUMNS,
        "via": str, "source_id": str, "excerpt": str, "note": str,
        "digest": str, "import_id": int,
    },
    "event_links": {"from_id": str, "to_id": str, "relation": str},
    "imports": {
        "id": int, "file": str, "format": str, "sha256": str, "imported_at": str,
        "added": int, "updated": int, "unchanged": int, "seconds": float,
    },
    "bookmarks": {"kind": str, "target_id": str, "note": str, "created_at": str},
    # Every word of the full-text indexes, folded: typo correction looks up neighbours here.
    "terms": {"term": str},
    # Derived after every import: counts, so that opening a store never runs a count(*).
    "totals": {"name": str, "value": int},
    # Derived after every import: the timeline in display order, one row per dated item.
    "timeline": {
        "pos": int, "kind": str, "item_id": str, "lo_key": int, "hi_key": int, "prec_rank": int,
        "date": str,
    },
    # Derived too: runs of consecutive timeline rows under one period header, per grouping.
    "periods": {
        "grain": str, "idx": int, "key": int, "prec_rank": int, "first_pos": int, "count": int,
        "line_start": int,
    },
}

PRIMARY_KEYS = {
    "sources": "id", "actors": "id", "events": "id", "statements": "id", "imports": "id",
    "timeline": "pos", "totals": "name", "terms": "term",
    "actor_aliases": ("actor_id", "alias"),
    "event_actors": ("event_id", "actor_id", "role"),
    "event_links": ("from_id", "to_id", "relation"),
    "periods": ("grain", "idx"),
}

NOT_NULL = {
    "actors": {"name"}, "events": {"title"}, "statements": {"speaker_id", "text", "kind"},
    "timeline": {"kind", "item_id", "lo_key", "hi_key", "prec_rank"},
}

INDEXES = [
    ("actor_aliases", ["alias"]),
    ("events", ["source_id"]),
    ("event_actors", ["actor_id"]),
    ("statements", ["speaker_id"]),
    ("statements", ["event_id"]),
    ("statements", ["source_id"]),
    ("event_links", ["to_id"]),
    ("bookmarks", ["kind", "target_id"]),
]

DERIVED_INDEXES = [
    # lo_key rises with pos, so "first row on or after a date" is one index seek.
    ("timeline", ["lo_key"]),
    ("timeline", ["item_id", "kind"]),
    # The row that ends last, for the store's date range, without a scan.
    ("timeline", ["hi_key"]),
    ("periods", ["grain", "line_start"]),
    ("periods", ["grain", "first_pos"]),
]

FTS_TABLES = {
    # name: (content table, columns)
    "statements_fts": ("statements", ("text",)),
    "events_fts": ("events", ("title", "summary")),
    "actors_fts": ("actors", ("name",)),
    "actor_aliases_fts": ("actor_aliases", ("alias",)),
}

FTS_TOKENIZER = "unicode61 remove_diacritics 2"


class SchemaError(Exception):
    """The file is not a timeline store this version can read."""


def create(db: sqlite_utils.Database) -> None:
    """Create every table, index, FTS table and trigger in an empty database."""
    with db.atomic():
        for name, columns in TABLES.items():
            db[name].create(columns, pk=PRIMARY_KEYS.get(name), not_null=NOT_NULL.get(name))
        for table, columns in INDEXES + DERIVED_INDEXES:
            db[table].create_index(columns)
        for fts, (table, columns) in FTS_TABLES.items():
            _create_fts(db, fts, table, columns)
        db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")


def _create_fts(db: sqlite_utils.Database, fts: str, table: str, columns: tuple[str, ...]) -> None:
    cols = ", ".join(columns)
    db.execute(
        f"CREATE VIRTUAL TABLE {fts} USING fts5({cols}, content={table}, "
        f"tokenize='{FTS_TOKENIZER}', prefix='2 3')"
    )
    create_fts_triggers(db.conn, fts, table, columns)


def create_fts_triggers(conn: sqlite3.Connection, fts: str, table: str,
                        columns: tuple[str, ...]) -> None:
    """Triggers that keep `fts` in step with every insert, update and delete on `table`."""
    cols = ", ".join(columns)
    new = ", ".join(f"new.{c}" for c in columns)
    old = ", ".join(f"old.{c}" for c in columns)
    delete = f"INSERT INTO {fts} ({fts}, rowid, {cols}) VALUES ('delete', old.rowid, {old});"
    insert = f"INSERT INTO {fts} (rowid, {cols}) VALUES (new.rowid, {new});"
    conn.execute(f"CREATE TRIGGER {table}_ai AFTER INSERT ON {table} BEGIN {insert} END")
    conn.execute(f"CREATE TRIGGER {table}_ad AFTER DELETE ON {table} BEGIN {delete} END")
    conn.execute(f"CREATE TRIGGER {table}_au AFTER UPDATE ON {table} BEGIN {delete} {insert} END")


def drop_fts_triggers(conn: sqlite3.Connection, table: str) -> None:
    """Drop the triggers of `table`'s full-text index, for a bulk write that indexes at the end."""
    for suffix in ("ai", "ad", "au"):
        conn.execute(f"DROP TRIGGER IF EXISTS {table}_{suffix}")


def version(conn: sqlite3.Connection) -> int:
    return conn.execute("PRAGMA user_version").fetchone()[0]


def check(conn: sqlite3.Connection) -> None:
    """Refuse a store from a newer timeline, or a SQLite file that is not a store at all."""
    found = version(conn)
    if found > SCHEMA_VERSION:
        raise SchemaError(
            f"this store has schema version {found}, newer than this timeline "
            f"understands ({SCHEMA_VERSION}); upgrade timeline to open it"
        )
    present = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    missing = [name for name in TABLES if name not in present]
    if found == 0 or missing:
        raise SchemaError(
            "this SQLite file is not a timeline store"
            + (f" (no table {missing[0]})" if missing else "")
        )

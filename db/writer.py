"""ImportWriter: puts validated records into the store inside the caller's transaction.

Every importer turns its format into `Record`s and hands them here, so all formats share one way of
deciding added / updated / unchanged, of catching a duplicate id with different content, and of
checking references (a speaker, an event, a source) once the whole file is in.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime

from . import timeline_order
from .folding import terms_of
from .schema import FTS_TABLES, TABLES, create_fts_triggers, drop_fts_triggers

TABLE_OF = {"source": "sources", "actor": "actors", "event": "events", "statement": "statements"}
"""Record type -> table."""

BATCH = 2000

_CONTENT_COLUMNS = {
    table: [c for c in TABLES[table] if c not in ("digest", "import_id")]
    for table in ("sources", "actors", "events", "statements")
}
"""Per table, the columns a record fills, id first."""

_INDEXED_TEXT = {"statement": ("text",), "event": ("title", "summary")}
"""Per record type, the text whose words go into `terms`."""


@dataclass
class RecordError(Exception):
    """One bad record: where it is in the file, which field, and what is wrong."""

    place: str
    """`events[3] (id "x")` or `line 12 (statement "x")`."""
    field: str | None
    message: str

    def __str__(self) -> str:
        where = f"{self.place}: {self.field}" if self.field else self.place
        return f"{where}: {self.message}"


@dataclass
class Record:
    """One source, actor, event or statement, in the store's columns."""

    type: str
    place: str
    row: dict[str, object]
    aliases: list[tuple[str, str | None]] = field(default_factory=list)
    actors: list[tuple[str, str]] = field(default_factory=list)
    """(actor id, role) for an event."""
    links: list[tuple[str, str]] = field(default_factory=list)
    """(other event id, relation) for an event."""

    @property
    def id(self) -> str:
        return self.row["id"]  # type: ignore[return-value]

    def content(self, columns: list[str]) -> tuple[list[object], str]:
        """The row's values in `columns` order, and a digest of everything the record holds."""
        row = self.row
        values = list(map(row.get, columns))
        text = repr((values, self.aliases, self.actors, self.links))
        return values, hashlib.blake2b(text.encode(), digest_size=16).hexdigest()


@dataclass
class ImportCounts:
    added: int = 0
    updated: int = 0
    unchanged: int = 0

    @property
    def total(self) -> int:
        return self.added + self.updated + self.unchanged


# Each reference a record may hold: (record type, field name in the fixture format, query that
# finds this import's records whose reference points nowhere, what the reference should name).
_REFERENCE_CHECKS = [
    ("speaker", """SELECT t.place, s.speaker_id FROM temp.import_seen t
        JOIN statements s ON t.type = 'statement' AND s.id = t.id
        WHERE NOT EXISTS (SELECT 1 FROM actors a WHERE a.id = s.speaker_id)""", "actor"),
    ("event", """SELECT t.place, s.event_id FROM temp.import_seen t
        JOIN statements s ON t.type = 'statement' AND s.id = t.id
        WHERE s.event_id IS NOT NULL
          AND NOT EXISTS (SELECT 1 FROM events e WHERE e.id = s.event_id)""", "event"),
    ("source", """SELECT t.place, s.source_id FROM temp.import_seen t
        JOIN statements s ON t.type = 'statement' AND s.id = t.id
        WHERE s.source_id IS NOT NULL
          AND NOT EXISTS (SELECT 1 FROM sources x WHERE x.id = s.source_id)""", "source"),
    ("source", """SELECT t.place, e.source_id FROM temp.import_seen t
        JOIN events e ON t.type = 'event' AND e.id = t.id
        WHERE e.source_id IS NOT NULL
          AND NOT EXISTS (SELECT 1 FROM sources x WHERE x.id = e.source_id)""", "source"),
    ("actors", """SELECT t.place, ea.actor_id FROM temp.import_seen t
        JOIN event_actors ea ON t.type = 'event' AND ea.event_id = t.id
        WHERE NOT EXISTS (SELECT 1 FROM actors a WHERE a.id = ea.actor_id)""", "actor"),
    ("links", """SELECT t.place, l.to_id FROM temp.import_seen t
        JOIN event_links l ON t.type = 'event' AND l.from_id = t.id
        WHERE NOT EXISTS (SELECT 1 FROM events e WHERE e.id = l.to_id)""", "event"),
]


class ImportWriter:
    """Writes one file's records; call `add` for each, then `check_references` and `finish`."""

    def __init__(self, conn: sqlite3.Connection, file: str, fmt: str):
        self.conn = conn
        self.started = time.perf_counter()
        self.counts = {kind: ImportCounts() for kind in TABLE_OF}
        self._pending: dict[str, list[Record]] = {kind: [] for kind in TABLE_OF}
        self._terms: set[str] = set()
        # Ids seen in this file live in a temp table, not in Python, so a file of millions of
        # records costs no memory here, and each id remembers where it was first seen.
        conn.execute("""CREATE TEMP TABLE IF NOT EXISTS import_seen (
            type TEXT, id TEXT, place TEXT, digest TEXT, PRIMARY KEY (type, id))""")
        conn.execute("DELETE FROM temp.import_seen")
        cursor = conn.execute(
            "INSERT INTO imports (file, format, imported_at) VALUES (?, ?, ?)",
            (file, fmt, datetime.now(UTC).isoformat(timespec="seconds")))
        self.import_id = cursor.lastrowid
        # Full-text indexing row by row through the triggers is several times slower than one
        # INSERT ... SELECT at the end; the triggers go for this transaction and come back in it.
        self._indexed_tables = {t for t, _ in FTS_TABLES.values()}
        self._rowid_from = {
            table: conn.execute(f"SELECT coalesce(max(rowid), 0) FROM {table}").fetchone()[0]
            for table in {*TABLE_OF.values(), *self._indexed_tables}}
        """Per table, the last rowid stored before this import: rows after it are this file's."""
        self._indexed_up_to = {t: self._rowid_from[t] for t in self._indexed_tables}
        self.presorted_timeline: str | None = None
        """A table holding the whole new timeline in order, when an importer made one
        (`timeline_order.events_in_order`); `finish` then copies it instead of sorting."""
        self._automerge: dict[str, object] = {}
        """FTS tables whose merging is off for this import, with the setting to restore."""
        for table in self._indexed_tables:
            drop_fts_triggers(conn, table)

    @property
    def timeline_was_empty(self) -> bool:
        """The store held no events or statements when this import began."""
        return not self._rowid_from["events"] and not self._rowid_from["statements"]

    def add(self, record: Record) -> None:
        pending = self._pending[record.type]
        pending.append(record)
        if len(pending) >= BATCH:
            self._flush(record.type)

    def _flush(self, kind: str) -> None:
        records, self._pending[kind] = self._pending[kind], []
        if not records:
            return
        table = TABLE_OF[kind]
        ids = list({r.id for r in records})
        marks = ",".join("?" * len(ids))
        seen = {row[0]: (row[1], row[2]) for row in self.conn.execute(
            f"SELECT id, digest, place FROM temp.import_seen WHERE type = ? AND id IN ({marks})",
            [kind, *ids])}
        columns = _CONTENT_COLUMNS[table]
        fresh: list[tuple[Record, list[object]]] = []
        for record in records:
            values, digest = record.content(columns)
            earlier = seen.get(record.id)
            if earlier is not None:
                if earlier[0] != digest:
                    raise RecordError(record.place, "id",
                                      f'duplicate id "{record.id}" with different content '
                                      f"(first at {earlier[1]})")
                continue
            seen[record.id] = (digest, record.place)
            values.append(digest)
            values.append(self.import_id)
            fresh.append((record, values))
        self.conn.executemany(
            "INSERT INTO temp.import_seen (type, id, place, digest) VALUES (?, ?, ?, ?)",
            [(kind, r.id, r.place, v[-2]) for r, v in fresh])
        stored = dict(self.conn.execute(
            f"SELECT id, digest FROM {table} WHERE id IN ({marks})", ids).fetchall())
        new = [(r, v) for r, v in fresh if r.id not in stored]
        changed = [(r, v) for r, v in fresh if r.id in stored and stored[r.id] != v[-2]]
        counts = self.counts[kind]
        counts.added += len(new)
        counts.updated += len(changed)
        counts.unchanged += len(fresh) - len(new) - len(changed)
        columns = [*columns, "digest", "import_id"]
        insert = (f"INSERT INTO {table} ({', '.join(columns)}) "
                  f"VALUES ({', '.join('?' * len(columns))})")
        for record, _ in new + changed:
            for column in _INDEXED_TEXT.get(kind, ()):
                self._terms |= terms_of(record.row.get(column))
        if new:
            self.conn.executemany(insert, [v for _, v in new])
        if changed:
            self._index_rows(table, [r.id for r, _ in changed], remove=True)
            if kind == "actor":
                self._index_rows("actor_aliases", [r.id for r, _ in changed], key="actor_id",
                                 remove=True)
            # An upsert, not a replace: the row keeps its rowid, which its FTS entry is keyed by.
            assignments = ", ".join(f"{c} = excluded.{c}" for c in columns if c != "id")
            self.conn.executemany(f"{insert} ON CONFLICT (id) DO UPDATE SET {assignments}",
                                  [v for _, v in changed])
            self._delete_children(kind, [r.id for r, _ in changed])
            self._index_rows(table, [r.id for r, _ in changed])
        self._insert_children(kind, [r for r, _ in new + changed])
        if changed and kind == "actor":
            self._index_rows("actor_aliases", [r.id for r, _ in changed], key="actor_id")

    def add_rows(self, kind: str, select: str, rows: int, children: str | None = None,
                 texts: Iterable[str] = ()) -> list[str]:
        """Write a whole set of records given as one SELECT, for files too big to go record by record.

        `select` gives `rows` rows, with the kind's columns by name (those it leaves out are NULL)
        and `digest`: a row whose id is stored with the same digest is unchanged, any other is
        written.
        `children` selects (event_id, actor_id, role) for events. `texts` are the distinct texts
        whose words the rows' indexed text is made of (for typo correction). Returns the ids this
        file gave twice with different content (at most ten), which the caller reports.
        For sources, events and statements; actors, which carry aliases, go through `add`.
        """
        if kind == "actor":
            raise ValueError("actors are added one by one, with their aliases")
        table = TABLE_OF[kind]
        columns = [*_CONTENT_COLUMNS[table], "digest", "import_id"]
        self._record_updates(kind, self._rowid_from[table])
        assignments = ", ".join(f"{c} = excluded.{c}" for c in columns if c != "id")
        given = {d[0] for d in self.conn.execute(f"SELECT * FROM ({select}) LIMIT 0").description}
        picked = ", ".join(str(self.import_id) if c == "import_id" else f"s.{c}" if c in given
                           else "NULL" for c in columns)
        # `WHERE true` lets SQLite tell the upsert's ON from a join's.
        self.conn.execute(
            f"INSERT INTO {table} ({', '.join(columns)}) SELECT {picked} FROM ({select}) s "
            f"WHERE true ON CONFLICT (id) DO UPDATE SET {assignments} "
            f"WHERE {table}.digest IS NOT excluded.digest")
        written = self.conn.execute("SELECT changes()").fetchone()[0]
        updated, twice = self.conn.execute(
            "SELECT count(*) FILTER (WHERE NOT fresh), "
            "json_group_array(id) FILTER (WHERE fresh) FROM temp.import_updated").fetchone()
        self.conn.execute("DROP TRIGGER temp.import_updated_rows")
        self.conn.execute("DELETE FROM temp.import_updated")
        counts = self.counts[kind]
        counts.added += written - updated
        counts.updated += updated
        counts.unchanged += rows - written
        if children is not None and kind == "event":
            self.conn.execute("INSERT OR IGNORE INTO event_actors (event_id, actor_id, role) "
                              f"{children}")
        for text in texts:
            self._terms |= terms_of(text)
        return json.loads(twice)[:10]

    def _record_updates(self, kind: str, before: int) -> None:
        """A trigger for `add_rows`: each updated row is noted, and a row stored before this import
        leaves its full-text entries and children (rewritten after), as `_flush` does by hand."""
        table = TABLE_OF[kind]
        self.conn.execute("CREATE TEMP TABLE IF NOT EXISTS import_updated (id TEXT, fresh INTEGER)")
        actions = [f"INSERT INTO import_updated VALUES (old.id, old.rowid > {int(before)});"]
        if table in self._indexed_tables:
            fts, fts_columns = self._fts_of(table)
            cols = ", ".join(fts_columns)
            old = ", ".join(f"old.{c}" for c in fts_columns)
            new = ", ".join(f"new.{c}" for c in fts_columns)
            indexed = int(self._rowid_from[table])
            actions += [f"INSERT INTO {fts} ({fts}, rowid, {cols}) SELECT 'delete', old.rowid, {old} "
                        f"WHERE old.rowid <= {indexed};",
                        f"INSERT INTO {fts} (rowid, {cols}) SELECT new.rowid, {new} "
                        f"WHERE old.rowid <= {indexed};"]
        if kind == "event":
            actions.append("DELETE FROM event_actors WHERE event_id = old.id;")
        # A row added earlier in this same statement and then updated is an id given twice.
        self.conn.execute(f"CREATE TEMP TRIGGER import_updated_rows AFTER UPDATE ON main.{table} "
                          f"BEGIN {' '.join(actions)} END")

    def index_new_rows(self) -> None:
        """Put the rows added since the last call into the full-text indexes, one statement per
        index. `finish` does it for the rest; a set-wise importer may call it between parts."""
        for fts, (table, columns) in FTS_TABLES.items():
            last = self.conn.execute(f"SELECT coalesce(max(rowid), 0) FROM {table}").fetchone()[0]
            first = self._indexed_up_to[table]
            if last <= first:
                continue
            if last - first > 10_000 and fts not in self._automerge:
                # Merging segments as they are written halves the speed of a bulk load; FTS5
                # still merges when a level fills up, and `finish` turns merging back on.
                setting = self.conn.execute(
                    f"SELECT v FROM {fts}_config WHERE k = 'automerge'").fetchone()
                self._automerge[fts] = setting[0] if setting else 4
                self.conn.execute(f"INSERT INTO {fts} ({fts}, rank) VALUES ('automerge', 0)")
            cols = ", ".join(columns)
            self.conn.execute(f"INSERT INTO {fts} (rowid, {cols}) SELECT rowid, {cols} "
                              f"FROM {table} WHERE rowid > ? AND rowid <= ?", (first, last))
            self._indexed_up_to[table] = last

    def _fts_of(self, table: str) -> tuple[str, tuple[str, ...]]:
        return next((fts, cols) for fts, (t, cols) in FTS_TABLES.items() if t == table)

    def _index_rows(self, table: str, ids: list[str], key: str = "id",
                    remove: bool = False) -> None:
        """Add rows that were indexed before this import to their FTS index (or take them out,
        before they change); rows new in this import are indexed in bulk by `finish`."""
        fts, columns = self._fts_of(table)
        cols = ", ".join(columns)
        marks = ",".join("?" * len(ids))
        target, select = (f"{fts}, rowid, {cols}", f"'delete', rowid, {cols}") if remove else (
            f"rowid, {cols}", f"rowid, {cols}")
        self.conn.execute(
            f"INSERT INTO {fts} ({target}) SELECT {select} FROM {table} "
            f"WHERE {key} IN ({marks}) AND rowid <= ?", [*ids, self._rowid_from[table]])

    def _delete_children(self, kind: str, ids: list[str]) -> None:
        marks = ",".join("?" * len(ids))
        if kind == "actor":
            self.conn.execute(f"DELETE FROM actor_aliases WHERE actor_id IN ({marks})", ids)
        elif kind == "event":
            self.conn.execute(f"DELETE FROM event_actors WHERE event_id IN ({marks})", ids)
            self.conn.execute(f"DELETE FROM event_links WHERE from_id IN ({marks})", ids)

    def _insert_children(self, kind: str, records: list[Record]) -> None:
        if kind == "actor":
            self.conn.executemany(
                "INSERT OR IGNORE INTO actor_aliases (actor_id, alias, lang) VALUES (?, ?, ?)",
                [(r.id, alias, lang) for r in records for alias, lang in r.aliases])
        elif kind == "event":
            self.conn.executemany(
                "INSERT OR IGNORE INTO event_actors (event_id, actor_id, role) VALUES (?, ?, ?)",
                [(r.id, actor, role) for r in records for actor, role in r.actors])
            self.conn.executemany(
                "INSERT OR IGNORE INTO event_links (from_id, to_id, relation) VALUES (?, ?, ?)",
                [(r.id, to, relation) for r in records for to, relation in r.links])

    def check_references(self, limit: int = 10) -> list[RecordError]:
        """Every reference in this file that points at no record, in the store or the file."""
        for kind in TABLE_OF:
            self._flush(kind)
        errors = []
        for field_name, query, target in _REFERENCE_CHECKS:
            for place, missing in self.conn.execute(f"{query} LIMIT {limit}"):
                errors.append(RecordError(place, field_name, f'no {target} with id "{missing}"'))
        return errors[:limit]

    def finish(self, sha256: str, rebuild_timeline: bool = True) -> ImportCounts:
        """Rebuild the timeline order if anything changed, log the import (with the file's
        `sha256`), return the totals."""
        for kind in TABLE_OF:
            self._flush(kind)
        total = ImportCounts()
        for counts in self.counts.values():
            total.added += counts.added
            total.updated += counts.updated
            total.unchanged += counts.unchanged
        self.conn.executemany("INSERT OR IGNORE INTO terms (term) VALUES (?)",
                              ((term,) for term in self._terms))
        self.index_new_rows()
        for fts, setting in self._automerge.items():
            self.conn.execute(f"INSERT INTO {fts} ({fts}, rank) VALUES ('automerge', ?)",
                              (setting,))
        for fts, (table, columns) in FTS_TABLES.items():
            create_fts_triggers(self.conn, fts, table, columns)
        if rebuild_timeline and (total.added or total.updated):
            timeline_order.rebuild(self.conn, self.presorted_timeline)
            for table in TABLE_OF.values():
                self.conn.execute(
                    f"INSERT OR REPLACE INTO totals (name, value) "
                    f"SELECT '{table}', count(*) FROM {table}")
        self.conn.execute(
            "UPDATE imports SET sha256 = ?, added = ?, updated = ?, unchanged = ?, seconds = ? "
            "WHERE id = ?",
            (sha256, total.added, total.updated, total.unchanged,
             round(time.perf_counter() - self.started, 3), self.import_id))
        self.conn.execute("DELETE FROM temp.import_seen")
        return total

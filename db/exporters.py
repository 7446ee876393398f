"""Write the store back out in the native format (JSON document or CSV), ready to import again.

An export holds every stored field, including the canonical date, the source's words and the date
note, so export followed by import into an empty store gives back the same rows.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from typing import TextIO

from .importers.native import COLUMN, FIELDS, FORMAT_NAME, SECTIONS
from .store import Store

EXPORT_FORMATS = ("json", "jsonl", "csv")

_FIELD_OF = {kind: {COLUMN.get(f, f): f for f in fields} for kind, fields in FIELDS.items()}
"""Per record type, store column -> fixture field."""


def iter_records(store: Store) -> Iterator[tuple[str, dict[str, object]]]:
    """(type, record) for every record, sources first so that references resolve in order."""
    conn = store.conn
    for section, kind in SECTIONS.items():
        cursor = conn.execute(f"SELECT * FROM {section} ORDER BY id")
        columns = [c[0] for c in cursor.description]
        for values in cursor:
            row = dict(zip(columns, values, strict=True))
            record: dict[str, object] = {}
            for column, value in row.items():
                field = _FIELD_OF[kind].get(column)
                if field is None or value is None:
                    continue
                if column in ("tags", "attributes"):
                    value = json.loads(value)
                record[field] = value
            if kind == "event" and "date" not in record:
                record.pop("date_text", None)
            if kind == "actor":
                aliases = conn.execute(
                    "SELECT alias, lang FROM actor_aliases WHERE actor_id = ? ORDER BY rowid",
                    (row["id"],)).fetchall()
                if aliases:
                    record["aliases"] = [
                        alias if lang is None else {"alias": alias, "lang": lang}
                        for alias, lang in aliases]
            elif kind == "event":
                actors = conn.execute(
                    "SELECT actor_id, role FROM event_actors WHERE event_id = ? ORDER BY rowid",
                    (row["id"],)).fetchall()
                if actors:
                    record["actors"] = [{"id": a, "role": r} for a, r in actors]
                links = conn.execute(
                    "SELECT to_id, relation FROM event_links WHERE from_id = ? ORDER BY rowid",
                    (row["id"],)).fetchall()
                if links:
                    record["links"] = [{"to": t, "relation": r} for t, r in links]
            yield kind, record


def export_json(store: Store, out: TextIO) -> int:
    """One native JSON document; returns the number of records written."""
    sections: dict[str, list[dict[str, object]]] = {section: [] for section in SECTIONS}
    section_of = {kind: section for section, kind in SECTIONS.items()}
    count = 0
    for kind, record in iter_records(store):
        sections[section_of[kind]].append(record)
        count += 1
    json.dump({"format": FORMAT_NAME, **sections}, out, ensure_ascii=False, indent=1)
    out.write("\n")
    return count


def export_jsonl(store: Store, out: TextIO) -> int:
    """Native JSON Lines, streamed: one record a line."""
    count = 0
    out.write(json.dumps({"type": "meta", "format": FORMAT_NAME}) + "\n")
    for kind, record in iter_records(store):
        out.write(json.dumps({"type": kind, **record}, ensure_ascii=False) + "\n")
        count += 1
    return count


def export_csv(store: Store, out: TextIO) -> int:
    """One CSV of every record with a `type` column; lists and objects as JSON in their cells."""
    columns = ["type", *dict.fromkeys(f for fields in FIELDS.values() for f in fields)]
    writer = csv.DictWriter(out, fieldnames=columns, lineterminator="\n")
    writer.writeheader()
    count = 0
    for kind, record in iter_records(store):
        cells = {k: json.dumps(v, ensure_ascii=False) if isinstance(v, list | dict) else v
                 for k, v in record.items()}
        writer.writerow({"type": kind, **cells})
        count += 1
    return count


def export(store: Store, fmt: str, out: TextIO) -> int:
    """Write the whole store to `out` in `fmt`; returns the number of records."""
    writers = {"json": export_json, "jsonl": export_jsonl, "csv": export_csv}
    if fmt not in writers:
        raise ValueError(f"unknown export format {fmt!r}; known: {', '.join(writers)}")
    return writers[fmt](store, out)

"""Write the store back out in the native format (JSON document or CSV), ready to import again.

An export holds every stored field, including the canonical date, the source's words and the date
note, so export followed by import into an empty store gives back the same rows.
"""

from __future__ import annotations

import csv
import html
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TextIO

from .dates import (
    DatePart,
    FuzzyDate,
    format_date,
    format_edtf,
    parse_edtf,
    period_label,
    split_key,
)
from .importers.native import COLUMN, FIELDS, FORMAT_NAME, SECTIONS
from .models import TimelineRow
from .store import Store

EXPORT_FORMATS = ("json", "jsonl", "csv", "timelinejs", "markdown")

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


@dataclass(frozen=True)
class Selection:
    """What an export covers, as the app's filters do: one actor, and dates (by overlap)."""

    actor_id: str | None = None
    lo_key: int | None = None
    hi_key: int | None = None

    def describe(self, store: Store) -> str:
        parts = []
        if self.actor_id:
            actor = store.actor(self.actor_id)
            parts.append(f"@{actor.name if actor else self.actor_id}")
        if self.lo_key is not None:
            parts.append(f"from {format_key(self.lo_key)}")
        if self.hi_key is not None:
            parts.append(f"to {format_key(self.hi_key)}")
        return ", ".join(parts)


def format_key(key: int) -> str:
    year, month, day = split_key(key)
    return format_date(FuzzyDate(DatePart(year, month, day)))


def chronology(store: Store, selection: Selection) -> Iterator[TimelineRow]:
    """The timeline's rows in order, narrowed by `selection`, read a page at a time."""
    if selection.actor_id is not None:
        positions = sorted(pos for pos, _, _ in store.actor_entries(selection.actor_id))
    else:
        positions = store.positions_overlapping(selection.lo_key, selection.hi_key)
    for start in range(0, len(positions), 500):
        for row in store.rows_at(positions[start:start + 500]):
            if selection.actor_id is not None and not _overlaps(row, selection):
                continue
            yield row


def _overlaps(row: TimelineRow, selection: Selection) -> bool:
    value = parse_edtf(row.date)
    if value is None:
        return True
    return (selection.lo_key is None or value.hi_key >= selection.lo_key) and (
        selection.hi_key is None or value.lo_key <= selection.hi_key)


def _h(text: str) -> str:
    return html.escape(text, quote=False)


def _tljs_date(part: DatePart | None) -> dict[str, object] | None:
    if part is None:
        return None
    # TimelineJS counts 44 BCE as -44 where EDTF has -0043.
    date: dict[str, object] = {"year": part.year - 1 if part.year <= 0 else part.year}
    if part.season is not None:
        return date
    for key in ("month", "day", "hour", "minute"):
        value = getattr(part, key)
        if value is not None:
            date[key] = value
    return date


def _unique_id(item_id: str) -> str:
    return re.sub(r"[^A-Za-z0-9_-]+", "-", item_id).strip("-") or "item"


def export_timelinejs(store: Store, out: TextIO, selection: Selection = Selection()) -> int:
    """A TimelineJS v3 document: events and statements as slides, dates at their precision."""
    slides = []
    for row in chronology(store, selection):
        value = parse_edtf(row.date)
        if value is None or value.start is None:
            continue  # TimelineJS needs a start year
        slide: dict[str, object] = {
            "start_date": _tljs_date(value.start),
            "display_date": format_date(value),
            "unique_id": _unique_id(f"{row.kind}-{row.item_id}"),
        }
        if value.end is not None:
            slide["end_date"] = _tljs_date(value.end)
        if row.kind == "event":
            event = store.event(row.item_id)
            body = [_h(event.summary)] if event.summary else []
            if event.excerpt:
                body.append(f"<blockquote>{_h(event.excerpt)}</blockquote>")
            if event.source:
                body.append(f"<p>Source: {_h(event.source.title)}</p>")
            slide["text"] = {"headline": _h(event.title), "text": "".join(
                f"<p>{b}</p>" if not b.startswith("<") else b for b in body)}
            slide["group"] = "Events"
        else:
            statement = store.statement(row.item_id)
            text = f"<p>“{_h(statement.text)}”</p>"
            if statement.via:
                text += f"<p>via {_h(statement.via)}</p>"
            if statement.source:
                text += f"<p>Source: {_h(statement.source.title)}</p>"
            slide["text"] = {"headline": _h(
                f"{statement.speaker.name} ({statement.kind})"), "text": text}
            slide["group"] = "Statements"
        slides.append(slide)
    label = selection.describe(store)
    title = {"text": {"headline": "Timeline" + (f": {_h(label)}" if label else ""),
                      "text": f"<p>{len(slides)} slides exported by timeline</p>"}}
    json.dump({"title": title, "events": slides}, out, ensure_ascii=False, indent=1)
    out.write("\n")
    return len(slides)


_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]{}<>#|!])")


def md(text: str) -> str:
    """Data as Markdown text: its characters shown, never read as Markdown or HTML."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", " ".join(text.split()))


def export_markdown(store: Store, out: TextIO, selection: Selection = Selection()) -> int:
    """A readable chronology: year and month headings, events, quotes with speakers and sources."""
    stats = store.stats()
    label = selection.describe(store)
    out.write("# Timeline" + (f": {md(label)}" if label else "") + "\n\n")
    out.write(f"{stats.events:,} events and {stats.statements:,} statements in the store")
    if stats.first:
        out.write(f", {md(format_edtf(stats.first))} to {md(format_edtf(stats.last))}")
    out.write(".\n")
    count = 0
    year_heading = month_heading = None
    for row in chronology(store, selection):
        value = parse_edtf(row.date)
        year_heading_text = period_label(row.lo_key, 0)
        if value is not None and value.start is not None and year_heading_text != year_heading:
            out.write(f"\n## {year_heading_text}\n")
            year_heading, month_heading = year_heading_text, None
        elif value is not None and value.start is None and year_heading != "Open start":
            out.write("\n## Open start\n")
            year_heading, month_heading = "Open start", None
        if value is not None and value.start is not None and value.precision not in (
                "year", "season"):
            month_text = period_label(row.lo_key, 2)
            if month_text != month_heading:
                out.write(f"\n### {month_text}\n")
                month_heading = month_text
        when = md(row.display_date)
        if row.kind == "event":
            event = store.event(row.item_id)
            place = ", ".join(p for p in (event.location, event.country) if p)
            out.write(f"\n- **{when}** · ◆ **{md(event.title)}**" + (f" ({md(place)})" if place
                                                                      else "") + "\n")
            if event.actors:
                out.write("  - Actors: " + ", ".join(
                    f"{md(a.name)} ({md(a.role or '')})" for a in event.actors) + "\n")
            if event.summary:
                out.write(f"  - {md(event.summary)}\n")
            if event.source:
                out.write(f"  - Source: *{md(event.source.title)}*" + (
                    f": “{md(event.excerpt)}”" if event.excerpt else "") + "\n")
            if event.note:
                out.write(f"  - Note: {md(event.note)}\n")
        else:
            statement = store.statement(row.item_id)
            mark = {"quote": "❝", "paraphrase": "≈", "position": "▸"}.get(statement.kind, "·")
            out.write(f"\n- **{when}** · {mark} **{md(statement.speaker.name)}** "
                      f"({statement.kind}):\n\n  > {md(statement.text)}\n")
            details = []
            if statement.via:
                details.append(f"via {md(statement.via)}")
            if statement.source:
                details.append(f"source: *{md(statement.source.title)}*")
            if details:
                out.write(f"\n  {'; '.join(details)}\n")
        count += 1
    if not count:
        out.write("\nNothing matches.\n")
    return count


def export(store: Store, fmt: str, out: TextIO, selection: Selection = Selection()) -> int:
    """Write the store (or the selection of it, for timelinejs and markdown) to `out`."""
    if fmt == "timelinejs":
        return export_timelinejs(store, out, selection)
    if fmt == "markdown":
        return export_markdown(store, out, selection)
    writers = {"json": export_json, "jsonl": export_jsonl, "csv": export_csv}
    if fmt not in writers:
        raise ValueError(f"unknown export format {fmt!r}; known: {', '.join(EXPORT_FORMATS)}")
    return writers[fmt](store, out)

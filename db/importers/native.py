"""The native fixture format (DESIGN §4): one JSON document, JSON Lines, or CSV.

Each reader yields a `Record` per valid record and a `RecordError` per bad one, so the caller can
report every error in a file, not only the first.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from ..dates import DateError, parse_date
from ..writer import Record, RecordError

FORMAT_NAME = "timeline/1"

STATEMENT_KINDS = ("quote", "paraphrase", "position")
MAX_TEXT = 10_000_000
"""Characters a text field may hold: a whole book fits; a runaway file does not."""
ACTOR_KINDS = ("person", "organization", "state", "group")

# Fields of each record type and how to check them: "text" (a string), "date", "id" (a reference),
# or a function. Anything else in a record is an unknown field, which is an error.
_TEXT = "text"
_ID = "id"
_DATE = "date"

FIELDS: dict[str, dict[str, Any]] = {
    "source": {
        "id": _ID, "kind": _TEXT, "title": _TEXT, "publisher": _TEXT, "author": _TEXT,
        "url": _TEXT, "published": _TEXT, "language": _TEXT, "text": _TEXT, "note": _TEXT,
    },
    "actor": {
        "id": _ID, "name": _TEXT, "kind": _TEXT, "country": _TEXT, "role": _TEXT,
        "description": _TEXT, "note": _TEXT, "aliases": "aliases",
    },
    "event": {
        "id": _ID, "title": _TEXT, "summary": _TEXT, "date": _DATE, "date_text": _TEXT,
        "date_note": _TEXT, "location": _TEXT, "country": _TEXT, "event_type": _TEXT,
        "cameo_code": _TEXT, "tags": "tags", "source": _ID, "excerpt": _TEXT, "note": _TEXT,
        "dataset": _TEXT, "external_id": _TEXT, "attributes": "attributes",
        "actors": "actors", "links": "links",
    },
    "statement": {
        "id": _ID, "speaker": _ID, "event": _ID, "text": _TEXT, "kind": _TEXT, "date": _DATE,
        "date_text": _TEXT, "date_note": _TEXT, "via": _TEXT, "source": _ID, "excerpt": _TEXT,
        "note": _TEXT,
    },
}

REQUIRED = {
    "source": ("id", "title"),
    "actor": ("id", "name"),
    "event": ("id", "title"),
    "statement": ("id", "speaker", "text", "kind"),
}

# Fixture field -> store column where the names differ.
COLUMN = {"speaker": "speaker_id", "event": "event_id", "source": "source_id"}

SECTIONS = {"sources": "source", "actors": "actor", "events": "event", "statements": "statement"}



def _usable_id(value: str) -> bool:
    """An id is printable, with no space at either end, so it can be typed and quoted."""
    return value.isprintable() and value.strip() == value


def quote(value: object, limit: int = 60) -> str:
    """A value as an error message shows it: JSON-quoted, so control characters stay visible."""
    if isinstance(value, str) and len(value) <= limit and value.isprintable() and '"' not in value \
            and "\\" not in value:
        return f'"{value}"'
    text = json.dumps(value, ensure_ascii=False) if isinstance(value, str) else json.dumps(
        value, ensure_ascii=False, default=str)
    text = "".join(c if c.isprintable() or c == " " else f"\\u{ord(c):04x}" for c in text)
    return text if len(text) <= limit else text[: limit - 1] + "…"


class Context:
    """What a file tells about all its records: its name (for messages) and its default year."""

    def __init__(self, default_year: int | None = None):
        self.default_year = default_year


def build_record(kind: str, data: object, place: str, context: Context) -> Record:
    """Check one record of the native format and turn it into store columns."""
    if not isinstance(data, dict):
        raise RecordError(place, None, f"a {kind} must be an object, not {_type_name(data)}")
    fields = FIELDS[kind]
    if not fields.keys() >= data.keys():
        key = next(k for k in data if k not in fields)
        raise RecordError(place, key, f"unknown field (known: {', '.join(fields)})")
    for key in REQUIRED[kind]:
        if data.get(key) in (None, ""):
            raise RecordError(place, key, "is required")
    row: dict[str, object] = {}
    record = Record(kind, place, row)
    for key, value in data.items():
        if value is None or value == "":
            # Blank and absent are one thing, so a CSV round trip gives back the same rows.
            continue
        check = fields[key]
        if check is _TEXT or check is _ID:
            if type(value) is not str:
                raise RecordError(place, key, f"must be text, not {_type_name(value)} {quote(value)}")
            if len(value) > MAX_TEXT:
                raise RecordError(place, key, f"is {len(value):,} characters long; the most a "
                                              f"field may hold is {MAX_TEXT:,}")
            if check is _ID and not _usable_id(value):
                raise RecordError(place, key, f"is not a usable id: {quote(value)}")
            row[COLUMN.get(key, key)] = value
        elif check is _DATE:
            if type(value) is not str:
                raise RecordError(place, key, f"must be text, not {_type_name(value)} {quote(value)}")
        else:
            _COMPOUND[check](record, value, place, key)
    if data.get("date") not in (None, ""):
        try:
            parsed = parse_date(data["date"], context.default_year,
                                year_source="the file's default_year")
        except DateError as exc:
            raise RecordError(place, "date", f"cannot read {quote(data['date'])} ({exc})") from None
        row.update(parsed.columns)
        if data.get("date_text") is not None:
            row["date_text"] = data["date_text"]
        if data.get("date_note") is not None:
            row["date_note"] = data["date_note"]
    elif "date_text" in row or "date_note" in row:
        raise RecordError(place, "date_text", "given without a date")
    if kind == "statement" and row["kind"] not in STATEMENT_KINDS:
        raise RecordError(place, "kind", f"must be one of {', '.join(STATEMENT_KINDS)}, "
                                         f"not {quote(row['kind'])}")
    if kind == "actor" and row.get("kind") is not None and row["kind"] not in ACTOR_KINDS:
        raise RecordError(place, "kind", f"must be one of {', '.join(ACTOR_KINDS)}, "
                                         f"not {quote(row['kind'])}")
    if kind == "source" and row.get("published") is not None:
        try:
            row["published"] = parse_date(row["published"]).value.edtf
        except DateError as exc:
            raise RecordError(place, "published",
                              f"cannot read {quote(row['published'])} ({exc})") from None
    return record


def _type_name(value: object) -> str:
    return {dict: "an object", list: "a list", str: "text", bool: "true/false",
            int: "a number", float: "a number"}.get(type(value), type(value).__name__)


def _text_list(value: object, place: str, key: str) -> list[object]:
    if isinstance(value, str):
        # CSV cells hold lists as JSON or as "a|b|c".
        value = json.loads(value) if value.startswith("[") else [v for v in value.split("|") if v]
    if not isinstance(value, list):
        raise RecordError(place, key, f"must be a list, not {_type_name(value)}")
    return value


def _aliases(record: Record, value: object, place: str, key: str) -> None:
    for i, alias in enumerate(_text_list(value, place, key)):
        lang = None
        if isinstance(alias, dict):
            unknown = set(alias) - {"alias", "lang"}
            if unknown:
                raise RecordError(place, f"{key}[{i}]", f"unknown field {sorted(unknown)[0]}")
            alias, lang = alias.get("alias"), alias.get("lang")
        if not isinstance(alias, str) or not alias.strip():
            raise RecordError(place, f"{key}[{i}]", f"must be a name, not {quote(alias)}")
        if lang is not None and not isinstance(lang, str):
            raise RecordError(place, f"{key}[{i}].lang", f"must be text, not {quote(lang)}")
        record.aliases.append((alias, lang))


def _tags(record: Record, value: object, place: str, key: str) -> None:
    tags = _text_list(value, place, key)
    for i, tag in enumerate(tags):
        if not isinstance(tag, str):
            raise RecordError(place, f"{key}[{i}]", f"must be text, not {quote(tag)}")
    record.row["tags"] = json.dumps(tags, ensure_ascii=False)


def _attributes(record: Record, value: object, place: str, key: str) -> None:
    if isinstance(value, str):
        value = json.loads(value)
    if not isinstance(value, dict):
        raise RecordError(place, key, f"must be an object, not {_type_name(value)}")
    record.row["attributes"] = json.dumps(value, ensure_ascii=False, sort_keys=True)


def _pairs(value: object, place: str, key: str, id_key: str, other_key: str,
           default: str) -> list[tuple[str, str]]:
    pairs = []
    for i, item in enumerate(_text_list(value, place, key)):
        if isinstance(item, str):
            item_id, _, other = item.partition(":")
            item = {id_key: item_id, other_key: other or default}
        if not isinstance(item, dict):
            raise RecordError(place, f"{key}[{i}]", f"must be an object, not {_type_name(item)}")
        unknown = set(item) - {id_key, other_key}
        if unknown:
            raise RecordError(place, f"{key}[{i}]", f"unknown field {sorted(unknown)[0]}")
        item_id, other = item.get(id_key), item.get(other_key) or default
        if not isinstance(item_id, str) or not _usable_id(item_id):
            raise RecordError(place, f"{key}[{i}].{id_key}", f"is not a usable id: {quote(item_id)}")
        if not isinstance(other, str):
            raise RecordError(place, f"{key}[{i}].{other_key}", f"must be text, not {quote(other)}")
        pairs.append((item_id, other))
    return pairs


def _actors(record: Record, value: object, place: str, key: str) -> None:
    record.actors.extend(_pairs(value, place, key, "id", "role", "participant"))


def _links(record: Record, value: object, place: str, key: str) -> None:
    record.links.extend(_pairs(value, place, key, "to", "relation", "related"))


_COMPOUND: dict[str, Callable[[Record, object, str, str], None]] = {
    "aliases": _aliases, "tags": _tags, "attributes": _attributes, "actors": _actors,
    "links": _links,
}


def _checked(kind: str, data: object, place: str, context: Context) -> Record | RecordError:
    """build_record, with its complaint returned rather than raised."""
    try:
        return build_record(kind, data, place, context)
    except RecordError as exc:
        return exc
    except ValueError as exc:  # a JSON list or object in a CSV cell that is not JSON
        return RecordError(place, None, str(exc))


def _check_header(data: dict, place: str) -> Context:
    fmt = data.get("format", FORMAT_NAME)
    if fmt != FORMAT_NAME:
        raise RecordError(place, "format", f'must be "{FORMAT_NAME}", not {quote(fmt)}')
    year = data.get("default_year")
    if year is not None and (not isinstance(year, int) or isinstance(year, bool)):
        raise RecordError(place, "default_year", f"must be a whole number, not {quote(year)}")
    return Context(year)


def _json_error(exc: json.JSONDecodeError, text: str) -> RecordError:
    if exc.pos >= len(text.rstrip()) or (
            exc.msg.startswith("Unterminated string") and "\n" not in text[exc.pos:].rstrip()):
        return RecordError(f"line {exc.lineno}", None, "the file ends in the middle of a value "
                           "(truncated?)")
    return RecordError(f"line {exc.lineno}, column {exc.colno}", None, f"not valid JSON: {exc.msg}")


def read_json(path: Path, text: str) -> Iterator[Record | RecordError]:
    """A whole document: {"format", "default_year", "sources", "actors", "events", "statements"}."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        yield _json_error(exc, text)
        return
    if not isinstance(data, dict):
        yield RecordError("top level", None,
                          f"expected an object with {', '.join(SECTIONS)}, not {_type_name(data)}")
        return
    known = {"format", "default_year", *SECTIONS}
    for key in data:
        if key not in known:
            yield RecordError("top level", key, f"unknown field (known: {', '.join(known)})")
            return
    try:
        context = _check_header(data, "top level")
    except RecordError as exc:
        yield exc
        return
    if not any(data.get(section) for section in SECTIONS):
        yield RecordError("top level", None, "no records in the file")
        return
    for section, kind in SECTIONS.items():
        records = data.get(section) or []
        if not isinstance(records, list):
            yield RecordError("top level", section, f"must be a list, not {_type_name(records)}")
            continue
        for i, item in enumerate(records):
            item_id = item.get("id") if isinstance(item, dict) else None
            place = f"{section}[{i}]" + (f" (id {quote(item_id)})" if item_id is not None else "")
            yield _checked(kind, item, place, context)


def _line_place(number: int, kind: object, item_id: object) -> tuple[str, RecordError | None]:
    """`line 12 (event "x")`, and the error to report if the type is not one of ours."""
    place = f"line {number}" + (f" ({kind} {quote(item_id)})" if item_id is not None else "")
    if kind not in FIELDS:
        return place, RecordError(place, "type", f"must be one of {', '.join(FIELDS)}, "
                                                 f"not {quote(kind)}")
    return place, None


def read_jsonl(path: Path, lines: Iterator[str]) -> Iterator[Record | RecordError]:
    """One record a line, each with a `type`; an optional first line {"type": "meta", ...}."""
    context = Context()
    any_record = False
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            data = json.loads(line)
        except json.JSONDecodeError as exc:
            if not line.endswith("\n"):
                yield RecordError(f"line {number}", None,
                                  "the file ends in the middle of a record (truncated?)")
            else:
                yield RecordError(f"line {number}", None, f"not valid JSON: {exc.msg}")
            continue
        if not isinstance(data, dict):
            yield RecordError(f"line {number}", None, f"expected an object, not {_type_name(data)}")
            continue
        kind = data.get("type")
        if kind == "meta" and not any_record:
            try:
                context = _check_header({k: v for k, v in data.items() if k != "type"},
                                        f"line {number}")
            except RecordError as exc:
                yield exc
            continue
        place, problem = _line_place(number, kind, data.get("id"))
        if problem is not None:
            yield problem
            continue
        any_record = True
        del data["type"]
        yield _checked(kind, data, place, context)
    if not any_record:
        yield RecordError("line 1", None, "no records in the file")


def read_csv(path: Path, text: str) -> Iterator[Record | RecordError]:
    """A header row, then one record a row; `type` column, or the file name says the type."""
    reader = csv.DictReader(io.StringIO(text, newline=""))
    if not reader.fieldnames:
        yield RecordError("line 1", None, "no header row")
        return
    stem_kind = {f"{k}s": k for k in FIELDS}.get(path.stem.lower()) or (
        path.stem.lower() if path.stem.lower() in FIELDS else None)
    if "type" not in reader.fieldnames and stem_kind is None:
        yield RecordError("line 1", "type", "no type column, and the file name "
                          "(sources/actors/events/statements.csv) does not say the type")
        return
    context = Context()
    any_record = False
    for row in reader:
        number = reader.line_num
        if None in row:
            yield RecordError(f"line {number}", None, "more cells than the header has columns")
            continue
        kind = row.pop("type", None) or stem_kind
        if kind == "meta":
            try:
                year = row.get("default_year")
                context = _check_header(
                    {"default_year": int(year) if year else None}, f"line {number}")
            except (RecordError, ValueError) as exc:
                yield exc if isinstance(exc, RecordError) else RecordError(
                    f"line {number}", "default_year", f"must be a whole number, not {quote(year)}")
            continue
        body = {k: v for k, v in row.items() if v not in ("", None)}
        place, problem = _line_place(number, kind, body.get("id"))
        if problem is not None:
            yield problem
            continue
        any_record = True
        unknown = [k for k in body if k not in FIELDS[kind] and k != "default_year"]
        if unknown:
            yield RecordError(place, unknown[0], f"unknown field for a {kind}")
            continue
        body.pop("default_year", None)
        yield _checked(kind, body, place, context)
    if not any_record:
        yield RecordError("line 2", None, "no records in the file")

"""Import a file into the store: recognise its format, read it, write it in one transaction.

Every format's reader yields `Record`s and `RecordError`s; `import_file` collects the errors (up to
a limit) and writes nothing at all if there is one, so a bad file leaves the store as it was.
"""

from __future__ import annotations

import csv
import hashlib
import json
import sqlite3
import time
import zipfile
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path

from ..store import Store
from ..writer import ImportCounts, ImportWriter, Record, RecordError
from . import native

FORMATS = ("auto", "json", "jsonl", "csv", "timelinejs", "gdelt", "icews")
"""Values of `--format`."""

# Let a long cell reach the field checks, which say how long is too long.
csv.field_size_limit(native.MAX_TEXT + 1)

BIG_FILE = 16 << 20
"""Bytes from which an import into an empty store skips the write-ahead log (`Store.bulk_writing`)."""

MAX_ERRORS = 20
"""Errors reported per file before reading stops."""

Progress = Callable[[int, int], None]
"""Called with (bytes read, bytes in the file) as a file is read."""


class ImportFailed(Exception):
    """A file that cannot be imported; nothing of it was written."""

    def __init__(self, file: str, errors: list[RecordError], more: bool = False):
        self.file = file
        self.errors = errors
        self.more = more
        super().__init__(self.lines()[0] if errors else file)

    def lines(self) -> list[str]:
        """`FILE: WHERE: message` for each error, as the CLI prints them."""
        lines = [f"{self.file}: {error}" for error in self.errors]
        if self.more:
            lines.append(f"{self.file}: (more errors after these {len(self.errors)} not shown)")
        return lines


@dataclass(frozen=True)
class ImportSummary:
    file: str
    format: str
    counts: ImportCounts
    by_type: dict[str, ImportCounts]
    seconds: float
    dry_run: bool

    def line(self) -> str:
        """One line for the CLI: what the import did."""
        c = self.counts
        verb = "would add" if self.dry_run else "added"
        return (f"{self.file}: {verb} {c.added:,}, updated {c.updated:,}, "
                f"unchanged {c.unchanged:,} ({self.format}, {self.seconds:.2f} s)")


class UnknownFormat(Exception):
    """A file whose format could not be recognised; the message says what it looked like."""


def detect_format(path: Path) -> str:
    """The format of a file, from its content first and its name second."""
    from . import gdelt, icews, timelinejs

    if zipfile.is_zipfile(path):
        return "gdelt"
    with path.open("rb") as f:
        head_bytes = f.read(65536)
    if b"\x00" in head_bytes and not head_bytes.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise UnknownFormat("cannot tell the format: it looks like binary data, not text; "
                            f"timeline reads {', '.join(FORMATS[1:])}")
    head = head_bytes.decode("utf-8-sig", errors="replace")
    text = head.lstrip()
    suffix = path.suffix.lower()
    if gdelt.looks_like_gdelt(head):
        return "gdelt"
    if icews.looks_like_icews(head):
        return "icews"
    if text.startswith(("{", "[")):
        first_line = text.split("\n", 1)[0].strip()
        try:
            first = json.loads(first_line)
        except json.JSONDecodeError:
            first = None
        if isinstance(first, dict) and "type" in first and (
                "\n" in text.strip() or suffix in (".jsonl", ".ndjson")):
            return "jsonl"
        try:
            document = json.loads(path.read_text(encoding="utf-8-sig"))
        except (json.JSONDecodeError, UnicodeDecodeError):
            return "json"  # the native reader explains what is wrong with it
        return "timelinejs" if timelinejs.kind_of_json(document) else "json"
    if suffix in (".jsonl", ".ndjson"):
        return "jsonl"
    if suffix == ".json":
        return "json"
    first_line = text.split("\n", 1)[0]
    if timelinejs.sheet_header(first_line):
        return "timelinejs"
    if "," in first_line or suffix == ".csv":
        return "csv"
    shape = "empty" if not text else f"text starting {text[:30]!r}"
    raise UnknownFormat(f"cannot tell the format: it looks like {shape}; "
                        f"give --format, one of {', '.join(FORMATS[1:])}")


def _decode(data: bytes) -> str | RecordError:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        return RecordError(f"line {line}", None,
                           f"not UTF-8 text (byte {exc.start}: {data[exc.start]:#04x})")


def _lines(path: Path, progress: Progress | None) -> Iterator[str]:
    """A file's lines, decoded one at a time, so a file of millions of records stays on disk."""
    size = path.stat().st_size
    done = 0
    with path.open("rb") as f:
        if f.read(2) in (b"\xff\xfe", b"\xfe\xff"):
            yield from _utf16_lines(path, progress)
            return
        f.seek(0)
        for number, raw in enumerate(f, start=1):
            done += len(raw)
            if progress and number % 5000 == 0:
                progress(done, size)
            if number == 1 and raw.startswith(b"\xef\xbb\xbf"):
                raw = raw[3:]
            try:
                yield raw.decode("utf-8")
            except UnicodeDecodeError as exc:
                raise RecordError(f"line {number}", None,
                                  f"not UTF-8 text (column {exc.start + 1})") from None
    if progress:
        progress(size, size)


def _utf16_lines(path: Path, progress: Progress | None) -> Iterator[str]:
    size = path.stat().st_size
    done = number = 0
    with path.open(encoding="utf-16", newline="") as f:
        try:
            for number, line in enumerate(f, start=1):
                done += 2 * len(line)
                if progress and number % 5000 == 0:
                    progress(min(done, size), size)
                yield line
        except UnicodeDecodeError as exc:
            raise RecordError(f"line {number + 1}", None, f"not UTF-16 text ({exc.reason})") from None
    if progress:
        progress(size, size)


def read_records(path: Path, fmt: str, progress: Progress | None = None
                 ) -> Iterator[Record | RecordError]:
    """Every record of a file in a known format, and an error for each bad one."""
    if fmt == "jsonl":
        yield from native.read_jsonl(path, _lines(path, progress))
        return
    data = path.read_bytes()
    if progress:
        progress(len(data), len(data))
    if not data.strip():
        yield RecordError("line 1", None, "the file is empty")
        return
    text = _decode(data)
    if isinstance(text, RecordError):
        yield text
        return
    if fmt == "json":
        yield from native.read_json(path, text)
    elif fmt == "csv":
        yield from native.read_csv(path, text)
    elif fmt == "timelinejs":
        from . import timelinejs

        reader = timelinejs.read_json if text.lstrip().startswith(("{", "[")) else \
            timelinejs.read_sheet
        yield from reader(path, text)
    elif fmt == "icews":
        from .icews import read_icews

        yield from read_icews(path, text)
    else:
        raise ValueError(f"unknown format {fmt}")


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def import_file(store: Store, path: str | Path, fmt: str = "auto", dry_run: bool = False,
                progress: Progress | None = None) -> ImportSummary:
    """Import one file in one transaction; raise ImportFailed, with nothing written, if it is bad."""
    path = Path(path)
    name = str(path)
    if not path.is_file():
        raise ImportFailed(name, [RecordError("file", None, "no such file")])
    if fmt == "auto":
        try:
            fmt = detect_format(path)
        except UnknownFormat as exc:
            raise ImportFailed(name, [RecordError("file", None, str(exc))]) from None
    if fmt not in FORMATS:
        raise ImportFailed(name, [RecordError("file", None, f"unknown format {fmt!r}; "
                                              f"known: {', '.join(FORMATS)}")])
    try:
        summary = _import(store, path, fmt, dry_run, progress)
    except sqlite3.DatabaseError as exc:
        # Disk full, an I/O error, a store damaged on disk: the transaction was rolled back, so
        # say what failed and that nothing of the file is in the store.
        raise ImportFailed(name, [RecordError(
            "store", None, f"{store.path} could not be written ({exc}); "
            "nothing from this file was kept")]) from None
    if not dry_run:
        store.checkpoint()
    return summary


UNFORESEEN = (csv.Error, UnicodeError, zipfile.BadZipFile, ValueError)
"""Ways a file can be broken that no reader foresaw: they still get a message, not a traceback."""


def _unreadable(fmt: str, exc: Exception) -> RecordError:
    return RecordError("file", None, f"cannot be read as {fmt}: {exc}")


def _import(store: Store, path: Path, fmt: str, dry_run: bool, progress: Progress | None
            ) -> ImportSummary:
    name = str(path)
    started = time.perf_counter()
    errors: list[RecordError] = []
    more = False
    with ExitStack() as stack:
        # Read beside the import (hashlib lets go of the GIL): the file's digest is only logged.
        hashing = stack.enter_context(ThreadPoolExecutor(1))
        sha256 = hashing.submit(_sha256, path)
        if fmt == "gdelt":
            from . import gdelt

            # Staged before the transaction: the scratch files must be attached outside one.
            try:
                staged = stack.enter_context(gdelt.staged(
                    store.conn, path, Path(store.path).parent if store.path else None,
                    MAX_ERRORS, progress))
            except RecordError as exc:
                raise ImportFailed(name, [exc]) from None
            except UNFORESEEN as exc:
                raise ImportFailed(name, [_unreadable(fmt, exc)]) from None
        stack.enter_context(store.bulk_writing(big=path.stat().st_size >= BIG_FILE))
        conn = stack.enter_context(store.transaction())
        writer = ImportWriter(conn, name, fmt)
        try:
            if fmt == "gdelt":
                errors.extend(gdelt.write_gdelt(staged, writer, MAX_ERRORS))
                more = len(errors) >= MAX_ERRORS
            else:
                more = _write_records(path, fmt, writer, progress, errors)
        except RecordError as exc:
            errors.append(exc)
        except UNFORESEEN as exc:
            errors.append(_unreadable(fmt, exc))
        if not errors:
            try:
                errors.extend(writer.check_references())
            except RecordError as exc:
                errors.append(exc)
        if errors:
            conn.rollback()
            raise ImportFailed(name, errors, more)
        counts = writer.finish(sha256.result(), rebuild_timeline=not dry_run)
        if dry_run:
            conn.rollback()
    return ImportSummary(name, fmt, counts, writer.counts, time.perf_counter() - started, dry_run)


def _write_records(path: Path, fmt: str, writer: ImportWriter, progress: Progress | None,
                   errors: list[RecordError]) -> bool:
    """Read a file record by record into `writer`, adding its errors to `errors`; whether there
    were more errors than are reported."""
    records = 0
    for item in read_records(path, fmt, progress):
        if isinstance(item, RecordError):
            errors.append(item)
        else:
            records += 1
            # Once a file has an error nothing more is written, but reading goes on
            # so that one run reports every error (up to the limit).
            if not errors:
                try:
                    writer.add(item)
                except RecordError as exc:
                    errors.append(exc)
        if len(errors) >= MAX_ERRORS:
            return True
    if not errors and not records:
        errors.append(RecordError("file", None, f"no records found reading it as {fmt}"))
    return False

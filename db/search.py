"""Fuzzy search over actors, statements and events, ranked with rapidfuzz, with matched spans.

Actor names and aliases are few and are ranked in memory. Statements and events are many: FTS5
finds candidates (each query word as a prefix, any of them), and rapidfuzz ranks those few hundred.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from rapidfuzz import fuzz, process

from .dates import format_edtf
from .store import Store

KINDS = ("actor", "statement", "event")
CANDIDATES = 300
"""FTS candidates per kind that rapidfuzz ranks."""


@dataclass(frozen=True)
class Hit:
    """One search result, as `timeline search --json` prints it (DESIGN §6)."""

    kind: str
    id: str
    score: float
    title: str
    date: str | None
    text: str | None
    speaker: str | None = None
    spans: list[tuple[int, int]] = field(default_factory=list)
    """Half-open character ranges of the match in `text`, or in `title` when there is no text."""

    def as_json(self) -> dict[str, object]:
        result: dict[str, object] = {
            "kind": self.kind, "id": self.id, "score": round(self.score, 1), "title": self.title,
            "date": self.date, "text": self.text,
        }
        if self.kind == "statement":
            result["speaker"] = self.speaker
        result["spans"] = [list(span) for span in self.spans]
        return result

    @property
    def display_date(self) -> str:
        return format_edtf(self.date) if self.date else ""


def fold(text: str) -> str:
    """Lower case without accents, one character for one, so offsets still point into `text`."""
    return "".join(_fold_char(c) for c in text)


def _fold_char(c: str) -> str:
    if c.isascii():
        return c.lower()
    base = unicodedata.normalize("NFD", c)[0].lower()
    return base if len(base) == 1 else c


_WORD = re.compile(r"\w+", re.UNICODE)


def fts_query(query: str) -> str | None:
    """An FTS5 MATCH expression for free text: every word a quoted prefix, any may match.

    Quoting each word means FTS5 syntax in the query (`AND`, `(`, `*`, `"`, `-`) is only text.
    """
    words = _WORD.findall(fold(query))
    if not words:
        return None
    return " OR ".join(f'"{w}"*' for w in words)


def _spans(query: str, text: str) -> tuple[float, list[tuple[int, int]]]:
    folded_query, folded_text = fold(query), fold(text)
    alignment = fuzz.partial_ratio_alignment(folded_query, folded_text)
    if alignment is None or alignment.score == 0:
        return 0.0, []
    start, end = alignment.dest_start, alignment.dest_end
    # Trim the span to the characters the query words really share, so the highlight is tight.
    return alignment.score, [(start, end)] if end > start else []


def _rank_text(query: str, text: str) -> float:
    folded_query, folded_text = fold(query), fold(text)
    if folded_query in folded_text:
        return 100.0
    return max(fuzz.partial_ratio(folded_query, folded_text),
               fuzz.token_set_ratio(folded_query, folded_text) * 0.95)


def search(store: Store, query: str, kinds: tuple[str, ...] = KINDS, limit: int = 50) -> list[Hit]:
    """Hits of every kind in `kinds` for `query`, best first."""
    query = query.strip()
    if not query:
        return []
    hits: list[Hit] = []
    if "actor" in kinds:
        hits.extend(_actor_hits(store, query, limit))
    match = fts_query(query)
    if match is not None:
        if "statement" in kinds:
            hits.extend(_statement_hits(store, query, match, limit))
        if "event" in kinds:
            hits.extend(_event_hits(store, query, match, limit))
    hits.sort(key=lambda h: (-h.score, KINDS.index(h.kind), h.title))
    return hits[:limit]


def _actor_hits(store: Store, query: str, limit: int) -> list[Hit]:
    names = store.actor_names()
    choices = [fold(name) for _, name, _ in names]
    folded = fold(query)
    best: dict[str, tuple[float, str]] = {}
    for _, score, index in process.extract(folded, choices, scorer=fuzz.WRatio, limit=limit * 4,
                                           score_cutoff=60):
        actor_id, name, _ = names[index]
        if choices[index] == folded:
            score = 100.0
        if actor_id not in best or best[actor_id][0] < score:
            best[actor_id] = (score, name)
    hits = []
    for actor_id, (score, matched) in best.items():
        actor = store.actor(actor_id)
        if actor is None:
            continue
        _, spans = _spans(query, matched)
        text = None if matched == actor.name else matched
        hits.append(Hit("actor", actor_id, score, actor.name, None, text, spans=spans))
    return hits


def _statement_hits(store: Store, query: str, match: str, limit: int) -> list[Hit]:
    rows = store.conn.execute("""
        SELECT s.id, s.text, a.name, coalesce(s.date, e.date)
        FROM statements_fts f JOIN statements s ON s.rowid = f.rowid
        JOIN actors a ON a.id = s.speaker_id LEFT JOIN events e ON e.id = s.event_id
        WHERE statements_fts MATCH ? LIMIT ?""", (match, CANDIDATES)).fetchall()
    hits = []
    for statement_id, text, speaker, date in rows:
        score = _rank_text(query, text)
        _, spans = _spans(query, text)
        hits.append(Hit("statement", statement_id, score, speaker, date, text, speaker, spans))
    return hits


def _event_hits(store: Store, query: str, match: str, limit: int) -> list[Hit]:
    rows = store.conn.execute("""
        SELECT e.id, e.title, e.summary, e.date FROM events_fts f JOIN events e ON e.rowid = f.rowid
        WHERE events_fts MATCH ? LIMIT ?""", (match, CANDIDATES)).fetchall()
    hits = []
    for event_id, title, summary, date in rows:
        score = max(_rank_text(query, title), _rank_text(query, summary or "") * 0.9)
        _, spans = _spans(query, summary or title)
        hits.append(Hit("event", event_id, score, title, date, summary, spans=spans))
    return hits

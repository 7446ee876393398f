"""Fuzzy search over actors, statements and events, ranked with rapidfuzz, with matched spans.

Actor names and aliases are few: they are ranked in memory. Statements and events are many: FTS5
finds a few hundred candidates (each query word as a prefix, or corrected against the index's own
words when it matches nothing), and rapidfuzz ranks those. A query may narrow the search:
`@lavrov` (one actor's statements and events), `kind:quote`, `from:2024-01 to:2024-06`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from rapidfuzz import fuzz, process

from .dates import DateError, format_edtf, parse_date
from .folding import WORD, fold
from .store import Store

KINDS = ("actor", "statement", "event")
STATEMENT_KINDS = ("quote", "paraphrase", "position")
CANDIDATES = 300
"""FTS candidates per kind that rapidfuzz scores quickly."""
RANKED = 60
"""Of those, how many are ranked word by word (with spans)."""
ACTOR_ROWS = 2000
"""Rows of one actor read when a search is narrowed to it."""
ACTOR_CUTOFF = 75
TEXT_CUTOFF = 50

Words = list[list[tuple[str, bool]]]
"""Per query word, the index terms it stands for, each marked as a prefix or a whole word."""


_FILTER = re.compile(r'(?:^|\s)(?:@(?P<actor>"[^"]+"|\S+)|(?P<key>kind|from|to):(?P<value>\S+))',
                     re.IGNORECASE)


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
    statement_kind: str | None = None

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

    @property
    def shown(self) -> str:
        """The text the spans point into."""
        return self.text if self.text is not None else self.title


@dataclass
class Query:
    """A search as typed: free text, and what it is narrowed to."""

    text: str
    actor: str | None = None
    kinds: set[str] = field(default_factory=lambda: set(KINDS))
    statement_kinds: set[str] = field(default_factory=lambda: set(STATEMENT_KINDS))
    lo_key: int | None = None
    hi_key: int | None = None
    problems: list[str] = field(default_factory=list)
    """Parts of the query that could not be read (a date, a kind); shown, never raised."""


def parse_query(raw: str) -> Query:
    """Split `@actor`, `kind:`, `from:` and `to:` out of the free text."""
    query = Query(text="")
    rest = []
    last = 0
    for match in _FILTER.finditer(raw):
        rest.append(raw[last:match.start()])
        last = match.end()
        if match["actor"]:
            query.actor = match["actor"].strip('"')
            continue
        key, value = match["key"].lower(), match["value"]
        if key == "kind":
            value = value.lower()
            if value in STATEMENT_KINDS:
                query.kinds = {"statement"}
                query.statement_kinds = {value}
            elif value in KINDS:
                query.kinds = {value}
            elif value in ("quotes", "events", "statements", "actors"):
                query.kinds = {value[:-1]} if value != "quotes" else {"statement"}
                if value == "quotes":
                    query.statement_kinds = {"quote"}
            else:
                query.problems.append(f"kind:{value} is not one of "
                                      f"{', '.join(KINDS + STATEMENT_KINDS)}")
            continue
        try:
            date = parse_date(value).value
        except DateError:
            query.problems.append(f"{key}:{value} is not a date")
            continue
        if key == "from":
            query.lo_key = date.lo_key
        else:
            query.hi_key = date.hi_key
    rest.append(raw[last:])
    query.text = " ".join("".join(rest).split())
    return query


def fts_query(words: Words, require_all: bool = True) -> str | None:
    """An FTS5 MATCH expression: each word a group of quoted terms (prefixes or whole words).

    Every word is quoted, so FTS5 syntax typed in a query (`AND`, `(`, `*`, `"`, `-`) is only text.
    """
    groups = []
    for alternatives in words:
        terms = [f'"{term}"' + ("*" if prefix else "") for term, prefix in alternatives if term]
        if terms:
            groups.append(terms[0] if len(terms) == 1 else "(" + " OR ".join(terms) + ")")
    if not groups:
        return None
    return (" AND " if require_all else " OR ").join(groups)


class Searcher:
    """Search one store; keeps the actor names in memory between keystrokes."""

    def __init__(self, store: Store):
        self.store = store
        self._names: list[tuple[str, str, str]] | None = None
        self._folded: list[str] = []

    def _actor_names(self) -> tuple[list[tuple[str, str, str]], list[str]]:
        if self._names is None:
            self._names = self.store.actor_names()
            self._folded = [fold(name) for _, name, _ in self._names]
        return self._names, self._folded

    def search(self, raw: str, kinds: tuple[str, ...] = KINDS, limit: int = 50) -> list[Hit]:
        """Hits of every kind in `kinds` for the typed query `raw`, best first."""
        query = parse_query(raw)
        query.kinds &= set(kinds)
        actor_ids = None
        if query.actor is not None:
            actor_ids = [hit.id for hit in self._actor_hits(query.actor, 3)
                         if hit.score >= 85] or ["\x00none"]
            actor_ids = actor_ids[:1] if len(actor_ids) > 1 and self._exact(query.actor) else \
                actor_ids
        hits: list[Hit] = []
        if "actor" in query.kinds and query.text and actor_ids is None:
            hits.extend(self._actor_hits(query.text, limit))
        words = self._words(query.text)
        if "statement" in query.kinds:
            hits.extend(self._statement_hits(query, words, actor_ids))
        if "event" in query.kinds:
            hits.extend(self._event_hits(query, words, actor_ids))
        hits.sort(key=lambda h: (-h.score, KINDS.index(h.kind), h.date or "", h.id))
        return hits[:limit]

    def _exact(self, name: str) -> bool:
        return fold(name) in self._actor_names()[1]

    # --- actors -----------------------------------------------------------------------------

    def _actor_hits(self, text: str, limit: int) -> list[Hit]:
        names, folded = self._actor_names()
        wanted = fold(text).strip()
        if not wanted:
            return []
        best: dict[str, tuple[float, str]] = {}
        found = process.extract(wanted, folded, scorer=fuzz.WRatio, limit=limit * 4,
                                score_cutoff=ACTOR_CUTOFF)
        # A short beginning ("la") scores low in WRatio but is how names are typed.
        starts = [(None, 0.0, i) for i, name in enumerate(folded)
                  if name.startswith(wanted) or f" {wanted}" in name][: limit * 4]
        for _, score, index in [*found, *starts]:
            actor_id, name, _ = names[index]
            if folded[index] == wanted:
                score = 100.0  # an exact name or alias beats any fuzzy one
            elif folded[index].startswith(wanted):
                score = 98.0  # typing a name: its beginning is as good as found
            elif any(word.startswith(wanted) for word in folded[index].split()):
                score = 97.0
            elif score >= 97:
                score = 96.0
            if actor_id not in best or best[actor_id][0] < score:
                best[actor_id] = (score, name)
        hits = []
        primary = {actor_id: name for actor_id, name, kind in names if kind == "name"}
        for actor_id, (score, matched) in best.items():
            name = primary.get(actor_id, matched)
            text_shown = None if matched == name else matched
            hits.append(Hit("actor", actor_id, score, name, None, text_shown,
                            spans=_spans(text, matched)))
        return hits

    # --- statements and events ------------------------------------------------------------------

    def _words(self, text: str) -> Words:
        """Each query word with the index terms it may stand for, each marked prefix or not.

        A word the user has finished (another follows it) that is a word of the index is looked
        up as itself, which FTS5 answers far faster than a prefix; the word being typed is a
        prefix; a word matching nothing stands for its closest spellings in the index.
        """
        result = []
        words = WORD.findall(fold(text))
        typing_last = bool(text) and not text[-1].isspace()
        for index, word in enumerate(words):
            if len(word) < 2 and not _is_cjk(word):
                continue  # one letter matches half the index and says nothing
            finished = index < len(words) - 1 or not typing_last
            if finished and self.store.has_term(word):
                result.append([(word, False)])
            elif self.store.has_term_prefix(word):
                result.append([(word, True)])
            else:
                near = process.extract(word, self.store.terms_near(word), scorer=fuzz.ratio,
                                       limit=3, score_cutoff=70)
                result.append([(term, False) for term, _, _ in near] or [(word, True)])
        return result

    def _candidates(self, table: str, query: Query, words: Words, restrict: str,
                    params: list[object], text_of) -> list[tuple]:
        """At most RANKED rows worth ranking in full, best first by a quick C-speed score."""
        if not words:
            # Only narrowed (@actor, kind:, dates): the first rows that qualify, in time order.
            return self.store.search_rows(table, None, restrict, params, RANKED)
        if "x.speaker_id" in restrict or "event_actors" in restrict:
            # One actor's rows are few: take them all and let rapidfuzz pick, no index needed.
            rows = self.store.search_rows(table, None, restrict, params, ACTOR_ROWS)
        else:
            # Dates filter the index's matches one by one: ask for fewer of them.
            limit = RANKED * 2 if "t." in restrict else CANDIDATES
            rows = self.store.search_rows(table, fts_query(words, require_all=True), restrict,
                                          params, limit)
            if not rows and len(words) > 1:
                rows = self.store.search_rows(table, fts_query(words, require_all=False),
                                              restrict, params, CANDIDATES)
        phrase = fold(query.text).strip()
        if not phrase or len(rows) <= RANKED:
            return rows[:RANKED] if not phrase else rows
        texts = [fold(text_of(row)) for row in rows]
        best = process.extract(phrase, texts, scorer=fuzz.partial_token_set_ratio, limit=RANKED)
        return [rows[index] for _, _, index in best]

    def _restriction(self, query: Query, actor_ids: list[str] | None, kind: str
                     ) -> tuple[str, list[object]]:
        clauses, params = [], []
        if actor_ids is not None:
            marks = ",".join("?" * len(actor_ids))
            if kind == "statement":
                clauses.append(f"x.speaker_id IN ({marks})")
            else:
                clauses.append(f"x.id IN (SELECT event_id FROM event_actors "
                               f"WHERE actor_id IN ({marks}))")
            params.extend(actor_ids)
        if kind == "statement" and query.statement_kinds != set(STATEMENT_KINDS):
            marks = ",".join("?" * len(query.statement_kinds))
            clauses.append(f"x.kind IN ({marks})")
            params.extend(sorted(query.statement_kinds))
        # With words, a date range keeps what overlaps it (DESIGN §3). With dates alone, it lists
        # what starts inside it, which the timeline's index answers without a scan.
        if query.lo_key is not None:
            clauses.append("t.hi_key >= ?" if query.text.strip() else "t.lo_key >= ?")
            params.append(query.lo_key)
        if query.hi_key is not None:
            clauses.append("t.lo_key <= ?")
            params.append(query.hi_key)
        return " AND ".join(clauses), params

    def _statement_hits(self, query: Query, words: Words,
                        actor_ids: list[str] | None) -> list[Hit]:
        restrict, params = self._restriction(query, actor_ids, "statement")
        if not words and not restrict:
            return []
        hits = []
        for statement_id, text, speaker, date, kind in self._candidates(
                "statements", query, words, restrict, params, lambda r: f"{r[2]} {r[1]}"):
            score, spans = _rank(query.text, words, text)
            if score < 100:
                # "wang ceasefire": the speaker's name counts as part of what was said.
                score = max(score, _rank(query.text, words, f"{speaker} {text}")[0] * 0.98)
            if score >= TEXT_CUTOFF or not words:
                hits.append(Hit("statement", statement_id, score if words else 100.0, speaker,
                                date, text, speaker, spans, kind))
        return hits

    def _event_hits(self, query: Query, words: Words,
                    actor_ids: list[str] | None) -> list[Hit]:
        restrict, params = self._restriction(query, actor_ids, "event")
        if not words and not restrict:
            return []
        hits = []
        for event_id, title, summary, date in self._candidates(
                "events", query, words, restrict, params, lambda r: f"{r[1]} {r[2] or ''}"):
            title_score, title_spans = _rank(query.text, words, title)
            summary_score, summary_spans = _rank(query.text, words, summary or "")
            # The spans point into the summary when there is one (DESIGN §6).
            if summary:
                score = max(title_score, summary_score * 0.95)
                spans = summary_spans
            else:
                score, spans = title_score, title_spans
            if score >= TEXT_CUTOFF or not words:
                hits.append(Hit("event", event_id, score if words else 100.0, title, date,
                                summary, spans=spans))
        return hits


def _is_cjk(word: str) -> bool:
    return any("\u2e80" <= c <= "\u9fff" or "\uac00" <= c <= "\ud7af" for c in word)


def _word_spans(folded_text: str, words: list[str]) -> tuple[float, list[tuple[int, int]]]:
    """Per query word, the best word of the text: the mean score, and the matched characters.

    A text word that starts with the query word scores 100 (96 if longer); any other is scored by
    its spelling distance, so a typo's correction found by FTS never counts as exact.
    """
    matches = list(WORD.finditer(folded_text))
    if not matches or not words:
        return 0.0, []
    text_words = [m.group() for m in matches]
    total = 0.0
    spans = []
    for term in words:
        starts = [i for i, word in enumerate(text_words) if word.startswith(term)]
        if starts:
            i = min(starts, key=lambda i: len(text_words[i]))
            total += 100.0 if len(text_words[i]) == len(term) else 96.0
            spans.append((matches[i].start(), matches[i].start() + len(term)))
            continue
        best = process.extractOne(term, text_words, scorer=fuzz.ratio)
        if best is None:
            continue
        _, score, i = best
        total += score
        if score >= 70:
            spans.append((matches[i].start(), matches[i].end()))
    return total / len(words), sorted(set(spans))


def _rank(query_text: str, words: Words, text: str) -> tuple[float, list[tuple[int, int]]]:
    """How well `text` matches: 100 for the exact phrase (whole words), less for words, fuzzier."""
    if not text or not words:
        return 0.0, []
    folded = fold(text)
    phrase = " ".join(WORD.findall(fold(query_text)))
    if phrase:
        pattern = r"(?<!\w)" + r"[\W_]+".join(re.escape(w) for w in phrase.split()) + r"(?!\w)"
        exact = [(m.start(), m.end()) for m in re.finditer(pattern, folded)]
        if exact:
            return 100.0, exact
    score, spans = _word_spans(folded, phrase.split())
    # Keep below an exact phrase, and let the words' order and closeness count a little.
    closeness = fuzz.partial_ratio(phrase, folded) if phrase else 0.0
    return min(99.0, 0.8 * score + 0.2 * closeness), spans


def _spans(query: str, text: str) -> list[tuple[int, int]]:
    alignment = fuzz.partial_ratio_alignment(fold(query), fold(text))
    if alignment is None or alignment.dest_end <= alignment.dest_start:
        return []
    return [(alignment.dest_start, alignment.dest_end)]


def search(store: Store, query: str, kinds: tuple[str, ...] = KINDS, limit: int = 50) -> list[Hit]:
    """Hits of every kind in `kinds` for `query`, best first (a one-off `Searcher`)."""
    return Searcher(store).search(query, kinds, limit)

"""What the store's read API hands to the app and the CLI: plain, immutable records."""

from __future__ import annotations

from typing import NamedTuple

from .dates import format_edtf


def shown_date(date: str | None) -> str:
    """An EDTF date as the app and exports show it, or "undated"."""
    return format_edtf(date) if date else "undated"


class Stats(NamedTuple):
    """Counts and the date range of a store."""

    events: int
    statements: int
    actors: int
    sources: int
    first: str | None
    """EDTF of the earliest item on the timeline."""
    last: str | None
    """EDTF of the item that ends last."""

    def as_json(self) -> dict[str, object]:
        return {
            "events": self.events, "statements": self.statements, "actors": self.actors,
            "sources": self.sources, "first": self.first, "last": self.last,
        }


class TimelineRow(NamedTuple):
    """One event or statement as the timeline list shows it."""

    pos: int
    kind: str
    """"event" or "statement"."""
    item_id: str
    date: str
    """EDTF, the statement's own or its event's."""
    lo_key: int
    title: str
    """An event's title; for a statement, its speaker's name."""
    text: str | None
    """A statement's words; None for an event."""
    statement_kind: str | None
    """quote, paraphrase or position; None for an event."""

    @property
    def display_date(self) -> str:
        return format_edtf(self.date)


class Period(NamedTuple):
    """A run of consecutive timeline rows under one header."""

    grain: str
    idx: int
    key: int
    prec_rank: int
    first_pos: int
    count: int
    line_start: int


class TimelineLine(NamedTuple):
    """One screen line of the grouped timeline: a period header or a row."""

    line: int
    period: Period
    row: TimelineRow | None
    """None on the header line."""


class ActorRef(NamedTuple):
    id: str
    name: str
    role: str | None = None


class StatementRef(NamedTuple):
    id: str
    speaker_id: str
    speaker: str
    kind: str
    text: str
    date: str | None

    @property
    def display_date(self) -> str:
        return shown_date(self.date)


class EventRef(NamedTuple):
    id: str
    title: str
    date: str | None
    relation: str | None = None

    @property
    def display_date(self) -> str:
        return shown_date(self.date)


class SourceRef(NamedTuple):
    id: str
    title: str
    publisher: str | None
    author: str | None
    url: str | None


class DateInfo(NamedTuple):
    """A record's date as stored: canonical EDTF, the source's words and how the year was found."""

    date: str | None
    precision: str | None
    date_text: str | None
    date_note: str | None

    @property
    def display(self) -> str:
        return shown_date(self.date)


class EventDetail(NamedTuple):
    id: str
    title: str
    summary: str | None
    when: DateInfo
    location: str | None
    country: str | None
    event_type: str | None
    cameo_code: str | None
    tags: list[str]
    excerpt: str | None
    note: str | None
    dataset: str | None
    external_id: str | None
    source: SourceRef | None
    actors: list[ActorRef]
    statements: list[StatementRef]
    related: list[EventRef]
    attributes: dict[str, object] = {}
    """A dataset's own figures, as it named them (GDELT's goldstein, avg_tone, num_mentions...)."""


class StatementDetail(NamedTuple):
    id: str
    text: str
    kind: str
    when: DateInfo
    """The statement's own date, or its event's when it has none."""
    via: str | None
    excerpt: str | None
    note: str | None
    speaker: ActorRef
    event: EventRef | None
    source: SourceRef | None


class ActorDetail(NamedTuple):
    id: str
    name: str
    kind: str | None
    country: str | None
    role: str | None
    description: str | None
    note: str | None
    aliases: list[tuple[str, str | None]]
    """(alias, language) pairs."""
    event_count: int = 0
    """Events it took part in; `Store.actor_entries_page` lists them with what it said."""
    statement_count: int = 0


class ActorEntry(NamedTuple):
    """One thing an actor did (an event, with its role there) or said (a statement)."""

    kind: str
    """"event" or "statement"."""
    id: str
    date: str | None
    """EDTF; a statement's own or its event's; None if undated."""
    text: str
    """An event's title, a statement's words."""
    statement_kind: str | None
    relation: str | None
    """The actor's role at an event."""

    @property
    def display_date(self) -> str:
        return shown_date(self.date)


class Excerpt(NamedTuple):
    """A source's sentence cited by an event or a statement."""

    text: str
    kind: str
    item_id: str
    label: str


class SourceDetail(NamedTuple):
    id: str
    kind: str | None
    title: str
    publisher: str | None
    author: str | None
    url: str | None
    published: str | None
    language: str | None
    text: str | None
    note: str | None
    excerpts: list[Excerpt]

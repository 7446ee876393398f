"""What the store's read API hands to the app and the CLI: plain, immutable records."""

from __future__ import annotations

from dataclasses import dataclass, field

from .dates import format_edtf


@dataclass(frozen=True)
class Stats:
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


@dataclass(frozen=True)
class TimelineRow:
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


@dataclass(frozen=True)
class Period:
    """A run of consecutive timeline rows under one header."""

    grain: str
    idx: int
    key: int
    prec_rank: int
    first_pos: int
    count: int
    line_start: int


@dataclass(frozen=True)
class TimelineLine:
    """One screen line of the grouped timeline: a period header or a row."""

    line: int
    period: Period
    row: TimelineRow | None
    """None on the header line."""


@dataclass(frozen=True)
class ActorRef:
    id: str
    name: str
    role: str | None = None


@dataclass(frozen=True)
class StatementRef:
    id: str
    speaker_id: str
    speaker: str
    kind: str
    text: str
    date: str | None

    @property
    def display_date(self) -> str:
        return format_edtf(self.date) if self.date else "undated"


@dataclass(frozen=True)
class EventRef:
    id: str
    title: str
    date: str | None
    relation: str | None = None

    @property
    def display_date(self) -> str:
        return format_edtf(self.date) if self.date else "undated"


@dataclass(frozen=True)
class SourceRef:
    id: str
    title: str
    publisher: str | None
    author: str | None
    url: str | None


@dataclass(frozen=True)
class DateInfo:
    """A record's date as stored: canonical EDTF, the source's words and how the year was found."""

    date: str | None
    precision: str | None
    date_text: str | None
    date_note: str | None

    @property
    def display(self) -> str:
        return format_edtf(self.date) if self.date else "undated"


@dataclass(frozen=True)
class EventDetail:
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


@dataclass(frozen=True)
class StatementDetail:
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


@dataclass(frozen=True)
class ActorDetail:
    id: str
    name: str
    kind: str | None
    country: str | None
    role: str | None
    description: str | None
    note: str | None
    aliases: list[tuple[str, str | None]]
    """(alias, language) pairs."""
    events: list[EventRef] = field(default_factory=list)
    """Every event the actor took part in, with its role there as `relation`, in time order."""
    statements: list[StatementRef] = field(default_factory=list)
    """Everything it said, in time order."""


@dataclass(frozen=True)
class Excerpt:
    """A source's sentence cited by an event or a statement."""

    text: str
    kind: str
    item_id: str
    label: str


@dataclass(frozen=True)
class SourceDetail:
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

"""What the detail pane shows for each kind of record, as a list of plain-text blocks.

Kept apart from the widget so the content of a page can be read and tested without a screen.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple

from db.models import DateInfo, StatementRef
from db.store import Store

KIND_MARK = {"event": "◆", "quote": "❝", "paraphrase": "≈", "position": "▸"}
"""The mark of each kind of row, on the timeline and in the pane."""


TEXT_LIMIT = 20_000
"""Characters of one text a page shows: laying out a megabyte would freeze the screen."""
SOURCE_TEXT_LIMIT = 100_000


def clip(text: str, limit: int = TEXT_LIMIT) -> str:
    """`text`, cut at `limit` characters with a note of how much is left out."""
    if len(text) <= limit:
        return text
    return f"{text[:limit]} … ({len(text) - limit:,} more characters not shown here; " \
        "`timeline export` has the whole text)"


class Block(NamedTuple):
    """One piece of a page: a heading, a labelled line, a paragraph, or a link to follow."""

    style: str
    """title, subtitle, heading, field, text, note, link, more (the rest of a long list)."""
    text: str
    label: str = ""
    target: tuple[str, str] | None = None
    """(kind, id) that a link opens."""
    highlights: Sequence[tuple[int, int]] = ()
    """Character ranges of `text` to highlight (cited excerpts on a source page)."""
    offset: int = 0
    """For a "more" block: where the list it continues goes on, and how long it is."""
    total: int = 0


class Page(NamedTuple):
    kind: str
    id: str
    title: str
    blocks: list[Block]


def _date_blocks(when: DateInfo) -> list[Block]:
    blocks = [Block("field", when.display, "Date")]
    if when.date_text and when.date_text not in (when.display, when.date):
        blocks.append(Block("field", f"“{when.date_text}” in the source", "As written"))
    if when.date:
        blocks.append(Block("field", f"{when.date} ({when.precision or 'from its event'})", "EDTF"))
    if when.date_note:
        blocks.append(Block("field", when.date_note, "Date note"))
    return blocks


def _statement_link(ref: StatementRef) -> Block:
    mark = KIND_MARK.get(ref.kind, "·")
    return Block("link", f"{mark} {ref.speaker}: “{ref.text}”", target=("statement", ref.id))


def event_page(store: Store, event_id: str) -> Page | None:
    event = store.event(event_id)
    if event is None:
        return None
    blocks = [Block("title", event.title), *_date_blocks(event.when)]
    place = ", ".join(p for p in (event.location, event.country) if p)
    if place:
        blocks.append(Block("field", place, "Where"))
    if event.event_type:
        blocks.append(Block("field", event.event_type, "Type"))
    if event.cameo_code:
        blocks.append(Block("field", event.cameo_code, "CAMEO"))
    if event.tags:
        blocks.append(Block("field", ", ".join(event.tags), "Tags"))
    if event.dataset:
        blocks.append(Block("field", " ".join(filter(None, (event.dataset, event.external_id))),
                            "Dataset"))
    if event.attributes:
        blocks.append(Block("field", " · ".join(f"{key.replace('_', ' ')} {value}"
                                                for key, value in event.attributes.items()),
                            "Figures"))
    if event.summary:
        blocks.append(Block("text", clip(event.summary)))
    if event.actors:
        blocks.append(Block("heading", "Actors"))
        blocks.extend(Block("link", f"{a.name} ({a.role})", target=("actor", a.id))
                      for a in event.actors)
    if event.statements:
        blocks.append(Block("heading", "Said"))
        blocks.extend(_statement_link(s) for s in event.statements)
    if event.related:
        blocks.append(Block("heading", "Related"))
        blocks.extend(Block("link", f"{r.title} · {r.display_date} ({r.relation})",
                            target=("event", r.id)) for r in event.related)
    blocks.extend(_source_blocks(event.source, event.excerpt))
    if event.note:
        blocks.append(Block("note", event.note, "Note"))
    return Page("event", event.id, event.title, blocks)


def _source_blocks(source, excerpt: str | None) -> list[Block]:
    if source is None and not excerpt:
        return []
    blocks = [Block("heading", "Source")]
    if source is not None:
        byline = " · ".join(p for p in (source.author, source.publisher) if p)
        blocks.append(Block("link", source.title + (f" — {byline}" if byline else ""),
                            target=("source", source.id)))
    if excerpt:
        blocks.append(Block("text", f"“{clip(excerpt)}”"))
    return blocks


def statement_page(store: Store, statement_id: str) -> Page | None:
    statement = store.statement(statement_id)
    if statement is None:
        return None
    mark = KIND_MARK.get(statement.kind, "·")
    blocks = [
        Block("title", f"{mark} {statement.speaker.name}: {statement.kind}"),
        Block("text", clip(statement.text)),
        Block("heading", "Speaker"),
        Block("link", statement.speaker.name + (
            f" ({statement.speaker.role})" if statement.speaker.role else ""),
            target=("actor", statement.speaker.id)),
        *_date_blocks(statement.when),
    ]
    if statement.via:
        blocks.append(Block("field", statement.via, "Via"))
    if statement.event is not None:
        blocks.append(Block("heading", "At"))
        blocks.append(Block("link", f"{statement.event.title} · {statement.event.display_date}",
                            target=("event", statement.event.id)))
    blocks.extend(_source_blocks(statement.source, statement.excerpt))
    if statement.note:
        blocks.append(Block("note", statement.note, "Note"))
    title = f"{statement.speaker.name}: “{statement.text}”"
    return Page("statement", statement.id, title, blocks)


def actor_page(store: Store, actor_id: str) -> Page | None:
    actor = store.actor(actor_id)
    if actor is None:
        return None
    blocks = [Block("title", actor.name)]
    for label, value in (("Role", actor.role), ("Kind", actor.kind), ("Country", actor.country)):
        if value:
            blocks.append(Block("field", value, label))
    if actor.aliases:
        blocks.append(Block("field", ", ".join(
            alias + (f" ({lang})" if lang else "") for alias, lang in actor.aliases), "Also"))
    if actor.description:
        blocks.append(Block("text", actor.description))
    total = actor.event_count + actor.statement_count
    if total:
        blocks.append(Block("heading", f"Did and said ({_count(actor.event_count, 'event')}, "
                                       f"{_count(actor.statement_count, 'statement')})"))
        blocks.extend(actor_entry_blocks(store, actor.id, 0, total))
    if actor.note:
        blocks.append(Block("note", actor.note, "Note"))
    return Page("actor", actor.id, actor.name, blocks)


ACTOR_ENTRIES = 100
"""Entries an actor page lists at a time: an actor of a large store has thousands."""


def actor_entry_blocks(store: Store, actor_id: str, offset: int, total: int) -> list[Block]:
    """The links to an actor's entries from `offset` on, ending in a "more" block if any are left."""
    blocks = []
    for entry in store.actor_entries_page(actor_id, offset, ACTOR_ENTRIES):
        if entry.kind == "event":
            text = f"◆ {entry.display_date} · {entry.text} ({entry.relation})"
        else:
            text = f"{KIND_MARK.get(entry.statement_kind, '·')} {entry.display_date} · “{entry.text}”"
        blocks.append(Block("link", text, target=(entry.kind, entry.id)))
    shown = offset + len(blocks)
    if shown < total:
        blocks.append(Block("more", f"{total - shown:,} more: enter lists the next "
                                    f"{min(ACTOR_ENTRIES, total - shown)} (f narrows the timeline "
                                    "to this actor)", target=("actor", actor_id),
                            offset=shown, total=total))
    return blocks


MORE_BUILDERS = {"actor": actor_entry_blocks}


def more_blocks(store: Store, kind: str, item_id: str, offset: int, total: int) -> list[Block]:
    """The continuation of a page's long list, from a "more" block's target and offset."""
    return MORE_BUILDERS[kind](store, item_id, offset, total)


def _count(n: int, noun: str) -> str:
    return f"{n:,} {noun}" + ("" if n == 1 else "s")


def source_page(store: Store, source_id: str) -> Page | None:
    source = store.source(source_id)
    if source is None:
        return None
    blocks = [Block("title", source.title)]
    for label, value in (("Author", source.author), ("Publisher", source.publisher),
                         ("Published", source.published), ("URL", source.url),
                         ("Language", source.language), ("Kind", source.kind)):
        if value:
            blocks.append(Block("field", value, label))
    if source.note:
        blocks.append(Block("note", source.note, "Note"))
    if source.text:
        spans = []
        for excerpt in source.excerpts:
            start = source.text.find(excerpt.text)
            if start >= 0:
                spans.append((start, start + len(excerpt.text)))
        blocks.append(Block("heading", f"Text ({len(set(spans))} cited passages highlighted)"))
        text = clip(source.text, SOURCE_TEXT_LIMIT)
        shown = [(a, b) for a, b in sorted(set(spans)) if b <= SOURCE_TEXT_LIMIT]
        blocks.append(Block("text", text, highlights=shown))
    if source.excerpts:
        blocks.append(Block("heading", "Cited by"))
        blocks.extend(Block("link", f"{KIND_MARK['event'] if e.kind == 'event' else '❝'} "
                                    f"{e.label}: “{e.text}”", target=(e.kind, e.item_id))
                      for e in source.excerpts)
    return Page("source", source.id, source.title, blocks)


PAGE_BUILDERS = {
    "event": event_page, "statement": statement_page, "actor": actor_page, "source": source_page,
}


def build_page(store: Store, kind: str, item_id: str) -> Page | None:
    """The page for a record, or None if the store has no such record."""
    return PAGE_BUILDERS[kind](store, item_id)

"""StatusHeader: the store at a glance: counts, date range, grouping, filters, read-only."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static

from db.dates import format_edtf
from db.models import Stats

from ..text import printable


def status_text(stats: Stats, grain: str, readonly: bool = False,
                filter_label: str | None = None) -> str:
    parts = ["timeline", f"{stats.events:,} events", f"{stats.statements:,} statements",
             f"{stats.actors:,} actors"]
    if stats.first:
        parts.append(f"{format_edtf(stats.first)} → {format_edtf(stats.last)}")
    parts.append(f"by {grain}")
    if filter_label:
        parts.append(f"filter: {filter_label} (F clears)")
    if readonly:
        parts.append("read-only")
    return " · ".join(parts)


class StatusHeader(Static):
    """One line at the top of the screen."""

    DEFAULT_CSS = """
    StatusHeader { dock: top; height: 1; background: $panel; color: $text; padding: 0 1; }
    """

    def show(self, stats: Stats, grain: str, readonly: bool = False,
             filter_label: str | None = None) -> None:
        text = status_text(stats, grain, readonly, filter_label)
        self.update(Text(printable(text, keep_newlines=False)))

"""TimelineApp: the explorer. (First version: a summary of the store; the explorer replaces it.)"""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.widgets import Footer, Header, Static

from db.store import Store


class TimelineApp(App):
    """Explore a timeline store."""

    BINDINGS = [("q", "quit", "Quit")]

    def __init__(self, store: Store):
        super().__init__()
        self.store = store

    def compose(self) -> ComposeResult:
        yield Header()
        stats = self.store.stats()
        yield Static(f"{stats.events} events · {stats.statements} statements", markup=False)
        yield Footer()

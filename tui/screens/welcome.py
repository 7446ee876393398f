"""WelcomeScreen: what an empty store says, and the one key that loads the bundled article."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import Static

from ..widgets.footer import Footer

WELCOME = """This store is empty.

Import data from a terminal:

    timeline import FILE... --db {db}

FILE is timeline's JSON, JSON Lines or CSV (fixtures/README.md), a TimelineJS
document or sheet, a GDELT event export, or an ICEWS events file.

Or press  l  to load the bundled example: Lavrov's 8–9 April 2024 visit to Beijing,
as reported by one article, with every dated event, quote and source excerpt."""


class WelcomeScreen(Screen[bool]):
    """Shown instead of the timeline while the store has nothing in it."""

    DEFAULT_CSS = """
    WelcomeScreen { align: center middle; }
    WelcomeScreen > Vertical {
        width: 90; max-width: 100%; height: auto; border: round $accent; padding: 1 2;
    }
    """

    BINDINGS = [
        Binding("l", "load_example", "Load the example", id="welcome.load",
                tooltip="Import the bundled article into this store"),
        Binding("q", "app.quit", "Quit", id="welcome.quit", tooltip="Leave timeline"),
    ]

    def __init__(self, db_label: str) -> None:
        super().__init__()
        self.db_label = db_label

    def compose(self) -> ComposeResult:
        with Vertical() as box:
            box.border_title = "timeline"
            yield Static(Text(WELCOME.format(db=self.db_label)))
        yield Footer()

    def action_load_example(self) -> None:
        self.dismiss(True)

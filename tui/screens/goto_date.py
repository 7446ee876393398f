"""GoToDateScreen: type a date ("2023", "Feb 2024", "today", "-3 months") and jump to it."""

from __future__ import annotations

from datetime import datetime

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Static

from db.dates import DateError, target_key


class GoToDateScreen(ModalScreen[int | None]):
    """Returns the lo_key of the day asked for, or None if cancelled."""

    DEFAULT_CSS = """
    GoToDateScreen { align: center middle; }
    GoToDateScreen > Vertical {
        width: 60; height: auto; border: round $accent; padding: 0 1; background: $surface;
    }
    GoToDateScreen #goto-error { color: $error; height: auto; }
    """

    BINDINGS = [Binding("escape", "cancel", "Cancel", id="goto.cancel",
                        tooltip="Close without moving")]

    def __init__(self, from_key: int, today: datetime | None = None) -> None:
        super().__init__()
        self.from_key = from_key
        self.today = today or datetime.now()

    def compose(self) -> ComposeResult:
        with Vertical() as box:
            box.border_title = "Go to date"
            yield Input(placeholder='2023, Feb 2024, 9 April 2024, today, -3 months',
                        id="goto-input")
            yield Static("", id="goto-error")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        try:
            key = target_key(event.value, self.from_key, self.today)
        except DateError as exc:
            self.query_one("#goto-error", Static).update(
                Text(f"Cannot read {event.value!r}: {exc}"))
            return
        self.dismiss(key)

    def action_cancel(self) -> None:
        self.dismiss(None)

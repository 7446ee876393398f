"""HelpScreen: every key, generated from the bindings themselves, grouped by where they work."""

from __future__ import annotations

from rich.measure import Measurement
from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static


def key_label(binding: Binding) -> str:
    """The keys of a binding as typed (the footer may show a shorter `key_display`)."""
    names = {"left_square_bracket": "[", "right_square_bracket": "]", "left_curly_bracket": "{",
             "right_curly_bracket": "}", "question_mark": "?", "colon": ":", "slash": "/"}
    return " ".join(names.get(k.strip(), k.strip()) for k in binding.key.split(","))


def bindings_table(groups: dict[str, list[Binding]]) -> Table:
    table = Table(show_header=False, box=None, padding=(0, 2, 0, 0), expand=False)
    table.add_column(style="bold", no_wrap=True)
    table.add_column(no_wrap=True)
    table.add_column(style="dim")
    for group, bindings in groups.items():
        table.add_row(Text(group, style="bold underline"), "", "")
        for binding in bindings:
            table.add_row(key_label(binding), binding.description, binding.tooltip)
        table.add_row("", "", "")
    return table


class HelpScreen(ModalScreen[None]):
    """Keys, grouped: the timeline, the detail pane, everywhere."""

    DEFAULT_CSS = """
    HelpScreen { align: center middle; }
    HelpScreen > VerticalScroll {
        width: auto; max-width: 100%; height: auto; max-height: 90%;
        border: round $accent; padding: 0 1; background: $surface;
    }
    """

    BINDINGS = [Binding("escape,q,question_mark", "dismiss", "Close", id="help.close",
                        tooltip="Close the help")]

    def __init__(self, groups: dict[str, list[Binding]]) -> None:
        super().__init__()
        self.groups = groups

    def compose(self) -> ComposeResult:
        table = bindings_table(self.groups)
        keys = Static(table, id="help-keys")
        # Sized by the table's own width: measured inside a box that is itself sized by its
        # content, a table would be given no room at all.
        console = self.app.console
        keys.styles.width = Measurement.get(console, console.options, table).maximum
        with VerticalScroll() as scroll:
            scroll.border_title = "Keys (esc to close)"
            yield keys

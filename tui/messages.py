"""Messages that widgets post to the app."""

from __future__ import annotations

from textual.message import Message

from db.models import TimelineRow


class OpenItem(Message):
    """Show an event, statement, actor or source in the detail pane (a followed link)."""

    def __init__(self, kind: str, item_id: str) -> None:
        super().__init__()
        self.kind = kind
        self.item_id = item_id


class CursorMoved(Message):
    """The timeline cursor is on a new row."""

    def __init__(self, row: TimelineRow) -> None:
        super().__init__()
        self.row = row


class Regrouped(Message):
    """The timeline now groups its rows by `grain` (year, month or day)."""

    def __init__(self, grain: str) -> None:
        super().__init__()
        self.grain = grain

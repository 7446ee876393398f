"""Back/forward history of what the detail pane showed, as in a browser."""

from __future__ import annotations

from typing import NamedTuple


class Visit(NamedTuple):
    """One page of the detail pane: an event, statement, actor or source."""

    kind: str
    id: str
    title: str
    from_timeline: bool = False
    """True when the page follows the timeline cursor rather than a followed link."""


class History:
    """Pages visited, with a current position.

    A new visit drops the forward pages, as a browser does. Pages that only follow the timeline
    cursor replace one another, so moving down the timeline does not fill the history.
    """

    def __init__(self) -> None:
        self._pages: list[Visit] = []
        self._index = -1

    @property
    def current(self) -> Visit | None:
        return self._pages[self._index] if self._pages else None

    def visit(self, page: Visit, in_place: bool = False) -> None:
        """Go to `page`. With `in_place`, it takes the place of a page that followed the cursor."""
        del self._pages[self._index + 1:]
        current = self.current
        if current is not None and current.from_timeline and (page.from_timeline or in_place):
            self._pages[self._index] = page
            return
        if current is not None and (current.kind, current.id) == (page.kind, page.id):
            self._pages[self._index] = page
            return
        self._pages.append(page)
        self._index = len(self._pages) - 1

    def back(self) -> Visit | None:
        """Step back; None (and no change) at the first page."""
        if self._index <= 0:
            return None
        self._index -= 1
        return self.current

    def forward(self) -> Visit | None:
        """Step forward; None (and no change) at the last page."""
        if self._index >= len(self._pages) - 1:
            return None
        self._index += 1
        return self.current

    @property
    def can_go_back(self) -> bool:
        return self._index > 0

    @property
    def can_go_forward(self) -> bool:
        return self._index < len(self._pages) - 1

    def trail(self, length: int = 4) -> list[Visit]:
        """The pages up to the current one, the last `length` of them, for a breadcrumb."""
        return self._pages[max(0, self._index + 1 - length): self._index + 1]

"""TimelineView: the whole timeline as a virtual list that reads only the lines on screen.

It is a `ScrollView` whose `render_line` asks the store for pages of 64 lines by an indexed key,
keeps the last pages in a small LRU cache, and never holds the timeline in memory.
"""

from __future__ import annotations

from collections import OrderedDict

from rich.segment import Segment
from textual.binding import Binding
from textual.geometry import Size
from textual.scroll_view import ScrollView
from textual.strip import Strip

from db.dates import OPEN_LO_KEY, key_for, split_key
from db.dates import period_label as dates_period_label
from db.models import Period, TimelineLine, TimelineRow
from db.store import Store
from db.subset import TimelineSubset

from ..messages import CursorMoved, Regrouped
from ..pages import KIND_MARK
from ..text import printable

PAGE_LINES = 64
CACHED_PAGES = 32
GRAINS = ("year", "month", "day")
def period_label(period: Period) -> str:
    """A period header: "2024", "April 2024", "9 April 2024", or a season's own name."""
    return dates_period_label(period.key, period.prec_rank)


def row_text(row: TimelineRow) -> str:
    """A timeline row as plain text: date, kind mark, title or speaker, start of the words."""
    mark = KIND_MARK["event"] if row.kind == "event" else KIND_MARK.get(row.statement_kind, "·")
    body = row.title if row.text is None else f"{row.title}: “{row.text}”"
    return f"  {row.display_date:<14} {mark} {body}"


class TimelineView(ScrollView, can_focus=True):
    """One chronological list of events and dated statements, grouped under period headers."""

    DEFAULT_CSS = """
    TimelineView {
        background: $surface;
        scrollbar-gutter: stable;
        overflow-x: hidden;
    }
    TimelineView > .timeline--header { color: $accent; text-style: bold; }
    TimelineView > .timeline--cursor { background: $primary 40%; }
    TimelineView:focus > .timeline--cursor { background: $primary; color: $text; }
    TimelineView > .timeline--event { color: $text; }
    TimelineView > .timeline--statement { color: $text-muted; }
    """

    COMPONENT_CLASSES = {
        "timeline--header", "timeline--cursor", "timeline--event", "timeline--statement",
    }

    BINDINGS = [
        Binding("j,down", "cursor_down", "Down", show=False, id="timeline.down",
                tooltip="Next row"),
        Binding("k,up", "cursor_up", "Up", show=False, id="timeline.up",
                tooltip="Previous row"),
        Binding("pagedown", "page_down", "Page down", show=False, id="timeline.page_down",
                tooltip="One screen later"),
        Binding("pageup", "page_up", "Page up", show=False, id="timeline.page_up",
                tooltip="One screen earlier"),
        Binding("ctrl+d", "half_page_down", "Half page down", show=False,
                id="timeline.half_page_down", tooltip="Half a screen later"),
        Binding("ctrl+u", "half_page_up", "Half page up", show=False,
                id="timeline.half_page_up", tooltip="Half a screen earlier"),
        Binding("g,home", "first", "First", show=False, id="timeline.first",
                tooltip="The earliest row"),
        Binding("G,end", "last", "Last", show=False, id="timeline.last",
                tooltip="The latest row"),
        # The footer shows one entry per pair ("[ ] Month"); help lists both keys.
        Binding("left_square_bracket", "month(-1)", "Previous month", key_display="[",
                show=False, id="timeline.prev_month", tooltip="The previous month that has rows"),
        Binding("right_square_bracket", "month(1)", "Month", key_display="[ ]",
                id="timeline.next_month", tooltip="The next month that has rows"),
        Binding("left_curly_bracket", "year(-1)", "Previous year", key_display="{",
                show=False, id="timeline.prev_year", tooltip="The previous year that has rows"),
        Binding("right_curly_bracket", "year(1)", "Year", key_display="{ }",
                id="timeline.next_year", tooltip="The next year that has rows"),
        Binding("z", "cycle_grain", "Group", id="timeline.group",
                tooltip="Group the rows by year, month or day"),
    ]

    grain: str = "month"
    """How rows are grouped under headers: year, month or day."""
    cursor_line: int = -1
    """The screen line the cursor is on (always a row, never a header)."""

    def __init__(self, store: Store, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.store = store
        self.source: Store | TimelineSubset = store
        """Where the rows come from: the whole store, or a narrowed subset of it."""
        self._pages: OrderedDict[tuple[str, int], list[TimelineLine]] = OrderedDict()
        self._line_count = 0

    # --- data -------------------------------------------------------------------------------

    def reload(self) -> None:
        """Forget cached lines and read the size again (after an import, or a new grouping)."""
        self._pages.clear()
        self._line_count = self.source.line_count(self.grain)
        # Width 0: lines are cropped to the view, never scrolled sideways, so a resize needs no
        # new virtual size (and no second layout at start-up).
        self.virtual_size = Size(0, self._line_count)
        self.refresh()

    def _line(self, index: int) -> TimelineLine | None:
        if not 0 <= index < self._line_count:
            return None
        page_key = (self.grain, index // PAGE_LINES)
        page = self._pages.get(page_key)
        if page is None:
            page = self.source.lines(self.grain, page_key[1] * PAGE_LINES, PAGE_LINES)
            self._pages[page_key] = page
            if len(self._pages) > CACHED_PAGES:
                self._pages.popitem(last=False)
        else:
            self._pages.move_to_end(page_key)
        offset = index - page_key[1] * PAGE_LINES
        return page[offset] if offset < len(page) else None

    @property
    def cursor_row(self) -> TimelineRow | None:
        line = self._line(self.cursor_line)
        return line.row if line is not None else None

    @property
    def line_count(self) -> int:
        return self._line_count

    # --- drawing ----------------------------------------------------------------------------

    def on_mount(self) -> None:
        self.reload()
        if self._line_count:
            self.move_to_line(1)

    def render_line(self, y: int) -> Strip:
        index = self.scroll_offset.y + y
        width = self.scrollable_content_region.width
        line = self._line(index)
        if line is None:
            return Strip.blank(width, self.rich_style)
        if line.row is None:
            text = f" {period_label(line.period)}"
            style = self.get_component_rich_style("timeline--header")
        else:
            text = row_text(line.row)
            style = self.get_component_rich_style(
                "timeline--event" if line.row.kind == "event" else "timeline--statement")
            if index == self.cursor_line:
                style = self.get_component_rich_style("timeline--cursor")
        text = printable(text, keep_newlines=False)
        segments = [Segment(text, self.rich_style + style)]
        return Strip(segments).crop_extend(0, width, self.rich_style + style).simplify()

    # --- moving -----------------------------------------------------------------------------

    def move_to_line(self, index: int, direction: int = 1) -> None:
        """Put the cursor on the row at or after `index` (before it, if `direction` is -1)."""
        if not self._line_count:
            return
        index = max(0, min(index, self._line_count - 1))
        line = self._line(index)
        if line is not None and line.row is None:
            # A header: the cursor lands on the row below it (or the row above, going back).
            step = direction if 0 <= index + direction < self._line_count else -direction
            index += step
        old = self.cursor_line
        self.cursor_line = index
        self.refresh_line(old - self.scroll_offset.y)
        self.refresh_line(index - self.scroll_offset.y)
        self._scroll_cursor_into_view()
        row = self.cursor_row
        if row is not None and old != index:
            self.post_message(CursorMoved(row))

    def move_to_pos(self, pos: int) -> None:
        """Put the cursor on the row at timeline position `pos`."""
        self.move_to_line(self.source.line_of(self.grain, pos))

    def move_to_key(self, lo_key: int) -> None:
        """Put the cursor on the first row that starts on or after the day `lo_key`."""
        pos = self.source.position_on_or_after(lo_key)
        if pos is not None:
            self.move_to_pos(pos)

    def _scroll_cursor_into_view(self) -> None:
        height = self.scrollable_content_region.height or 1
        top = self.scroll_offset.y
        # Keep the period header above the first row in view too.
        target_top = top
        if self.cursor_line < top + 1:
            target_top = max(0, self.cursor_line - 1)
        elif self.cursor_line >= top + height:
            target_top = self.cursor_line - height + 1
        if target_top != top:
            self.scroll_to(y=target_top, animate=False, immediate=True)

    def action_cursor_down(self) -> None:
        self.move_to_line(self.cursor_line + 1, 1)

    def action_cursor_up(self) -> None:
        if self.cursor_line > 1:
            self.move_to_line(self.cursor_line - 1, -1)

    def _page(self, fraction: float) -> None:
        step = max(1, int((self.scrollable_content_region.height or 1) * abs(fraction)))
        direction = 1 if fraction > 0 else -1
        target = self.cursor_line + direction * step
        self.scroll_to(y=max(0, self.scroll_offset.y + direction * step), animate=False,
                       immediate=True)
        self.move_to_line(max(1, target), direction)

    def action_page_down(self) -> None:
        self._page(1)

    def action_page_up(self) -> None:
        self._page(-1)

    def action_half_page_down(self) -> None:
        self._page(0.5)

    def action_half_page_up(self) -> None:
        self._page(-0.5)

    def action_first(self) -> None:
        self.move_to_line(1)

    def action_last(self) -> None:
        self.move_to_line(self._line_count - 1, -1)

    def _jump(self, delta: int, unit: str) -> None:
        row = self.cursor_row
        if row is None:
            return
        source = self.source
        year, month, _ = split_key(row.lo_key)
        if row.lo_key <= OPEN_LO_KEY:
            year, month = -10**8, 1
        if delta > 0:
            start = key_for(year + 1, 1, 1) if unit == "year" else (
                key_for(year + (month == 12), month % 12 + 1, 1))
            pos = source.position_on_or_after(start)
            if pos is not None and (source.lo_key_at(pos) or 0) >= start:
                self.move_to_pos(pos)
            return
        # Back: the first row of the nearest earlier month (or year) that has rows.
        current = key_for(year, 1 if unit == "year" else month, 1)
        before = source.last_position_before(current)
        if before is None:
            return
        b_year, b_month, _ = split_key(source.lo_key_at(before))
        start = key_for(b_year, 1 if unit == "year" else b_month, 1)
        pos = source.position_on_or_after(start)
        if pos is not None:
            self.move_to_pos(pos)

    def set_source(self, source: Store | TimelineSubset) -> None:
        """Show the rows of `source`, keeping the cursor on its row, or the nearest by date."""
        row = self.cursor_row
        self.source = source
        self.reload()
        self.cursor_line = -1
        if row is None:
            self.move_to_line(1)
        elif source is self.store or source.lo_key_at(row.pos) is not None:
            self.move_to_pos(row.pos)
        else:
            self.move_to_key(row.lo_key)

    def action_month(self, delta: int) -> None:
        self._jump(delta, "month")

    def action_year(self, delta: int) -> None:
        self._jump(delta, "year")

    def action_cycle_grain(self) -> None:
        self.set_grain(GRAINS[(GRAINS.index(self.grain) + 1) % len(GRAINS)])

    def set_grain(self, grain: str) -> None:
        """Group by `grain`, keeping the cursor on the same row."""
        row = self.cursor_row
        self.grain = grain
        self.reload()
        if row is not None:
            self.cursor_line = -1
            self.move_to_pos(row.pos)
        self.post_message(Regrouped(grain))

    # --- mouse ------------------------------------------------------------------------------

    def on_click(self, event) -> None:
        self.focus()
        index = self.scroll_offset.y + event.y
        line = self._line(index)
        if line is not None and line.row is not None:
            self.move_to_line(index)

"""TimelineApp: the timeline on the left, the linked detail pane on the right, history between."""

from __future__ import annotations

import threading
from collections.abc import Iterable
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from rich.text import Text
from textual.app import App, ComposeResult, SystemCommand
from textual.await_complete import AwaitComplete
from textual.binding import Binding
from textual.containers import Container
from textual.screen import Screen
from textual.timer import Timer

from db.store import ReadError, Store
from db.subset import TimelineSubset

from .history import History, Visit
from .messages import CursorMoved, OpenItem
from .pages import Page, build_page
from .widgets.detail_pane import DetailPane, LinkItem
from .widgets.footer import Footer
from .widgets.status_header import StatusHeader
from .widgets.timeline_view import TimelineView

if TYPE_CHECKING:
    from db.search import Hit, Searcher

EXAMPLE = Path(__file__).resolve().parent.parent / "fixtures" / "lavrov-beijing-2024.json"
"""The bundled article the welcome screen offers."""

class DamagedStore(Exception):
    """A store that failed while being read, shown to the user as its message alone."""

    def __rich__(self) -> Text:
        return Text(f"Error: {self}", style="bold red")


NARROW = 100
"""Below this many columns the panes stack instead of standing side by side."""


class TimelineApp(App[None]):
    """Explore a timeline store."""

    CSS_PATH = "timeline.tcss"
    TITLE = "timeline"

    BINDINGS = [
        Binding("question_mark", "help", "Help", key_display="?", id="app.help",
                tooltip="Every key, grouped by where it works"),
        Binding("colon", "go_to_date", "Go to date", key_display=":", id="app.go_to_date",
                tooltip='Jump to a typed date: "2023", "Feb 2024", "today", "-3 months"'),
        Binding("slash", "search", "Search", key_display="/", id="app.search",
                tooltip="Fuzzy search across actors, quotes and events"),
        Binding("f", "filter", "Filter", id="app.filter",
                tooltip="Show only the actor on show (or the last search's matches)"),
        Binding("F", "clear_filter", "Clear filter", show=False, id="app.clear_filter",
                tooltip="Show the whole timeline again"),
        Binding("n", "next_match(1)", "Next match", show=False, id="app.next_match",
                tooltip="The next row of the timeline that matched the last search"),
        Binding("N", "next_match(-1)", "Previous match", show=False, id="app.previous_match",
                tooltip="The previous row of the timeline that matched the last search"),
        Binding("enter", "open_row", "Open", id="app.open",
                tooltip="Open the row under the cursor in the detail pane"),
        Binding("backspace,alt+left", "back", "Back", key_display="⌫", id="app.back",
                tooltip="The page shown before this one"),
        Binding("alt+right", "forward", "Forward", show=False, id="app.forward",
                tooltip="The page you went back from"),
        Binding("escape", "focus_timeline", "Timeline", show=False, id="app.focus_timeline",
                tooltip="Put the focus back on the timeline"),
        Binding("ctrl+r", "refresh", "Refresh", show=False, id="app.refresh",
                tooltip="Read the store again (an import elsewhere is picked up by itself)"),
        Binding("q", "quit", "Quit", id="app.quit", tooltip="Leave timeline"),
    ]

    def __init__(self, store: Store, example: Path | None = EXAMPLE) -> None:
        super().__init__()
        self.store = store
        self.example = example
        self.history = History()
        self._follow_timer: Timer | None = None
        self._programmatic_pos: int | None = None
        self._searcher: Searcher | None = None
        self._search_lock = threading.Lock()
        self.last_search: str = ""
        self.last_hits: list[Hit] = []
        self._matches: TimelineSubset | None = None
        """The last search's hits that are on the timeline, for n/N and f."""

    def _handle_exception(self, error: Exception) -> None:
        # Textual's hook for an unhandled error: a damaged store gets one line, not a traceback
        # (an error with __rich__ is shown as itself).
        if isinstance(error, ReadError):
            error = DamagedStore(f"{self.store.path}: the store cannot be read ({error}). "
                                 "Restore it from a backup, or import its sources again.")
        super()._handle_exception(error)

    # --- layout -----------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        # Kept by reference: a modal screen on top must not hide them from the handlers.
        self.status = StatusHeader(id="status")
        self.timeline = TimelineView(self.store, id="timeline")
        self.detail = DetailPane(id="detail", page=self._first_page())
        yield self.status
        with Container(id="body"):
            yield self.timeline
            yield self.detail
        yield Footer()

    def on_mount(self) -> None:
        self._update_layout(self.size.width)
        self._show_status()
        self.timeline.focus()
        self._data_version = self.store.data_version()
        self.set_interval(2.0, self._check_for_changes)
        if self.store.is_empty():
            from .screens.welcome import WelcomeScreen

            self.push_screen(WelcomeScreen(self.store.path or "(memory)"), self._welcome_done)

    def on_resize(self, event) -> None:
        self._update_layout(event.size.width)

    def _update_layout(self, width: int) -> None:
        narrow = width < NARROW
        if self.screen.has_class("narrow") != narrow:  # a restyle of the whole screen
            self.screen.set_class(narrow, "narrow")

    def _show_status(self) -> None:
        source = self.timeline.source
        label = source.label if isinstance(source, TimelineSubset) else None
        self.status.show(self.store.stats(), self.timeline.grain, self.store.readonly, label)

    def on_regrouped(self) -> None:
        self._show_status()

    def _welcome_done(self, load: bool | None) -> None:
        if load and self.example is not None:
            from db.importers import ImportFailed, import_file

            try:
                import_file(self.store, self.example)
            except ImportFailed as exc:
                self.notify("\n".join(exc.lines()), title="Import failed", severity="error",
                            markup=False)
            self.timeline.reload()
            self.timeline.move_to_line(1)
            self._show_status()

    # --- following the cursor -----------------------------------------------------------------

    def _first_page(self) -> Page | None:
        """The page of the row the cursor starts on, built with the screen so it comes whole."""
        rows = self.store.rows(1, 1)
        page = rows and build_page(self.store, rows[0].kind, rows[0].item_id)
        if not page:
            return None
        self.history.visit(Visit(page.kind, page.id, page.title, from_timeline=True))
        return page

    def on_cursor_moved(self, message: CursorMoved) -> None:
        if message.row.pos == self._programmatic_pos:
            self._programmatic_pos = None
            return
        row = message.row
        if self._follow_timer is not None:
            self._follow_timer.stop()
        shown = self.detail.page
        if shown is not None and (shown.kind, shown.id) == (row.kind, row.item_id):
            return
        visit = Visit(row.kind, row.item_id, row.title, from_timeline=True)
        if shown is None:
            self._show(visit)
            return
        # Holding a key moves the cursor many times a second: redraw the pane once it settles.
        self._follow_timer = self.set_timer(0.06, partial(self._show, visit))

    def _show(self, visit: Visit, record: bool = True, in_place: bool = False
              ) -> AwaitComplete | None:
        page = build_page(self.store, visit.kind, visit.id)
        if page is None:
            self.notify(f"No {visit.kind} {visit.id!r} in this store", severity="warning",
                        markup=False)
            return None
        if record:
            self.history.visit(Visit(visit.kind, visit.id, page.title, visit.from_timeline),
                               in_place=in_place)
        return self.detail.show(page, [v.title for v in self.history.trail()])

    def on_open_item(self, message: OpenItem) -> None:
        self._open(Visit(message.kind, message.item_id, message.item_id))

    def _open(self, visit: Visit, record: bool = True) -> None:
        self._show(visit, record)
        if visit.kind in ("event", "statement"):
            pos = self.store.position_of(visit.kind, visit.id)
            if pos is not None:
                self._programmatic_pos = pos
                self.timeline.move_to_pos(pos)
                if self.timeline.cursor_row is None or self.timeline.cursor_row.pos != pos:
                    self._programmatic_pos = None

    # --- actions ----------------------------------------------------------------------------

    async def action_open_row(self) -> None:
        row = self.timeline.cursor_row
        if row is None or self.focused is not self.timeline:
            return
        if self._follow_timer is not None:
            self._follow_timer.stop()
        # The row was on show already, following the cursor: opening it keeps its place.
        shown = self._show(Visit(row.kind, row.item_id, row.title), in_place=True)
        if shown is not None:
            await shown
        links = self.detail.query(LinkItem)
        if links:
            links.first().focus()

    def action_back(self) -> None:
        visit = self.history.back()
        if visit is None:
            self.bell()
            return
        self._open(visit, record=False)

    def action_forward(self) -> None:
        visit = self.history.forward()
        if visit is None:
            self.bell()
            return
        self._open(visit, record=False)

    def action_search(self) -> None:
        # Imported here: rapidfuzz and the search code are not needed for the first screen.
        from .screens.search import SearchScreen

        def done(hit: Hit | None) -> None:
            screen = search_screen
            self.last_search = screen.query_text
            self.last_hits = screen.hits
            self._matches = TimelineSubset(
                self.store,
                self.store.item_entries([(h.kind, h.id) for h in screen.hits
                                         if h.kind in ("event", "statement")]),
                f'"{screen.query_text}"')
            if hit is not None:
                self._open(Visit(hit.kind, hit.id, hit.title))
            self.timeline.focus()

        search_screen = SearchScreen(self.store, self.searcher(), self._search_lock,
                                     self.last_search)
        self.push_screen(search_screen, done)

    def searcher(self) -> Searcher:
        """The search engine, on a read-only connection of its own: it runs in worker threads."""
        if self._searcher is None:
            from db.search import Searcher

            store = self.store
            if store.path is not None:
                store = Store.open(store.path, create=False, readonly=True)
            self._searcher = Searcher(store)
        return self._searcher

    def _forget_searcher(self) -> None:
        searcher, self._searcher = self._searcher, None
        if searcher is None or searcher.store is self.store:
            return

        def close_when_idle() -> None:
            # A cancelled worker may still be inside a query: closing the connection under it
            # would crash SQLite, so wait for the lock it holds.
            with self._search_lock:
                searcher.store.close()

        threading.Thread(target=close_when_idle, name="close-search-store", daemon=True).start()

    def on_unmount(self) -> None:
        self._forget_searcher()

    def action_filter(self) -> None:
        page = self.detail.page
        row = self.timeline.cursor_row
        if page is not None and page.kind == "actor":
            subset = TimelineSubset(self.store, self.store.actor_entries(page.id), f"@{page.title}")
        elif self._matches is not None and len(self._matches):
            subset = self._matches
        elif row is not None and row.kind == "statement":
            statement = self.store.statement(row.item_id)
            subset = TimelineSubset(self.store, self.store.actor_entries(statement.speaker.id),
                                    f"@{statement.speaker.name}")
        else:
            self.notify("Open an actor, or search, to filter by it", markup=False)
            return
        if not len(subset):
            self.notify(f"Nothing on the timeline for {subset.label}", markup=False)
            return
        self.timeline.set_source(subset)
        self._show_status()

    def action_clear_filter(self) -> None:
        if self.timeline.source is not self.store:
            self.timeline.set_source(self.store)
            self._show_status()

    def action_next_match(self, direction: int) -> None:
        row = self.timeline.cursor_row
        if self._matches is None or not len(self._matches) or row is None:
            self.bell()
            return
        pos = self._matches.next_position(row.pos, direction)
        if pos is None:
            self.bell()
            return
        if isinstance(self.timeline.source, TimelineSubset) and \
                self.timeline.source.lo_key_at(pos) is None:
            self.action_clear_filter()
        self.timeline.move_to_pos(pos)

    def _check_for_changes(self) -> None:
        # WAL lets an import commit while the app reads; data_version says when one has.
        version = self.store.data_version()
        if version != self._data_version:
            self.action_refresh()
            self.notify("The store changed: the timeline shows the new data", markup=False)

    def action_refresh(self) -> None:
        self._data_version = self.store.data_version()
        self._forget_searcher()  # its actor names are the old ones
        if isinstance(self.timeline.source, TimelineSubset):
            self.timeline.set_source(self.store)  # a filter's rows were chosen from the old data
        row = self.timeline.cursor_row
        self.timeline.reload()
        if row is not None and self.store.position_of(row.kind, row.item_id) is not None:
            self.timeline.cursor_line = -1
            self.timeline.move_to_pos(self.store.position_of(row.kind, row.item_id))
        elif self.timeline.line_count:
            self.timeline.move_to_line(1)
        self._show_status()

    def action_focus_timeline(self) -> None:
        self.timeline.focus()

    def action_go_to_date(self) -> None:
        # The screens a key opens are imported when first opened, not at start-up.
        from .screens.goto_date import GoToDateScreen

        row = self.timeline.cursor_row
        from_key = row.lo_key if row is not None else 0

        def go(key: int | None) -> None:
            if key is not None:
                self.timeline.move_to_key(key)
                self.timeline.focus()

        self.push_screen(GoToDateScreen(from_key), go)

    def binding_groups(self) -> dict[str, list[Binding]]:
        """Every binding, grouped by where it works: the help screen and the palette read this."""
        return {
            "Timeline": list(TimelineView.BINDINGS),
            "Detail pane": list(LinkItem.BINDINGS),
            "Everywhere": [*self.BINDINGS, Binding("ctrl+p", "command_palette", "Commands",
                                                   id="app.commands",
                                                   tooltip="Search every action by name")],
        }

    def action_help(self) -> None:
        from .screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen(self.binding_groups()))

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        from .screens.help import key_label

        if screen is self.screen_stack[0]:
            for group, bindings in self.binding_groups().items():
                target = "timeline" if group == "Timeline" else "app"
                for binding in bindings:
                    if binding.action in ("command_palette", "follow"):
                        continue
                    yield SystemCommand(
                        f"{binding.description} ({key_label(binding)})",
                        binding.tooltip,
                        partial(self._run_bound, target, binding.action))
        yield from super().get_system_commands(screen)

    async def _run_bound(self, target: str, action: str) -> None:
        node = self.timeline if target == "timeline" else self
        await node.run_action(action)

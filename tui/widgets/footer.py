"""Footer: the keys that work where the focus is, on one line at the bottom of every screen."""

from __future__ import annotations

from typing import TYPE_CHECKING, NamedTuple

from rich.text import Text
from textual import events
from textual.widget import Widget

if TYPE_CHECKING:
    from textual.screen import Screen


class _Key(NamedTuple):
    key: str
    shown: str
    description: str
    tooltip: str
    enabled: bool


class Footer(Widget, can_focus=False):
    """The focused pane's keys and the app's, as Textual's footer shows them, drawn as one line.

    Textual's footer is a widget per key, composed again whenever the bindings may have changed:
    a dozen keys cost ~20 ms of every start and of every focus move, and each old key stayed in
    memory (Textual issue #6666). Here the line is drawn from `Screen.active_bindings`, and a
    click or a hover finds its key by column.
    """

    ALLOW_SELECT = False
    COMPONENT_CLASSES = {"footer--key", "footer--description", "footer--hover", "footer--rule"}
    DEFAULT_CSS = """
    Footer {
        dock: bottom;
        height: 1;
        color: $footer-foreground;
        background: $footer-background;
        & > .footer--key {
            color: $footer-key-foreground;
            background: $footer-key-background;
            text-style: bold;
        }
        & > .footer--description {
            color: $footer-description-foreground;
            background: $footer-description-background;
        }
        & > .footer--hover { background: $block-hover-background; }
        & > .footer--rule { color: $foreground 20%; }
    }
    """

    def __init__(self) -> None:
        super().__init__()
        self._spans: list[tuple[int, int, _Key]] = []
        self._hover: int | None = None

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self._bindings_changed)

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    def _bindings_changed(self, screen: Screen) -> None:
        self.refresh()

    def _keys(self) -> tuple[list[_Key], _Key | None]:
        """The keys to show, one per action as Textual's footer does, and the palette's key."""
        bindings = self.screen.active_bindings
        keys: dict[str, _Key] = {}
        for _, binding, enabled, tooltip in bindings.values():
            if binding.show and binding.action not in keys:
                keys[binding.action] = _Key(binding.key, self.app.get_key_display(binding),
                                            binding.description, tooltip or binding.description,
                                            enabled)
        palette = None
        if self.app.ENABLE_COMMAND_PALETTE and self.app.COMMAND_PALETTE_BINDING in bindings:
            _, binding, enabled, tooltip = bindings[self.app.COMMAND_PALETTE_BINDING]
            palette = _Key(binding.key, self.app.get_key_display(binding), binding.description,
                           tooltip or binding.description, enabled)
            keys.pop(binding.action, None)
        return list(keys.values()), palette

    def render(self) -> Text:
        keys, palette = self._keys()
        key_style = self.get_component_rich_style("footer--key")
        description_style = self.get_component_rich_style("footer--description")
        hover_style = self.get_component_rich_style("footer--hover")
        width = self.size.width
        line = Text(no_wrap=True, overflow="crop", end="")
        self._spans = []

        def add(key: _Key) -> None:
            start = len(line)
            line.append(f" {key.shown} ", key_style)
            if key.description:
                line.append(f"{key.description} ", description_style)
            if not key.enabled:
                line.stylize("dim", start)
            if self._hover == len(self._spans):
                line.stylize(hover_style, start)
            self._spans.append((start, len(line), key))

        for key in keys:
            add(key)
        if palette is not None:
            # Kept on the right, after a thin rule, as in Textual's footer.
            tail = len(f"▏ {palette.shown} {palette.description} ")
            line.truncate(max(0, width - tail))
            line.pad_right(max(0, width - tail - len(line)))
            self._spans = [span for span in self._spans if span[1] <= len(line)]
            line.append("▏", self.get_component_rich_style("footer--rule"))
            add(palette)
        return line

    def _key_at(self, x: int) -> int | None:
        return next((i for i, (start, end, _) in enumerate(self._spans) if start <= x < end),
                    None)

    def on_mouse_move(self, event: events.MouseMove) -> None:
        index = self._key_at(event.x)
        if index != self._hover:
            self._hover = index
            self.tooltip = self._spans[index][2].tooltip if index is not None else None
            self.refresh()

    def on_leave(self) -> None:
        self._hover = None
        self.refresh()

    def on_click(self, event: events.Click) -> None:
        index = self._key_at(event.x)
        if index is None:
            return
        key = self._spans[index][2]
        if key.enabled:
            self.app.simulate_key(key.key)
        else:
            self.app.bell()

    @property
    def descriptions(self) -> list[str]:
        """The keys' descriptions as shown, for tests and the curious."""
        return [key.description for _, _, key in self._spans]

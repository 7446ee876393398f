"""Textual's footer, redrawn only when its keys change, and without keeping the keys it drew."""

from __future__ import annotations

from textual import widgets


class Footer(widgets.Footer):
    """The footer of every screen.

    Textual's footer composes all its keys again whenever the screen's bindings may have changed
    (at start-up three times, each ~30 ms for our dozen keys, and at every focus move); here it does
    so only when the keys it would show differ from those on show.

    Each composed key is bound to the footer's `compact` reactive, and the old keys' watchers stay
    on the footer until `compact` changes, which it never does, so every key ever shown stayed in
    memory: about 40 KB a keypress (Textual issue #6666, open in 8.2). After each recompose the
    watchers of detached keys are dropped, as Textual itself does when `compact` changes.
    """

    _shown: tuple | None = None

    def _keys(self) -> tuple:
        return tuple((binding.key, binding.action, binding.description, binding.show, enabled,
                      tooltip) for _, binding, enabled, tooltip in
                     self.screen.active_bindings.values())

    async def recompose(self) -> None:
        if not self.is_attached:  # its screen has gone since the redraw was asked for
            return
        keys = self._keys() if self._bindings_ready else None
        if keys is not None and keys == self._shown:
            return
        self._shown = keys
        await super().recompose()
        watchers = getattr(self, "__watchers", {}).get("compact")
        if watchers:
            watchers[:] = [(node, callback) for node, callback in watchers if node.is_attached]

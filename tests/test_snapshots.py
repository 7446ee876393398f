"""Snapshot tests of the layouts a user sees, on the article, at fixed terminal sizes.

Update after a deliberate change of look with `pytest tests/test_snapshots.py --snapshot-update`.
"""

from __future__ import annotations

import pytest

from tui.app import TimelineApp


@pytest.fixture
def app(article_store) -> TimelineApp:
    return TimelineApp(article_store)


async def _rest(pilot) -> None:
    await pilot.pause(0.2)


async def _open_link(pilot, kind: str) -> None:
    """From the visit's row, open its first link of `kind`."""
    app = pilot.app
    await pilot.press("colon", *"8 April 2024", "enter", "enter")
    while app.focused.target[0] != kind:
        await pilot.press("tab")
    await pilot.press("enter")
    await _rest(pilot)


def test_main_screen(snap_compare, app):
    assert snap_compare(app, terminal_size=(120, 36), run_before=_rest)


def test_actor_page(snap_compare, app):
    async def run_before(pilot) -> None:
        await _open_link(pilot, "actor")

    assert snap_compare(app, terminal_size=(120, 36), run_before=run_before)


def test_source_page(snap_compare, app):
    async def run_before(pilot) -> None:
        await _open_link(pilot, "source")

    assert snap_compare(app, terminal_size=(120, 36), run_before=run_before)


def test_help_screen(snap_compare, app):
    assert snap_compare(app, terminal_size=(120, 44), press=["question_mark"])


def test_narrow_layout(snap_compare, app):
    async def run_before(pilot) -> None:
        await pilot.press("j", "j")
        await _rest(pilot)

    assert snap_compare(app, terminal_size=(60, 20), run_before=run_before)

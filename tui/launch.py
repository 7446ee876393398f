"""The `timeline` entry point: opens the app straight away, or hands a subcommand to the CLI.

Bare `timeline` (or `timeline --db PATH`) is the path a person waits on, so it skips importing
click and the subcommands' modules; everything else goes through `tui.cli`.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path


def default_db_path() -> str:
    """`$TIMELINE_DB`, else `timeline.db` in the user's data directory (DESIGN §6)."""
    if os.environ.get("TIMELINE_DB"):
        return os.environ["TIMELINE_DB"]
    from platformdirs import user_data_dir

    return str(Path(user_data_dir("timeline")) / "timeline.db")


def _bare_db_argument(args: list[str]) -> tuple[bool, str | None]:
    """(True, path or None) when the arguments only open the app; (False, None) otherwise."""
    if not args:
        return True, None
    if len(args) == 2 and args[0] == "--db":
        return True, args[1]
    if len(args) == 1 and args[0].startswith("--db="):
        return True, args[0].split("=", 1)[1]
    return False, None


def open_app(db_path: str | None) -> int:
    """Open the app on the store; print the reason and return 1 if it cannot be opened."""
    from db.store import Store, StoreError

    try:
        store = Store.open(db_path or default_db_path())
    except StoreError as exc:
        print(f"Error: {exc}", file=sys.stderr)
        return 1
    from .app import TimelineApp

    app = TimelineApp(store)
    app.run()
    return app.return_code or 0


def main() -> None:
    bare, db_path = _bare_db_argument(sys.argv[1:])
    if bare:
        sys.exit(open_app(db_path))
    from .cli import cli

    cli()

"""Simulated use: the app on a store, driven by Pilot through every kind of key for many steps.

    python bench/soak.py DB [--steps 3000] [--every 500]

Prints the app's RSS every so many steps, with its threads and open files, so growth shows.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

STEPS = ["j", "j", "k", "pagedown", "right_square_bracket", "left_curly_bracket", "z", "G", "g",
         "pageup", "ctrl+d", "enter", "escape", "backspace", "alt+right", "backspace", "n",
         "right_curly_bracket", "pagedown", "pagedown"]
"""One round of use: moves of every size, regrouping, opening an item and going back."""

SEARCHES = ["security", "anna ivanov", "nucler plant", "@Wei Kim trade", "kind:quote peace"]


def rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def open_files() -> int:
    return len(os.listdir("/proc/self/fd"))


Sample = tuple[int, float, int, int]
"""(steps done, RSS MB, threads, open files)."""


async def soak(db: Path, steps: int, every: int,
               report: Callable[[Sample], None] | None = None) -> list[Sample]:
    """Press keys round after round (a search typed every round) and sample as it goes."""
    from db.store import Store
    from tui.app import TimelineApp

    app = TimelineApp(Store.open(db, readonly=True))
    samples: list[Sample] = []
    done = 0
    async with app.run_test(size=(120, 40)) as pilot:
        round_ = 0
        while done < steps:
            query = SEARCHES[round_ % len(SEARCHES)]
            for key in [*STEPS, "slash", *query, "down", "enter", "backspace", "escape"]:
                await pilot.press(key)
                done += 1
                if done % every == 0:
                    sample = (done, rss_mb(), threading.active_count(), open_files())
                    samples.append(sample)
                    if report:
                        report(sample)
            round_ += 1
        await pilot.pause(0.2)
        assert app.is_running
    return samples


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("db", type=Path)
    parser.add_argument("--steps", type=int, default=3000)
    parser.add_argument("--every", type=int, default=500)
    args = parser.parse_args()
    started = time.perf_counter()

    def report(sample: Sample) -> None:
        print(f"{sample[0]:6} steps {time.perf_counter() - started:7.1f} s  RSS {sample[1]:6.1f} MB"
              f"  threads {sample[2]}  files {sample[3]}", flush=True)

    asyncio.run(soak(args.db, args.steps, args.every, report))


if __name__ == "__main__":
    main()

"""A narrowed timeline: only some rows (an actor's, a search's), grouped as the whole one is.

It answers the same questions as the Store's timeline methods, so the app's list can show either.
The rows' positions and dates are held in memory (a few bytes each); their text is read per page.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right

from .models import Period, TimelineLine, TimelineRow
from .store import Store
from .timeline_order import GRAINS


def period_key(lo_key: int, prec_rank: int, grain_rank: int) -> tuple[int, int]:
    """(key, precision) of a row's period: the same rule as the store's `periods` table."""
    prec = min(prec_rank, grain_rank)
    if prec == 0:
        return lo_key - lo_key % 10000, prec
    if prec >= 3:
        return lo_key, prec
    return lo_key - lo_key % 100, prec


class TimelineSubset:
    """The rows at `positions` of the store's timeline, in order."""

    def __init__(self, store: Store, entries: list[tuple[int, int, int]], label: str):
        """`entries` are (pos, lo_key, prec_rank) of the rows to keep; `label` names the filter."""
        self.store = store
        self.label = label
        entries = sorted(set(entries))
        self.positions = [pos for pos, _, _ in entries]
        self.lo_keys = [lo for _, lo, _ in entries]
        self._precs = [prec for _, _, prec in entries]
        self._periods: dict[str, list[Period]] = {}
        self._run_firsts: dict[str, list[int]] = {}
        """Per grain, each run's first index in the subset: line_of bisects it at every move."""
        self._run_lines: dict[str, list[int]] = {}
        """Per grain, the screen line each run starts on, which `lines` bisects."""

    def __len__(self) -> int:
        return len(self.positions)

    def _runs(self, grain: str) -> list[Period]:
        if grain not in self._periods:
            rank = GRAINS[grain]
            runs: list[Period] = []
            for index, (lo, prec) in enumerate(zip(self.lo_keys, self._precs, strict=True)):
                key, run_prec = period_key(lo, prec, rank)
                if runs and (runs[-1].key, runs[-1].prec_rank) == (key, run_prec):
                    last = runs[-1]
                    runs[-1] = Period(grain, last.idx, key, run_prec, last.first_pos,
                                      last.count + 1, last.line_start)
                else:
                    # first_pos here is the index in the subset; line_start counts headers.
                    runs.append(Period(grain, len(runs), key, run_prec, index, 1,
                                       index + len(runs)))
            self._periods[grain] = runs
            self._run_firsts[grain] = [run.first_pos for run in runs]
            self._run_lines[grain] = [run.line_start for run in runs]
        return self._periods[grain]

    # The Store's timeline questions, answered for the subset ------------------------------------

    def line_count(self, grain: str) -> int:
        return len(self.positions) + len(self._runs(grain))

    def lines(self, grain: str, first_line: int, count: int) -> list[TimelineLine]:
        runs = self._runs(grain)
        index = max(0, bisect_right(self._run_lines[grain], max(first_line, 0)) - 1)
        wanted: list[tuple[int, Period, int | None]] = []
        line = max(first_line, 0)
        while len(wanted) < count and index < len(runs):
            run = runs[index]
            if line < run.line_start:
                line = run.line_start
            if line == run.line_start:
                wanted.append((line, run, None))
            elif line <= run.line_start + run.count:
                wanted.append((line, run, run.first_pos + line - run.line_start - 1))
            else:
                index += 1
                continue
            line += 1
        rows = self.store.rows_at([self.positions[i] for _, _, i in wanted if i is not None])
        by_pos = {row.pos: row for row in rows}
        result = []
        for line, run, i in wanted:
            row: TimelineRow | None = None if i is None else by_pos.get(self.positions[i])
            # Periods carry store positions, as the Store's do.
            period = Period(grain, run.idx, run.key, run.prec_rank, self.positions[run.first_pos],
                            run.count, run.line_start)
            result.append(TimelineLine(line, period, row))
        return result

    def line_of(self, grain: str, pos: int) -> int:
        index = bisect_left(self.positions, pos)
        index = min(index, len(self.positions) - 1)
        runs = self._runs(grain)
        run = runs[bisect_right(self._run_firsts[grain], index) - 1]
        return run.line_start + 1 + index - run.first_pos

    def position_on_or_after(self, lo_key: int) -> int | None:
        if not self.positions:
            return None
        index = min(bisect_left(self.lo_keys, lo_key), len(self.positions) - 1)
        return self.positions[index]

    def last_position_before(self, lo_key: int) -> int | None:
        index = bisect_left(self.lo_keys, lo_key) - 1
        return self.positions[index] if index >= 0 else None

    def lo_key_at(self, pos: int) -> int | None:
        index = bisect_left(self.positions, pos)
        if index < len(self.positions) and self.positions[index] == pos:
            return self.lo_keys[index]
        return None

    def next_position(self, pos: int, direction: int) -> int | None:
        """The subset's next row after `pos` (or before it, going back)."""
        if direction > 0:
            index = bisect_right(self.positions, pos)
            return self.positions[index] if index < len(self.positions) else None
        index = bisect_left(self.positions, pos) - 1
        return self.positions[index] if index >= 0 else None

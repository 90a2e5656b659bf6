"""The months and META ANUAL of a row once its quarter and total cells are read: a memoised programme.

The tail fixes the sums (`targets`) every month group must reach and META ANUAL (total programmed).
The programme reads positions first_tail - 1 .. 0 right to left over (position, field position,
flags, forced values taken, sum so far in the group) and returns every distinct completion within
an allowance of score points: lost copies placed anywhere in a run give one completion, not one per
placement. A completion's cost is its edits plus the mirror evidence of the month pairs it reads.
"""

from __future__ import annotations

from transforms.readings.bounds import Bounds
from transforms.readings.layout import Layout
from transforms.readings.model import FORCED, MIRROR, READ, VIOLATION, Pass
from transforms.readings.row import RowFields

# A completion of positions 0..i: its values (-1 for a month solved from its group's sum, filled in
# when the reading is recorded) -> (cost, sources, skipped field positions).
Completions = dict[tuple[int, ...], tuple[int, tuple[int, ...], tuple[int, ...]]]


class MonthGroups:
    """Every completion of the months and META ANUAL of one row for one set of `targets`.

    The memo lives as long as the row's search: passes at other caps and forced-value limits reuse it
    (the limits are part of its key, and a smaller allowance takes a subset of a larger one's).
    """

    def __init__(self, row: RowFields, lay: Layout, bounds: Bounds, targets: tuple[int, ...], relaxed: bool) -> None:
        self.row, self.lay, self.bounds, self.targets, self.relaxed = row, lay, bounds, targets, relaxed
        self.floor = bounds.mirror_floor(targets)  # per position: mirror evidence the months up to it carry
        self.chains = bounds.month_chains(targets)  # per position: edits of the groups from there on
        self.memo: dict[tuple, tuple[int, Completions]] = {}  # per state: (allowance, completions)
        self.run: Pass

    def least(self, p: int) -> int:
        """Score points every completion from field position p needs at least."""
        first = self.lay.first_tail - 1
        edits = self.chains[first][p] if self.chains is not None and p < self.row.m else 0  # type: ignore[index]
        return self.floor[-1] + edits

    def completions(self, run: Pass, p: int, may_skip: bool, ran: bool, used: int, allowed: int) -> Completions:
        """Every distinct completion from field position p within `allowed` points, for a tail that
        solved `used` values; flags as for a slot (transforms.readings.row.RowFields.options)."""
        self.run = run
        return self._months(self.lay.first_tail - 1, p, may_skip, ran, used, False, 0, allowed)

    def known_mirror(self, left: tuple[int, ...]) -> int:
        """Mirror evidence a completion's cost includes: month pairs it reads that differ (solved months left out)."""
        return MIRROR * sum(
            1
            for i, j in enumerate(self.lay.partner[: len(left)])
            if j >= 0 and -1 not in (left[i], left[j]) and left[i] != left[j]
        )

    def _months(
        self, i: int, p: int, may_skip: bool, ran: bool, used: int, pending: bool, partial: int, allowed: int
    ) -> Completions:
        """Every distinct reading of positions 0..i (values, sources) within `allowed` score points.

        `used`: forced values the reading has taken; `pending`: one of them is a month of the group
        being read, solved once the group closes (its sum may then fall short of the target);
        `partial`: the sum of the group's months read so far.
        """
        if allowed < 0:
            return {}
        run, bounds, lay, row = self.run, self.bounds, self.lay, self.row
        least = max(bounds.lower_bound(i, p), bounds.owed(used, run.min_forced))
        if i >= 0:
            chain = self.chains[i] if self.chains is not None and p < row.m else None
            least = max(least, chain[p]) if chain is not None else least  # a month group starts here
            least += self.floor[i]
        if least > allowed:
            return {}  # nothing within reach (cheaper to check again than to remember)
        key = (run.max_forced, run.min_forced, i, p, may_skip, ran, used, pending, partial)
        hit = self.memo.get(key)
        if hit is not None:  # (allowed, completions); a smaller allowance is a subset of a larger one
            done, res = hit
            if allowed == done:
                return res
            if allowed < done:
                return {k: v for k, v in res.items() if v[0] <= allowed}
        out: Completions = {}
        run.step()
        if i < 0:
            if row.skip_cost[p] <= allowed:
                out[()] = (row.skip_cost[p], (), tuple(range(p)))
            self.memo[key] = (allowed, out)
            return out
        if i == 0:
            target = self.targets[-1]  # META ANUAL = total programmed
        else:
            target = self.targets[lay.target_of[i]]
            if lay.opens[i]:
                partial = 0
        forced_free = used < run.max_forced and not pending and not self.relaxed
        for value, source, c, q in row.options(p, ran, forced_free):
            extra = 0
            now_used, now_pending = used, pending
            if source == FORCED:
                now_used += 1
                if i == 0:
                    value = target  # META ANUAL solved: it is total programmed
                else:
                    now_pending = True  # a month solved from its group's sum, once the group is read
            new = partial + max(value, 0)
            if i == 0 or lay.closes[i]:
                ok = new <= target if now_pending else new == target
                if i == 0:
                    ok = value == target
                if not ok:
                    if not self.relaxed:
                        continue
                    extra = VIOLATION
                now_pending = False
                new = 0
            elif not self.relaxed and new > target:
                continue
            spend = c + extra
            if spend > allowed:
                continue
            took = source in READ
            j = lay.partner[i]  # an executed month's programmed month, read in the completions below
            for nxt in row.after(lay.gap[i], q):
                sub = self._months(i - 1, nxt, took, took, now_used, now_pending, new, allowed - spend)
                for left, (cc, srcs, skipped) in sub.items():
                    differs = j >= 0 and value != -1 and left[j] != -1 and left[j] != value
                    total = cc + spend + MIRROR * differs
                    if total > allowed:
                        continue
                    k = (*left, value)
                    old = out.get(k)
                    if old is None or total < old[0]:
                        out[k] = (total, (*srcs, source), skipped)
        if may_skip and p > 0:
            c = row.skip_of[p - 1]
            if c <= allowed:
                sub = self._months(i, p - 1, True, ran, used, pending, partial, allowed - c)
                for k, (cc, srcs, skipped) in sub.items():
                    old = out.get(k)
                    if old is None or cc + c < old[0]:
                        out[k] = (cc + c, srcs, (*skipped, p - 1))
        self.memo[key] = (allowed, out)
        return out

"""Statistical process control: XmR charts in the NHS "Making Data Count" manner.

An XmR (individuals and moving range) chart asks whether a series of figures
behaves like one stable process ("common cause" variation) or shows a signal
("special cause"). For each segment of the series (a rebase starts a new one):

- the **mean** of the values and the **mean moving range** (MR̄, the mean of
  the absolute differences between consecutive values);
- **process limits** ``mean ± 2.66 × MR̄`` (2.66 = 3 / 1.128, three sigma with
  ``sigma = MR̄ / 1.128``);
- optionally the moving ranges above ``3.267 × MR̄`` (the upper range limit)
  are screened out and MR̄ recomputed once, so one freak jump does not widen
  the limits;
- optionally a fixed baseline: the mean and MR̄ come from the segment's first
  ``baseline`` values and are carried forward.

A value is a **special cause** when any enabled rule fires:

``beyond limit``
    the value lies above the upper or below the lower process limit;
``shift``
    it belongs to a run of ``run_length`` (7) or more consecutive values on the
    same side of the mean (a value exactly on the mean breaks the run);
``trend``
    it belongs to a run of ``trend_length`` (7) or more consecutive values each
    higher (or each lower) than the one before (an equal value breaks the run);
``two of three``
    it is one of at least 2 of 3 consecutive values beyond 2 sigma from the mean
    on the same side (values beyond 2 sigma on opposite sides do not count
    together).

Rules never look across a rebase. Which way a special cause points (up or down)
comes from the rules that fired; when a rising or falling trend disagrees with
the side of the mean given by another rule, the other rule wins, as it speaks of
the value's level rather than its direction of travel. With an ``improvement``
direction ("up" or "down") each special cause is an improvement or a concern;
without one (``None``) it is a neutral "special cause".

**Variation** describes the latest value: "common cause", "special cause
improvement", "special cause concern" (or "special cause" without a direction).
**Assurance** compares a target with the latest segment's process limits:
"consistently passing" when the target lies at or beyond the limit on the worse
side (every value the process is expected to give meets it), "consistently
failing" when it lies beyond the limit on the better side, else "hit and miss".

With fewer values in the latest segment than ``min_points`` (12) the limits are
**trial limits** (``trial`` is True); with fewer than 2 values there are no
limits at all, ``variation`` is None and ``reason`` says why. Reader-facing
sentences are made in :mod:`kpitools.wording.spc`.

References: NHS England, *Making Data Count* (2019) and *Making Data Count:
strengthening your decisions* (2021); the NHS-R Community's NHSRplotthedots
package, whose published tests are reproduced in ``tests/unit/rules/test_spc.py``.

Examples
--------
Mean 11.6, moving ranges 2, 1, 2, 1 (MR̄ 1.5), limits 11.6 ± 3.99:

>>> r = spc([10, 12, 11, 13, 12], improvement="up", target=7)
>>> round(r.mean, 2), round(r.lower, 2), round(r.upper, 2)
(11.6, 7.61, 15.59)
>>> r.variation, r.assurance, r.trial
('common cause', 'consistently passing', True)
"""

from __future__ import annotations

import math
from collections.abc import Hashable, Sequence
from dataclasses import dataclass, field
from typing import Literal

import numpy as np
import pandas as pd

__all__ = [
    "ASSURANCES",
    "LIMIT_FACTOR",
    "MR_SCREEN_FACTOR",
    "RULES",
    "SIGMA_DIVISOR",
    "VARIATIONS",
    "Rebase",
    "Segment",
    "SpcResult",
    "SpcRules",
    "spc",
]

LIMIT_FACTOR = 2.66  # 3 / 1.128: three sigma estimated from the mean moving range
SIGMA_DIVISOR = 1.128  # d2 for subgroups of 2: sigma = mean moving range / d2
MR_SCREEN_FACTOR = 3.267  # D4 for subgroups of 2: upper limit of the moving ranges

RULES = ("beyond limit", "two of three", "shift", "trend")
VARIATIONS = ("common cause", "special cause improvement", "special cause concern")
ASSURANCES = ("consistently passing", "hit and miss", "consistently failing")

NO_LIMITS = "fewer than 2 points"

Improvement = Literal["up", "down"] | None


@dataclass(frozen=True)
class SpcRules:
    """Which rules apply and with what run lengths (``settings.yml`` ``spc:``).

    Making Data Count's own tools use runs of 7; some variants use 6.
    """

    min_points: int = 12
    run_length: int = 7
    trend_length: int = 7
    two_of_three: bool = True
    screen_moving_ranges: bool = False

    def __post_init__(self) -> None:
        if self.min_points < 2 or self.run_length < 2 or self.trend_length < 2:
            raise ValueError("min_points, run_length and trend_length must be at least 2")


@dataclass(frozen=True)
class Rebase:
    """Recalculate the limits from ``at`` onwards, for a stated ``reason``.

    ``at`` is a position (0-based) in the values, or a label of their index
    (a period) when the values are a Series.
    """

    at: Hashable
    reason: str


@dataclass(frozen=True)
class Segment:
    """One stretch of the series with its own limits; ``start``/``stop`` are positions."""

    start: int
    stop: int
    mean: float
    lower: float
    upper: float
    sigma: float
    mean_moving_range: float
    baseline_points: int
    reason: str = ""

    @property
    def points(self) -> int:
        """Values in the segment."""
        return self.stop - self.start


@dataclass(frozen=True)
class SpcResult:
    """An XmR analysis: limits of the latest segment, each point's signals, summary icons.

    ``mean``, ``lower`` and ``upper`` are NaN when there are no limits
    (``reason`` then says why). ``points`` has one row per value with columns
    ``value``, ``moving_range``, ``segment``, ``mean``, ``lower``, ``upper``,
    ``special_cause`` (bool), ``rule`` (the rules that fired, joined by ", ",
    "" for none), ``signal`` ("improvement", "concern", "neutral" or "") and
    ``rebase`` (the stated reason at a segment's first value, else "").
    """

    mean: float
    lower: float
    upper: float
    points: pd.DataFrame
    variation: str | None
    assurance: str | None
    improvement: Improvement
    target: float | None
    trial: bool
    min_points: int
    reason: str
    segments: tuple[Segment, ...] = field(default_factory=tuple)

    @property
    def has_limits(self) -> bool:
        """Whether process limits could be calculated."""
        return not math.isnan(self.mean)

    @property
    def n(self) -> int:
        """Values analysed."""
        return len(self.points)

    @property
    def latest_points(self) -> int:
        """Values in the latest segment (those the limits describe)."""
        return self.segments[-1].points if self.segments else self.n


def _positions(values: pd.Series, rebase: Sequence[Rebase]) -> list[tuple[int, str]]:
    out = []
    for r in rebase:
        if isinstance(r.at, int | np.integer) and not isinstance(r.at, bool):
            pos = int(r.at)
        elif r.at in values.index:
            loc = values.index.get_loc(r.at)
            if not isinstance(loc, int):
                raise ValueError(f"rebase at {r.at!r}: the label is not unique")
            pos = loc
        else:
            raise ValueError(f"rebase at {r.at!r}: no such position or period")
        if not 0 < pos < len(values):
            raise ValueError(f"rebase at {r.at!r}: must fall after the first value")
        out.append((pos, r.reason))
    return sorted(set(out))


def _moving_ranges(x: np.ndarray) -> np.ndarray:
    return np.abs(np.diff(x))


def _segment(
    x: np.ndarray, start: int, stop: int, reason: str, rules: SpcRules, baseline: int | None
) -> Segment:
    base = x[start:stop] if baseline is None else x[start : min(stop, start + baseline)]
    if len(base) < 2:
        nan = math.nan
        return Segment(start, stop, nan, nan, nan, nan, nan, len(base), reason)
    mr = _moving_ranges(base)
    mr_bar = float(mr.mean())
    if rules.screen_moving_ranges:
        # Never empty: the smallest moving range is at most their mean.
        mr_bar = float(mr[mr <= MR_SCREEN_FACTOR * mr_bar].mean())
    mean = float(base.mean())
    return Segment(
        start,
        stop,
        mean,
        mean - LIMIT_FACTOR * mr_bar,
        mean + LIMIT_FACTOR * mr_bar,
        mr_bar / SIGMA_DIVISOR,
        mr_bar,
        len(base),
        reason,
    )


def _runs(signs: np.ndarray, length: int) -> np.ndarray:
    """For each element, the sign (+1/-1) of the run of equal non-zero signs of at
    least ``length`` it belongs to, else 0."""
    out = np.zeros(len(signs), dtype=int)
    i = 0
    while i < len(signs):
        j = i
        while j < len(signs) and signs[j] == signs[i]:
            j += 1
        if signs[i] != 0 and j - i >= length:
            out[i:j] = signs[i]
        i = j
    return out


def _signals(x: np.ndarray, seg: Segment, rules: SpcRules) -> tuple[list[list[str]], np.ndarray]:
    """Rules fired and the direction (+1 up, -1 down, 0 none) of each value of a segment."""
    n = len(x)
    fired: list[list[str]] = [[] for _ in range(n)]
    level = np.zeros(n, dtype=int)  # direction from rules about the value's level
    if math.isnan(seg.mean):
        return fired, level
    # Rounding in the mean must not turn equal values into signals (a constant series
    # has every value on its mean): differences within a few ulps count as none.
    tol = 1e-12 * float(np.abs(x).max())
    beyond = np.where(x > seg.upper + tol, 1, np.where(x < seg.lower - tol, -1, 0))
    for i in np.flatnonzero(beyond):
        fired[i].append("beyond limit")
        level[i] = beyond[i]
    if rules.two_of_three:
        band = 2 * seg.sigma + tol
        near = np.where(x > seg.mean + band, 1, np.where(x < seg.mean - band, -1, 0))
        hit = np.zeros(n, dtype=int)
        for start in range(max(n - 2, 0)):
            window = near[start : start + 3]
            for way in (1, -1):
                if int((window == way).sum()) >= 2:
                    for k in range(start, start + 3):
                        if near[k] == way:
                            hit[k] = way
        for i in np.flatnonzero(hit):
            fired[i].append("two of three")
            level[i] = hit[i]
    side = np.where(x > seg.mean + tol, 1, np.where(x < seg.mean - tol, -1, 0))
    shift = _runs(side, rules.run_length)
    for i in np.flatnonzero(shift):
        fired[i].append("shift")
        level[i] = shift[i]
    # A trend of k values is k - 1 steps of the same sign; each step marks both its ends.
    steps = np.sign(np.diff(x)).astype(int)
    step_runs = _runs(steps, rules.trend_length - 1)
    trend = np.zeros(n, dtype=int)
    for s in np.flatnonzero(step_runs):
        trend[s] = trend[s + 1] = step_runs[s]
    for i in np.flatnonzero(trend):
        fired[i].append("trend")
    direction = np.where(level != 0, level, trend)
    return fired, direction


def _signal(direction: int, improvement: Improvement) -> str:
    if direction == 0:
        return ""
    if improvement is None:
        return "neutral"
    better = 1 if improvement == "up" else -1
    return "improvement" if direction == better else "concern"


def _assurance(seg: Segment, improvement: Improvement, target: float | None) -> str | None:
    if target is None or math.isnan(target) or improvement is None or math.isnan(seg.mean):
        return None
    worse, better = (seg.lower, seg.upper) if improvement == "up" else (seg.upper, seg.lower)
    sign = 1 if improvement == "up" else -1
    if sign * (target - worse) <= 0:
        return "consistently passing"
    if sign * (target - better) > 0:
        return "consistently failing"
    return "hit and miss"


def spc(
    values: Sequence[float] | pd.Series,
    improvement: Improvement = "up",
    target: float | None = None,
    *,
    rules: SpcRules | None = None,
    rebase: Sequence[Rebase] = (),
    baseline: int | None = None,
) -> SpcResult:
    """Analyse a series as an XmR chart (see the module documentation for the rules).

    Parameters
    ----------
    values : sequence of float or Series
        The figures, oldest first, without gaps (NaN is refused). A Series keeps
        its index in ``points`` and lets ``rebase`` name periods.
    improvement : "up", "down" or None
        Which way is better; None makes special causes neutral and gives no assurance.
    target : float, optional
        The figure each value should meet, for the assurance.
    rules : SpcRules, optional
        Run lengths, rule set, minimum points and screening (defaults: Making Data Count).
    rebase : sequence of Rebase
        Where the process changed, each with its reason: limits restart there.
    baseline : int, optional
        Fix each segment's limits from its first ``baseline`` values.

    Returns
    -------
    SpcResult

    Examples
    --------
    Seven values in a row above the mean make a shift:

    >>> r = spc([2, 4, 2, 4, 2, 4, 2, 5, 6, 5, 6, 5, 6, 5], improvement="down")
    >>> r.points["rule"].iloc[-1], r.variation
    ('shift', 'special cause concern')
    >>> spc([4.0]).reason
    'fewer than 2 points'
    """
    rules = rules or SpcRules()
    if improvement not in ("up", "down", None):
        raise ValueError(f"improvement must be 'up', 'down' or None, not {improvement!r}")
    series = values.copy() if isinstance(values, pd.Series) else pd.Series(list(values))
    series = series.astype(float)
    if series.isna().any():
        raise ValueError("SPC needs a figure for every period: fill the gap or start after it")
    if baseline is not None and baseline < 2:
        raise ValueError("a fixed baseline needs at least 2 values")
    target = None if target is None or math.isnan(float(target)) else float(target)
    x = series.to_numpy()
    n = len(x)
    cuts = _positions(series, rebase)
    bounds = [0, *(p for p, _ in cuts), n]
    reasons = ["", *(r for _, r in cuts)]
    segments = tuple(
        _segment(x, bounds[k], bounds[k + 1], reasons[k], rules, baseline)
        for k in range(len(bounds) - 1)
    )
    columns: dict[str, list[object]] = {
        key: []
        for key in (
            "value", "moving_range", "segment", "mean", "lower", "upper",
            "special_cause", "rule", "signal", "rebase",
        )
    }  # fmt: skip
    for k, seg in enumerate(segments):
        part = x[seg.start : seg.stop]
        fired, direction = _signals(part, seg, rules)
        for i, v in enumerate(part):
            columns["value"].append(float(v))
            columns["moving_range"].append(abs(float(v - part[i - 1])) if i else math.nan)
            columns["segment"].append(k)
            columns["mean"].append(seg.mean)
            columns["lower"].append(seg.lower)
            columns["upper"].append(seg.upper)
            columns["special_cause"].append(bool(fired[i]))
            columns["rule"].append(", ".join(r for r in RULES if r in fired[i]))
            columns["signal"].append(_signal(int(direction[i]), improvement))
            columns["rebase"].append(seg.reason if i == 0 else "")
    points = pd.DataFrame(columns, index=series.index)
    points["special_cause"] = points["special_cause"].astype(bool)
    last = segments[-1]  # there is always one: the bounds hold at least 0 and n
    if math.isnan(last.mean):
        nan = math.nan
        return SpcResult(
            nan, nan, nan, points, None, None, improvement, target, True, rules.min_points,
            NO_LIMITS, segments,
        )  # fmt: skip
    latest = points.iloc[-1]
    if not latest["special_cause"]:
        variation = "common cause"
    elif latest["signal"] == "neutral":
        variation = "special cause"
    else:
        variation = f"special cause {latest['signal']}"
    return SpcResult(
        mean=last.mean,
        lower=last.lower,
        upper=last.upper,
        points=points,
        variation=variation,
        assurance=_assurance(last, improvement, target),
        improvement=improvement,
        target=target,
        trial=last.baseline_points < rules.min_points,
        min_points=rules.min_points,
        reason="",
        segments=segments,
    )

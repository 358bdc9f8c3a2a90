"""Projected linear trend: least squares over the reported history."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

__all__ = ["MIN_POINTS", "Trend", "YearEnd", "linear_trend", "project_year_end"]

MIN_POINTS = 3


@dataclass(frozen=True)
class Trend:
    """Least-squares line through equally spaced figures.

    ``slope`` is the change per period; ``projection`` the value the line
    gives for the next period. Both are None when there are fewer than
    ``MIN_POINTS`` figures, and ``message`` says so.
    """

    points: int
    slope: float | None
    intercept: float | None
    projection: float | None
    message: str

    @property
    def enough(self) -> bool:
        return self.projection is not None

    def fitted(self, n: int) -> list[float]:
        """Values of the line at positions 0 .. n-1 (the next period is ``points``)."""
        if self.slope is None or self.intercept is None:
            return []
        return [self.intercept + self.slope * i for i in range(n)]


def _clean(values: Sequence[float | None]) -> list[float]:
    out = []
    for v in values:
        if v is None or (isinstance(v, float) and math.isnan(v)):
            raise ValueError("a trend needs consecutive figures: fill the gap or start after it")
        out.append(float(v))
    return out


def _fit(xs: Sequence[float], ys: Sequence[float]) -> tuple[float, float]:
    # Closed-form least squares keeps exact answers exact (10, 12, 14 has slope 2.0).
    x_mean = math.fsum(xs) / len(xs)
    y_mean = math.fsum(ys) / len(ys)
    sxx = math.fsum((x - x_mean) ** 2 for x in xs)
    sxy = math.fsum((x - x_mean) * (y - y_mean) for x, y in zip(xs, ys, strict=True))
    slope = sxy / sxx
    return slope, y_mean - slope * x_mean


def linear_trend(values: Sequence[float | None], *, min_points: int = MIN_POINTS) -> Trend:
    """Project the next period from consecutive periods' figures.

    Parameters
    ----------
    values : sequence of float
        Figures of consecutive periods, oldest first.
    min_points : int
        Fewest figures that make a trend; below it no projection is made.

    Examples
    --------
    >>> t = linear_trend([10, 12, 14])
    >>> t.slope, t.projection
    (2.0, 16.0)
    >>> linear_trend([90157, 96326]).message
    'Not enough data for a trend: 2 periods reported, 3 needed'
    """
    ys = _clean(values)
    n = len(ys)
    if n < min_points:
        return Trend(
            n,
            None,
            None,
            None,
            f"Not enough data for a trend: {n} period{'s' if n != 1 else ''} reported, "
            f"{min_points} needed",
        )
    slope, intercept = _fit(list(range(n)), ys)
    if math.isclose(slope, 0.0, abs_tol=1e-12):
        slope = 0.0
    projection = intercept + slope * n
    word = "rising" if slope > 0 else "falling" if slope < 0 else "flat"
    return Trend(
        n,
        slope,
        intercept,
        projection,
        f"Linear trend over {n} periods is {word}; projected next period {projection:,.1f}",
    )


@dataclass(frozen=True)
class YearEnd:
    """Projected year-end figure of a cumulative (year-to-date) KPI."""

    projection: float | None
    annual_target: float | None
    reaches_target: bool | None
    message: str


def project_year_end(
    year_to_date: Sequence[float],
    annual_target: float | None = None,
    direction: str | None = "up",
    *,
    periods_in_year: int = 4,
    from_zero: bool = True,
) -> YearEnd:
    """Project a cumulative KPI to the end of the financial year.

    Parameters
    ----------
    year_to_date : sequence of float
        Cumulative figures for this year's periods so far (Q1, Q2, ...).
    annual_target : float, optional
        The year's target; when given, says whether the projection reaches it.
    direction : {"up", "down"} or None
    periods_in_year : int
        4 for quarterly KPIs, 12 for monthly.
    from_zero : bool
        Counts start every year at zero, a known point at period 0 that joins
        the fit. Cumulative rates (a year-to-date percentage) do not: pass False.

    Examples
    --------
    Half-year counts of 300 then 600 project to 1,200:

    >>> y = project_year_end([300, 600], annual_target=1128)
    >>> round(y.projection), y.reaches_target
    (1200, True)
    >>> project_year_end([93], from_zero=False).message
    'Not enough data to project the year end: 1 period reported, 3 needed'
    """
    ys = _clean(year_to_date)
    xs = list(range(1, len(ys) + 1))
    if from_zero:
        xs, ys = [0, *xs], [0.0, *ys]
    n_reported = len(year_to_date)
    if len(ys) < MIN_POINTS:
        return YearEnd(
            None,
            annual_target,
            None,
            f"Not enough data to project the year end: {n_reported} period"
            f"{'s' if n_reported != 1 else ''} reported, {MIN_POINTS} needed",
        )
    slope, intercept = _fit(xs, ys)
    projection = float(intercept + slope * periods_in_year)
    reaches: bool | None = None
    message = f"Projected year-end figure {projection:,.0f}"
    if annual_target is not None and direction in ("up", "down"):
        reaches = projection >= annual_target if direction == "up" else projection <= annual_target
        verdict = "reaches" if reaches else "does not reach"
        message += f", which {verdict} the annual target of {annual_target:,.0f}"
    return YearEnd(projection, annual_target, reaches, message)

"""Projected linear trend and year-end projection: least squares over reported figures.

Pure numbers: how many figures a projection needs, and how many recent
figures the trend uses, are settings (``data/raw/settings.yml``) passed in by
the model; the sentences are in :mod:`kpitools.wording.trend`.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

__all__ = ["Trend", "YearEnd", "linear_trend", "project_year_end"]


@dataclass(frozen=True)
class Trend:
    """Least-squares line through equally spaced figures.

    ``slope`` is the change per period; ``projection`` the value the line
    gives for the next period. All three are None when there are fewer than
    ``needed`` figures.
    """

    points: int
    needed: int
    slope: float | None
    intercept: float | None
    projection: float | None

    @property
    def enough(self) -> bool:
        """Whether there were enough figures for a trend."""
        return self.projection is not None

    def fitted(self) -> list[float]:
        """Values of the line at each of the ``points`` figures (empty without a trend).

        Examples
        --------
        >>> linear_trend([10, 12, 14]).fitted()
        [10.0, 12.0, 14.0]
        """
        if self.slope is None or self.intercept is None:
            return []
        return [self.intercept + self.slope * i for i in range(self.points)]


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


def linear_trend(values: Sequence[float | None], *, min_points: int = 3) -> Trend:
    """Project the next period from consecutive periods' figures.

    Parameters
    ----------
    values : sequence of float
        Figures of consecutive periods, oldest first.
    min_points : int
        Fewest figures that make a trend (at least 2); below it no projection is made.

    Examples
    --------
    >>> t = linear_trend([10, 12, 14])
    >>> t.slope, t.projection
    (2.0, 16.0)
    >>> linear_trend([90157, 96326]).enough
    False
    """
    if min_points < 2:
        raise ValueError(f"a trend needs at least 2 figures, not {min_points}")
    ys = _clean(values)
    n = len(ys)
    if n < min_points:
        return Trend(n, min_points, None, None, None)
    slope, intercept = _fit(list(range(n)), ys)
    if math.isclose(slope, 0.0, abs_tol=1e-12):
        slope = 0.0
    return Trend(n, min_points, slope, intercept, intercept + slope * n)


@dataclass(frozen=True)
class YearEnd:
    """Projected year-end figure of a cumulative (year-to-date) KPI.

    ``reaches_target`` is None without an annual target or a projection.
    """

    points: int
    needed: int
    projection: float | None
    annual_target: float | None
    reaches_target: bool | None

    @property
    def enough(self) -> bool:
        """Whether there were enough of this year's figures for a projection."""
        return self.projection is not None


def project_year_end(
    year_to_date: Sequence[float],
    annual_target: float | None = None,
    direction: str | None = "up",
    *,
    periods_in_year: int = 4,
    accumulates: bool = True,
    min_points: int = 3,
) -> YearEnd:
    """Project a cumulative KPI to the end of the financial year from this year's figures.

    Parameters
    ----------
    year_to_date : sequence of float
        Cumulative figures for this year's periods so far (Q1, Q2, ...), and
        only this year's: last year's total says nothing about this year's pace.
    annual_target : float, optional
        The year's target; when given, says whether the projection reaches it.
    direction : {"up", "down"} or None
    periods_in_year : int
        4 for quarterly KPIs, 12 for monthly.
    accumulates : bool
        True for year-to-date totals (counts, hours): they start the year at
        zero, which joins the fit as a known point (it does not count towards
        ``min_points``), and the projection is never below the figure already
        reached. False for year-to-date rates (a cumulative percentage).
    min_points : int
        Fewest reported figures a projection needs.

    Examples
    --------
    Three quarters of 300, 600 and 900 project to 1,200:

    >>> y = project_year_end([300, 600, 900], annual_target=1128)
    >>> round(y.projection), y.reaches_target
    (1200, True)

    Two figures are not enough, whatever the assumed zero:

    >>> project_year_end([150, 299]).projection is None
    True
    """
    ys = _clean(year_to_date)
    points = len(ys)
    if points < min_points:
        return YearEnd(points, min_points, None, annual_target, None)
    xs: list[float] = [float(i) for i in range(1, points + 1)]
    if accumulates:
        xs, ys = [0.0, *xs], [0.0, *ys]
    slope, intercept = _fit(xs, ys)
    projection = float(intercept + slope * periods_in_year)
    if accumulates:
        projection = max(projection, ys[-1])
    reaches: bool | None = None
    if annual_target is not None and direction in ("up", "down"):
        reaches = projection >= annual_target if direction == "up" else projection <= annual_target
    return YearEnd(points, min_points, projection, annual_target, reaches)

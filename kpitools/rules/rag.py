"""RAG(B) status from the Performance Management Framework's tolerance rules.

A scheme is data: whether Blue exists, where Red and Blue start, whether
each boundary is inclusive ("10% or more") or exclusive ("more than 10%"),
and whether tolerances are relative to the target or in the indicator's
own units. Figures exactly on a boundary land on the documented side
despite floating-point error.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

import pandas as pd

__all__ = [
    "RATED",
    "STATUS_ORDER",
    "UNRATED",
    "RagScheme",
    "margin",
    "rate",
]

RATED = ("Red", "Amber", "Green", "Blue")
UNRATED = ("Baseline", "Contextual", "In Development", "Suspended", "Not rated")
STATUS_ORDER = RATED + UNRATED

# Relative differences are computed from data that were typed with a few
# significant figures; anything closer than this to a boundary *is* the boundary.
_EPSILON = 1e-9


@dataclass(frozen=True)
class RagScheme:
    """Tolerance rules of one RAG or RAGB scheme.

    Parameters
    ----------
    blue : bool
        Whether the scheme has Blue (performance well above target). Without
        Blue, Green is any figure on target or better.
    red_at : float
        Shortfall at which Red starts: a fraction of the target when
        ``tolerance="relative"`` (0.10 is 10%), otherwise indicator units.
    red_inclusive : bool
        True when a shortfall of exactly ``red_at`` is Red ("10% or more").
    blue_at : float
        Margin above target at which Blue starts.
    blue_inclusive : bool
        True when a margin of exactly ``blue_at`` is Blue ("5% or more").
    tolerance : {"relative", "points"}
        "relative" measures distance as a fraction of the target;
        "points" in the indicator's own units (percentage points for a
        percentage).
    label : str
        Name shown to readers, e.g. "RAGB".
    summary_order : tuple of str
        Statuses of the summary table, in the order the committee prints them.

    Examples
    --------
    >>> RagScheme().red_at, RagScheme().tolerance
    (0.1, 'relative')
    >>> RagScheme(blue=False).statuses
    ('Red', 'Amber', 'Green', 'Baseline', 'Contextual', 'In Development', 'Suspended', 'Not rated')
    """

    blue: bool = True
    red_at: float = 0.10
    red_inclusive: bool = True
    blue_at: float = 0.05
    blue_inclusive: bool = True
    tolerance: Literal["relative", "points"] = "relative"
    label: str = ""
    summary_order: tuple[str, ...] = field(default=())

    def __post_init__(self) -> None:
        if self.tolerance not in ("relative", "points"):
            raise ValueError(f"tolerance must be 'relative' or 'points', not {self.tolerance!r}")
        if not (self.red_at > 0 and math.isfinite(self.red_at)):
            raise ValueError(f"red_at must be a positive number, not {self.red_at!r}")
        if self.blue and not (self.blue_at > 0 and math.isfinite(self.blue_at)):
            raise ValueError(f"blue_at must be a positive number, not {self.blue_at!r}")
        object.__setattr__(self, "summary_order", tuple(self.summary_order))
        if not self.label:
            object.__setattr__(self, "label", "RAGB" if self.blue else "RAG")

    @property
    def statuses(self) -> tuple[str, ...]:
        """Every status this scheme can report, in summary order."""
        if self.summary_order:
            return self.summary_order
        rated = RATED if self.blue else RATED[:3]
        return rated + UNRATED

    @classmethod
    def from_mapping(cls, data: Mapping[str, Any]) -> RagScheme:
        """Build a scheme from a mapping such as an entry of ``schemes.yml``.

        Examples
        --------
        >>> RagScheme.from_mapping({"blue": False, "red_at": 0.1}).label
        'RAG'
        """
        known = set(cls.__dataclass_fields__)
        unknown = sorted(set(data) - known - {"source"})
        if unknown:
            raise ValueError(
                f"unknown scheme setting(s) {', '.join(unknown)}; "
                f"allowed: {', '.join(sorted(known))}"
            )
        values = {k: v for k, v in data.items() if k in known}
        if "summary_order" in values:
            values["summary_order"] = tuple(values["summary_order"] or ())
        return cls(**values)

    def with_tolerance(self, tolerance: str | None) -> RagScheme:
        """The same scheme measured in another tolerance mode (None keeps it)."""
        if not tolerance or tolerance == self.tolerance:
            return self
        return RagScheme(**{**self.__dict__, "tolerance": tolerance})


def _check_direction(direction: object) -> None:
    if direction not in ("up", "down"):
        raise ValueError(
            f"direction must be 'up' (higher is better) or 'down' (lower is better), "
            f"not {direction!r}"
        )


def _is_missing(value: object) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NA


def margin(actual: float, target: float, direction: str, scheme: RagScheme = RagScheme()) -> float:
    """Signed distance from target, positive when better than target.

    A fraction of the target for relative tolerance (the target's absolute
    value is the denominator, so a negative target still works), otherwise
    in the indicator's units.

    Raises
    ------
    ValueError
        For a missing figure or target, a zero target under relative
        tolerance (no percentage of zero exists: use ``tolerance="points"``),
        or a direction that is neither "up" nor "down".

    Examples
    --------
    >>> round(margin(63, 70, "up"), 6)
    -0.1
    >>> margin(8, 10, "down")
    0.2
    """
    _check_direction(direction)
    if _is_missing(actual):
        raise ValueError("cannot rate a missing figure")
    if _is_missing(target):
        raise ValueError("cannot rate without a target: give a target or mark the KPI as not rated")
    actual, target = float(actual), float(target)
    if not (math.isfinite(actual) and math.isfinite(target)):
        raise ValueError(f"cannot rate non-finite values (actual {actual}, target {target})")
    diff = actual - target if direction == "up" else target - actual
    if scheme.tolerance == "points":
        return diff
    if target == 0:
        raise ValueError(
            "a target of 0 has no relative tolerance (10% of 0 is 0): "
            "set tolerance to 'points' for this KPI"
        )
    return diff / abs(target)


def _at_least(value: float, threshold: float, inclusive: bool) -> bool:
    if math.isclose(value, threshold, rel_tol=_EPSILON, abs_tol=_EPSILON):
        return inclusive
    return value > threshold


def rate(actual: float, target: float, direction: str, scheme: RagScheme = RagScheme()) -> str:
    """Status of a figure against its target.

    Parameters
    ----------
    actual, target : float
        Current figure and the target for the same period.
    direction : {"up", "down"}
        "up" when higher is better, "down" when lower is better.
    scheme : RagScheme
        Tolerance rules in force.

    Returns
    -------
    str
        "Red", "Amber", "Green" or "Blue".

    Examples
    --------
    Seed 004's published ratings:

    >>> rate(96326, 107236, "up")
    'Red'
    >>> rate(99, 74, "up"), rate(55, 60, "up"), rate(296, 291, "up")
    ('Blue', 'Amber', 'Green')

    Exactly 10% short is Red when the boundary is inclusive:

    >>> rate(63, 70, "up"), rate(63, 70, "up", RagScheme(red_inclusive=False))
    ('Red', 'Amber')
    """
    m = margin(actual, target, direction, scheme)
    if _at_least(-m, scheme.red_at, scheme.red_inclusive):
        return "Red"
    if _at_least(-m, 0.0, False):
        return "Amber"
    if scheme.blue and _at_least(m, scheme.blue_at, scheme.blue_inclusive):
        return "Blue"
    return "Green"

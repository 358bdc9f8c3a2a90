"""Financial-year quarters and months of UK local government.

The financial year runs from 1 April to 31 March: Q1 is April to June,
Q2 July to September, Q3 October to December and Q4 January to March.
A year is written "2024-25" in data and "2024/25" in reports.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass
from functools import total_ordering

__all__ = ["Month", "Quarter", "parse_period", "quarter_range"]

_FY = r"(?P<fy>\d{4})\s*[-/]\s*(?P<fy2>\d{2}|\d{4})"
_Q = r"(?:Q|Quarter\s*)(?P<q>[1-4])"
_QUARTER_PATTERNS = [
    re.compile(rf"^{_FY}\s+{_Q}$", re.IGNORECASE),
    re.compile(rf"^{_Q}\s+{_FY}$", re.IGNORECASE),
    re.compile(rf"^{_FY}-{_Q}$", re.IGNORECASE),
]
_MONTH_ISO = re.compile(r"^(?P<y>\d{4})-(?P<m>\d{1,2})$")
_MONTH_NAME = re.compile(r"^(?P<name>[A-Za-z]+)\s+(?P<y>\d{4})$")
_MONTH_NAMES = {
    name.lower(): i
    for i in range(1, 13)
    for name in (calendar.month_name[i], calendar.month_abbr[i])
}


def _fy_start(first: str, second: str, text: str) -> int:
    start = int(first)
    end = int(second)
    expected = (start + 1) % 100 if len(second) == 2 else start + 1
    if end != expected:
        raise ValueError(
            f"{text!r}: {first} is not followed by {second}; a financial year "
            f"is two consecutive years such as '{start}-{str(start + 1)[2:]} Q1'"
        )
    return start


@total_ordering
@dataclass(frozen=True)
class Quarter:
    """A quarter of a financial year.

    Parameters
    ----------
    year : int
        Calendar year in which the financial year starts (2024 for 2024-25).
    q : int
        Quarter number, 1 (April to June) to 4 (January to March).

    Examples
    --------
    >>> q = Quarter.parse("Q2 2024/25")
    >>> str(q), q.start, q.end
    ('2024-25 Q2', datetime.date(2024, 7, 1), datetime.date(2024, 9, 30))
    >>> str(q.previous()), str(q.year_ago()), q.label
    ('2024-25 Q1', '2023-24 Q2', 'Quarter 2 2024/25')
    """

    year: int
    q: int

    def __post_init__(self) -> None:
        if self.q not in (1, 2, 3, 4):
            raise ValueError(f"quarter must be 1 to 4, not {self.q}")

    @classmethod
    def parse(cls, text: Quarter | str) -> Quarter:
        """Read a quarter in any spelling the council's reports use.

        Accepts "2024-25 Q2", "2024/25 Q2", "Q2 2024/25", "Quarter 2 2024/25"
        and the folder form "2024-25-Q2"; a Quarter is returned unchanged.

        Examples
        --------
        >>> Quarter.parse("Quarter 4 2023/24") == Quarter(2023, 4)
        True
        """
        if isinstance(text, Quarter):
            return text
        cleaned = " ".join(str(text).split())
        for pattern in _QUARTER_PATTERNS:
            match = pattern.match(cleaned)
            if match:
                start = _fy_start(match["fy"], match["fy2"], cleaned)
                return cls(start, int(match["q"]))
        raise ValueError(
            f"{text!r} is not a quarter; write it like '2024-25 Q2', "
            "'2024/25 Q2', 'Q2 2024/25' or 'Quarter 2 2024/25'"
        )

    @classmethod
    def containing(cls, day: dt.date) -> Quarter:
        """The quarter that contains a date.

        Examples
        --------
        >>> import datetime
        >>> str(Quarter.containing(datetime.date(2024, 2, 29)))
        '2023-24 Q4'
        """
        fy = day.year if day.month >= 4 else day.year - 1
        return cls(fy, (day.month - 4) % 12 // 3 + 1)

    @property
    def fy(self) -> str:
        """Financial year as written in data, e.g. "2024-25"."""
        return f"{self.year}-{str(self.year + 1)[2:]}"

    @property
    def fy_label(self) -> str:
        """Financial year as written in reports, e.g. "2024/25"."""
        return f"{self.year}/{str(self.year + 1)[2:]}"

    @property
    def label(self) -> str:
        """Long label, e.g. "Quarter 2 2024/25"."""
        return f"Quarter {self.q} {self.fy_label}"

    @property
    def short_label(self) -> str:
        """Label as the dashboard prints a comparison column: "Quarter 2 22/23"."""
        return f"Quarter {self.q} {str(self.year)[2:]}/{str(self.year + 1)[2:]}"

    @property
    def slug(self) -> str:
        """Form used in folder and file names, e.g. "2024-25-Q2"."""
        return f"{self.fy}-Q{self.q}"

    @property
    def start(self) -> dt.date:
        """First day of the quarter."""
        month = 3 * self.q + 1
        year = self.year
        if month > 12:
            month -= 12
            year += 1
        return dt.date(year, month, 1)

    @property
    def end(self) -> dt.date:
        """Last day of the quarter."""
        return self.next().start - dt.timedelta(days=1)

    @property
    def covering(self) -> str:
        """Sentence part used in report headers.

        Examples
        --------
        >>> Quarter(2024, 2).covering
        'covering 1 July 2024 to 30 September 2024'
        """
        return f"covering {_long_date(self.start)} to {_long_date(self.end)}"

    @property
    def months(self) -> tuple[Month, Month, Month]:
        """The three months of the quarter, in order."""
        first = Month(self.start.year, self.start.month)
        return (first, first.next(), first.next().next())

    def next(self) -> Quarter:
        """The following quarter."""
        return Quarter(self.year + 1, 1) if self.q == 4 else Quarter(self.year, self.q + 1)

    def previous(self) -> Quarter:
        """The preceding quarter (Q1 goes back to Q4 of the year before)."""
        return Quarter(self.year - 1, 4) if self.q == 1 else Quarter(self.year, self.q - 1)

    def year_ago(self) -> Quarter:
        """The same quarter of the previous financial year."""
        return Quarter(self.year - 1, self.q)

    def shift(self, quarters: int) -> Quarter:
        """The quarter ``quarters`` away (negative goes back)."""
        index = self.year * 4 + (self.q - 1) + quarters
        return Quarter(index // 4, index % 4 + 1)

    def __sub__(self, other: Quarter) -> int:
        return (self.year * 4 + self.q) - (other.year * 4 + other.q)

    def __lt__(self, other: object) -> bool:
        if not isinstance(other, Quarter):
            return NotImplemented
        return (self.year, self.q) < (other.year, other.q)

    def __str__(self) -> str:
        return f"{self.fy} Q{self.q}"


@total_ordering
@dataclass(frozen=True)
class Month:
    """A calendar month, placed in its financial-year quarter.

    Examples
    --------
    >>> m = Month.parse("August 2024")
    >>> str(m), str(m.quarter), m.label
    ('2024-08', '2024-25 Q2', 'August 2024')
    """

    year: int
    month: int

    def __post_init__(self) -> None:
        if not 1 <= self.month <= 12:
            raise ValueError(f"month must be 1 to 12, not {self.month}")

    @classmethod
    def parse(cls, text: str) -> Month:
        """Read "2024-08", "Aug 2024" or "August 2024"."""
        if isinstance(text, Month):
            return text
        cleaned = " ".join(str(text).split())
        match = _MONTH_ISO.match(cleaned)
        if match and 1 <= int(match["m"]) <= 12:
            return cls(int(match["y"]), int(match["m"]))
        match = _MONTH_NAME.match(cleaned)
        if match and match["name"].lower() in _MONTH_NAMES:
            return cls(int(match["y"]), _MONTH_NAMES[match["name"].lower()])
        raise ValueError(f"{text!r} is not a month; write it like '2024-08' or 'August 2024'")

    @property
    def quarter(self) -> Quarter:
        """The financial-year quarter containing this month."""
        return Quarter.containing(self.start)

    @property
    def start(self) -> dt.date:
        return dt.date(self.year, self.month, 1)

    @property
    def end(self) -> dt.date:
        return dt.date(self.year, self.month, calendar.monthrange(self.year, self.month)[1])

    @property
    def label(self) -> str:
        return f"{calendar.month_name[self.month]} {self.year}"

    short_label = label

    def next(self) -> Month:
        return Month(self.year + 1, 1) if self.month == 12 else Month(self.year, self.month + 1)

    def previous(self) -> Month:
        return Month(self.year - 1, 12) if self.month == 1 else Month(self.year, self.month - 1)

    def year_ago(self) -> Month:
        return Month(self.year - 1, self.month)

    def __lt__(self, other: object) -> bool:
        if not isinstance(other, Month):
            return NotImplemented
        return (self.year, self.month) < (other.year, other.month)

    def __str__(self) -> str:
        return f"{self.year}-{self.month:02d}"


def parse_period(text: str) -> Quarter | Month:
    """Read a quarter or a month.

    Examples
    --------
    >>> parse_period("2023/24 Q3"), parse_period("2023-11")
    (Quarter(year=2023, q=3), Month(year=2023, month=11))
    """
    try:
        return Quarter.parse(text)
    except ValueError as quarter_error:
        try:
            return Month.parse(text)
        except ValueError:
            raise ValueError(
                f"{text!r} is neither a quarter ('2024-25 Q2') nor a month ('2024-08')"
            ) from quarter_error


def quarter_range(first: Quarter | str, last: Quarter | str) -> list[Quarter]:
    """Every quarter from ``first`` to ``last`` inclusive.

    Examples
    --------
    >>> [str(q) for q in quarter_range("2023-24 Q3", "2024-25 Q1")]
    ['2023-24 Q3', '2023-24 Q4', '2024-25 Q1']
    """
    start, stop = Quarter.parse(first), Quarter.parse(last)
    return [start.shift(i) for i in range(stop - start + 1)]


def _long_date(day: dt.date) -> str:
    return f"{day.day} {calendar.month_name[day.month]} {day.year}"

"""Declarative schemas of the YAML inputs: typed, bounded, and explained when wrong.

Each YAML file is checked by a pydantic model in strict mode, so a quoted
``"false"`` is not a boolean and ``"0.1"`` is not a number; each failure becomes
a :class:`Problem` naming the file, the key and the fix.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

import pydantic

from kpitools.data.errors import Problem
from kpitools.rules.rag import STATUS_ORDER

__all__ = ["CommitteesFile", "SchemeEntry", "SourceEntry", "problems_from"]

Status = Literal[
    "Red", "Amber", "Green", "Blue", "Baseline", "Contextual", "In Development", "Suspended",
    "Not rated",
]  # fmt: skip


class _Strict(pydantic.BaseModel):
    model_config = pydantic.ConfigDict(extra="forbid", strict=True, frozen=True)


class SchemeEntry(_Strict):
    """One RAG or RAGB scheme of ``schemes.yml``."""

    label: str = ""
    source: str = ""
    blue: bool = True
    red_at: float = pydantic.Field(gt=0)
    red_inclusive: bool = True
    blue_at: float = pydantic.Field(default=0.05, gt=0)
    blue_inclusive: bool = True
    tolerance: Literal["relative", "points"] = "relative"
    summary_order: list[Status] = []
    # The published wording of the document that used the scheme: not rules.
    criteria: dict[Status, str] = {}
    key: list[list[str]] = []
    summary_labels: dict[Status, str] = {}
    summary_zero: Literal["-", "0"] = "-"

    @pydantic.model_validator(mode="after")
    def _fractions(self) -> SchemeEntry:
        if any(len(row) != 2 for row in self.key):
            raise ValueError(
                'key: write each row of the Key as ["item", "explanation"] (an empty '
                "explanation holds the criteria)"
            )
        if self.tolerance == "relative":
            for key in ("red_at", "blue_at"):
                value = getattr(self, key)
                if not 0 < value < 1:
                    raise ValueError(
                        f"{key}: {value:g} is not a fraction of the target; relative "
                        f"thresholds are written as fractions between 0 and 1 "
                        f"(10% is 0.10), so write {value / 100:g}"
                    )
        if len(set(self.summary_order)) != len(self.summary_order):
            raise ValueError("summary_order lists a status twice; list each once")
        return self


class SourceEntry(_Strict):
    """One published document of ``sources.yml`` that rows of data cite."""

    title: str = pydantic.Field(min_length=1)
    date: dt.date | None = None
    date_kind: Literal["produced", "meeting"] | None = None
    label: str = ""
    illustrative: bool = False


class _Contact(_Strict):
    name: str = ""
    post: str = ""
    email: str = ""


class CommitteeEntry(_Strict):
    """One committee of ``committees.yml``."""

    model_config = pydantic.ConfigDict(
        extra="forbid", strict=True, frozen=True, populate_by_name=True
    )

    name: str = pydantic.Field(min_length=1)
    illustrative: bool = False
    schemes: dict[str, str] = pydantic.Field(min_length=1)
    from_: str = pydantic.Field(default="", alias="from")
    electoral_divisions: str = ""
    officer_contact: _Contact = _Contact()
    source: str = ""


class CommitteesFile(_Strict):
    """The whole of ``committees.yml``."""

    council: str = pydantic.Field(min_length=1)
    committees: dict[str, CommitteeEntry] = pydantic.Field(min_length=1)


_HINTS = {
    "bool_type": "write true or false, without quotes",
    "float_type": "write a number without quotes, e.g. 0.10",
    "int_type": "write a whole number without quotes",
    "string_type": "write text",
    "literal_error": "use one of the allowed values",
    "missing": "add it",
    "extra_forbidden": "remove it or correct its spelling",
    "dict_type": "write it as 'key: value' lines",
    "model_type": "write it as 'key: value' lines",
    "list_type": "write it as a list, e.g. [Red, Amber, Green]",
    "too_short": "give at least one",
    "greater_than": "write a number above zero",
}


def problems_from(error: pydantic.ValidationError, file: str, prefix: str = "") -> list[Problem]:
    """One :class:`Problem` per schema failure, naming the key and the fix.

    Examples
    --------
    >>> try:
    ...     SchemeEntry.model_validate({"red_at": 10})
    ... except pydantic.ValidationError as exc:
    ...     print(problems_from(exc, "data/raw/schemes.yml", "rag")[0])  # doctest: +ELLIPSIS
    data/raw/schemes.yml, column 'rag': red_at: 10 is not a fraction of the target; ...
    """
    problems = []
    for item in error.errors():
        where = ".".join(str(p) for p in (prefix, *item["loc"]) if str(p))
        kind = item["type"]
        if kind == "value_error":
            message = str(item["ctx"]["error"]) if "ctx" in item else item["msg"]
        else:
            got: Any = item.get("input")
            shown = "" if kind == "missing" else f" (got {got!r})"
            allowed = ""
            if kind == "literal_error":
                allowed = f": {', '.join(STATUS_ORDER)}" if "Red" in item["msg"] else ""
            message = f"{item['msg']}{shown}; {_HINTS.get(kind, 'correct it')}{allowed}"
        problems.append(Problem(file, None, where or None, message))
    return problems

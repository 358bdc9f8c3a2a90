"""Report settings (``data/raw/settings.yml``), checked by a schema."""

from __future__ import annotations

from pathlib import Path

import pydantic
import yaml

__all__ = ["CoveringSettings", "Settings", "SpcSettings", "TrendSettings", "read_settings"]


class _Strict(pydantic.BaseModel):
    model_config = pydantic.ConfigDict(extra="forbid", strict=True, frozen=True)


class TrendSettings(_Strict):
    """How trend lines and year-end projections are fitted."""

    window: int = pydantic.Field(default=8, ge=2, le=60)
    min_points: int = pydantic.Field(default=3, ge=2, le=60)


class CoveringSettings(_Strict):
    """What the covering report quotes."""

    green_examples: int = pydantic.Field(default=2, ge=0, le=50)


class SpcSettings(_Strict):
    """How statistical process control (XmR) charts are read.

    Making Data Count uses runs of 7; some variants use 6.
    """

    min_points: int = pydantic.Field(default=12, ge=2, le=100)
    run_length: int = pydantic.Field(default=7, ge=2, le=50)
    trend_length: int = pydantic.Field(default=7, ge=2, le=50)
    two_of_three: bool = True
    screen_moving_ranges: bool = False


class Settings(_Strict):
    """Every setting of the reports.

    Examples
    --------
    >>> Settings().trend.min_points
    3
    """

    trend: TrendSettings = TrendSettings()
    covering: CoveringSettings = CoveringSettings()
    spc: SpcSettings = SpcSettings()


def read_settings(path: Path, name: str) -> tuple[Settings, list[tuple[str, str]]]:
    """Read the settings file; a missing file gives the defaults.

    Returns the settings and a list of (key, message) problems; with any
    problem the defaults are returned and the caller refuses the data.
    """
    if not path.exists():
        return Settings(), []
    try:
        doc = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        return Settings(), [("", f"is not valid UTF-8 YAML: {exc}")]
    try:
        return Settings.model_validate(doc), []
    except pydantic.ValidationError as exc:
        problems = []
        for error in exc.errors():
            key = ".".join(str(p) for p in error["loc"])
            problems.append((key, f"{error['msg']} (got {error.get('input')!r}); see {name}"))
        return Settings(), problems

"""The validated tables kept in ``data/processed/``, so an unchanged project is not validated again.

Validating every raw table takes most of a second; a rebuild after a commentary edit
(or any command run again on the same data) reads the tables validated last time
instead. They are kept under a key made of everything the validation depends on:
the bytes of every raw file except the commentary (which is always read afresh),
the code that validates and types them, the library versions that pickle them, and
the day (plausibility checks compare dates with today). A different key, or a file
that cannot be read, means the raw data are validated again, as if nothing was kept.

``KPITOOLS_NO_CACHE=1`` in the environment turns the cache off: every load validates.
Mutation testing sets it, since the code of a mutant is not part of the key.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import os
import pickle
import platform
from functools import cache
from importlib import metadata
from pathlib import Path

from kpitools.data.atomic import write_atomic
from kpitools.data.paths import ProjectPaths

__all__ = ["CACHE_FILE", "cache_key", "read_cached", "write_cached"]

log = logging.getLogger(__name__)

CACHE_FILE = "validated-{name}.pkl"
_PACKAGE = Path(__file__).resolve().parents[1]
# The code whose changes can change what validation accepts or how tables are typed.
_CODE = ("data", "rules")
_LIBRARIES = ("pandas", "numpy", "pydantic", "pandera", "PyYAML")


@cache
def _code_digest() -> bytes:
    h = hashlib.sha256(platform.python_version().encode())
    for library in _LIBRARIES:
        h.update(f"{library}=={metadata.version(library)}".encode())
    for folder in _CODE:
        for path in sorted((_PACKAGE / folder).glob("*.py")):
            h.update(path.name.encode() + b"\0" + path.read_bytes())
    return h.digest()


def cache_key(paths: ProjectPaths, today: dt.date) -> str:
    """The key of the tables validated from ``paths``' raw files on ``today``.

    Examples
    --------
    >>> import datetime as dt
    >>> paths = ProjectPaths()
    >>> cache_key(paths, dt.date(2024, 1, 1)) == cache_key(paths, dt.date(2024, 1, 1))
    True
    >>> cache_key(paths, dt.date(2024, 1, 1)) == cache_key(paths, dt.date(2024, 1, 2))
    False
    """
    h = hashlib.sha256(_code_digest())
    h.update(today.isoformat().encode())
    raw = paths.raw
    commentary = paths.commentary
    for path in sorted(p for p in raw.rglob("*") if p.is_file()):
        if path.is_relative_to(commentary):
            continue
        h.update(b"\0" + path.relative_to(raw).as_posix().encode() + b"\0")
        h.update(hashlib.sha256(path.read_bytes()).digest())
    return h.hexdigest()


def _off() -> bool:
    return bool(os.environ.get("KPITOOLS_NO_CACHE"))


def _file(paths: ProjectPaths, name: str) -> Path:
    return paths.processed / CACHE_FILE.format(name=name)


def read_cached(paths: ProjectPaths, key: str, name: str = "tables") -> object | None:
    """What :func:`write_cached` kept as ``name`` under ``key``, or None (nothing kept,
    another key, or a file that cannot be read)."""
    if _off():
        return None
    path = _file(paths, name)
    try:
        with path.open("rb") as f:
            stored = pickle.load(f)
    except FileNotFoundError:
        return None
    except Exception as exc:  # a torn or foreign file: validate again
        log.debug("ignoring %s: %s", path, exc)
        return None
    if not isinstance(stored, dict) or stored.get("key") != key:
        return None
    return stored.get("value")


def write_cached(paths: ProjectPaths, key: str, value: object, name: str = "tables") -> None:
    """Keep ``value`` as ``name`` under ``key``; a folder that cannot be written only
    costs speed."""
    if _off():
        return
    try:
        write_atomic(_file(paths, name), pickle.dumps({"key": key, "value": value}))
    except OSError as exc:
        log.debug("validated tables not kept: %s", exc)

"""The one way this project writes a file: whole or not at all.

Every writer (processed tables, reports, Word and Excel files, commentary)
goes through :func:`write_atomic`, so a reader sees the old file or the new,
never half of one, and a crash or a full disk leaves no half-written file.
"""

from __future__ import annotations

import os
from pathlib import Path

__all__ = ["write_atomic"]


def write_atomic(path: str | os.PathLike[str], data: bytes, mode: int = 0o644) -> Path:
    """Replace ``path`` with ``data`` in one step, readable by others (``mode``).

    The bytes go to a temporary file in the same folder, are flushed to disk,
    and the file is renamed over the old one; the folder is synced so the
    rename itself survives a power cut.

    Examples
    --------
    >>> import tempfile
    >>> target = Path(tempfile.mkdtemp()) / "a.txt"
    >>> write_atomic(target, b"one").read_bytes(), oct(target.stat().st_mode & 0o777)
    (b'one', '0o644')
    """
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, mode)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, mode)
        os.replace(tmp, target)
    finally:
        if tmp.exists():
            tmp.unlink()
    folder = os.open(target.parent, os.O_RDONLY)
    try:
        os.fsync(folder)
    finally:
        os.close(folder)
    return target

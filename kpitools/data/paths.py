"""Where the project's folders are: everything is built from the project root."""

from __future__ import annotations

import os
from pathlib import Path

__all__ = ["ProjectPaths", "project_root"]


def project_root() -> Path:
    """The project root: ``$KPITOOLS_ROOT`` if set, else the folder above the package.

    Examples
    --------
    >>> (project_root() / "kpitools").is_dir()
    True
    """
    env = os.environ.get("KPITOOLS_ROOT")
    if env:
        return Path(env).resolve()
    return Path(__file__).resolve().parents[2]


class ProjectPaths:
    """The standard folders under one root.

    Examples
    --------
    >>> p = ProjectPaths("/tmp/x")
    >>> str(p.raw), str(p.outputs)
    ('/tmp/x/data/raw', '/tmp/x/outputs')
    """

    def __init__(self, root: str | os.PathLike[str] | None = None) -> None:
        self.root = Path(root).resolve() if root is not None else project_root()

    @property
    def raw(self) -> Path:
        return self.root / "data" / "raw"

    @property
    def processed(self) -> Path:
        return self.root / "data" / "processed"

    @property
    def outputs(self) -> Path:
        return self.root / "outputs"

    @property
    def notebooks(self) -> Path:
        return self.root / "notebooks"

    @property
    def commentary(self) -> Path:
        return self.raw / "commentary"

    def output_dir(self, period_slug: str, committee: str) -> Path:
        return self.outputs / period_slug / committee

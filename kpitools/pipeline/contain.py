"""Caches of the tools a build runs, kept inside the project instead of the user's home."""

from __future__ import annotations

import os

from kpitools.data.paths import ProjectPaths

__all__ = ["contain_caches"]


def contain_caches(paths: ProjectPaths) -> None:
    """Keep what matplotlib, IPython, Jupyter and fonts cache inside the project.

    Set in this process so every worker and kernel it starts inherits it; a
    setting the user made already is left alone.
    """
    cache = paths.processed / ".cache"
    for variable, folder in (
        ("MPLCONFIGDIR", "matplotlib"),
        ("IPYTHONDIR", "ipython"),
        ("JUPYTER_RUNTIME_DIR", "jupyter-runtime"),
        ("XDG_CACHE_HOME", "xdg-cache"),
        ("XDG_CONFIG_HOME", "xdg-config"),
    ):
        # Only named here: each tool makes its folder when it first writes there, so a
        # command that writes nothing (validate) leaves no trace.
        if variable not in os.environ:
            os.environ[variable] = str(cache / folder)

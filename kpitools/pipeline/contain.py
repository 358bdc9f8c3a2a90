"""How a build's process is set up: the caches of the tools it runs kept inside the project
instead of the user's home, and optional imports it never needs left out."""

from __future__ import annotations

import os
import sys

from kpitools.data.paths import ProjectPaths

__all__ = ["contain_caches", "skip_unused_imports"]


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


# Optional extras of jsonschema that nbformat never uses: rfc3987_syntax compiles some
# forty grammars when jsonschema is imported (about a second, more than the rest of
# nbformat); jsonschema only loses its "iri" format checks, which no notebook schema has.
_UNUSED = ("rfc3987_syntax",)


def skip_unused_imports() -> None:
    """Make the optional modules a build never uses unimportable in this process.

    Called before nbformat is imported; the libraries that would import them treat
    them as optional, so they carry on without. A module already imported is kept.

    Examples
    --------
    >>> skip_unused_imports()
    >>> import jsonschema  # still works, without the grammars
    >>> jsonschema.Draft7Validator({"type": "string"}).is_valid("x")
    True
    """
    for name in _UNUSED:
        sys.modules.setdefault(name, None)  # type: ignore[arg-type]

"""Notebook kernels started ahead of their jobs.

Starting a kernel and importing the package in it is most of what a notebook run
costs when charts are cached. A batch's worker process starts its first kernel
when the worker is made (while the parent process loads and rates the data) and,
when more jobs are to come, the next one as soon as a notebook has run (while
the worker exports it). papermill then runs the whole notebook in that kernel,
exactly as in one it started itself: the kernel was started the same way
(:class:`jupyter_client.manager.AsyncKernelManager`, the kernel papermill names,
the project root as working folder, history in memory) and has only imported,
without binding any name, the modules the notebook's first cell imports.
"""

from __future__ import annotations

import logging
import multiprocessing.util
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from jupyter_client.manager import AsyncKernelManager
from jupyter_core.paths import jupyter_runtime_dir
from jupyter_core.utils import run_sync

__all__ = ["KERNEL_NAME", "WarmKernel", "start_kernel", "take_kernel", "warm_up"]

log = logging.getLogger(__name__)

KERNEL_NAME = "python3"
# What the notebook imports first (``import kpitools as kt`` then ``kt.Appendix``, whose
# module brings the framework sections), imported at the kernel's start; the name is
# removed again so the notebook's namespace is what it would be in a fresh kernel.
_IMPORTS = ("import kpitools.render.appendix", "del kpitools")
# As nbclient starts the kernels it makes itself.
_HISTORY = "--HistoryManager.hist_file=:memory:"


@dataclass
class WarmKernel:
    """A started kernel waiting for its job, with what it has written to stderr."""

    manager: Any
    stderr: IO[bytes]
    root: str

    def stop(self, log_to: Path | None = None) -> None:
        """Shut the kernel down at once (its notebook has finished or never came),
        appending what it wrote to stderr to ``log_to``."""
        try:
            run_sync(self.manager.shutdown_kernel)(now=True)
        except Exception as exc:  # the kernel already died; nothing to keep
            log.debug("kernel shutdown: %s", exc)
        try:
            if log_to is not None:
                self.stderr.seek(0)
                with log_to.open("ab") as target:
                    shutil.copyfileobj(self.stderr, target)
        finally:
            self.stderr.close()


def start_kernel(root: str) -> WarmKernel:
    """Start a kernel in ``root`` that imports the notebook's modules while it starts.

    Returns at once; the kernel is ready when a client's ``wait_for_ready`` returns.
    """
    # jupyter_client makes this folder only when it writes the connection file, after
    # IPython has looked for its own folder beside it (and, not finding the parent,
    # warned and used one outside the project).
    Path(jupyter_runtime_dir()).mkdir(parents=True, exist_ok=True)
    stderr = tempfile.TemporaryFile()  # noqa: SIM115 - the kernel keeps writing to it
    manager = AsyncKernelManager(kernel_name=KERNEL_NAME)
    arguments = [_HISTORY, *(f"--IPKernelApp.exec_lines={line}" for line in _IMPORTS)]
    try:
        run_sync(manager.start_kernel)(cwd=root, extra_arguments=arguments, stderr=stderr)
    except BaseException:
        stderr.close()
        raise
    return WarmKernel(manager, stderr, root)


# This worker process's kernel waiting for its next job (at most one).
_ahead: list[WarmKernel] = []


def _stop_ahead() -> None:
    while _ahead:
        _ahead.pop().stop()


def warm_up(root: str) -> None:
    """Start this worker's kernel for its next job; stopped when the worker exits unused.

    A kernel that fails to start here is only logged: the job then starts its own.
    """
    if not _ahead:
        multiprocessing.util.Finalize(None, _stop_ahead, exitpriority=10)
    try:
        _ahead.append(start_kernel(root))
    except Exception as exc:
        log.info("no kernel started ahead: %s", exc)


def take_kernel(root: str) -> WarmKernel | None:
    """The kernel started ahead for a job in ``root``, or None."""
    kernel = _ahead.pop() if _ahead else None
    if kernel is not None and kernel.root != root:
        kernel.stop()
        return None
    return kernel

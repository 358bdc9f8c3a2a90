"""Export an executed appendix notebook to one self-contained HTML file."""

from __future__ import annotations

import os
from functools import cache
from importlib import resources
from pathlib import Path

import nbformat
from nbconvert import HTMLExporter

from kpitools.data.atomic import write_atomic
from kpitools.render.appendix import report_css

__all__ = ["export_html", "warm_exporter"]

TEMPLATE = "kpitools_appendix"


def _template_dir() -> str:
    return str(resources.files("kpitools").joinpath("templates", "nbconvert"))


@cache
def _exporter() -> HTMLExporter:
    return HTMLExporter(
        template_name=TEMPLATE,
        extra_template_basedirs=[_template_dir()],
        exclude_input=True,
        exclude_input_prompt=True,
        exclude_output_prompt=True,
    )


def warm_exporter() -> None:
    """Load and compile the export's templates ahead of the first notebook (a batch's
    worker does it while its kernel starts).

    Examples
    --------
    >>> warm_exporter()
    """
    _exporter().from_notebook_node(
        nbformat.v4.new_notebook(), resources={"kpitools": {"title": "", "css": ""}}
    )


def export_html(
    notebook: str | os.PathLike[str], destination: str | os.PathLike[str], title: str
) -> Path:
    """Write the reviewer page of an executed notebook.

    The package's template keeps only the HTML the notebook displays: no
    code, no prompts, no scripts (nbconvert's lab template loads require.js,
    MathJax and Mermaid from a CDN; this one loads nothing), the stylesheet
    inline and charts as data URIs.
    """
    nb = nbformat.read(notebook, as_version=4)
    body, _ = _exporter().from_notebook_node(
        nb, resources={"kpitools": {"title": title, "css": report_css()}}
    )
    destination = Path(destination)
    write_atomic(destination, body.encode("utf-8"))
    return destination

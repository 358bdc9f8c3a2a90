"""Export an executed appendix notebook to one self-contained HTML file."""

from __future__ import annotations

import os
from importlib import resources
from pathlib import Path

import nbformat
from nbconvert import HTMLExporter

from kpitools.data.atomic import write_atomic
from kpitools.render.appendix import report_css

__all__ = ["export_html"]

TEMPLATE = "kpitools_appendix"


def _template_dir() -> str:
    return str(resources.files("kpitools").joinpath("templates", "nbconvert"))


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
    exporter = HTMLExporter(
        template_name=TEMPLATE,
        extra_template_basedirs=[_template_dir()],
        exclude_input=True,
        exclude_input_prompt=True,
        exclude_output_prompt=True,
    )
    body, _ = exporter.from_notebook_node(
        nb, resources={"kpitools": {"title": title, "css": report_css()}}
    )
    destination = Path(destination)
    write_atomic(destination, body.encode("utf-8"))
    return destination

"""Export an executed appendix notebook to one self-contained HTML file."""

from __future__ import annotations

import os
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import nbformat
from nbconvert import HTMLExporter, TemplateExporter
from nbconvert.filters.highlight import Highlight2HTML
from nbconvert.filters.widgetsdatatypefilter import WidgetsDataTypeFilter
from nbformat import NotebookNode

from kpitools.data.atomic import write_atomic
from kpitools.render.markup import report_css

__all__ = ["export_html", "warm_exporter"]

TEMPLATE = "kpitools_appendix"


def _template_dir() -> str:
    return str(resources.files("kpitools").joinpath("templates", "nbconvert"))


class _AppendixExporter(HTMLExporter):
    """nbconvert's HTML exporter without its last pass.

    That pass parses the finished page again with BeautifulSoup, to give alt text to
    images that have none and make the lab template's input and output areas
    focusable, and writes it out anew: it took two thirds of an export. The appendix
    needs neither (every image it shows carries its own alt text, and its template has
    no such areas), so the page is the template's output as it is; everything before
    that pass is nbconvert's, as in :meth:`HTMLExporter.from_notebook_node`.
    """

    def from_notebook_node(  # type: ignore[override]
        self, nb: NotebookNode, resources: dict[str, Any] | None = None, **kw: Any
    ) -> tuple[str, dict[str, Any]]:
        language = nb.metadata.get("language_info", {})
        lexer = language.get("pygments_lexer", language.get("name", None))
        self.register_filter(
            "highlight_code",
            self.filters.get("highlight_code", Highlight2HTML(pygments_lexer=lexer, parent=self)),
        )
        resources = self._init_resources(resources)
        self.register_filter(
            "filter_data_type",
            WidgetsDataTypeFilter(
                notebook_metadata=self._nb_metadata, parent=self, resources=resources
            ),
        )
        return TemplateExporter.from_notebook_node(self, nb, resources, **kw)


@cache
def _exporter() -> HTMLExporter:
    return _AppendixExporter(
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

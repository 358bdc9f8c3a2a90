"""The portal page ``outputs/index.html``: every built report by quarter and committee.

One place for a reviewer to start: each quarter's balanced scorecard and each
committee's appendix and covering report, found on disk (only what was built is
listed), linked relatively so the folder works offline, from a share or a zip.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from markupsafe import escape

from kpitools.data.atomic import write_atomic
from kpitools.render.markup import fragments, report_css
from kpitools.rules.periods import Quarter
from kpitools.wording.framework import PORTAL_TITLE

__all__ = ["portal_html", "write_portal"]

_SLUG = re.compile(r"^(\d{4}-\d{2})-Q([1-4])$")


def _quarters(outputs: Path, names: dict[str, str]) -> list[dict[str, object]]:
    found = []
    for folder in outputs.iterdir() if outputs.is_dir() else []:
        match = _SLUG.match(folder.name)
        if not folder.is_dir() or not match:
            continue
        quarter = Quarter.parse(f"{match.group(1)} Q{match.group(2)}")
        committees = []
        for sub in sorted(p for p in folder.iterdir() if p.is_dir() and not p.name.startswith(".")):
            files = {
                n: (sub / n).is_file() for n in ("appendix.html", "report.html", "report.docx")
            }
            if not any(files.values()):
                continue
            base = f"{folder.name}/{sub.name}"
            committees.append(
                {
                    "name": names.get(sub.name, sub.name),
                    "appendix": f"{base}/appendix.html" if files["appendix.html"] else "",
                    "report": f"{base}/report.html" if files["report.html"] else "",
                    "docx": f"{base}/report.docx" if files["report.docx"] else "",
                }
            )
        scorecard = (folder / "scorecard.html").is_file()
        if committees or scorecard:
            found.append(
                {
                    "quarter": quarter,
                    "slug": folder.name,
                    "label": quarter.label,
                    "scorecard": scorecard,
                    "committees": committees,
                }
            )
    return sorted(found, key=lambda q: q["quarter"], reverse=True)  # type: ignore[arg-type,return-value]


def portal_html(outputs: str | os.PathLike[str], council: str, names: dict[str, str]) -> str:
    """The portal page for what is built under ``outputs``.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> out = pathlib.Path(tempfile.mkdtemp())
    >>> (out / "2023-24-Q2" / "cyp").mkdir(parents=True)
    >>> _ = (out / "2023-24-Q2" / "cyp" / "appendix.html").write_text("x")
    >>> page = portal_html(out, "A Council", {"cyp": "Children and Young People Committee"})
    >>> 'href="2023-24-Q2/cyp/appendix.html"' in page, "Quarter 2 2023/24" in page
    (True, True)
    """
    body = (
        fragments()
        .get_template("portal.html.j2")
        .render(council=council, title=PORTAL_TITLE, quarters=_quarters(Path(outputs), names))
    )
    return (
        '<!DOCTYPE html>\n<html lang="en-GB">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{escape(PORTAL_TITLE)} – {escape(council)}</title>\n"
        f"<style>{report_css()}</style>\n</head>\n<body>\n<main>\n{body}\n</main>\n"
        "</body>\n</html>\n"
    )


def write_portal(outputs: str | os.PathLike[str], council: str, names: dict[str, str]) -> Path:
    """Write ``<outputs>/index.html`` atomically."""
    folder = Path(outputs)
    folder.mkdir(parents=True, exist_ok=True)
    return write_atomic(folder / "index.html", portal_html(folder, council, names).encode("utf-8"))

"""Commentary and actions per KPI, committee and quarter, kept as Markdown.

One file per committee and quarter, ``data/raw/commentary/<committee>/<period>.md``::

    ---
    committee: cosmic
    period: 2023-24 Q2
    ---

    # Communities, Social Mobility and Inclusion Committee — 2023-24 Q2 commentary

    ## active-library-users — Number of active library users

    ### Commentary

    A strong quarter ...

    ### Actions

    Q3 will see ...

A ``## <kpi id>`` heading starts a KPI's section (the name after the dash is
for people and is ignored). Only ``### Commentary``, ``### Actions`` and
``### Last quarter (reference)`` subsections are allowed; the last one holds
quoted reference text that never becomes this quarter's commentary. HTML
comments (``<!-- ... -->``) are notes for analysts and are never rendered.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd
import yaml

from kpitools.data.errors import Problem
from kpitools.rules.periods import Quarter

if TYPE_CHECKING:
    from kpitools.data.paths import ProjectPaths

__all__ = [
    "REFERENCE_HEADING",
    "CommentaryFile",
    "KpiSection",
    "commentary_path",
    "parse_commentary",
    "read_all",
    "read_commentary_text",
    "strip_comments",
    "waiver",
]

REFERENCE_HEADING = "Last quarter (reference)"
_SUBSECTIONS = {"commentary": "commentary", "actions": "actions", "path to green": "actions"}
_KPI_HEADING = re.compile(r"^##\s+(?P<id>\S+)(?:\s+[—–-]\s+(?P<name>.*))?\s*$")
_SUB_HEADING = re.compile(r"^###\s+(?P<title>.+?)\s*$")
_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)
_CONFLICT_MARKERS = ("<<<<<<< ", ">>>>>>> ", "=======")
# A quarter's commentary for a committee is tens of kilobytes; anything this large is a
# pasted document, refused with a message rather than slowing every build.
MAX_BYTES = 5_000_000
_WAIVER = re.compile(r"<!--\s*waive actions:\s*(?P<reason>.*?)\s*-->", re.IGNORECASE | re.DOTALL)


def waiver(section_raw: str) -> str | None:
    """The reason an analyst gave for a Red KPI having no actions, if any.

    Examples
    --------
    >>> waiver("### Actions\\n\\n<!-- waive actions: awaiting validated data -->\\n")
    'awaiting validated data'
    >>> waiver("### Actions\\n\\nDo things.") is None
    True
    """
    match = _WAIVER.search(section_raw or "")
    return match["reason"].strip() if match else None


def _waiver(raw: str) -> str:
    return waiver(raw) or ""


def strip_comments(text: str) -> str:
    """Remove analysts' HTML comments and surrounding blank lines.

    Examples
    --------
    >>> strip_comments("<!-- required -->\\nText.\\n")
    'Text.'
    """
    return _COMMENT.sub("", text).strip()


@dataclass
class KpiSection:
    """One KPI's section of a commentary file."""

    kpi_id: str
    name: str
    line: int
    commentary: str = ""
    actions: str = ""
    raw: str = ""


@dataclass
class CommentaryFile:
    """A parsed commentary file, with any problems found in its structure."""

    path: Path
    committee: str | None
    period: Quarter | None
    sections: dict[str, KpiSection] = field(default_factory=dict)
    errors: list[tuple[int | None, str, str]] = field(default_factory=list)


def commentary_path(root_commentary: Path, committee: str, period: Quarter) -> Path:
    """Path of a committee's commentary file for a quarter.

    Examples
    --------
    >>> commentary_path(Path("c"), "cosmic", Quarter(2023, 2)).as_posix()
    'c/cosmic/2023-24-Q2.md'
    """
    return root_commentary / committee / f"{period.slug}.md"


def _front_matter(lines: list[str], errors: list[tuple[int | None, str, str]]) -> tuple[dict, int]:
    if not lines or lines[0].strip() != "---":
        errors.append(
            (1, "front matter", "must start with a '---' block giving committee and period")
        )
        return {}, 0
    for end in range(1, len(lines)):
        if lines[end].strip() == "---":
            try:
                meta = yaml.safe_load("\n".join(lines[1:end])) or {}
            except yaml.YAMLError as exc:
                errors.append((2, "front matter", f"is not valid YAML: {exc}"))
                return {}, end + 1
            if not isinstance(meta, dict):
                errors.append((2, "front matter", "must be 'key: value' lines"))
                return {}, end + 1
            return meta, end + 1
    errors.append((1, "front matter", "has no closing '---' line"))
    return {}, len(lines)


def parse_commentary(path: Path, text: str | None = None) -> CommentaryFile:
    """Parse a commentary Markdown file.

    Examples
    --------
    >>> text = "---\\ncommittee: cosmic\\nperiod: 2023-24 Q2\\n---\\n\\n## a-kpi — A\\n\\n" \\
    ...        "### Commentary\\n\\nUp.\\n\\n### Actions\\n\\nKeep going.\\n"
    >>> f = parse_commentary(Path("x.md"), text)
    >>> f.sections["a-kpi"].commentary, f.sections["a-kpi"].actions, str(f.period)
    ('Up.', 'Keep going.', '2023-24 Q2')
    """
    errors: list[tuple[int | None, str, str]] = []
    if text is None:
        text, problem = read_commentary_text(path)
        if problem is not None:
            return CommentaryFile(path, None, None, errors=[problem])
    lines = text.splitlines()
    meta, start = _front_matter(lines, errors)
    period = None
    if "period" in meta:
        try:
            period = Quarter.parse(str(meta["period"]))
        except ValueError as exc:
            errors.append((None, "period", str(exc)))
    else:
        errors.append((1, "front matter", "needs 'period: 2023-24 Q2'"))
    committee = str(meta["committee"]) if meta.get("committee") else None
    if committee is None:
        errors.append((1, "front matter", "needs 'committee: <committee id>'"))
    result = CommentaryFile(path, committee, period)
    current: KpiSection | None = None
    sub: str | None = None
    buffers: dict[str, list[str]] = {}
    raw: list[str] = []
    comment_opened: int | None = None

    def close() -> None:
        # Lines are gathered in lists and joined once: parsing stays linear in the size.
        if current is not None:
            current.commentary = strip_comments("\n".join(buffers.get("commentary", [])))
            current.actions = strip_comments("\n".join(buffers.get("actions", [])))
            current.raw = "".join(f"{line}\n" for line in raw)

    for number, line in enumerate(lines[start:], start=start + 1):
        if comment_opened is not None:
            if current is not None:
                raw.append(line)
                if sub:
                    buffers.setdefault(sub, []).append(line)
            if "-->" in line:
                comment_opened = None
            continue
        if line.startswith(_CONFLICT_MARKERS):
            errors.append(
                (
                    number,
                    "section",
                    "an unresolved merge conflict (a line starting "
                    f"'{line[:7]}'): keep the version you want, then delete the other "
                    "version and the marker lines",
                )
            )
        if "<!--" in line and "-->" not in line.rsplit("<!--", 1)[1]:
            comment_opened = number
        kpi = _KPI_HEADING.match(line)
        if kpi and line.startswith("## "):
            close()
            kpi_id = kpi["id"]
            if kpi_id in result.sections:
                errors.append(
                    (
                        number,
                        "section",
                        f"'{kpi_id}' has a second section (first at line "
                        f"{result.sections[kpi_id].line}); merge them into one",
                    )
                )
            current = KpiSection(kpi_id, (kpi["name"] or "").strip(), number)
            result.sections[kpi_id] = current
            buffers, sub, raw = {}, None, []
            continue
        heading = _SUB_HEADING.match(line)
        if heading and current is not None:
            title = heading["title"].strip()
            key = title.lower()
            if key in _SUBSECTIONS:
                sub = _SUBSECTIONS[key]
            elif title == REFERENCE_HEADING:
                sub = "reference"
            else:
                errors.append(
                    (
                        number,
                        "section",
                        f"unknown subsection '### {title}'; use '### Commentary', "
                        f"'### Actions' or '### {REFERENCE_HEADING}'",
                    )
                )
                sub = None
            raw.append(line)
            continue
        if current is not None:
            raw.append(line)
            if sub:
                buffers.setdefault(sub, []).append(line)
    close()
    if comment_opened is not None:
        errors.append(
            (
                comment_opened,
                "section",
                "a note opened with '<!--' is never closed with '-->': everything after it "
                "would be hidden; close the note",
            )
        )
    result.errors = errors
    return result


def read_commentary_text(path: Path) -> tuple[str, tuple[int | None, str, str] | None]:
    """A commentary file's text, or the problem that stops it being read.

    A byte-order mark is allowed and dropped; a file that is not UTF-8 or is
    larger than ``MAX_BYTES`` is refused with the fix.
    """
    size = path.stat().st_size
    if size > MAX_BYTES:
        return "", (
            None,
            "file",
            f"is {size / 1e6:.1f} MB, more than the {MAX_BYTES // 1_000_000} MB a quarter's "
            "commentary may be; split it or remove pasted material",
        )
    data = path.read_bytes()
    try:
        return data.decode("utf-8-sig"), None
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        return "", (
            line,
            "encoding",
            f"is not UTF-8 (byte {data[exc.start]:#04x} on this line); save the file "
            "as UTF-8 (in Notepad: Save As, Encoding UTF-8)",
        )


def read_all(paths: ProjectPaths, kpis: pd.DataFrame, problems: list[Problem]) -> pd.DataFrame:
    """Read every commentary file, adding a problem for each structural fault.

    A section whose KPI is not in the register, or belongs to another
    committee, is an error; the message suggests the closest id.
    """

    rows = []
    base = paths.commentary
    files = sorted(base.glob("*/*.md")) if base.exists() else []
    for path in files:
        rel = path.relative_to(paths.root).as_posix()
        parsed = parse_commentary(path)
        for line, column, message in parsed.errors:
            problems.append(Problem(rel, line, column, message))
        folder_committee = path.parent.name
        if parsed.committee and parsed.committee != folder_committee:
            problems.append(
                Problem(
                    rel,
                    2,
                    "committee",
                    f"says '{parsed.committee}' but the file is in the '{folder_committee}' "
                    "folder; move the file or correct the front matter",
                )
            )
        if parsed.period and path.stem != parsed.period.slug:
            problems.append(
                Problem(
                    rel,
                    3,
                    "period",
                    f"says {parsed.period} but the file is named {path.name}; "
                    f"rename it {parsed.period.slug}.md or correct the front matter",
                )
            )
        for section in parsed.sections.values():
            if section.kpi_id not in kpis.index:
                close = difflib.get_close_matches(section.kpi_id, kpis.index.tolist(), n=1)
                hint = f" (did you mean '{close[0]}'?)" if close else ""
                problems.append(
                    Problem(
                        rel,
                        section.line,
                        "section",
                        f"no KPI '{section.kpi_id}' in data/raw/kpis.csv{hint}; "
                        "correct the heading or add the KPI to the register",
                    )
                )
                continue
            owner = kpis.loc[section.kpi_id, "committee"]
            if owner != folder_committee:
                problems.append(
                    Problem(
                        rel,
                        section.line,
                        "section",
                        f"KPI '{section.kpi_id}' belongs to committee '{owner}', not "
                        f"'{folder_committee}'; move this section to that committee's file",
                    )
                )
                continue
            rows.append(
                {
                    "committee": folder_committee,
                    "period": parsed.period,
                    "kpi_id": section.kpi_id,
                    "commentary": section.commentary,
                    "actions": section.actions,
                    "actions_waiver": _waiver(section.raw),
                    "file": rel,
                    "line": section.line,
                }
            )
    return pd.DataFrame(
        rows,
        columns=[
            "committee", "period", "kpi_id", "commentary", "actions", "actions_waiver", "file",
            "line",
        ],
    )  # fmt: skip

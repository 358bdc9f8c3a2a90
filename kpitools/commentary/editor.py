"""Edit a quarter's commentary beside the figures, and save it without losing a word.

The Markdown file stays the single source of truth. An edit rewrites only the
body of one KPI's ``### Commentary`` or ``### Actions`` subsection; every other
byte of the file is kept. Saving is atomic and keeps the previous version in
``.history/`` beside the file. If the file changed on disk since it was
loaded, saving refuses, shows the difference and keeps the analyst's version in
``<file>.md.mine``; :meth:`CommentaryEditor.merge` then takes every section
only one side changed and reports the ones both changed.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import difflib
import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path

from kpitools.commentary.scaffold import atomic_write_text, scaffold_commentary
from kpitools.data.commentary import commentary_path, parse_commentary
from kpitools.data.load import ProjectData
from kpitools.model.report import ReportModel, build_report
from kpitools.render.appendix import Appendix
from kpitools.rules.periods import Quarter

__all__ = ["CommentaryEditor", "SaveResult", "replace_subsection", "split_sections"]

_SECTION = re.compile(r"^## \S", re.M)
_SUB = re.compile(r"^### (?P<title>[^\n]+?)[ \t]*$", re.M)
_TITLES = {"commentary": "Commentary", "actions": "Actions"}


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def split_sections(text: str) -> tuple[str, dict[str, str]]:
    """Split a file into its preamble and the raw text of each KPI section.

    Examples
    --------
    >>> head, parts = split_sections("---\\n---\\n## a — A\\nx\\n## b\\ny\\n")
    >>> head, list(parts), parts["b"]
    ('---\\n---\\n', ['a', 'b'], '## b\\ny\\n')
    """
    starts = [m.start() for m in _SECTION.finditer(text)]
    if not starts:
        return text, {}
    sections = {}
    for i, start in enumerate(starts):
        end = starts[i + 1] if i + 1 < len(starts) else len(text)
        chunk = text[start:end]
        sections[chunk[3:].split()[0]] = chunk
    return text[: starts[0]], sections


def replace_subsection(section: str, which: str, body: str) -> str:
    """Replace the body of a section's Commentary or Actions subsection.

    HTML comments at the top of the old body (analysts' markers) are kept. A
    missing Actions subsection is added after Commentary.

    Examples
    --------
    >>> s = "## a — A\\n\\n### Commentary\\n\\nOld.\\n\\n### Actions\\n\\nDo.\\n"
    >>> print(replace_subsection(s, "commentary", "New text."))
    ## a — A
    <BLANKLINE>
    ### Commentary
    <BLANKLINE>
    New text.
    <BLANKLINE>
    ### Actions
    <BLANKLINE>
    Do.
    <BLANKLINE>
    """
    title = _TITLES[which]
    heads = list(_SUB.finditer(section))
    target = next((h for h in heads if h["title"].lower() == title.lower()), None)
    new_body = f"\n{body.strip()}\n\n" if body.strip() else "\n"
    if target is None:
        if which == "actions":
            after = next((h for h in heads if h["title"].lower() == "commentary"), None)
            later = [h for h in heads if after is not None and h.start() > after.start()]
            insert_at = later[0].start() if later else len(section)
        else:
            insert_at = heads[0].start() if heads else len(section)
        prefix = section[:insert_at]
        if not prefix.endswith("\n\n"):
            prefix += "\n" if prefix.endswith("\n") else "\n\n"
        return prefix + f"### {title}\n" + new_body + section[insert_at:]
    following = [h for h in heads if h.start() > target.start()]
    end = following[0].start() if following else len(section)
    old_body = section[target.end() + 1 : end]
    notes = re.match(r"(\s*<!--.*?-->\s*)*", old_body, re.S)
    kept = notes.group(0).strip() if notes else ""
    if kept:
        new_body = f"\n{kept}\n{new_body}" if body.strip() else f"\n{kept}\n\n"
    return section[: target.end() + 1] + new_body + section[end:]


@dataclass
class SaveResult:
    """Outcome of a save: saved, or refused with the difference on disk."""

    saved: bool
    path: Path
    backup: Path | None = None
    diff: str = ""
    mine: Path | None = None
    conflicts: list[str] = field(default_factory=list)


class CommentaryEditor:
    """An editing session over one committee's commentary file for a quarter.

    Examples
    --------
    >>> import shutil, tempfile
    >>> from kpitools import ProjectPaths
    >>> root = Path(tempfile.mkdtemp()) / "p"
    >>> fixture = ProjectPaths().root / "tests" / "fixtures" / "mini"
    >>> _ = shutil.copytree(fixture, root)
    >>> session = CommentaryEditor.open("demo", "2023-24 Q2", root=root)
    >>> session.set_commentary("births", "Up again.")
    >>> session.save().saved
    True
    >>> CommentaryEditor.open("demo", "2023-24 Q2", root=root).commentary("births")
    'Up again.'
    """

    def __init__(
        self, data: ProjectData, committee: str, period: Quarter, path: Path, text: str
    ) -> None:
        self.data = data
        self.committee = committee
        self.period = period
        self.path = path
        self.base = text
        self.text = text
        self._base_digest = _digest(text)

    @classmethod
    def open(
        cls, committee: str, period: Quarter | str, *, root: str | Path | None = None
    ) -> CommentaryEditor:
        """Load a quarter's file, scaffolding it first if it does not exist."""
        from kpitools.data.load import load

        data = load(root)
        quarter = Quarter.parse(period) if isinstance(period, str) else period
        path = commentary_path(data.paths.commentary, committee, quarter)
        if not path.exists():
            scaffold_commentary(data, committee, quarter)
        return cls(data, committee, quarter, path, path.read_text(encoding="utf-8"))

    # -- reading -------------------------------------------------------------

    @property
    def kpis(self) -> list[str]:
        """KPI ids with a section, in file order."""
        return list(split_sections(self.text)[1])

    def _parsed(self):
        return parse_commentary(self.path, self.text).sections

    def commentary(self, kpi_id: str) -> str:
        return self._parsed()[kpi_id].commentary

    def actions(self, kpi_id: str) -> str:
        return self._parsed()[kpi_id].actions

    # -- editing -------------------------------------------------------------

    def _edit(self, kpi_id: str, which: str, body: str) -> None:
        head, sections = split_sections(self.text)
        if kpi_id not in sections:
            raise KeyError(f"no section for '{kpi_id}' in {self.path.name}")
        sections[kpi_id] = replace_subsection(sections[kpi_id], which, body)
        self.text = head + "".join(sections.values())

    def set_commentary(self, kpi_id: str, text: str) -> None:
        """Replace one KPI's commentary (nothing else in the file changes)."""
        self._edit(kpi_id, "commentary", text)

    def set_actions(self, kpi_id: str, text: str) -> None:
        """Replace one KPI's actions (nothing else in the file changes)."""
        self._edit(kpi_id, "actions", text)

    @property
    def dirty(self) -> bool:
        return self.text != self.base

    def preview(self, kpi_id: str) -> str:
        """The KPI's card as the appendix will render it, with the unsaved text."""
        if "_model" not in self.__dict__:
            self.__dict__["_model"] = build_report(self.data, self.committee, self.period)
        model: ReportModel = self.__dict__["_model"]
        row = model.rows[model.rows["kpi_id"] == kpi_id].copy()
        section = self._parsed()[kpi_id]
        row["commentary"], row["actions"] = section.commentary, section.actions
        appendix = Appendix(dataclasses.replace(model, rows=row.reset_index(drop=True)))
        return str(appendix.cards())

    # -- saving --------------------------------------------------------------

    def save(self) -> SaveResult:
        """Write atomically, keeping the previous version; refuse if the file changed on disk."""
        disk = self.path.read_text(encoding="utf-8") if self.path.exists() else ""
        if _digest(disk) != self._base_digest:
            mine = self.path.with_name(f"{self.path.name}.mine")
            atomic_write_text(mine, self.text)
            diff = "".join(
                difflib.unified_diff(
                    self.base.splitlines(keepends=True),
                    disk.splitlines(keepends=True),
                    fromfile="as loaded",
                    tofile="on disk now",
                )
            )
            return SaveResult(False, self.path, diff=diff, mine=mine)
        backup = None
        if disk:
            history = self.path.parent / ".history"
            history.mkdir(exist_ok=True)
            stamp = dt.datetime.now().strftime("%Y%m%dT%H%M%S%f")
            backup = history / f"{self.path.stem}.{stamp}.md"
            backup.write_text(disk, encoding="utf-8")
        atomic_write_text(self.path, self.text)
        self.base, self._base_digest = self.text, _digest(self.text)
        return SaveResult(True, self.path, backup=backup)

    def merge(self) -> SaveResult:
        """Merge with the file on disk section by section, then save.

        A section changed only here or only on disk takes that change; a section
        changed on both sides keeps the disk version and is reported as a conflict
        (the analyst's whole version stays in ``<file>.md.mine``).
        """
        disk = self.path.read_text(encoding="utf-8")
        base_head, base = split_sections(self.base)
        mine_head, mine = split_sections(self.text)
        disk_head, theirs = split_sections(disk)
        merged = dict(theirs)
        conflicts = []
        for kpi_id, text in mine.items():
            original = base.get(kpi_id)
            if text == original:
                continue
            if theirs.get(kpi_id) == original:
                merged[kpi_id] = text
            elif theirs.get(kpi_id) != text:
                conflicts.append(kpi_id)
        head = mine_head if disk_head == base_head else disk_head
        mine_path = self.path.with_name(f"{self.path.name}.mine")
        atomic_write_text(mine_path, self.text)
        self.base, self._base_digest = disk, _digest(disk)
        self.text = head + "".join(merged.values())
        result = self.save()
        result.conflicts, result.mine = conflicts, mine_path
        return result

    def widget(self):
        """An ipywidgets editor: per KPI, figures and chart, last quarter's text,
        boxes for commentary and actions, a live preview and a Save button."""
        from kpitools.commentary.editor_ui import build_widget

        return build_widget(self)

"""Edit a quarter's commentary beside the figures, and save it without losing a word.

The Markdown file stays the single source of truth. An edit rewrites only the
body of one KPI's ``### Commentary`` or ``### Actions`` subsection; every other
byte of the file is kept, with its line endings and permissions.

Saving is a compare-and-swap under an exclusive lock on the file: it succeeds
only if the file is still the version the analyst opened, so of two analysts
saving at once exactly one wins. Every version replaced is kept in
``.history/`` beside the file (pruned only by ``kpitools commentary
prune-history``). A refused save keeps the analyst's whole text as a conflict
copy of its own, per analyst and per attempt, in ``.conflicts/<file>/``, listed
by :meth:`CommentaryEditor.conflicts` and ``kpitools commentary conflicts``
until resolved. :meth:`CommentaryEditor.merge` takes every section only one
side changed and writes a section changed on both sides with both versions
between conflict markers, which the build refuses until the analyst chooses.
"""

from __future__ import annotations

import dataclasses
import difflib
import getpass
import hashlib
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

from kpitools.commentary.files import keep_copy, locked
from kpitools.commentary.scaffold import scaffold_commentary
from kpitools.data.atomic import write_atomic
from kpitools.data.commentary import commentary_path, parse_commentary
from kpitools.data.load import ProjectData
from kpitools.model.report import ReportModel, build_report
from kpitools.render.appendix import Appendix
from kpitools.rules.periods import Quarter

__all__ = [
    "CommentaryEditor",
    "SaveResult",
    "conflict_copies",
    "prune_history",
    "replace_subsection",
    "split_sections",
]

_SECTION = re.compile(r"^## \S", re.M)
_SUB = re.compile(r"^### (?P<title>[^\n]+?)[ \t]*$", re.M)
_TITLES = {"commentary": "Commentary", "actions": "Actions"}
# Headings each subsection may have been written under (the parser accepts both).
_ALIASES = {"commentary": ("commentary",), "actions": ("actions", "path to green")}


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _analyst(name: str | None) -> str:
    who = name or os.environ.get("KPITOOLS_ANALYST") or getpass.getuser()
    return re.sub(r"[^A-Za-z0-9_.-]+", "-", who).strip("-") or "analyst"


def conflict_copies(path: Path) -> list[Path]:
    """Analysts' versions of a commentary file kept from refused saves, oldest first."""
    folder = path.parent / ".conflicts" / path.stem
    return sorted(folder.glob("*.md")) if folder.is_dir() else []


def prune_history(path: Path, keep: int) -> list[Path]:
    """Delete all but the newest ``keep`` saved versions of a file; returns those deleted."""
    # Copies are named "<time>-<file stem>-<process>-<n>.md": by name is by age.
    history = sorted((path.parent / ".history").glob(f"*-{path.stem}-*.md"))
    doomed = history[: max(len(history) - keep, 0)]
    for old in doomed:
        old.unlink()
    return doomed


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
    target = next((h for h in heads if h["title"].strip().lower() in _ALIASES[which]), None)
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
    """Outcome of a save: saved, or refused with the difference on disk.

    ``mine`` is this attempt's own copy of the analyst's text (kept until
    resolved); ``conflicts`` the KPI sections both sides changed in a merge.
    """

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
        self,
        data: ProjectData,
        committee: str,
        period: Quarter,
        path: Path,
        raw: bytes,
        *,
        analyst: str | None = None,
    ) -> None:
        self.data = data
        self.committee = committee
        self.period = period
        self.path = path
        self.analyst = _analyst(analyst)
        # The file's own line endings are kept: edits work on "\n" text.
        self.newline = "\r\n" if b"\r\n" in raw else "\n"
        self._bom = raw.startswith(b"\xef\xbb\xbf")
        text = raw.decode("utf-8-sig").replace("\r\n", "\n")
        self.base = text
        self.text = text
        self._base_digest = _digest(raw)

    @classmethod
    def open(
        cls,
        committee: str,
        period: Quarter | str,
        *,
        root: str | Path | None = None,
        analyst: str | None = None,
    ) -> CommentaryEditor:
        """Load a quarter's file, scaffolding it first if it does not exist."""
        from kpitools.data.load import load

        data = load(root)
        quarter = Quarter.parse(period) if isinstance(period, str) else period
        path = commentary_path(data.paths.commentary, committee, quarter)
        if not path.exists():
            scaffold_commentary(data, committee, quarter)
        return cls(data, committee, quarter, path, path.read_bytes(), analyst=analyst)

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

    @property
    def model(self) -> ReportModel:
        """The quarter's report model as loaded (figures, statuses, last quarter's text)."""
        if "_model" not in self.__dict__:
            self.__dict__["_model"] = build_report(self.data, self.committee, self.period)
        model: ReportModel = self.__dict__["_model"]
        return model

    def preview(self, kpi_id: str) -> str:
        """The KPI's card as the appendix will render it, with the unsaved text."""
        model = self.model
        row = model.rows[model.rows["kpi_id"] == kpi_id].copy()
        section = self._parsed()[kpi_id]
        row["commentary"], row["actions"] = section.commentary, section.actions
        appendix = Appendix(dataclasses.replace(model, rows=row.reset_index(drop=True)))
        return str(appendix.cards())

    # -- saving --------------------------------------------------------------

    def _encode(self, text: str) -> bytes:
        body = text.replace("\n", self.newline).encode("utf-8")
        return b"\xef\xbb\xbf" + body if self._bom else body

    def conflicts(self) -> list[Path]:
        """This file's conflict copies still to be resolved (every analyst's), oldest first."""
        return conflict_copies(self.path)

    def resolve(self, copy: Path) -> None:
        """Mark a conflict copy resolved: the analyst has taken what they need from it."""
        if copy not in self.conflicts():
            raise ValueError(f"{copy} is not a conflict copy of {self.path.name}")
        copy.unlink()

    def save(self) -> SaveResult:
        """Save if the file is still the version loaded (compare-and-swap under a lock).

        The version replaced goes to ``.history/``. If the file changed on disk,
        nothing is written over it: the analyst's text is kept as a conflict copy
        of this attempt and the difference is returned.
        """
        with locked(self.path):
            disk = self.path.read_bytes() if self.path.exists() else b""
            if _digest(disk) != self._base_digest:
                mine = keep_copy(
                    self.path.parent / ".conflicts" / self.path.stem,
                    self.analyst,
                    self._encode(self.text),
                )
                disk_text = disk.decode("utf-8-sig", errors="replace").replace("\r\n", "\n")
                diff = "".join(
                    difflib.unified_diff(
                        self.base.splitlines(keepends=True),
                        disk_text.splitlines(keepends=True),
                        fromfile="as loaded",
                        tofile="on disk now",
                    )
                )
                return SaveResult(False, self.path, diff=diff, mine=mine)
            backup = None
            mode = 0o644
            if self.path.exists():
                mode = self.path.stat().st_mode & 0o7777
                backup = keep_copy(self.path.parent / ".history", self.path.stem, disk)
            data = self._encode(self.text)
            write_atomic(self.path, data, mode)
            self.base, self._base_digest = self.text, _digest(data)
            return SaveResult(True, self.path, backup=backup)

    def merge(self) -> SaveResult:
        """Merge with the file on disk section by section, then save.

        A section changed only here or only on disk takes that change. A section
        changed on both sides is written with both versions between conflict
        markers, so no sentence is dropped; the build refuses the file until the
        analyst keeps one version. The analyst's whole text is also kept as a
        conflict copy of this attempt.
        """
        with locked(self.path):
            raw = self.path.read_bytes()
        disk = raw.decode("utf-8-sig").replace("\r\n", "\n")
        _, base = split_sections(self.base)
        mine_head, mine = split_sections(self.text)
        disk_head, theirs = split_sections(disk)
        base_head = split_sections(self.base)[0]
        merged = dict(theirs)
        conflicts = []
        for kpi_id, text in mine.items():
            original = base.get(kpi_id)
            if text == original or theirs.get(kpi_id) == text:
                continue
            if theirs.get(kpi_id) == original:
                merged[kpi_id] = text
            else:
                conflicts.append(kpi_id)
                merged[kpi_id] = _both(text, theirs.get(kpi_id, ""), self.analyst)
        head = mine_head if disk_head == base_head else disk_head
        mine_copy = keep_copy(
            self.path.parent / ".conflicts" / self.path.stem,
            self.analyst,
            self._encode(self.text),
        )
        self.base, self._base_digest = disk, _digest(raw)
        self.text = head + "".join(merged.values())
        result = self.save()
        result.conflicts, result.mine = conflicts, mine_copy
        return result


def _both(mine: str, theirs: str, analyst: str) -> str:
    """A section changed on both sides: its heading, then both bodies between markers."""
    heading, _, mine_body = mine.partition("\n")
    _, _, their_body = theirs.partition("\n")
    return (
        f"{heading}\n<!-- Two versions of this section were saved: keep one, then delete "
        "the other and the marker lines. -->\n"
        f"<<<<<<< version of {analyst}\n{mine_body.rstrip()}\n=======\n"
        f"{their_body.rstrip()}\n>>>>>>> version already saved\n\n"
    )

"""Command line: ``kpitools build``, ``validate``, ``commentary``, ``returns``, ``bench``."""

from __future__ import annotations

import argparse
import contextlib
import errno
import logging
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from kpitools.data.errors import DataError
from kpitools.data.paths import ProjectPaths, project_root
from kpitools.pipeline.contain import contain_caches, skip_unused_imports
from kpitools.pipeline.fingerprint import plan_build

__all__ = ["main"]

log = logging.getLogger(__name__)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="kpitools", description="Build quarterly KPI committee reports."
    )
    parser.add_argument("--root", help="project root (default: this project)")
    parser.add_argument("-v", "--verbose", action="count", default=0, help="more log output")
    sub = parser.add_subparsers(dest="command", required=True)

    b = sub.add_parser("build", help="validate, rate and write a quarter's outputs")
    group = b.add_mutually_exclusive_group(required=True)
    group.add_argument("--period", help='quarter, e.g. "2023-24 Q2"')
    group.add_argument(
        "--all", action="store_true", help="every committee and quarter in data/raw/reports.csv"
    )
    b.add_argument("--committee", action="append", help="committee id (repeatable)")
    b.add_argument("--as-of", help="rebuild as published on this date (yyyy-mm-dd)")
    outputs = b.add_mutually_exclusive_group()
    outputs.add_argument("--no-html", action="store_true", help="only write kpis.csv")
    outputs.add_argument(
        "--html-only",
        action="store_true",
        help="write the HTML pages and kpis.csv but no PDF or Word file, for a quick look "
        "after an edit; the next build without it adds them",
    )
    b.add_argument("--jobs", type=int, help="parallel notebook processes (default: cores)")
    b.add_argument(
        "--force",
        action="store_true",
        help="rebuild reports whose inputs have not changed, printing every PDF again",
    )

    sub.add_parser("validate", help="check data/raw and write data/processed")

    ks = sub.add_parser("kpi-set", help="write the paper of a committee's KPI-set changes")
    ks.add_argument("--committee", required=True, help="committee id")
    ks.add_argument("--from", dest="start", required=True, help='quarter ("2022-23 Q1") or date')
    ks.add_argument("--to", dest="end", required=True, help='quarter ("2022-23 Q2") or date')

    commentary = sub.add_parser("commentary", help="scaffold and check quarterly commentary")
    csub = commentary.add_subparsers(dest="action", required=True)
    new = csub.add_parser("new", help="write a quarter's commentary file, or add missing sections")
    new.add_argument("--period", required=True, help='quarter, e.g. "2024-25 Q3"')
    new.add_argument("--committee", required=True, help="committee id")
    check = csub.add_parser("check", help="list missing or suspect commentary")
    check.add_argument("--period", required=True, help='quarter, e.g. "2024-25 Q2"')
    check.add_argument("--committee", action="append", help="committee id (repeatable)")
    check.add_argument("--strict", action="store_true", help="exit non-zero if anything is found")
    kept = csub.add_parser("conflicts", help="list analysts' versions kept from refused saves")
    kept.add_argument("--period", required=True, help='quarter, e.g. "2024-25 Q2"')
    kept.add_argument("--committee", required=True, help="committee id")
    resolve = csub.add_parser("resolve", help="mark a conflict copy resolved (deletes it)")
    resolve.add_argument("copy", help="path of the conflict copy, as listed by 'conflicts'")
    prune = csub.add_parser("prune-history", help="delete all but the newest saved versions")
    prune.add_argument("--period", required=True, help='quarter, e.g. "2024-25 Q2"')
    prune.add_argument("--committee", required=True, help="committee id")
    prune.add_argument("--keep", type=int, required=True, help="versions to keep")

    returns = sub.add_parser("returns", help="services' quarterly returns in Excel")
    rsub = returns.add_subparsers(dest="action", required=True)
    template = rsub.add_parser("template", help="write pre-filled return workbooks")
    template.add_argument("--period", required=True, help='quarter, e.g. "2024-25 Q3"')
    template.add_argument("--committee", help="only this committee's KPIs")
    template.add_argument("--service", help="only this service area's KPIs")
    template.add_argument(
        "--per", choices=("service", "committee"), default="service", help="one workbook per ..."
    )
    imp = rsub.add_parser("import", help="check returns and add their figures to figures.csv")
    imp.add_argument("files", nargs="+", metavar="FILE", help="return workbooks (.xlsx)")
    imp.add_argument("--reported-on", help="date the figures were reported (default: today)")

    bench = sub.add_parser("bench", help="measure rebuilds, the batch and scale against goals")
    bench.add_argument("--jobs", type=int, help="parallel processes for the batch")
    bench.add_argument("--rounds", type=int, default=3, help="rounds of each timing (default 3)")
    bench.add_argument("--no-scale", action="store_true", help="leave out the synthetic scale runs")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``kpitools`` command; returns the exit status."""
    args = _parser().parse_args(argv)
    # Before anything imports matplotlib or starts a kernel: their caches stay in the project.
    contain_caches(ProjectPaths(args.root))
    skip_unused_imports()
    level = logging.WARNING - 10 * args.verbose
    logging.basicConfig(
        level=max(level, logging.DEBUG), format="%(levelname)s %(name)s: %(message)s"
    )
    try:
        if args.command == "validate":
            from kpitools.data.framework import load_framework
            from kpitools.data.load import load, write_processed

            data = load(args.root)
            load_framework(data)
            write_processed(data)
            print(f"OK: {len(data.kpis)} KPIs, {len(data.figures)} figures are valid")
            return 0
        if args.command == "build":
            return _build(args)
        if args.command == "kpi-set":
            return _kpi_set(args)
        if args.command == "commentary":
            return _commentary(args)
        if args.command == "returns":
            return _returns(args)
        if args.command == "bench":
            from kpitools.pipeline.bench import run_bench

            result = run_bench(
                args.root, rounds=args.rounds, scale=not args.no_scale, jobs=args.jobs
            )
            print("\n".join(result.lines()))
            return 0 if result.ok else 1
    except DataError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except ValueError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except OSError as exc:
        print(f"error: {_os_message(exc)}", file=sys.stderr)
        return 2
    return 1


def _os_message(exc: OSError) -> str:
    """A file-system failure in words, with what is still safe."""
    where = f" ({exc.filename})" if exc.filename else ""
    if exc.errno == errno.ENOSPC:
        return (
            f"the disk is full{where}; nothing was half-written and the last good reports "
            "are unchanged: free some space and build again"
        )
    if exc.errno in (errno.EACCES, errno.EROFS, errno.EPERM):
        return (
            f"cannot write{where}: the folder is read-only or not yours; the last good "
            "reports are unchanged"
        )
    return f"{exc.strerror or exc}{where}"


def _commentary_files(args: argparse.Namespace) -> int:
    from kpitools.commentary.editor import conflict_copies, prune_history
    from kpitools.data.commentary import commentary_path
    from kpitools.data.paths import ProjectPaths
    from kpitools.rules.periods import Quarter

    paths = ProjectPaths(args.root)
    if args.action == "resolve":
        copy = Path(args.copy).resolve()
        if copy.parent.parent.name != ".conflicts" or not copy.is_file():
            print(f"error: {args.copy} is not a conflict copy", file=sys.stderr)
            return 2
        copy.unlink()
        print(f"resolved: {args.copy}")
        return 0
    path = commentary_path(paths.commentary, args.committee, Quarter.parse(args.period))
    if args.action == "conflicts":
        copies = conflict_copies(path)
        print(f"{len(copies)} conflict cop{'y' if len(copies) == 1 else 'ies'} of {path.name}")
        for copy in copies:
            print(f"  {copy}")
        return 0
    removed = prune_history(path, args.keep)
    print(f"deleted {len(removed)} older version(s) of {path.name}")
    return 0


def _commentary(args: argparse.Namespace) -> int:
    if args.action in ("conflicts", "resolve", "prune-history"):
        return _commentary_files(args)
    from kpitools.commentary.scaffold import scaffold_commentary
    from kpitools.data.load import load
    from kpitools.model.findings import KINDS, check_commentary
    from kpitools.rules.periods import Quarter

    data = load(args.root)
    quarter = Quarter.parse(args.period)
    if args.action == "new":
        print(scaffold_commentary(data, args.committee, quarter).message())
        return 0
    committees = (
        args.committee or data.reports.loc[data.reports["period"] == quarter, "committee"].tolist()
    )
    if not committees:
        print(f"no committee reports {quarter} in data/raw/reports.csv", file=sys.stderr)
        return 2
    found = 0
    for committee in committees:
        findings = check_commentary(data, committee, quarter)
        found += len(findings)
        print(f"{committee} {quarter}: {len(findings) or 'no'} problem(s)")
        for finding in findings:
            print(f"  - [{KINDS[finding.kind]}] {finding}")
    return 1 if (args.strict and found) else 0


def _kpi_set(args: argparse.Namespace) -> int:
    import datetime as dt

    from kpitools.data.load import load
    from kpitools.render.framework import write_kpi_set_paper
    from kpitools.rules.periods import Quarter

    def day(text: str) -> dt.date:
        # A quarter stands for its last day: the set in force at the end of it.
        try:
            return dt.date.fromisoformat(text)
        except ValueError:
            return Quarter.parse(text).end

    data = load(args.root)
    if args.committee not in data.committees.index:
        print(f"error: no committee '{args.committee}'", file=sys.stderr)
        return 2
    start, end = day(args.start), day(args.end)
    name = f"{args.committee}-{start.isoformat()}-to-{end.isoformat()}.html"
    path = write_kpi_set_paper(
        data, args.committee, start, end, data.paths.outputs / "kpi-set" / name
    )
    print(f"wrote {path}")
    return 0


def _returns(args: argparse.Namespace) -> int:
    from kpitools.data.load import load
    from kpitools.returns.importer import ReturnError, import_returns
    from kpitools.returns.template import write_templates

    if args.action == "template":
        data = load(args.root)
        for path in write_templates(
            data, args.period, committee=args.committee, service=args.service, per=args.per
        ):
            print(f"wrote {path}")
        return 0
    try:
        result = import_returns(args.files, args.root, args.reported_on)
    except ReturnError as exc:
        print("\n".join(str(p) for p in exc.problems), file=sys.stderr)
        print("nothing was imported: data/raw/figures.csv is unchanged", file=sys.stderr)
        return 2
    print("\n".join(result.lines()))
    return 0


def _build(args: argparse.Namespace) -> int:
    # Whether anything needs building is decided from the raw files with the
    # standard library alone: an unchanged project answers without importing
    # pandas, matplotlib or Jupyter.
    plan = None
    if not args.no_html:
        plan = plan_build(
            args.root or project_root(),
            period=None if args.all else args.period,
            committees=args.committee,
            as_of=args.as_of or "",
            force=args.force,
            documents=not args.html_only,
        )
        if not plan.stale:
            print(
                f"nothing to build: {len(plan.skipped)} report(s) unchanged since they were "
                "built (use --force to rebuild)"
            )
            return 0
    from kpitools.pipeline.workers import Workers

    with contextlib.ExitStack() as stack:
        pool = None
        if plan is not None:
            # Forked before the data are loaded: the notebook kernels start meanwhile. One
            # report waits for its kernel, so its worker is forked at once; a batch's
            # workers are forked with the modules they use already imported, since its
            # time is the CPU its processes use.
            count = min(args.jobs or os.cpu_count() or 1, len(plan.stale))
            pool = stack.enter_context(
                Workers(
                    ProjectPaths(args.root).root,
                    count,
                    printing=not args.html_only,
                    share_imports=len(plan.stale) > 1,
                )
            )
        from kpitools.data.load import load
        from kpitools.pipeline.build import build, build_all

        data = load(args.root)
        options = {
            "data": data,
            "as_of": args.as_of,
            "html": not args.no_html,
            "jobs": args.jobs,
            "progress": sys.stderr.isatty(),
            "force": args.force,
            "plan": plan,
            "pool": pool,
            "documents": not args.html_only,
        }
        if args.all:
            results = build_all(committees=args.committee, **options)
        else:
            results = [build(args.period, args.committee, **options)]
    status = 0
    skipped = sum(len(r.skipped) for r in results)
    if skipped:
        print(f"skipped {skipped} unchanged report(s) (use --force to rebuild)")
    for result in results:
        for committee, path in result.built.items():
            print(f"built {result.period} {committee}: {path}")
        for committee, reason in result.failed.items():
            print(f"FAILED {result.period} {committee}: {reason}", file=sys.stderr)
        if not result.ok:
            status = 1
    return status


if __name__ == "__main__":
    raise SystemExit(main())

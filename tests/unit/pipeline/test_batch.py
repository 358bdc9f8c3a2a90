"""The batch: the models a build leaves behind (reused by a quarter's scorecard only while
every input they were computed from is unchanged), and how charts and notebooks are
handed to the workers."""

import concurrent.futures as cf
import datetime as dt
import shutil
import threading
import time
import types
from pathlib import Path

import pandas as pd
import pytest

from kpitools.data.load import load
from kpitools.model.report import build_report
from kpitools.pipeline import batch
from kpitools.pipeline.batch import kept_model, model_path, prepare_job
from kpitools.pipeline.fingerprint import fingerprints
from kpitools.pipeline.workers import Job
from kpitools.rules.periods import Quarter

Q2 = Quarter.parse("2023-24 Q2")


@pytest.fixture
def stored(mini: Path):
    """The mini project with the model of its one report left by a build."""
    data = load(mini)
    model = build_report(data, "demo", Q2)
    value = fingerprints(mini, [(Q2, "demo")])[(Q2, "demo")]
    job = prepare_job(data, model, fingerprint=value)
    shutil.rmtree(job.staged)
    return data, model


def test_the_model_of_unchanged_inputs_is_read_back(stored):
    data, model = stored
    kept = kept_model(data, Q2, "demo")
    assert kept is not None
    pd.testing.assert_frame_equal(kept.rows, model.rows)
    pd.testing.assert_frame_equal(kept.summary, model.summary)
    assert (kept.committee, kept.period, kept.total) == (model.committee, model.period, model.total)


def test_a_commentary_edit_since_means_the_model_is_computed_again(stored, mini: Path):
    data, _ = stored
    path = mini / "data/raw/commentary/demo/2023-24-Q2.md"
    path.write_text(path.read_text(encoding="utf-8") + "\nEdited.\n", encoding="utf-8")
    assert kept_model(data, Q2, "demo") is None


def test_a_model_left_without_a_fingerprint_or_torn_is_not_used(stored):
    data, model = stored
    prepared = prepare_job(data, model)  # no fingerprint: a build that did not plan
    shutil.rmtree(prepared.staged)
    assert kept_model(data, Q2, "demo") is None
    value = fingerprints(data.paths.root, [(Q2, "demo")])[(Q2, "demo")]
    shutil.rmtree(prepare_job(data, model, fingerprint=value).staged)
    assert kept_model(data, Q2, "demo") is not None
    model_path(data, model).write_bytes(b"torn")
    assert kept_model(data, Q2, "demo") is None


def test_a_model_as_of_another_day_is_another_model(stored):
    data, _ = stored
    assert kept_model(data, Q2, "demo", dt.date(2023, 12, 12)) is None
    assert kept_model(data, Quarter.parse("2023-24 Q1"), "demo") is None


class _Pool:
    """A stand-in for the batch's worker processes: threads, and a log of what ran."""

    def __init__(self, count: int) -> None:
        self.count = count
        self.executor = cf.ThreadPoolExecutor(max_workers=count)
        self.log: list[tuple[str, str]] = []
        self.lock = threading.Lock()
        self.left = types.SimpleNamespace(value=0)
        self.early: dict[tuple[str, str], list[cf.Future[int]]] = {}
        self.early_charts: set[str] = set()

    def record(self, what: str, who: str) -> None:
        with self.lock:
            self.log.append((what, who))


def _jobs(tmp_path: Path, names: list[str]) -> list[Job]:
    jobs = []
    for name in names:
        staged = tmp_path / f".{name}.staging"
        staged.mkdir()
        jobs.append(
            Job(name, "2023-24 Q2", "nb.ipynb", str(staged), str(tmp_path / name),
                str(tmp_path), "model.pkl", name)
        )  # fmt: skip
    return jobs


@pytest.fixture
def pool(monkeypatch):
    fake = _Pool(2)

    def draw(lot, cache):
        if "broken" in lot:
            raise RuntimeError("no font")
        time.sleep(0.01)
        fake.record("lot", ",".join(str(x) if isinstance(x, str) else x.name for x in lot))
        return len(lot)

    def run(job):
        fake.record("job", job.committee)
        return job.committee, job.period, None

    monkeypatch.setattr(batch, "draw_charts", draw)
    monkeypatch.setattr(batch, "run_job", run)
    yield fake
    fake.executor.shutdown()


def test_charts_are_drawn_in_lots_before_their_notebook_runs(tmp_path, pool):
    # 13 charts for a: lots of 6, 6 and 1; none for b, whose notebook may run at once.
    charts = {("a", "2023-24 Q2"): [f"a{i}" for i in range(13)], ("b", "2023-24 Q2"): []}
    results = batch.run_jobs(_jobs(tmp_path, ["a", "b"]), pool=pool, charts=charts)
    assert results == {("a", "2023-24 Q2"): None, ("b", "2023-24 Q2"): None}
    lots = [who.split(",") for what, who in pool.log if what == "lot"]
    assert sorted(len(lot) for lot in lots) == [1, 6, 6]
    assert sorted(c for lot in lots for c in lot) == sorted(f"a{i}" for i in range(13))
    order = [who if what == "job" else "lot" for what, who in pool.log]
    assert order.index("a") > max(i for i, w in enumerate(order) if w == "lot")
    assert (tmp_path / "a").is_dir() and (tmp_path / "b").is_dir()


def test_a_lot_that_fails_leaves_its_charts_to_the_kernel(tmp_path, pool, caplog):
    charts = {("a", "2023-24 Q2"): ["broken"]}
    assert batch.run_jobs(_jobs(tmp_path, ["a"]), pool=pool, charts=charts) == {
        ("a", "2023-24 Q2"): None
    }
    assert ("job", "a") in pool.log
    assert "charts of a 2023-24 Q2 not drawn ahead: no font" in caplog.text


def test_what_runs_meanwhile_is_done_before_any_report_is_finished(tmp_path, pool):
    done: list[str] = []

    def started():
        time.sleep(0.2)
        done.append("covering reports")

    def finish(job, error):
        done.append(f"finish {job.committee}")
        return error

    batch.run_jobs(_jobs(tmp_path, ["a", "b"]), pool=pool, started=started, finish=finish)
    assert done[0] == "covering reports" and sorted(done[1:]) == ["finish a", "finish b"]


def test_a_failure_of_what_runs_meanwhile_is_raised_once_every_report_is_settled(tmp_path, pool):
    def started():
        raise OSError("disk full")

    with pytest.raises(OSError, match="disk full"):
        batch.run_jobs(_jobs(tmp_path, ["a", "b"]), pool=pool, started=started)
    assert (tmp_path / "a").is_dir() and (tmp_path / "b").is_dir()


def test_a_worker_starts_a_kernel_for_its_next_job_while_jobs_are_left(tmp_path, pool, monkeypatch):
    seen: dict[str, bool] = {}

    def run(job):
        seen[job.committee] = job.warm_next
        return job.committee, job.period, None

    monkeypatch.setattr(batch, "run_job", run)
    batch.run_jobs(_jobs(tmp_path, ["a", "b", "c"]), pool=pool)
    # Three jobs: whoever takes a or b may take c next; after c there is nothing to warm for.
    assert seen == {"a": True, "b": True, "c": False}


def test_lots_handed_out_early_are_waited_for_before_their_notebook(tmp_path, pool):
    early: cf.Future[int] = cf.Future()
    pool.early[("a", "2023-24 Q2")] = [early]

    def finish_drawing():
        time.sleep(0.2)
        pool.record("lot", "early")
        early.set_result(6)

    threading.Thread(target=finish_drawing).start()
    batch.run_jobs(_jobs(tmp_path, ["a"]), pool=pool)
    assert pool.log == [("lot", "early"), ("job", "a")]
    assert pool.early == {}


def test_this_process_draws_lots_while_the_workers_are_busy(tmp_path, pool, monkeypatch):
    # One worker, held up on its first lot: the building process draws the rest itself.
    pool.count = 1
    release = threading.Event()
    drawn_by: list[str] = []

    def draw(lot, cache):
        if lot == ["a0"]:
            release.wait(5)
        drawn_by.append(threading.current_thread().name)
        if len(drawn_by) == 3:
            release.set()
        return len(lot)

    monkeypatch.setattr(batch, "CHART_LOT", 1)
    monkeypatch.setattr(batch, "draw_charts", draw)
    charts = {("a", "2023-24 Q2"): ["a0", "a1", "a2", "a3"]}
    assert batch.run_jobs(_jobs(tmp_path, ["a"]), pool=pool, charts=charts) == {
        ("a", "2023-24 Q2"): None
    }
    assert len(drawn_by) == 4 and threading.main_thread().name in drawn_by
    assert pool.log[-1] == ("job", "a")


def test_charts_handed_out_early_are_not_handed_out_again(mini, tmp_path, pool):
    model = build_report(load(mini), "demo", Q2)
    cache = tmp_path / "charts"
    every = batch.chart_tasks(model, cache)
    assert len(every) > batch.CHART_LOT  # the fixture has more than one lot of charts
    assert batch.draw_early(pool, model, cache, lots=1) == 1
    (first,) = pool.early[("demo", "2023-24 Q2")]
    assert first.result() == batch.CHART_LOT
    handed = {t.key() for t in every[: batch.CHART_LOT]}
    assert pool.early_charts == handed
    left = batch.chart_tasks(model, cache, skip=pool.early_charts)
    assert [t.key() for t in left] == [t.key() for t in every[batch.CHART_LOT :]]

"""The models a build leaves behind: reused by a quarter's scorecard only while every
input they were computed from is unchanged."""

import datetime as dt
import shutil
from pathlib import Path

import pandas as pd
import pytest

from kpitools.data.load import load
from kpitools.model.report import build_report
from kpitools.pipeline.batch import kept_model, model_path, prepare_job
from kpitools.pipeline.fingerprint import fingerprints
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

import shutil
from pathlib import Path

import pytest
from hypothesis import settings

from tests.sample_builds import SampleBuilds

# Property tests check values, not speed: a busy machine, or the tracing of mutation
# testing, must not fail them on a deadline.
settings.register_profile("kpitools", deadline=None)
settings.load_profile("kpitools")

FIXTURE = Path(__file__).parent / "fixtures" / "mini"
ROOT = Path(__file__).parent.parent


def pytest_runtest_setup(item: pytest.Item) -> None:
    """Fail a test whose group pytest-xdist ignored in a parallel run.

    The tests of one ``xdist_group`` share a build made once per worker; when xdist
    drops the groups, as pytest-xdist 3.8 does with pytest 9.2, every worker makes
    every build and the suite takes twice as long, with no other sign.
    """
    grouped = getattr(item.config.option, "loadgroup", False)
    if grouped and item.get_closest_marker("xdist_group") and "@" not in item.nodeid:
        pytest.fail(
            "pytest-xdist ignored this test's xdist_group: install the pytest pinned in "
            "requirements.lock",
            pytrace=False,
        )


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """The browser tests last: the end-to-end tests of their group build what they read
    (the sample reports, the fixture committee), so no one test's setup both builds and
    starts a browser."""
    items.sort(key=lambda item: item.path.parent.name == "browser")


@pytest.fixture
def mini(tmp_path: Path) -> Path:
    """A writable copy of the small fixture project."""
    target = tmp_path / "mini"
    shutil.copytree(FIXTURE, target)
    return target


# Commentary an attacker might paste: each payload would run script, load a
# resource or navigate if it survived sanitising.
HOSTILE = """Hostile payloads follow.

<script>window.__pwned = 'script'</script>
<img src=x onerror="window.__pwned = 'onerror'">
[click me](javascript:window.__pwned='link')
<a href="JaVaScRiPt:window.__pwned='mixed'">mixed case</a>
<iframe src="https://example.com/"></iframe>
<svg onload="window.__pwned='svg'"></svg>
<p style="background:url(https://example.com/x.png)" onclick="window.__pwned='click'">styled</p>
![remote image](https://example.com/tracker.png)
<details open ontoggle="window.__pwned='toggle'">x</details>
"""


@pytest.fixture(scope="session")
def built_mini(tmp_path_factory) -> Path:
    """The fixture project built once with the real notebook, papermill and nbconvert.

    The contextual KPI's commentary carries the hostile payloads.
    """
    import kpitools as kt

    root = tmp_path_factory.mktemp("built") / "mini"
    shutil.copytree(FIXTURE, root)
    commentary = root / "data" / "raw" / "commentary" / "demo" / "2023-24-Q2.md"
    text = commentary.read_text(encoding="utf-8")
    commentary.write_text(
        text.replace("Fewer referrals in Q2.", "Fewer referrals in Q2.\n\n" + HOSTILE),
        encoding="utf-8",
    )
    result = kt.build("2023-24 Q2", root=root, jobs=1)
    assert result.ok, result.failed
    return root / "outputs" / "2023-24-Q2" / "demo"


# Session scope: xdist may run other modules of the group between the tests of one
# module on the same worker; the tests that use it share xdist_group("full").
@pytest.fixture(scope="session")
def sample_builds(tmp_path_factory) -> SampleBuilds:
    """The sample reports, each built with every output when first asked for."""
    return SampleBuilds(tmp_path_factory.mktemp("full") / "project")

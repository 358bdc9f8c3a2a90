"""Charts' figures kept as they were saved, so a test can measure where things were drawn."""

import pytest
from matplotlib.figure import Figure


@pytest.fixture
def saved(monkeypatch: pytest.MonkeyPatch) -> list[Figure]:
    """Every figure saved while the test runs, in order."""
    figures: list[Figure] = []
    original = Figure.savefig

    def savefig(self: Figure, *args: object, **kwargs: object) -> None:
        original(self, *args, **kwargs)
        figures.append(self)

    monkeypatch.setattr(Figure, "savefig", savefig)
    return figures

"""kpitools: quarterly KPI committee reports for UK councils.

The Performance Management Framework's rules (periods, RAG schemes, change,
trend, targets, summaries, movements), the validated data model, and the
builders of the committee appendix and covering report.

The package is layered, imports flowing one way: ``rules`` → ``data`` →
``model`` → ``wording`` → ``render`` → ``commentary`` → ``pipeline`` → ``cli``.
Names below are imported on first use, so ``import kpitools`` stays cheap.
"""

from __future__ import annotations

import importlib
from typing import Any

__version__ = "0.1.0"

# Public name -> module that defines it.
_EXPORTS = {
    "MOVEMENT_KINDS": "kpitools.rules.change",
    "Movement": "kpitools.rules.change",
    "change": "kpitools.rules.change",
    "movement": "kpitools.rules.change",
    "movements": "kpitools.rules.change",
    "Month": "kpitools.rules.periods",
    "Quarter": "kpitools.rules.periods",
    "parse_period": "kpitools.rules.periods",
    "quarter_range": "kpitools.rules.periods",
    "RATED": "kpitools.rules.rag",
    "STATUS_ORDER": "kpitools.rules.rag",
    "UNRATED": "kpitools.rules.rag",
    "RagScheme": "kpitools.rules.rag",
    "margin": "kpitools.rules.rag",
    "rate": "kpitools.rules.rag",
    "status_summary": "kpitools.rules.summary",
    "largest_remainder_percentages": "kpitools.rules.summary",
    "period_target": "kpitools.rules.targets",
    "linear_trend": "kpitools.rules.trend",
    "project_year_end": "kpitools.rules.trend",
    "spc": "kpitools.rules.spc",
    "DataError": "kpitools.data.errors",
    "Problem": "kpitools.data.errors",
    "ProjectData": "kpitools.data.load",
    "load": "kpitools.data.load",
    "write_processed": "kpitools.data.load",
    "ProjectPaths": "kpitools.data.paths",
    "project_root": "kpitools.data.paths",
    "check_commentary": "kpitools.model.findings",
    "committees_with_reports": "kpitools.model.table",
    "kpi_table": "kpitools.model.table",
    "target_for": "kpitools.rules.targets",
    "describe_criteria": "kpitools.wording.status",
    "explain": "kpitools.wording.status",
    "format_number": "kpitools.wording.numbers",
    "Appendix": "kpitools.render.appendix",
    "markdown_to_html": "kpitools.render.markup",
    "status_badge": "kpitools.render.markup",
    "CommentaryEditor": "kpitools.commentary.editor",
    "commentary_widget": "kpitools.commentary.editor_ui",
    "scaffold_commentary": "kpitools.commentary.scaffold",
    "framework_section": "kpitools.render.framework",
    "load_framework": "kpitools.data.framework",
    "set_in_force": "kpitools.model.register",
    "build_scorecard": "kpitools.model.scorecard",
    "BuildResult": "kpitools.pipeline.build",
    "build": "kpitools.pipeline.build",
}

__all__ = sorted(_EXPORTS)


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'kpitools' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted([*globals(), *__all__])

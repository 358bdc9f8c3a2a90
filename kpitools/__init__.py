"""kpitools: quarterly KPI committee reports for UK councils.

The Performance Management Framework's rules (periods, RAG schemes, change,
trend, targets, summaries, movements), the validated data model, and the
builders of the committee appendix and covering report.
"""

from kpitools.commentary_check import check_commentary
from kpitools.compare import MOVEMENT_ORDER, change, movement, movements
from kpitools.data import DataError, Problem, ProjectData, load, write_processed
from kpitools.editor import CommentaryEditor
from kpitools.formatting import format_number
from kpitools.paths import ProjectPaths, project_root
from kpitools.periods import Month, Quarter, parse_period, quarter_range
from kpitools.pipeline import BuildResult, build
from kpitools.rag import (
    RATED,
    STATUS_ORDER,
    UNRATED,
    RagScheme,
    describe_criteria,
    explain,
    margin,
    rate,
    rate_frame,
)
from kpitools.render import Appendix, markdown_to_html, status_badge
from kpitools.scaffold import scaffold_commentary
from kpitools.summary import status_summary, whole_percent
from kpitools.table import committees_with_reports, kpi_table, target_for
from kpitools.targets import period_target
from kpitools.trend import linear_trend, project_year_end

__all__ = [
    "MOVEMENT_ORDER",
    "RATED",
    "STATUS_ORDER",
    "UNRATED",
    "Appendix",
    "BuildResult",
    "CommentaryEditor",
    "DataError",
    "Month",
    "Problem",
    "ProjectData",
    "ProjectPaths",
    "Quarter",
    "RagScheme",
    "build",
    "change",
    "check_commentary",
    "committees_with_reports",
    "describe_criteria",
    "explain",
    "format_number",
    "kpi_table",
    "linear_trend",
    "load",
    "margin",
    "markdown_to_html",
    "movement",
    "movements",
    "parse_period",
    "period_target",
    "project_root",
    "project_year_end",
    "quarter_range",
    "rate",
    "rate_frame",
    "scaffold_commentary",
    "status_badge",
    "status_summary",
    "target_for",
    "whole_percent",
    "write_processed",
]

__version__ = "0.1.0"

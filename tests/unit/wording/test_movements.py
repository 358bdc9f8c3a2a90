"""The conclusion's headings, worked by hand from seed 000 §5.1-5.2."""

import pandas as pd
import pytest

from kpitools.rules.change import Movement, movements
from kpitools.wording.movements import movement_groups, movement_heading

# Seed 000 §5.1 and §5.2: indicator, name, Q1 status, Q2 status, change.
SEED_000 = [
    (36, "Number of active library users", "Green", "Green", "Improving"),
    (
        37,
        "Number of visits made to library sites reported quarterly",
        "Green",
        "Green",
        "Improving",
    ),
    (
        136,
        "Number of learners from across Cambridgeshire that have been enrolled onto a course",
        "Green",
        "Green",
        "Improving",
    ),
    (
        137,
        "Number of enrolments which support skills development to aid progression",
        "Green",
        "Green",
        "Improving",
    ),
    (
        222,
        "Percentage of businesses brought into compliance in all priority areas following "
        "inspection/intervention.",
        "Green",
        "Green",
        "Improving",
    ),
    (220, "Registrations - All deaths registered within 5 days", "Red", "Red", "Improving"),
    (
        219,
        "Registrations - All births registered within 42 days of birth.",
        "Red",
        "Green",
        "Improving",
    ),
    (
        198,
        "The percentage of clients engaging with Independent Domestic Violence Advocacy (IDVA) "
        "Service",
        "Amber",
        "Green",
        "Improving",
    ),
    (
        221,
        "Number of hours of business advice provided to businesses under primary authority",
        "Amber",
        "Green",
        "Improving",
    ),
    (138, "Percentage of courses that have been achieved", "Green", "Green", "Declining"),
] + [(None, f"Contextual KPI {i}", "Contextual", "Contextual", "N/A") for i in range(10)]


@pytest.fixture
def seed_000_table():
    table = pd.DataFrame(
        SEED_000, columns=["indicator", "name", "previous_status", "status", "change"]
    )
    return table.assign(commentary="", actions="", actions_waiver="", illustrative=False)


def test_section_5_1_lists_wording_and_grouping(seed_000_table):
    groups = [(g.heading, g.kpis) for g in movement_groups(movements(seed_000_table), 1)]
    assert groups == [
        (
            "5 indicators have remained **Green** but have seen an improvement in performance "
            "from quarter 1:",
            [
                "Indicator 36: Number of active library users",
                "Indicator 37: Number of visits made to library sites reported quarterly",
                "Indicator 136: Number of learners from across Cambridgeshire that have been "
                "enrolled onto a course",
                "Indicator 137: Number of enrolments which support skills development to aid "
                "progression",
                "Indicator 222: Percentage of businesses brought into compliance in all priority "
                "areas following inspection/intervention.",
            ],
        ),
        (
            "1 indicator has remained **Red**, but has seen an improvement in performance:",
            ["Indicator 220: Registrations - All deaths registered within 5 days"],
        ),
        (
            "1 indicator has moved from **Red** to **Green**:",
            ["Indicator 219: Registrations - All births registered within 42 days of birth."],
        ),
        (
            "2 indicators have moved from **Amber** to **Green**:",
            [
                "Indicator 198: The percentage of clients engaging with Independent Domestic "
                "Violence Advocacy (IDVA) Service",
                "Indicator 221: Number of hours of business advice provided to businesses under "
                "primary authority",
            ],
        ),
        (
            "1 indicator has seen a decline in performance, but the RAG status has remained "
            "**Green**:",
            ["Indicator 138: Percentage of courses that have been achieved"],
        ),
    ]


def test_unknown_previous_status_is_never_called_newly_rated():
    assert movement_heading(Movement("improved_unknown", None, "Red"), 3, 1) == (
        "3 indicators have seen an improvement in performance and are now **Red** "
        "(last quarter's status is not available to compare with):"
    )
    assert movement_heading(Movement("newly_rated", None, "Amber"), 1, 1) == (
        "1 indicator has been rated **Amber** this quarter, with no rating last quarter:"
    )


@pytest.mark.parametrize(
    ("movement", "n", "heading"),
    [
        (Movement("moved_down", "Green", "Amber"), 1,
         "1 indicator has moved from **Green** to **Amber**:"),
        (Movement("moved_down", "Amber", "Red"), 2,
         "2 indicators have moved from **Amber** to **Red**:"),
        (Movement("declined", "Red", "Red"), 1,
         "1 indicator has seen a decline in performance, and the RAG status has remained "
         "**Red**:"),
        (Movement("declined", "Amber", "Amber"), 3,
         "3 indicators have seen a decline in performance, but the RAG status has remained "
         "**Amber**:"),
        (Movement("unchanged", "Green", "Green"), 1,
         "1 indicator has remained **Green** with no change in performance:"),
        (Movement("unchanged", "Red", "Red"), 2,
         "2 indicators have remained **Red** with no change in performance:"),
        (Movement("no_longer_rated", "Amber", None), 1,
         "1 indicator has been rated **Amber** last quarter but is not rated this quarter:"),
        (Movement("no_longer_rated", "Green", None), 2,
         "2 indicators have been rated **Green** last quarter but are not rated this quarter:"),
        (Movement("declined_unknown", None, "Amber"), 1,
         "1 indicator has seen a decline in performance and is now **Amber** "
         "(last quarter's status is not available to compare with):"),
        (Movement("unchanged_unknown", None, "Green"), 2,
         "2 indicators have seen no change in performance and are now **Green** "
         "(last quarter's status is not available to compare with):"),
        (Movement("improved_unknown", None, "Blue"), 1,
         "1 indicator has seen an improvement in performance and is now **Blue** "
         "(last quarter's status is not available to compare with):"),
    ],
)  # fmt: skip
def test_every_kind_of_movement_reads_as_a_sentence(movement, n, heading):
    assert movement_heading(movement, n, 1) == heading

"""Sentences of the covering committee paper, with counts in correct grammar.

The structure (numbered sections and paragraphs) is in
:mod:`kpitools.render.covering`; every sentence a reader sees is here.
"""

from __future__ import annotations

from collections.abc import Sequence

from kpitools.wording.plural import count_noun, there_is

__all__ = [
    "AUTHOR_PLACEHOLDERS",
    "BACKGROUND_ROLE",
    "DASHBOARD_CONTENTS",
    "amber_intro",
    "appendix_pointer",
    "background_paragraphs",
    "conclusion_intro",
    "examples_intro",
    "executive_summary",
    "footer_text",
    "red_intro",
    "unrated_intro",
]

# What the Performance Management Framework asks of committees (the council's framework,
# as its committee papers state it).
BACKGROUND_ROLE = [
    "Set outcomes and strategy in the areas they oversee.",
    "Select and approve the addition and removal of Key Performance Indicators (KPIs) for "
    "the committee performance report.",
    "Track progress quarterly.",
    "Consider whether performance is at an acceptable level.",
    "Seek to understand the reasons behind the level of performance.",
    "Identify remedial action.",
]

DASHBOARD_CONTENTS = [
    "Current and previous performance and the projected linear trend.",
    "Current and previous targets. Please note that not all KPIs have targets; this may be "
    "because they are being developed or the indicator is being monitored for context.",
    "Red / Amber / Green (RAG) status.",
    "Direction for improvement to show whether an increase or decrease is good.",
    "Change in performance which shows whether performance is improving or deteriorating.",
    "The performance of our statistical neighbours. This is only available, and therefore "
    "included, where there is a standard national definition of the indicator.",
    "KPI description.",
    "Commentary on the KPI.",
]

# Sections the report's author writes by hand: shown as marked placeholders.
AUTHOR_PLACEHOLDERS = {
    "implications": (
        "To be completed by the report author: the significant implications of this report "
        "(resource; procurement and contractual; statutory, legal and risk; equality and "
        "diversity; engagement and communications; localism and local member involvement; "
        "public health; climate change and environment), or a statement that there are none."
    ),
    "sources": (
        "To be completed by the report author: the source documents of this report, with "
        'where they can be inspected, or "None".'
    ),
    "front_sheet": "To be completed by the report author.",
}


def executive_summary(fy_label: str, quarter: int, covering: str) -> str:
    """The front sheet's executive summary.

    Examples
    --------
    >>> executive_summary("2024/25", 2, "covering 1 July 2024 to 30 September 2024")
    'This report provides an update to the Committee on the performance monitoring \
information for the 2024/25 quarter 2 period, covering 1 July 2024 to 30 September 2024.'
    """
    return (
        "This report provides an update to the Committee on the performance monitoring "
        f"information for the {fy_label} quarter {quarter} period, {covering}."
    )


def background_paragraphs(fy_label: str, quarter: int, end: str) -> list[str]:
    """Paragraphs 1.2 and 1.3: what the report is for and the period it covers.

    Examples
    --------
    >>> background_paragraphs("2024/25", 2, "30 September 2024")[1]
    'The report covers the period of quarter 2 2024/25, up to the end of 30 September 2024.'
    """
    return [
        "This report, delivered quarterly, continues to support the committee with its "
        "performance management role. It provides an update on the status of the selected "
        "Key Performance Indicators (KPIs) which track the performance of the services the "
        "committee oversees.",
        f"The report covers the period of quarter {quarter} {fy_label}, up to the end of {end}.",
    ]


def red_intro(n: int) -> str:
    """Opening of the Red paragraph.

    Examples
    --------
    >>> red_intro(1)
    'There is 1 Red indicator for commentary this quarter:'
    >>> red_intro(0)
    'There are no Red indicators this quarter.'
    """
    if n == 0:
        return "There are no Red indicators this quarter."
    return f"{there_is(n, 'Red indicator')} for commentary this quarter:"


def amber_intro(n: int) -> str:
    """Opening of the Amber paragraph: Amber KPIs are listed, not discussed in full.

    Examples
    --------
    >>> amber_intro(1)
    'There is 1 Amber indicator this quarter:'
    >>> amber_intro(0)
    'There are no Amber indicators this quarter.'
    """
    if n == 0:
        return "There are no Amber indicators this quarter."
    return f"{there_is(n, 'Amber indicator')} this quarter:"


def examples_intro(status: str, n: int, examples: int) -> str:
    """Opening of a paragraph that quotes some of a status's commentary.

    Examples
    --------
    >>> examples_intro("Green", 1, 1)
    'There is 1 Green indicator. An example of its commentary follows:'
    >>> examples_intro("Green", 9, 2)
    'There are 9 Green indicators. Below are some examples of their commentary:'
    >>> examples_intro("Green", 9, 1)
    'There are 9 Green indicators. Below is an example of their commentary:'
    >>> examples_intro("Blue", 2, 0)
    'There are 2 Blue indicators; none has commentary this quarter.'
    >>> examples_intro("Blue", 0, 0)
    'There are no Blue indicators this quarter.'
    """
    if n == 0:
        return f"There are no {status} indicators this quarter."
    there = there_is(n, f"{status} indicator")
    if examples == 0:
        return f"{there}; {'it has no' if n == 1 else 'none has'} commentary this quarter."
    if n == 1:
        return f"{there}. An example of its commentary follows:"
    if examples == 1:
        return f"{there}. Below is an example of their commentary:"
    return f"{there}. Below are some examples of their commentary:"


def unrated_intro(counts: Sequence[tuple[str, int]]) -> str:
    """Opening of the paragraph on indicators without a RAG status, with counts by status.

    Examples
    --------
    >>> unrated_intro([("Contextual", 7), ("In Development", 1), ("Not rated", 2)])
    'There are 10 indicators without a RAG status this quarter: 7 Contextual, 1 In \
Development and 2 Not rated. Not all indicators have targets:'
    >>> unrated_intro([("Contextual", 1)])
    'There is 1 indicator without a RAG status this quarter: 1 Contextual. Not all \
indicators have targets:'
    >>> unrated_intro([])
    'Every indicator has a RAG status this quarter.'
    """
    parts = [f"{n} {status}" for status, n in counts if n]
    total = sum(n for _, n in counts)
    if total == 0:
        return "Every indicator has a RAG status this quarter."
    listed = parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + f" and {parts[-1]}"
    return (
        f"{there_is(total, 'indicator')} without a RAG status this quarter: {listed}. "
        "Not all indicators have targets:"
    )


def appendix_pointer() -> str:
    """Where the full detail is.

    Examples
    --------
    >>> appendix_pointer()[:40]
    'Detailed commentary and summary of each '
    """
    return "Detailed commentary and summary of each indicator can be found in Appendix 1."


def conclusion_intro(summary_paragraph: str, improved: int, previous_quarter: int) -> str:
    """Opening of the conclusion, pointing back at the summary table.

    Examples
    --------
    >>> conclusion_intro("2.1", 1, 1)  # doctest: +NORMALIZE_WHITESPACE
    "Paragraph 2.1 shows the breakdown of RAG status for this committee's indicator set.
    Of the indicators updated this quarter, 1 indicator saw an improvement in performance
    from the quarter 1 paper."
    """
    return (
        f"Paragraph {summary_paragraph} shows the breakdown of RAG status for this committee's "
        "indicator set. Of the indicators updated this quarter, "
        f"{count_noun(improved, 'indicator')} saw an improvement in performance from the "
        f"quarter {previous_quarter} paper."
    )


def footer_text(council: str, committee: str, period_label: str, document: str) -> str:
    """The footer of every printed page.

    Examples
    --------
    >>> footer_text("Example Council", "Demo Committee", "Quarter 2 2023/24", "Appendix 1")
    'Example Council · Demo Committee · Quarter 2 2023/24 · Appendix 1'
    """
    return " · ".join(p for p in (council, committee, period_label, document) if p)

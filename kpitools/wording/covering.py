"""The covering report's sentences (seed 000's wording), with counts in the right grammar."""

from __future__ import annotations

from kpitools.model.report import ReportModel
from kpitools.wording.plural import count_noun, there_is

__all__ = ["conclusion_intro", "contextual_text", "green_intro", "intro", "red_intro"]


def intro(model: ReportModel) -> str:
    """The report's opening sentence."""
    p = model.period
    return (
        f"This report provides performance monitoring information for the {p.fy_label} "
        f"quarter {p.q} period, {p.covering}."
    )


def green_intro(green_count: int, examples: int) -> str:
    """Introduce the Green indicators and the examples quoted.

    Examples
    --------
    >>> green_intro(1, 1)
    'There is 1 Green indicator this quarter. Its commentary follows:'
    >>> green_intro(9, 2)
    'There are 9 Green indicators this quarter. Below are 2 examples of their commentary:'
    >>> green_intro(0, 0)
    'There are 0 Green indicators this quarter.'
    """
    text = f"{there_is(green_count, 'Green indicator')} this quarter."
    if examples == 0:
        return text
    if green_count == 1:
        return f"{text} Its commentary follows:"
    if examples == 1:
        return f"{text} Below is 1 example of their commentary:"
    if examples == green_count:
        return f"{text} Their commentary follows:"
    return f"{text} Below are {examples} examples of their commentary:"


def red_intro(n: int) -> str:
    """Introduce the Red indicators.

    Examples
    --------
    >>> red_intro(1)
    'There is 1 Red indicator for commentary this quarter:'
    >>> red_intro(0)
    'There are 0 Red indicators for commentary this quarter.'
    """
    return f"{there_is(n, 'Red indicator')} for commentary this quarter{':' if n else '.'}"


def contextual_text(n: int) -> str:
    """The paragraph on contextual indicators.

    Examples
    --------
    >>> contextual_text(1)[:58]
    'There is 1 indicator which is identified as contextual. No'
    """
    noun = "indicator which is" if n == 1 else "indicators which are"
    return (
        f"There {'is' if n == 1 else 'are'} {n} {noun} identified as contextual. Not all "
        "indicators have targets. This may be because targets for these KPIs are being developed "
        "or the indicator is being monitored for context. Detailed commentary and summary of "
        "each indicator can be found in the appendix."
    )


def conclusion_intro(improved: int, previous_quarter: int) -> str:
    """The conclusion's first sentence: how many indicators improved.

    Examples
    --------
    >>> print(conclusion_intro(11, 1))  # doctest: +NORMALIZE_WHITESPACE
    The summary table shows the breakdown of RAG status for this committee's indicator set.
    Of the indicators updated this quarter, 11 indicators saw an improvement in performance
    from the quarter 1 paper.
    """
    return (
        "The summary table shows the breakdown of RAG status for this committee's indicator "
        f"set. Of the indicators updated this quarter, {count_noun(improved, 'indicator')} saw "
        f"an improvement in performance from the quarter {previous_quarter} paper."
    )

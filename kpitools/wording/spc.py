"""Sentences about statistical process control: labels, notices, and one sentence
that reconciles a KPI's RAG status with its variation and assurance.

RAG compares the latest figure with a target; SPC asks whether the figures have
changed beyond their normal variation. They answer different questions and can
disagree (Red but improving beyond normal variation; Green but worsening), so
the reader gets one sentence saying both.

Examples
--------
>>> reconcile("Red", "common cause")
'Red against its target, but within normal variation: no sign that performance has changed.'
>>> reconcile("Green", "special cause concern")
'Green, but a special cause of concern: performance has worsened beyond normal variation.'
"""

from __future__ import annotations

from kpitools.rules.rag import RATED
from kpitools.rules.spc import NO_LIMITS

__all__ = [
    "ASSURANCE_LABELS",
    "VARIATION_LABELS",
    "assurance_sentence",
    "basis_note",
    "no_spc_reason",
    "rebase_note",
    "reconcile",
    "spc_intro",
    "trial_notice",
]

VARIATION_LABELS = {
    "common cause": "Common cause variation",
    "special cause improvement": "Special cause: improvement",
    "special cause concern": "Special cause: concern",
    "special cause": "Special cause variation",
}
ASSURANCE_LABELS = {
    "consistently passing": "Consistently passing the target",
    "hit and miss": "Hit and miss against the target",
    "consistently failing": "Consistently failing the target",
}

_REASONS = {NO_LIMITS: "Fewer than 2 figures: no process limits"}

# What the variation says about performance, after the status.
_MEANING = {
    "common cause": "within normal variation: no sign that performance has changed",
    "special cause improvement": (
        "a special cause of improvement: performance has improved beyond normal variation"
    ),
    "special cause concern": (
        "a special cause of concern: performance has worsened beyond normal variation"
    ),
    "special cause": "a special cause: the figures have moved beyond normal variation",
}
# The joining word between a status and a variation: "but" where they pull apart.
_JOIN = {
    ("Red", "common cause"): "but",
    ("Red", "special cause improvement"): "but",
    ("Red", "special cause concern"): "and",
    ("Amber", "common cause"): "and",
    ("Amber", "special cause improvement"): "with",
    ("Amber", "special cause concern"): "with",
    ("Green", "common cause"): "and",
    ("Green", "special cause improvement"): "and",
    ("Green", "special cause concern"): "but",
}


def no_spc_reason(reason: str) -> str:
    """Why a KPI has no process limits.

    Examples
    --------
    >>> no_spc_reason("fewer than 2 points")
    'Fewer than 2 figures: no process limits'
    """
    return _REASONS.get(reason, reason[:1].upper() + reason[1:])


def trial_notice(points: int, needed: int) -> str:
    """Why the limits are provisional.

    Examples
    --------
    >>> trial_notice(8, 12)
    'Limits are provisional: 8 figures, 12 needed for stable limits.'
    """
    return f"Limits are provisional: {points} figures, {needed} needed for stable limits."


def rebase_note(label: str, reason: str) -> str:
    """Why the process limits restart at a period.

    Examples
    --------
    >>> rebase_note("Q3 2024-25", "New booking system")
    'Limits recalculated from Q3 2024-25: New booking system.'
    """
    # The reason is the analyst's wording, kept as written (it may open with a name).
    return f"Limits recalculated from {label}: {reason.strip().rstrip('.')}."


def basis_note(basis: str, frequency: str) -> str:
    """What the chart is drawn from, when not simply the KPI's figures ("" otherwise).

    Examples
    --------
    >>> basis_note("in-year increments", "quarterly")
    "Drawn from each quarter's increase in the year-to-date figure (Q1 is the figure itself)."
    >>> basis_note("figures", "quarterly")
    ''
    """
    if basis != "in-year increments":
        return ""
    if frequency == "monthly":
        return (
            "Drawn from each month's increase in the year-to-date figure "
            "(April is the figure itself)."
        )
    return (
        "Drawn from each quarter's increase in the year-to-date figure (Q1 is the figure itself)."
    )


def assurance_sentence(assurance: str | None) -> str:
    """What the process limits say about meeting the target ("" without an assurance).

    Examples
    --------
    >>> assurance_sentence("hit and miss")
    'At its current variation the target will be met in some periods and missed in others.'
    """
    return {
        "consistently passing": "At its current variation the target will be met consistently.",
        "hit and miss": (
            "At its current variation the target will be met in some periods and missed in others."
        ),
        "consistently failing": (
            "At its current variation the target will not be met without a change to the service."
        ),
    }.get(assurance or "", "")


def reconcile(status: str, variation: str | None, assurance: str | None = None) -> str:
    """One sentence reconciling the RAG status with the variation (and the assurance).

    Unrated statuses (Contextual, Baseline, ...) speak only of variation.

    Examples
    --------
    >>> print(reconcile("Red", "special cause improvement", "consistently failing"))
    ... # doctest: +NORMALIZE_WHITESPACE
    Red against its target, but a special cause of improvement: performance has improved
    beyond normal variation. At its current variation the target will not be met without
    a change to the service.
    >>> reconcile("Contextual", "common cause")
    'Within normal variation: no sign that performance has changed.'
    >>> reconcile("Amber", None)
    'Amber against its target; too few figures to judge its variation.'
    """
    rated = status in RATED
    colour = "Green" if status == "Blue" else status
    if variation is None or variation not in _MEANING:
        first = f"{status} against its target; too few figures to judge its variation."
        return first if rated else "Too few figures to judge its variation."
    meaning = _MEANING[variation]
    if not rated:
        first = meaning[:1].upper() + meaning[1:] + "."
    else:
        join = _JOIN.get((colour, variation), "and")
        lead = (
            f"{status},"
            if colour == "Green" and variation != "common cause"
            else (f"{status} against its target,")
        )
        first = f"{lead} {join} {meaning}."
    more = assurance_sentence(assurance) if rated else ""
    return f"{first} {more}".strip()


def spc_intro(disagreements: int) -> str:
    """The covering report's paragraph introducing the variation and assurance table.

    Examples
    --------
    >>> spc_intro(2)[:60]
    'Statistical process control shows whether an indicator has c'
    """
    lead = (
        "Statistical process control shows whether an indicator has changed beyond its "
        "normal variation, and whether at that variation it can be expected to meet its "
        "target. The table lists every indicator"
    )
    if disagreements == 0:
        return f"{lead}; for none does the status disagree with the variation."
    which = "indicator" if disagreements == 1 else "indicators"
    return (
        f"{lead}, starting with the {disagreements} {which} whose status and variation "
        "disagree (marked Disagree)."
    )

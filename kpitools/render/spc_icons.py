"""Variation and assurance icons in the spirit of Making Data Count, as inline SVG.

Each icon is a circle carrying a small process line (variation) or a target band
(assurance), coloured grey for common cause, blue for improvement or passing,
orange for concern or failing, with a letter so that colour is never the only
cue: H or L (the figures are high or low), P (passing), F (failing), ? (hit and
miss). The SVG has ``role="img"`` and a ``<title>``; the visible label beside it
is hidden from screen readers so the name is not read twice.
"""

from __future__ import annotations

from markupsafe import Markup

from kpitools.wording.spc import ASSURANCE_LABELS, VARIATION_LABELS

__all__ = ["COLOURS", "assurance_icon", "variation_icon"]

# Making Data Count's colours: grey common cause, blue improvement, orange concern.
COLOURS = {
    "process": "#7B7D7D",
    "improvement": "#289de0",
    "concern": "#ED8B00",
    "neutral": "#5E5E5E",
    "mean": "#231F20",
    "limit": "#7B7D7D",
    "target": "#C0392B",
}

_GREY = "#6B6B6B"  # 5.3:1 against white: the letter and ring stay readable
_NEUTRAL = "#7B4F9E"
# Dark enough for white letters (blue #1b6fa8 and orange #a65c00 pass 4.5:1).
_FILL = {"improvement": "#1b6fa8", "concern": "#a65c00"}


def _svg(label: str, ring: str, inner: str, letter: str) -> Markup:
    return Markup(
        '<span class="kt-spc-icon"><svg role="img" width="36" height="36" viewBox="0 0 40 40" '
        'focusable="false"><title>{label}</title>'
        '<circle cx="20" cy="20" r="18" fill="white" stroke="{ring}" stroke-width="3"/>'
        "{inner}"
        '<text x="20" y="27" text-anchor="middle" font-family="DejaVu Sans, Arial, sans-serif" '
        'font-size="14" font-weight="bold" fill="{ring}">{letter}</text></svg>'
        '<span class="kt-spc-icon__label" aria-hidden="true">{label}</span></span>'
    ).format(label=label, ring=ring, inner=Markup(inner), letter=letter)


def variation_icon(variation: str | None, improvement: str | None) -> Markup:
    """The icon of the latest figure's variation ("" without one).

    Examples
    --------
    >>> "H" in variation_icon("special cause improvement", "up")
    True
    >>> variation_icon(None, "up")
    Markup('')
    """
    if not variation or variation not in VARIATION_LABELS:
        return Markup("")
    label = VARIATION_LABELS[variation]
    dots = '<polyline points="8,14 14,12 20,15 26,13 32,14" fill="none" stroke="{c}"/>'
    if variation == "common cause":
        return _svg(label, _GREY, dots.format(c=_GREY), "")
    if variation == "special cause":
        return _svg(label, _NEUTRAL, dots.format(c=_NEUTRAL), "!")
    kind = "improvement" if variation.endswith("improvement") else "concern"
    high = (kind == "improvement") == (improvement == "up")
    colour = _FILL[kind]
    return _svg(label, colour, dots.format(c=COLOURS[kind]), "H" if high else "L")


def assurance_icon(assurance: str | None) -> Markup:
    """The icon of whether the process meets its target ("" without an assurance).

    Examples
    --------
    >>> "P" in assurance_icon("consistently passing")
    True
    """
    if not assurance or assurance not in ASSURANCE_LABELS:
        return Markup("")
    label = ASSURANCE_LABELS[assurance]
    band = '<line x1="8" y1="12" x2="32" y2="12" stroke="{c}" stroke-dasharray="3 2"/>'
    if assurance == "consistently passing":
        return _svg(label, _FILL["improvement"], band.format(c=COLOURS["improvement"]), "P")
    if assurance == "consistently failing":
        return _svg(label, _FILL["concern"], band.format(c=COLOURS["concern"]), "F")
    return _svg(label, _GREY, band.format(c=_GREY), "?")

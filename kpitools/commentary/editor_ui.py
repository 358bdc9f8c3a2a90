"""The ipywidgets face of :class:`kpitools.commentary.editor.CommentaryEditor`.

Tabs are grouped by service and named by indicator number and a short name; warnings
(a Red KPI without actions, commentary unchanged from last quarter) show as the analyst
types, before saving; the preview is the exported card in a frame of its own, so
JupyterLab's styles cannot change it.
"""

from __future__ import annotations

from html import escape

import ipywidgets as widgets
import pandas as pd

from kpitools.commentary.editor import CommentaryEditor
from kpitools.render.markup import report_css

__all__ = ["commentary_widget", "short_title", "warnings_for"]

# Proportional, larger text in the editing boxes (JupyterLab's default is small monospace).
_BOX_CSS = (
    "<style>.kt-editor-box textarea{font-family:'Segoe UI',Arial,'DejaVu Sans',sans-serif;"
    "font-size:15px;line-height:1.5;padding:0.5em}"
    ".kt-editor-warn{color:#b10e1e;font-weight:700}</style>"
)
_SHORT = 32


def short_title(indicator: object, name: str) -> str:
    """A tab title: the indicator number and the start of the name.

    Examples
    --------
    >>> short_title(36, "Number of active library users")
    '36 Number of active library users'
    >>> short_title(None, "Total number of Inquests closed that are over 12 months old")
    'Total number of Inquests closed…'
    """
    words, text = name.split(), ""
    for word in words:
        if len(text) + len(word) + 1 > _SHORT:
            text += "…"
            break
        text = f"{text} {word}".strip()
    number = "" if indicator is None or pd.isna(indicator) else f"{int(indicator)} "  # type: ignore[call-overload]
    return f"{number}{text}"


def warnings_for(status: str, commentary: str, actions: str, last_commentary: str) -> list[str]:
    """What the analyst should fix before the report goes out.

    Examples
    --------
    >>> warnings_for("Red", "Fell.", "", "")
    ['This KPI is Red: add the actions (the path to green).']
    >>> warnings_for("Green", "Same.", "", "Same.")
    ['The commentary is unchanged from last quarter.']
    """
    found = []
    if status == "Red" and not actions.strip():
        found.append("This KPI is Red: add the actions (the path to green).")
    if commentary.strip() and commentary.strip() == last_commentary.strip():
        found.append("The commentary is unchanged from last quarter.")
    return found


def _last(session: CommentaryEditor, kpi_id: str) -> pd.Series | None:
    commentary = session.data.commentary
    previous = commentary[
        (commentary["committee"] == session.committee)
        & (commentary["period"] == session.period.previous())
        & (commentary["kpi_id"] == kpi_id)
    ]
    return None if previous.empty else previous.iloc[0]


def _last_quarter(session: CommentaryEditor, row: pd.Series | None) -> str:
    if row is None:
        return "<p><em>No commentary last quarter.</em></p>"
    return (
        f"<h4>Last quarter ({escape(str(session.period.previous()))})</h4>"
        f"<blockquote>{escape(row['commentary'])}</blockquote>"
        + (
            f"<blockquote><strong>Actions:</strong> {escape(row['actions'])}</blockquote>"
            if row["actions"]
            else ""
        )
    )


def _isolated(card: str) -> str:
    # The card in its own document with the report's stylesheet: what reviewers get.
    page = (
        '<!DOCTYPE html><html lang="en-GB"><head><meta charset="utf-8">'
        f"<style>{report_css()}</style></head><body><main>{card}</main></body></html>"
    )
    return (
        f'<iframe title="Preview of the card" srcdoc="{escape(page, quote=True)}" '
        'style="width:100%;height:70em;border:1px solid #b1b4b6;background:#fff"></iframe>'
    )


def _warning_html(items: list[str]) -> str:
    return "".join(f'<p class="kt-editor-warn" role="alert">⚠ {escape(w)}</p>' for w in items)


def commentary_widget(session: CommentaryEditor) -> widgets.Widget:
    """Tabs by service, then by KPI; the preview follows every keystroke; Save writes."""
    status = widgets.HTML()
    table = session.model.rows.set_index("kpi_id")
    groups: dict[str, list[tuple[str, widgets.Widget]]] = {}
    for kpi_id in session.kpis:
        info = table.loc[kpi_id] if kpi_id in table.index else None
        last = _last(session, kpi_id)
        last_text = str(last["commentary"]) if last is not None else ""
        kpi_status = str(info["status"]) if info is not None else ""
        commentary = widgets.Textarea(
            value=session.commentary(kpi_id),
            description="Commentary",
            layout=widgets.Layout(width="100%", height="16em"),
        )
        actions = widgets.Textarea(
            value=session.actions(kpi_id),
            description="Actions",
            layout=widgets.Layout(width="100%", height="9em"),
        )
        for box in (commentary, actions):
            box.add_class("kt-editor-box")
        warn = widgets.HTML(
            _warning_html(warnings_for(kpi_status, commentary.value, actions.value, last_text))
        )
        preview = widgets.HTML(_isolated(session.preview(kpi_id)))

        def update(
            _change,
            kpi_id=kpi_id,
            commentary=commentary,
            actions=actions,
            preview=preview,
            warn=warn,
            kpi_status=kpi_status,
            last_text=last_text,
        ):
            session.set_commentary(kpi_id, commentary.value)
            session.set_actions(kpi_id, actions.value)
            preview.value = _isolated(session.preview(kpi_id))
            warn.value = _warning_html(
                warnings_for(kpi_status, commentary.value, actions.value, last_text)
            )
            status.value = "<p>Unsaved changes.</p>"

        commentary.observe(update, names="value")
        actions.observe(update, names="value")
        editors = widgets.VBox(
            [widgets.HTML(_last_quarter(session, last)), warn, commentary, actions],
            layout=widgets.Layout(width="45%"),
        )
        page = widgets.HBox([editors, widgets.Box([preview], layout=widgets.Layout(width="55%"))])
        service = str(info["service_area"]) if info is not None and info["service_area"] else ""
        name = str(info["name"]) if info is not None else kpi_id
        title = short_title(info["indicator"] if info is not None else None, name)
        groups.setdefault(service or "Other", []).append((title, page))
    services = [
        widgets.Tab(children=[p for _, p in pages], titles=[t for t, _ in pages])
        for pages in groups.values()
    ]
    tab = widgets.Tab(children=services, titles=list(groups))
    save = widgets.Button(description="Save", button_style="primary")
    merge = widgets.Button(description="Merge with disk", disabled=True)

    def on_save(_button):
        result = session.save()
        if result.saved:
            status.value = f"<p>Saved {escape(str(result.path))}.</p>"
            merge.disabled = True
        else:
            status.value = (
                "<p><strong>Not saved: the file changed on disk since it was loaded.</strong> "
                f"Your version is kept in {escape(str(result.mine))}. Changes on disk:</p>"
                f"<pre>{escape(result.diff)}</pre>"
            )
            merge.disabled = False

    def on_merge(_button):
        result = session.merge()
        conflicts = ", ".join(result.conflicts) or "none"
        status.value = (
            f"<p>Merged and saved. Sections changed on both sides (disk version kept): "
            f"{escape(conflicts)}.</p>"
        )
        merge.disabled = True

    save.on_click(on_save)
    merge.on_click(on_merge)
    return widgets.VBox([widgets.HTML(_BOX_CSS), widgets.HBox([save, merge]), status, tab])

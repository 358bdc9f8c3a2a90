"""The ipywidgets face of :class:`kpitools.commentary.editor.CommentaryEditor`."""

from __future__ import annotations

from html import escape
from typing import TYPE_CHECKING

import ipywidgets as widgets

from kpitools.render.appendix import report_css

if TYPE_CHECKING:
    from kpitools.commentary.editor import CommentaryEditor

__all__ = ["build_widget"]


def _last_quarter(session: CommentaryEditor, kpi_id: str) -> str:
    previous = session.data.commentary[
        (session.data.commentary["committee"] == session.committee)
        & (session.data.commentary["period"] == session.period.previous())
        & (session.data.commentary["kpi_id"] == kpi_id)
    ]
    if previous.empty:
        return "<p><em>No commentary last quarter.</em></p>"
    row = previous.iloc[0]
    return (
        f"<h4>Last quarter ({escape(str(session.period.previous()))})</h4>"
        f"<blockquote>{escape(row['commentary'])}</blockquote>"
        + (
            f"<blockquote><strong>Actions:</strong> {escape(row['actions'])}</blockquote>"
            if row["actions"]
            else ""
        )
    )


def build_widget(session: CommentaryEditor) -> widgets.Widget:
    """One tab per KPI; the preview follows every keystroke; Save writes the file."""
    style = widgets.HTML(f"<style>{report_css()}</style>")
    status = widgets.HTML()
    tabs = []
    titles = []
    for kpi_id in session.kpis:
        commentary = widgets.Textarea(
            value=session.commentary(kpi_id),
            description="Commentary",
            layout=widgets.Layout(width="100%", height="10em"),
        )
        actions = widgets.Textarea(
            value=session.actions(kpi_id),
            description="Actions",
            layout=widgets.Layout(width="100%", height="6em"),
        )
        preview = widgets.HTML(session.preview(kpi_id))

        def update(_change, kpi_id=kpi_id, commentary=commentary, actions=actions, preview=preview):
            session.set_commentary(kpi_id, commentary.value)
            session.set_actions(kpi_id, actions.value)
            preview.value = session.preview(kpi_id)
            status.value = "<p>Unsaved changes.</p>"

        commentary.observe(update, names="value")
        actions.observe(update, names="value")
        editors = widgets.VBox(
            [widgets.HTML(_last_quarter(session, kpi_id)), commentary, actions],
            layout=widgets.Layout(width="45%"),
        )
        tabs.append(
            widgets.HBox([editors, widgets.Box([preview], layout=widgets.Layout(width="55%"))])
        )
        titles.append(kpi_id)
    tab = widgets.Tab(children=tabs, titles=titles)
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
    return widgets.VBox([style, widgets.HBox([save, merge]), status, tab])

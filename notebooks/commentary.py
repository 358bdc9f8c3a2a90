# ---
# jupyter:
#   jupytext:
#     formats: ipynb,py:percent
#     text_representation:
#       extension: .py
#       format_name: percent
#   kernelspec:
#     display_name: Python 3 (ipykernel)
#     language: python
#     name: python3
# ---

# %% [markdown]
# # Commentary editor
#
# Set the committee and quarter, run all, then write each KPI's commentary and actions
# beside its figures, chart and last quarter's text. The preview shows the card as the
# appendix will print it. **Save** writes `data/raw/commentary/<committee>/<period>.md`
# (every previous version is kept in `.history/`); if someone changed the file meanwhile,
# Save refuses, keeps your text as a conflict copy of its own and shows what changed, and
# **Merge with disk** keeps both: a section you both changed gets both versions, marked.

# %% tags=["parameters"]
committee = "cosmic"
period = "2024-25 Q2"
root = ""

# %%
import kpitools as kt

session = kt.CommentaryEditor.open(committee, period, root=root or None)
kt.commentary_widget(session)

# %%
kt.check_commentary(session.data, committee, period)

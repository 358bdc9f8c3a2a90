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
# # Committee performance appendix
#
# Set the committee and quarter in the next cell, then run all cells: the page
# below is the appendix reviewers receive. Figures come from `data/raw/`,
# commentary from `data/raw/commentary/<committee>/<period>.md`. `kpitools build`
# runs this notebook with papermill for every committee, handing it the report's
# computed model (`model`), and exports it as HTML.

# %% tags=["parameters"]
committee = "cosmic"
period = "2023-24 Q2"
as_of = ""
model = ""
chart_cache = ""

# %%
import kpitools as kt

appendix = kt.Appendix.build(
    committee, period, as_of=as_of or None, model=model or None, chart_cache=chart_cache or None
)
appendix.style()

# %%
appendix.header()

# %%
appendix.summary()

# %%
appendix.spc_summary()

# %%
appendix.index()

# %%
appendix.key()

# %%
appendix.cards()

# %%
appendix.framework()

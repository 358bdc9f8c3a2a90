"""Sentences of the covering paper, as seed 000 words them."""

from kpitools.wording.covering import background_paragraphs, examples_intro


def test_background_paragraphs_of_seed_000():
    assert background_paragraphs("2024/25", 2, "30 September 2024") == [
        "This report, delivered quarterly, continues to support the committee with its "
        "performance management role. It provides an update on the status of the selected Key "
        "Performance Indicators (KPIs) which track the performance of the services the "
        "committee oversees.",
        "The report covers the period of quarter 2 2024/25, up to the end of 30 September 2024.",
    ]


def test_one_indicator_without_commentary():
    assert examples_intro("Green", 1, 0) == (
        "There is 1 Green indicator; it has no commentary this quarter."
    )

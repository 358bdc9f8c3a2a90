import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kpitools import RagScheme, rate
from kpitools.rules.rag import RATED, UNRATED

# Seed 004's Key: "off target by more than 10%", "exceeds target by more than 5%".
SEED_004 = RagScheme(red_inclusive=False, blue_inclusive=False)
# Seed 000 §2.5: RAG without Blue, "10% or more from target".
SEED_000 = RagScheme(blue=False)
# Seed 001 §1.5: "10% or more", "better than target by 5% or more".
SEED_001 = RagScheme()


@pytest.mark.parametrize(
    ("actual", "target", "expected"),
    [
        # Worked from seed 004's cards: shortfall / target.
        (96326, 107236, "Red"),  # 10,910 / 107,236 = 10.17% below
        (380018, 475381, "Red"),  # 20.1% below
        (99, 74, "Blue"),  # 25 / 74 = 33.8% above
        (55, 60, "Amber"),  # 5 / 60 = 8.3% below
        (296, 291, "Green"),  # 5 / 291 = 1.7% above
        (68, 70, "Amber"),  # 2.9% below
        (51, 65, "Red"),  # 21.5% below
        (608, 1128, "Red"),
    ],
)
def test_seed_004_published_ratings(actual, target, expected):
    assert rate(actual, target, "up", SEED_004) == expected


def test_boundary_is_exact_despite_floating_point():
    # 0.9 against 1.0 is exactly 10% short, though 1.0 - 0.9 is 0.09999999999999998.
    assert 1.0 - 0.9 != 0.1
    assert rate(0.9, 1.0, "up", SEED_001) == "Red"
    assert rate(0.9, 1.0, "up", SEED_004) == "Amber"
    assert rate(0.3, 0.1 + 0.2, "up") == "Green"
    assert rate(63, 70, "up", SEED_001) == "Red"  # "10% or more"
    assert rate(63, 70, "up", SEED_004) == "Amber"  # "more than 10%"
    # Exactly 5% better: Blue when inclusive (seed 001), Green when exclusive (seed 004).
    assert rate(73.5, 70, "up", SEED_001) == "Blue"
    assert rate(73.5, 70, "up", SEED_004) == "Green"
    # Lower is better: 11 against 10 is exactly 10% worse.
    assert rate(11, 10, "down", SEED_001) == "Red"
    assert rate(1.1, 1.0, "down", SEED_001) == "Red"


def test_rag_without_blue_makes_any_better_figure_green():
    assert rate(99, 74, "up", SEED_000) == "Green"
    assert rate(70, 70, "up", SEED_000) == "Green"


def test_points_tolerance_uses_the_indicators_units():
    scheme = RagScheme(tolerance="points", red_at=5, blue_at=3)
    assert rate(65, 70, "up", scheme) == "Red"  # exactly 5 points short
    assert rate(66, 70, "up", scheme) == "Amber"
    assert rate(73, 70, "up", scheme) == "Blue"
    assert rate(72, 70, "up", scheme) == "Green"


def test_zero_missing_and_bad_inputs_raise_clear_errors():
    with pytest.raises(ValueError, match="tolerance"):
        rate(5, 0, "up")
    assert rate(5, 0, "up", RagScheme(tolerance="points", red_at=2)) == "Blue"
    with pytest.raises(ValueError, match="target"):
        rate(5, None, "up")
    with pytest.raises(ValueError, match="target"):
        rate(5, math.nan, "up")
    with pytest.raises(ValueError, match="missing figure"):
        rate(None, 5, "up")
    with pytest.raises(ValueError, match="'up'"):
        rate(5, 5, "sideways")


def test_negative_target_uses_its_size_as_the_denominator():
    # Target a net reduction of -100; -85 is 15 worse when lower is better: 15% -> Red.
    assert rate(-85, -100, "down") == "Red"
    assert rate(-110, -100, "down") == "Blue"


ORDER = {"Red": 0, "Amber": 1, "Green": 2, "Blue": 3}
schemes = st.builds(
    RagScheme,
    blue=st.booleans(),
    red_at=st.sampled_from([0.05, 0.1, 0.2]),
    red_inclusive=st.booleans(),
    blue_at=st.sampled_from([0.05, 0.1]),
    blue_inclusive=st.booleans(),
)
targets = st.floats(0.5, 1e6, allow_nan=False)
ratios = st.floats(0, 3, allow_nan=False)


@given(targets, ratios, schemes)
def test_up_and_down_mirror_each_other(target, ratio, scheme):
    # Being d above target when higher is better equals being d below when lower is better.
    delta = (ratio - 1) * target
    assert rate(target + delta, target, "up", scheme) == rate(
        target - delta, target, "down", scheme
    )


@given(targets, ratios, ratios, schemes)
def test_moving_further_below_target_never_improves_the_status(target, r1, r2, scheme):
    low, high = sorted((r1, r2))
    assert (
        ORDER[rate(low * target, target, "up", scheme)]
        <= ORDER[rate(high * target, target, "up", scheme)]
    )
    assert (
        ORDER[rate(high * target, target, "down", scheme)]
        <= ORDER[rate(low * target, target, "down", scheme)]
    )


@given(targets, ratios, schemes)
def test_blue_only_exists_in_schemes_with_blue(target, ratio, scheme):
    status = rate(ratio * target, target, "up", scheme)
    if not scheme.blue:
        assert status != "Blue"
    if ratio >= 1:
        assert status in ("Green", "Blue")


def test_a_schemes_yml_entry_becomes_a_scheme():
    entry = {"label": "RAG", "source": "where the criteria are published", "blue": False,
             "red_at": 0.1, "red_inclusive": True, "tolerance": "relative",
             "summary_order": ["Red", "Amber", "Green", "Contextual"]}  # fmt: skip
    scheme = RagScheme.from_mapping(entry)
    assert scheme == RagScheme(blue=False, label="RAG", summary_order=("Red", "Amber", "Green",
                                                                        "Contextual"))  # fmt: skip
    assert scheme.statuses == ("Red", "Amber", "Green", "Contextual")
    # An empty summary_order in YAML (null) means the default order.
    assert RagScheme.from_mapping({"summary_order": None}).statuses == RATED + UNRATED


def test_unknown_scheme_settings_are_named_with_the_allowed_ones():
    with pytest.raises(ValueError) as error:
        RagScheme.from_mapping({"red_at": 0.1, "colour": "red", "amber_at": 0.05})
    assert str(error.value) == (
        "unknown scheme setting(s) amber_at, colour; allowed: blue, blue_at, blue_inclusive, "
        "label, red_at, red_inclusive, summary_order, tolerance"
    )

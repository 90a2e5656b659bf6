"""The compiled search core (transforms/_search.cpp) against the reference engine (transforms/readings/).

The core is a step-for-step port: on every row both must return the same readings, in the same
order, with the same search steps, and give up on the same rows. Results, figures and documents
all rest on that, so any difference is a bug in the port.
"""

from __future__ import annotations

import dataclasses
from dataclasses import replace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.synthetic.fingerprint import engine_forced
from tests.synthetic.rows import SAMPLE_RATES, Corruption, synthetic_rows
from transforms import readings
from transforms.cells import parse_cells
from transforms.readings import FieldKind, Layout, Source, model, native

DOUBLE = Corruption(lost_copy=0.24, blank_vanish=0.5, drift=0.1, stray=0.16, footnote=0.04, drop=0.16)


def _search(engine: str, tokens, cutoff: int, **kw):
    with engine_forced(engine):
        try:
            return readings.search(tokens, cutoff, kw.pop("margin", 4), **kw)
        except readings.OverBudget as e:  # what was settled before the budget ran out must agree too
            return "over budget", e.cleared, e.best


def _differences(rows, **kw) -> list:
    out = []
    for tokens, cutoff in rows:
        a, b = _search("python", tokens, cutoff, **kw), _search("native", tokens, cutoff, **kw)
        if a != b:
            out.append((tokens, cutoff, a, b))
    return out


def _synthetic(seed: int, n: int, rates: Corruption):
    return [(parse_cells(fields), cutoff) for _, fields, cutoff in synthetic_rows(seed, n, rates)]


def test_the_core_is_built() -> None:
    """`pip install -e .` compiles it; without it every run falls back to the slow engine."""
    assert readings.native_core() is not None, "transforms._search is not built (pip install -e .)"


@pytest.mark.parametrize(
    ("rates", "n", "kw"),
    [
        (SAMPLE_RATES, 160, {}),
        (DOUBLE, 80, {}),
        (SAMPLE_RATES, 120, {"budget": 3_000}),  # rows over a small budget: both give up alike
        (DOUBLE, 60, {"relaxed": True, "budget": 20_000}),  # the relaxed search (inconsistent rows)
        (replace(SAMPLE_RATES, pair_loss=1.0), 60, {}),  # two adjacent numbers lost: two forced values
    ],
    ids=["sample-rates", "double-rates", "small-budget", "relaxed", "lost-pairs"],
)
def test_same_readings_as_the_reference(rates: Corruption, n: int, kw: dict) -> None:
    rows = _synthetic(20170 + n, n, rates)
    assert _differences(rows, **kw) == []


def test_same_readings_with_two_forced_values_in_every_pass(monkeypatch: pytest.MonkeyPatch) -> None:
    """Passes allow one forced value, then two where none is found; two from the start (measured in
    docs/recovery.md) agrees too."""
    monkeypatch.setattr(model, "FORCED_LIMITS", (2,))
    assert _differences(_synthetic(7, 60, DOUBLE)) == []


_field = st.one_of(
    st.integers(0, 12).map(str),
    st.sampled_from(["", "", "0", "1/", "3 1/"]),
    st.integers(13, 500).map(str),
)


@settings(max_examples=150, derandomize=True, deadline=None)
@given(fields=st.lists(_field, min_size=0, max_size=40), cutoff=st.integers(1, 4), margin=st.sampled_from([0, 4]))
def test_same_readings_on_arbitrary_lines(fields: list[str], cutoff: int, margin: int) -> None:
    """Lines no generator would write (too short, too long, all blanks, large values) agree too."""
    rows = [(parse_cells(fields), cutoff)]
    assert _differences(rows, budget=4_000, margin=margin) == []


def test_rows_beyond_the_core_limits_use_the_reference() -> None:
    """A value past 32 bits (a report may print up to 10**12) is searched by the Python engine."""
    big = 3_000_000_000
    # total executed not printed: one forced value
    fields = [str(big), *[str(big // 12)] * 12, *[str(big // 12)] * 12, *[str(big // 4)] * 8, str(big)]
    tokens = parse_cells(fields)
    got = _search("native", tokens, 4)
    assert got == _search("python", tokens, 4)
    assert got[0] and got[0][0].values[34] == big
    with pytest.raises(ValueError, match="limits"):
        native._core.search((0,), (big,), native.prepared_layout(4), native.params((1, 2)), False, 4, 1000)


def test_the_core_reads_every_layout_field_and_cost_by_name() -> None:
    """The core reads the layout and the costs by the names the Python side gives them: the same
    fields on both sides, and the same codes for field kinds and sources."""
    core = readings.native_core()
    assert set(core.LAYOUT_FIELDS) == {f.name for f in dataclasses.fields(Layout)}
    assert set(core.PARAM_FIELDS) == set(native.param_fields(model.FORCED_LIMITS))
    assert {k.name: k.value for k in FieldKind} == core.FIELD_KINDS
    assert {s.name: s.value for s in Source} == core.SOURCES
    for cutoff in (1, 2, 3, 4):
        assert native.prepared_layout(cutoff) is not None


@pytest.mark.parametrize("cutoff", [1, 4])
def test_a_layout_field_either_side_lacks_is_refused_by_name(cutoff: int) -> None:
    core = readings.native_core()
    fields = native.layout_fields(cutoff)
    for name in fields:
        lacking = {k: v for k, v in fields.items() if k != name}
        with pytest.raises(ValueError, match=f"lacks field '{name}'"):
            core.prepare_layout(lacking)
    renamed = {("q_executed" if k == "q_exec" else k): v for k, v in fields.items()}
    with pytest.raises(ValueError, match="lacks field 'q_exec'"):
        core.prepare_layout(renamed)
    with pytest.raises(ValueError, match="has field 'n_slots', which the compiled core does not read"):
        core.prepare_layout({**fields, "n_slots": 35})
    costs = native.param_fields((1, 2))
    with pytest.raises(ValueError, match="lacks field 'stray'"):
        core.prepare_params({k: v for k, v in costs.items() if k != "stray"})


def test_an_inconsistent_layout_is_refused_once() -> None:
    """The core checks the layout when it is prepared, so that no row reads outside it."""
    core = readings.native_core()
    fields = native.layout_fields(4)
    wrong_group = {**fields, "group_slots": tuple(reversed(fields["group_slots"]))}
    short_gap = {**fields, "gap": fields["gap"][:-1]}
    pair = {**fields, "mirror": tuple((a, b, 0) for a, b in fields["mirror"])}
    for layout in (wrong_group, short_gap):
        with pytest.raises(ValueError, match="layout outside the compiled search's limits, or inconsistent"):
            core.prepare_layout(layout)
    with pytest.raises(ValueError, match="layout field 'mirror': expected 2-tuples"):
        core.prepare_layout(pair)
    with pytest.raises(ValueError, match="forced-value limits"):
        core.prepare_params(native.param_fields((1, 3)))

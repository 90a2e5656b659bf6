"""Where the reliability cases' inputs are: the bundled sample, the committed bad inputs and their manifest,
the quarterly reports a base warehouse already holds.
"""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
BAD_INPUTS = ROOT / "tests" / "fixtures" / "bad_inputs"
MANIFEST = BAD_INPUTS / "cases.toml"
SAMPLE = ROOT / "poi_warehouse" / "samples" / "poi_2017_t4.txt"
QUARTERLY = ROOT / "tests" / "fixtures" / "quarterly"
HISTORY = [QUARTERLY / "poi_2017_t2.txt", QUARTERLY / "poi_2017_t3.txt"]  # already in the warehouse

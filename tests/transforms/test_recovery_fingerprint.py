"""The recovery engine's results are frozen: a change to its code must not change what it decides.

The hashes below are the fingerprint (tests/synthetic/fingerprint.py: statuses, values, findings,
readings and search steps, row by row) of the engine as its results were frozen, over the bundled
sample and 150 synthetic rows per corruption level; scripts/recovery_fingerprint.py checks more
rows, on both engines. Both engines give the same fingerprint (test_native_search.py).
"""

from __future__ import annotations

import pytest

from tests.synthetic.fingerprint import LEVELS, fingerprint, level_rows, sample_rows
from transforms.readings import native_core

ROWS = 150

EXPECTED = {
    "poi_2017_t4.txt": "07b481462f04d67e41d02576b2e441f70c9a48652a4ee9865a9dde1d9f801694",
    "clean": "1339d791e781857540c298f7dcf806e5873f88090d6faa1d29b7fb7f83257b25",
    "half sample": "518d1dfb68dda533d2dc8f01318416d893a68482adb5d6609a9a98e0d96e65fe",
    "sample": "3ea68c4381d44a4eb1354c62b51f5113b77fc58766ed625f117f1f9da91121b4",
    "double sample": "a7eb709fd93e13539ec0a319d2c209975a2988c0ef8ad542fde3b7e083a63557",
    "sample + slips": "4c8692a81574ef99b5facb4ccf95ada9a2d49fc52a3ce3c4ada91454dd59ce0c",
    "sample, a slip in every row": "6f1bbde9d796ebef9478f0ee57b1a04b85017a10432006f593434a6b09d2210b",
    "sample + lost adjacent pairs": "e2b8a04bd81cea806750846fbc220ed14f727ab7d8ce94570859c3fd393ac968",
}


@pytest.mark.parametrize("corpus", list(EXPECTED))
def test_the_engine_decides_what_it_decided(corpus: str) -> None:
    rows = sample_rows() if corpus == "poi_2017_t4.txt" else level_rows(LEVELS[corpus], ROWS)
    engine = "native" if native_core() is not None else "python"
    assert fingerprint(rows, engine) == EXPECTED[corpus]

"""Check that the recovery engine still decides what it decided when its results were frozen.

Usage: .venv/bin/python scripts/recovery_fingerprint.py [--engine native|python|both] [--rows N] [--dump DIR]

Prints one sha256 per corpus and engine (the bundled sample, synthetic rows at each corruption level
of scripts/recovery_accuracy.py, seed 20170; `tests/synthetic/fingerprint.py` says what is hashed)
and compares it with EXPECTED; exits 1 on a difference. The compiled engine runs 1,000 rows per
level, the Python one 500 (tens of times slower); --rows overrides both (nothing to compare then).
--dump writes each corpus's row lines to DIR, to find the rows that differ with `diff`.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.synthetic.fingerprint import ENGINES, LEVELS, fingerprint, level_rows, sample_rows  # noqa: E402

ROWS = {"native": 1000, "python": 500}  # per level

EXPECTED = {
    ("native", "poi_2017_t4.txt"): "07b481462f04d67e41d02576b2e441f70c9a48652a4ee9865a9dde1d9f801694",
    ("native", "clean"): "c858f0352d7cc33b5f1967bc8cbd6d3c7b760dc6b2d50a2f54acc15747bdd870",
    ("native", "half sample"): "d68fe5076bd09c80d19a54078a94d02d1aec0fc12ca4259bc8843892f77699d1",
    ("native", "sample"): "1b7d1c67b06539ba504461f29b5fa23fd00ee639df57577b971af2f44265a062",
    ("native", "double sample"): "257b3fa7707469924b8c825d362eaac5cd55b82b8154b38c132f7662fac2c799",
    ("native", "sample + slips"): "4d8890be8c60f456adbec3d714dfa34bcd1654460f2295815211b82abe400f9d",
    ("native", "sample, a slip in every row"): "c80730bb1e40e89ba71c66263a8d5ce7a3ef9114ca743a1faf90a57bb9388d3c",
    ("native", "sample + lost adjacent pairs"): "57aec5334124dec4f02e5e4c1e6e233821d7f6473df8e0a299191a2e39351882",
    ("python", "poi_2017_t4.txt"): "07b481462f04d67e41d02576b2e441f70c9a48652a4ee9865a9dde1d9f801694",
    ("python", "clean"): "b5044342356cee415d63ca1e60a3c88a587cd13e935f714ccb0dac22c64cdfd2",
    ("python", "half sample"): "69fe33b0cea8d7b44b3894a71a975f3136b327674597ebd1622b324b4e349a65",
    ("python", "sample"): "4cb148a375763f8f620a652b638536cf064c27710c3e316df844eb0edb5a7f09",
    ("python", "double sample"): "107d839da7649ca58110113e97d8f9a69a121d119a54acfee65e4f398eb6f37d",
    ("python", "sample + slips"): "cc166edb9a0f5d5281241d6daa310bc4d1d9c11def4632ba123ac940ebaccd25",
    ("python", "sample, a slip in every row"): "622848597b1db1fe02b23b5df710b8781d6d416655e5f6739828ce58ff3264d7",
    ("python", "sample + lost adjacent pairs"): "4d61c541405df0c27e49c6d1a53284ad05be6d398341d788716210a45eadd842",
}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--engine", choices=(*ENGINES, "both"), default="both")
    ap.add_argument("--rows", type=int, help="rows per level (default: 1000 compiled, 500 Python)")
    ap.add_argument("--dump", type=Path, help="write each corpus's row lines to this directory")
    args = ap.parse_args()
    engines = ENGINES if args.engine == "both" else (args.engine,)
    differ = 0
    for engine in engines:
        n = args.rows or ROWS[engine]
        corpora = {"poi_2017_t4.txt": sample_rows(), **{name: level_rows(rates, n) for name, rates in LEVELS.items()}}
        for name, rows in corpora.items():
            start = time.perf_counter()
            lines: list[str] = []
            got = fingerprint(rows, engine, lines.append if args.dump else None)
            if args.dump:
                args.dump.mkdir(parents=True, exist_ok=True)
                slug = name.replace(" ", "_").replace(",", "").replace("+", "and")
                (args.dump / f"{engine}-{slug}.txt").write_text("".join(f"{line}\n" for line in lines))
            want = EXPECTED.get((engine, name)) if args.rows is None else None
            verdict = "no expected hash" if want is None else "same" if got == want else "DIFFERENT"
            differ += verdict == "DIFFERENT"
            print(f"{engine:6} {name:28} {len(rows):5} rows  {got}  {verdict}  ({time.perf_counter() - start:.1f} s)")
    return 1 if differ else 0


if __name__ == "__main__":
    sys.exit(main())

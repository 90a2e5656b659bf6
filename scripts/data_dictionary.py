"""Write docs/data-dictionary.md from a freshly migrated warehouse."""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from warehouse.dictionary import fresh_dictionary  # noqa: E402

if __name__ == "__main__":
    target = ROOT / "docs" / "data-dictionary.md"
    target.write_text(fresh_dictionary(), encoding="utf-8")
    print(f"wrote {target}")

"""The committed accuracy page is what the recovery engine gives (scripts/recovery_accuracy.py)."""

from __future__ import annotations

import importlib.util
from pathlib import Path

SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "recovery_accuracy.py"


def _script():
    spec = importlib.util.spec_from_file_location("recovery_accuracy", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_committed_accuracy_page_is_current():
    """The sample's statuses and findings and the synthetic levels' table, measured again and compared
    (the search's step budget bounds every row, so this cannot hang)."""
    accuracy = _script()
    assert accuracy.DOC.read_text(encoding="utf-8") == accuracy.document(), "run scripts/recovery_accuracy.py --write"

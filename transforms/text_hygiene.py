"""Characters a reader cannot see in a report's text cells: removed or replaced, and said so.

PDF extraction and copy-paste leave zero-width spaces, soft hyphens, no-break spaces, direction marks,
stray control characters and accents in decomposed form inside names. Kept, `ESCUELA SAT` and
`ESCUELA\u200bSAT` would be two units with two ids. `normalise_name` gives the name as loaded and a
description of what it changed, which the star shaping records as a `normalised_text` finding.
Ordinary whitespace (doubled, leading or trailing spaces) is collapsed without a finding, as before.
"""

from __future__ import annotations

import unicodedata
from collections import Counter

_SEPARATOR_CATEGORIES = {"Zs", "Zl", "Zp"}  # no-break, narrow, figure, ideographic spaces; line separators


def _label(char: str) -> str:
    name = unicodedata.name(char, "").lower() or "control character"
    return f"{name} (U+{ord(char):04X})"


def _invisible(char: str) -> bool:
    """Format characters (zero-width, soft hyphen, direction marks, BOM) and control characters."""
    return unicodedata.category(char) in ("Cf", "Cc")


def strip_invisible(text: str) -> str:
    """`text` without format and control characters, other space separators as spaces (no report)."""
    return "".join(
        " " if unicodedata.category(c) in _SEPARATOR_CATEGORIES else c for c in text if not _invisible(c) or c == "\t"
    )


def normalise_name(text: str) -> tuple[str, str | None]:
    """(the cell as loaded, what was changed or None).

    Removed: format and control characters; replaced by a space: space separators other than the
    space itself; then accents composed (NFC) and whitespace collapsed.
    """
    removed: Counter[str] = Counter()
    replaced: Counter[str] = Counter()
    kept = []
    for char in text:
        if _invisible(char):
            removed[char] += 1
        elif char != " " and unicodedata.category(char) in _SEPARATOR_CATEGORIES:
            replaced[char] += 1
            kept.append(" ")
        else:
            kept.append(char)
    plain = "".join(kept)
    composed = unicodedata.normalize("NFC", plain)
    changes = [f"removed {n}× {_label(c)}" for c, n in removed.items()]
    changes += [f"replaced {n}× {_label(c)} with a space" for c, n in replaced.items()]
    if composed != plain:
        changes.append("composed its accents (NFC)")
    return " ".join(composed.split()), "; ".join(changes) or None

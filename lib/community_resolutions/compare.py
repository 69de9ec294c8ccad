"""Compare two runs' findings: the same figures, sentences, warnings, sources and chart tables?

A change to the code that should not change any number (a refactor, a new layout) is checked by
building the same areas before and after and comparing every findings file and chart table:

>>> import json, tempfile
>>> before, after = Path(tempfile.mkdtemp()), Path(tempfile.mkdtemp())
>>> document = {"notebook": "1", "figures": {"share": {"value": 0.075, "meaning": "share"}}, "sentences": ["A."]}
>>> _ = (before / "1.findings.json").write_text(json.dumps(document))
>>> document["figures"]["share"]["value"] = 0.076
>>> _ = (after / "1.findings.json").write_text(json.dumps(document))
>>> [str(d) for d in compare_folders(before, after)]
['1.findings.json: figures.share.value: 0.075 before, 0.076 after']
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

# Parts of a findings file that say how the run was made, not what it found.
IGNORED_KEYS = frozenset({"newsroom_charts"})


@dataclass(frozen=True)
class Difference:
    """One place where the two runs disagree: the file (relative to the folders compared), where
    in it, and the two values (``None`` where one side has nothing)."""

    file: str
    where: str
    before: Any
    after: Any

    def __str__(self) -> str:
        if self.before is None:
            return f"{self.file}: {self.where}: only after ({_short(self.after)})"
        if self.after is None:
            return f"{self.file}: {self.where}: only before ({_short(self.before)})"
        return f"{self.file}: {self.where}: {_short(self.before)} before, {_short(self.after)} after"


def _short(value: Any, limit: int = 120) -> str:
    text = json.dumps(value, ensure_ascii=False) if not isinstance(value, str) else value
    return text if len(text) <= limit else text[: limit - 1] + "…"


def compared_files(folder: Path) -> dict[str, Path]:
    """The findings files and chart tables under ``folder``, by path relative to it.

    Pages (HTML) and newsroom copies (``*.chart.csv``, ``*.chart.json``) are left out: pages carry
    the date they were made, and the newsroom copies are made from the chart tables compared here.
    """
    kept = {}
    for path in sorted(folder.rglob("*")):
        name = path.name
        if path.is_file() and (name.endswith(".findings.json") or (name.endswith(".csv") and not name.endswith(".chart.csv"))):
            kept[path.relative_to(folder).as_posix()] = path
    return kept


def compare_values(before: Any, after: Any, where: str = "") -> list[tuple[str, Any, Any]]:
    """Every (place, before, after) where two JSON values differ; dictionaries key by key, lists
    item by item. Numbers compare exactly: a figure that moved in its last digit has moved.

    >>> compare_values({"a": [1, 2], "b": "x"}, {"a": [1, 3], "c": "y"})
    [('a[1]', 2, 3), ('b', 'x', None), ('c', None, 'y')]
    """
    if isinstance(before, dict) and isinstance(after, dict):
        found = []
        for key in sorted(set(before) | set(after), key=str):
            if key in IGNORED_KEYS and not where:
                continue
            place = f"{where}.{key}" if where else str(key)
            if key not in after:
                found.append((place, before[key], None))
            elif key not in before:
                found.append((place, None, after[key]))
            else:
                found.extend(compare_values(before[key], after[key], place))
        return found
    if isinstance(before, list) and isinstance(after, list) and len(before) == len(after):
        found = []
        for number, (one, other) in enumerate(zip(before, after, strict=True)):
            found.extend(compare_values(one, other, f"{where}[{number}]"))
        return found
    return [] if before == after else [(where, before, after)]


def compare_folders(before: Path, after: Path) -> list[Difference]:
    """Every difference between the findings files and chart tables of two folders of reports.

    A file on one side only is a difference; a chart table (CSV) is compared line by line.
    """
    old, new = compared_files(Path(before)), compared_files(Path(after))
    differences: list[Difference] = []
    for name in sorted(set(old) | set(new)):
        if name not in new:
            differences.append(Difference(name, "file", "present", None))
        elif name not in old:
            differences.append(Difference(name, "file", None, "present"))
        elif name.endswith(".json"):
            one, other = json.loads(old[name].read_text(encoding="utf-8")), json.loads(new[name].read_text(encoding="utf-8"))
            differences.extend(Difference(name, where, a, b) for where, a, b in compare_values(one, other))
        else:
            lines, others = old[name].read_text(encoding="utf-8").splitlines(), new[name].read_text(encoding="utf-8").splitlines()
            for number in range(max(len(lines), len(others))):
                a = lines[number] if number < len(lines) else None
                b = others[number] if number < len(others) else None
                if a != b:
                    differences.append(Difference(name, f"line {number + 1}", a, b))
    return differences

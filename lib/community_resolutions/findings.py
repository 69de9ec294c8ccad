"""The findings file: every figure behind every sentence, with parameters and sources.

A notebook named ``1-force-rate`` writes ``1-force-rate.findings.json`` and one CSV per chart
(``1-force-rate.<chart>.csv``) into its ``output_dir``, so several notebooks can share a
folder without overwriting each other. Files are written under a temporary name and then
renamed, so a failed run never leaves a half-written file in place of a good one.

>>> import tempfile, json
>>> f = Findings("1-force-rate", {"area": "Durham"}, synthetic=False)
>>> _ = f.add("durham_share", 0.091, "Durham's share")
>>> folder = Path(tempfile.mkdtemp())
>>> json.loads(f.write(folder).read_text())["figures"]["durham_share"]["value"]
0.091
"""

from __future__ import annotations

import json
import math
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd


def atomic_write_text(path: Path, text: str) -> Path:
    """Write text to ``path`` via a temporary file in the same folder, then rename."""
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(f".{path.name}.{os.getpid()}.partial")
    partial.write_text(text, encoding="utf-8")
    partial.replace(path)
    return path


def _plain(value: Any) -> Any:
    if hasattr(value, "item"):
        value = value.item()
    if isinstance(value, float) and math.isnan(value):
        return None
    return value


@dataclass
class Findings:
    """Figures, sentences, sources and chart data of one notebook run."""

    notebook: str
    parameters: dict[str, Any]
    synthetic: bool
    figures: dict[str, dict[str, Any]] = field(default_factory=dict)
    sentences: list[str] = field(default_factory=list)
    sources: list[dict[str, str]] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    charts: dict[str, pd.DataFrame] = field(default_factory=dict)

    def add(self, key: str, value: Any, meaning: str, **details: Any) -> Any:
        """Record a figure (and what it means); returns the value so it can be used inline."""
        self.figures[key] = {"value": _plain(value), "meaning": meaning, **{k: _plain(v) for k, v in details.items()}}
        return value

    def say(self, sentence: str, lead: bool = False) -> str:
        """Record a sentence the page prints (``lead=True``: the page's first, used on index pages)."""
        if lead:
            self.sentences.insert(0, sentence)
        else:
            self.sentences.append(sentence)
        return sentence

    def chart(self, name: str, data: pd.DataFrame) -> pd.DataFrame:
        """Keep a chart's data, written as ``<notebook>.<name>.csv``."""
        self.charts[name] = data
        return data

    def write(self, output_dir: str | os.PathLike[str]) -> Path:
        """Write the findings JSON and chart CSVs; returns the JSON path."""
        folder = Path(output_dir)
        for name, data in self.charts.items():
            if self.synthetic:  # invented numbers must never travel without their label
                data = data.copy()
                data.insert(0, "synthetic_data", "SYNTHETIC: invented counts, not a finding")
            atomic_write_text(folder / f"{self.notebook}.{name}.csv", data.to_csv(index=False))
        document = {
            "notebook": self.notebook,
            "synthetic": self.synthetic,
            "parameters": self.parameters,
            "sources": self.sources,
            "figures": self.figures,
            "sentences": self.sentences,
            "warnings": self.warnings,
            "charts": {name: f"{self.notebook}.{name}.csv" for name in self.charts},
        }
        return atomic_write_text(folder / f"{self.notebook}.findings.json", json.dumps(document, indent=2, ensure_ascii=False))

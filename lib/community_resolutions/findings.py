"""The findings file: every figure behind every sentence, with parameters and sources.

A notebook named ``1-force-rate`` writes ``1-force-rate.findings.json`` and one CSV per chart
(``1-force-rate.<chart>.csv``) into its ``output_dir``, and for each chart a copy shaped for
Datawrapper or Flourish with its metadata (``<chart>.chart.csv``, ``<chart>.chart.json``, see
:mod:`.newsroom`), so several notebooks can share a
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

from .newsroom import SYNTHETIC_COLUMN, SYNTHETIC_LABEL, ChartInfo, metadata, newsroom_frame, sources_line


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
    chart_info: dict[str, ChartInfo] = field(default_factory=dict)

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

    def chart(self, name: str, data: pd.DataFrame, *, title: str | None = None, description: str | None = None,
              source: str | None = None, alt: str | None = None, notes: list[str] | tuple[str, ...] = (),
              columns: dict[str, str] | None = None, percent: list[str] | None = None,
              label: str | None = None) -> pd.DataFrame:
        """Keep a chart's data, written as ``<notebook>.<name>.csv`` and, for newsroom charting tools,
        ``<notebook>.<name>.chart.csv`` with ``<notebook>.<name>.chart.json`` (see :mod:`.newsroom`).

        Every keyword is optional: ``title``, ``description``, ``source`` (the chart's source line),
        ``alt`` (the alt text the notebook gave the image), ``notes``, ``columns`` (column -> header),
        ``percent`` (the columns holding shares from 0 to 1; found by looking when not given) and
        ``label`` (the column naming each bar or point). What is not given is derived when the files
        are written, and the metadata says which fields were derived.
        """
        self.charts[name] = data
        self.chart_info[name] = ChartInfo(title=title, description=description, source=source, alt=alt,
                                          notes=list(notes), columns=dict(columns or {}),
                                          percent=list(percent) if percent is not None else None, label=label)
        return data

    def write(self, output_dir: str | os.PathLike[str]) -> Path:
        """Write the findings JSON and chart CSVs; returns the JSON path."""
        folder = Path(output_dir)
        newsroom: dict[str, dict[str, str]] = {}
        for name, data in self.charts.items():
            if self.synthetic:  # invented numbers must never travel without their label
                data = data.copy()
                data.insert(0, SYNTHETIC_COLUMN, SYNTHETIC_LABEL)
            atomic_write_text(folder / f"{self.notebook}.{name}.csv", data.to_csv(index=False))
            newsroom[name] = self._write_newsroom(folder, name, data)
        document = {
            "notebook": self.notebook,
            "synthetic": self.synthetic,
            "parameters": self.parameters,
            "sources": self.sources,
            "figures": self.figures,
            "sentences": self.sentences,
            "warnings": self.warnings,
            "charts": {name: f"{self.notebook}.{name}.csv" for name in self.charts},
            "newsroom_charts": newsroom,
        }
        return atomic_write_text(folder / f"{self.notebook}.findings.json", json.dumps(document, indent=2, ensure_ascii=False))

    def _write_newsroom(self, folder: Path, name: str, data: pd.DataFrame) -> dict[str, str]:
        """Write one chart's Datawrapper/Flourish CSV and metadata JSON; returns their file names."""
        info = self.chart_info.get(name) or ChartInfo()
        files = {"data": f"{self.notebook}.{name}.chart.csv", "metadata": f"{self.notebook}.{name}.chart.json",
                 "package_data": f"{self.notebook}.{name}.csv"}
        shaped, _ = newsroom_frame(data, info)
        years = [str(y) for y in self.parameters.get("years") or []]
        when = "" if not years else years[0] if len(years) == 1 else f"{years[0]} to {years[-1]}"
        area = str(self.parameters.get("area_name") or self.parameters.get("area") or "")
        described = metadata(self.notebook, name, data, info, subject=", ".join(p for p in (area, when) if p),
                             sources_line=sources_line([s["id"] for s in self.sources if "id" in s]),
                             synthetic=self.synthetic, files=files)
        atomic_write_text(folder / files["data"], shaped.to_csv(index=False))
        atomic_write_text(folder / files["metadata"], json.dumps(described, indent=2, ensure_ascii=False))
        return {"data": files["data"], "metadata": files["metadata"]}

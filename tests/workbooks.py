"""Small hand-made workbooks for reader and error tests."""

from __future__ import annotations

from pathlib import Path

import openpyxl


def write_workbook(path: Path, sheets: dict[str, list[list]]) -> Path:
    """A small xlsx by hand: {sheet name: rows}."""
    book = openpyxl.Workbook()
    book.remove(book.active)
    for name, rows in sheets.items():
        sheet = book.create_sheet(name)
        for row in rows:
            sheet.append(row)
    book.save(path)
    return path

"""Headless Chromium through Playwright for the browser tests: the system Chromium, never a download.

Every helper skips the calling test, saying what is missing and how to get it, when Chromium,
Playwright or axe-core is absent (``.ci/run`` installs all three).
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from community_resolutions.paths import PROJECT_ROOT

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser") or (
    "/usr/bin/chromium" if Path("/usr/bin/chromium").exists() else None)
#: No network: a page must open offline; anything it tried to fetch would fail.
OFFLINE_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                "--proxy-server=127.0.0.1:9", "--proxy-bypass-list=127.0.0.1;localhost",
                "--disable-dev-shm-usage"]
AXE = PROJECT_ROOT / "tests" / ".node" / "node_modules" / "axe-core" / "axe.min.js"
SCREENSHOTS = PROJECT_ROOT / "reports" / "screenshots"


def pinned_axe_version() -> str:
    """The axe-core version the Makefile installs (``AXE_VERSION := x.y.z``)."""
    return re.search(r"^AXE_VERSION := (\S+)", (PROJECT_ROOT / "Makefile").read_text(), re.M).group(1)


def require_chromium() -> str:
    """The system Chromium's path, or skip."""
    if CHROMIUM is None:
        pytest.skip("headless Chromium not installed (apt-get install chromium; .ci/run does it)")
    return CHROMIUM


def sync_playwright():
    """Playwright's ``sync_playwright``, or skip."""
    try:
        from playwright.sync_api import sync_playwright as start
    except ImportError:
        pytest.skip("playwright is not installed in .venv (make env installs it from requirements.txt)")
    return start


def require_axe() -> str:
    """axe.min.js's text, or skip."""
    if not AXE.exists():
        node = shutil.which("npm")
        pytest.skip(f"axe-core not found at {AXE.relative_to(PROJECT_ROOT)}: run `make axe` (npm install of axe-core "
                    f"{pinned_axe_version()}; {'npm is installed' if node else 'npm is not installed'})")
    return AXE.read_text(encoding="utf-8")


def launch(playwright):
    """The system Chromium, headless, offline."""
    return playwright.chromium.launch(executable_path=require_chromium(), headless=True, args=OFFLINE_ARGS)


def screenshot(page, name: str) -> Path:
    """A full-page screenshot kept as a test artefact under ``reports/screenshots/``; prints its path."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    print(f"screenshot: {path}")
    return path

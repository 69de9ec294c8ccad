"""The journalist's path in a real browser (issue 15 item 7): JupyterLab from the project's environment,
driven by Playwright in the system Chromium, opens ``1-force-rate.ipynb`` from the file browser, runs
all its cells with the project's kernel and shows the chart and the key sentence, with no error.

The notebook is copied to a temporary folder, which is JupyterLab's root: nothing the run does
(outputs, autosave, checkpoints) reaches the notebook kept in git. The kernel finds the data through
``CR_DATA_MIRROR``. The server listens on 127.0.0.1 only, with a random token, and is stopped at the
end; every wait is bounded. Skipped, saying why, without Chromium, Playwright or the data mirror.
"""

from __future__ import annotations

import json
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import time
import urllib.request
from pathlib import Path

import pytest
from browsers import launch, require_chromium, screenshot, sync_playwright

from community_resolutions.paths import NOTEBOOKS_DIR, PROJECT_ROOT

pytestmark = [pytest.mark.browser, pytest.mark.notebook]

NOTEBOOK = "1-force-rate.ipynb"
KERNEL_DISPLAY_NAME = "Python (community-resolutions)"
JUPYTER = PROJECT_ROOT / ".venv" / "bin" / "jupyter"
START_SECONDS, RUN_SECONDS = 90, 300
#: JupyterLab user settings for the test: every cell in the page (no windowing), no news prompt.
SETTINGS = {
    "@jupyterlab/notebook-extension/tracker.jupyterlab-settings": {"windowingMode": "none"},
    "@jupyterlab/apputils-extension/notification.jupyterlab-settings": {"fetchNews": "false", "checkForUpdates": False},
}


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for_server(url: str, server: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + START_SECONDS
    while time.monotonic() < deadline:
        if server.poll() is not None:
            pytest.fail(f"JupyterLab exited with {server.returncode}:\n{log.read_text()[-3000:]}")
        try:
            with urllib.request.urlopen(url, timeout=5) as answer:
                if answer.status == 200:
                    return
        except OSError:
            time.sleep(0.5)
    pytest.fail(f"JupyterLab did not answer within {START_SECONDS}s:\n{log.read_text()[-3000:]}")


def stop(server: subprocess.Popen) -> None:
    """SIGTERM to the server's own process group (the server and its kernels), SIGKILL after 20 s."""
    if server.poll() is None:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait(timeout=10)


@pytest.fixture
def jupyterlab(mirror, tmp_path):
    """A JupyterLab server on a free 127.0.0.1 port, rooted at a temporary copy of the notebook."""
    require_chromium()
    if not JUPYTER.exists():
        pytest.skip(f"{JUPYTER} not found: run make env")
    root = tmp_path / "notebooks"
    root.mkdir()
    shutil.copy2(NOTEBOOKS_DIR / NOTEBOOK, root / NOTEBOOK)
    settings = tmp_path / "lab-settings"
    for name, values in SETTINGS.items():
        (settings / name).parent.mkdir(parents=True, exist_ok=True)
        (settings / name).write_text(json.dumps(values))
    env = {**os.environ, "CR_DATA_MIRROR": str(mirror), "JUPYTERLAB_SETTINGS_DIR": str(settings),
           "JUPYTERLAB_WORKSPACES_DIR": str(tmp_path / "workspaces"), "JUPYTER_RUNTIME_DIR": str(tmp_path / "runtime"),
           "JUPYTER_CONFIG_DIR": str(tmp_path / "config")}
    port, token = free_port(), secrets.token_hex(16)
    log = tmp_path / "jupyterlab.log"
    with open(log, "wb") as handle:
        server = subprocess.Popen(
            [str(JUPYTER), "lab", "--no-browser", "--ip=127.0.0.1", f"--port={port}", "--port-retries=0",
             # IdentityProvider.token: ServerApp.token's name since jupyter_server 2.0 (the old one warns)
             f"--IdentityProvider.token={token}", f"--ServerApp.root_dir={root}"]
            + (["--allow-root"] if os.geteuid() == 0 else []),  # CI containers run as root
            cwd=root, env=env, stdout=handle, stderr=subprocess.STDOUT, start_new_session=True)
    try:
        base = f"http://127.0.0.1:{port}"
        wait_for_server(f"{base}/api/status?token={token}", server, log)
        yield base, token, root
    finally:
        stop(server)


def test_journalist_runs_notebook_1_in_jupyterlab(jupyterlab):
    base, token, root = jupyterlab
    in_git = (NOTEBOOKS_DIR / NOTEBOOK).read_bytes()
    started = time.perf_counter()
    with sync_playwright()() as playwright:
        browser = launch(playwright)
        try:
            page = browser.new_page(viewport={"width": 1400, "height": 1000})
            page.set_default_timeout(60_000)
            page.goto(f"{base}/lab?token={token}")
            # the file browser lists the notebook: open it as a journalist would, by double-clicking
            item = page.locator(".jp-DirListing-item", has_text=NOTEBOOK)
            item.wait_for()
            item.dblclick()
            panel = page.locator(".jp-NotebookPanel:not(.lm-mod-hidden)")
            panel.wait_for()
            kernel = page.locator(".jp-NotebookPanel-toolbar .jp-KernelName, .jp-Toolbar-kernelName").first
            kernel.wait_for()
            page.wait_for_function("name => [...document.querySelectorAll('.jp-NotebookPanel-toolbar *')]"
                                   ".some(e => e.textContent.trim() === name)", arg=KERNEL_DISPLAY_NAME)
            wait_idle(page)
            page.locator(".lm-MenuBar-itemLabel", has_text=re.compile(r"^Run$")).click()
            page.locator(".lm-Menu-itemLabel", has_text=re.compile(r"^Run All Cells$")).click()
            wait_all_run(page)
            outputs = panel.locator(".jp-OutputArea-output")
            images = panel.locator(".jp-OutputArea-output img")
            assert images.count() >= 1, "no chart among the outputs"
            images.first.scroll_into_view_if_needed()
            screenshot(page, "jupyterlab-1-force-rate")  # the first chart, as the journalist sees it
            assert all(images.nth(i).get_attribute("alt") for i in range(images.count())), "a chart without alt text"
            text = "\n".join(outputs.all_inner_texts())
            assert re.search(r"community resolution", text, re.I), "the key sentence is not shown"
            errors = [t for t in panel.locator('.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.stderr"]')
                      .all_inner_texts() if re.search(r"Traceback|\w+Error\b", t)]
            assert not errors, "error output:\n" + "\n---\n".join(e[:1500] for e in errors)
        finally:
            browser.close()
    print(f"JupyterLab run of {NOTEBOOK}: {time.perf_counter() - started:.1f}s in the browser")
    assert (NOTEBOOKS_DIR / NOTEBOOK).read_bytes() == in_git, "the notebook in git was changed"


def wait_idle(page, timeout: float = RUN_SECONDS) -> None:
    """Until the notebook's kernel says it is idle (the execution indicator in the toolbar)."""
    page.wait_for_function(
        "() => { const i = document.querySelector('.jp-NotebookPanel:not(.lm-mod-hidden) .jp-Notebook-ExecutionIndicator');"
        " return i && i.getAttribute('data-status') === 'idle'; }", timeout=timeout * 1000)


def wait_all_run(page) -> None:
    """Until every code cell has an execution count (none waiting, ``[*]`` or ``[ ]``) and the kernel is idle."""
    page.wait_for_function(
        "() => { const cells = [...document.querySelectorAll('.jp-NotebookPanel:not(.lm-mod-hidden) .jp-CodeCell')];"
        " return cells.length > 0 && cells.every("
        "c => /\\[\\d+\\]/.test((c.querySelector('.jp-InputPrompt') || {}).textContent || '')); }",
        timeout=RUN_SECONDS * 1000)
    wait_idle(page)

"""Pages as a reader's browser sees them: headless Chromium, no network, a screenshot kept.

Skipped (with a message) where Chromium is not installed; `.ci/run` installs Debian's `chromium`.
"""

from __future__ import annotations

import base64
import io
import re
import shutil
import subprocess

import matplotlib.image as mpimg
import pytest

from community_resolutions import areas, publish
from community_resolutions.paths import PROJECT_ROOT

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
OFFLINE = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
           "--disable-component-update", "--hide-scrollbars", "--proxy-server=127.0.0.1:9",
           "--host-resolver-rules=MAP * ~NOTFOUND"]
ARTIFACTS = PROJECT_ROOT / "reports" / "test-artifacts"

pytestmark = [pytest.mark.skipif(CHROMIUM is None, reason="headless Chromium not installed (apt-get install chromium)"),
              pytest.mark.notebook]  # every page here is built by running notebooks


def chromium(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([CHROMIUM, *OFFLINE, *args], capture_output=True, text=True, timeout=120)


@pytest.fixture(scope="module", params=["Durham", "British Transport Police"])
def editor_page(request, mirror, tmp_path_factory):
    area = areas.force_area(request.param)
    reports = tmp_path_factory.mktemp("browser")
    index = publish.build(area, "2017/18", "closed", mirror=str(mirror), reports_dir=reports,
                          notebooks=("1-force-rate", "3-drug-offences"), log=lambda *a, **k: None)
    return area, index.parent / f"{area.slug}.html"


def test_title_and_headline_name_the_force(editor_page):
    area, page = editor_page
    dom = chromium("--dump-dom", page.as_uri()).stdout
    title = re.search(r"<title>(.*?)</title>", dom, re.S).group(1)
    headline = re.search(r"<h1[^>]*>(.*?)</h1>", dom, re.S).group(1)
    assert area.name in title and area.name in headline


def test_every_image_decodes_and_nothing_is_fetched(editor_page):
    _, page = editor_page
    text = page.read_text(encoding="utf-8")
    sources = re.findall(r'<img[^>]+src="([^"]+)"', text)
    assert sources
    for source in sources:
        assert source.startswith("data:image/png;base64,"), source[:60]
        image = mpimg.imread(io.BytesIO(base64.b64decode(source.split(",", 1)[1])), format="png")
        assert image.shape[0] > 50 and image.shape[1] > 50
    assert not re.search(r'(src|href)="(https?:)?//', text)


def test_screenshot_is_saved_and_not_blank(editor_page):
    area, page = editor_page
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    shot = ARTIFACTS / f"{area.slug}.png"
    shot.unlink(missing_ok=True)
    chromium("--window-size=1000,2400", f"--screenshot={shot}", page.as_uri())
    assert shot.exists(), "Chromium made no screenshot"
    pixels = mpimg.imread(shot)
    assert pixels.std() > 0.05, "the page rendered blank"

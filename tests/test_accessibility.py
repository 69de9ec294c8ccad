"""Accessibility checked, not hoped for (issue 15 item 6): axe-core in headless Chromium on each kind
of page the package makes, no serious or critical violation allowed; a screenshot of each kept.

Pages: a finding page exported from a notebook (``1-force-rate.html``), the page to publish from
(``<area>.html``), the run's index (``index.html``, :func:`publish.write_index`), and the national
batch's indexes (``reports/index.html`` and a region's, :func:`publish._write_national_indexes`,
written here from a made-up batch result: they need no notebook run).
Needs Chromium, Playwright (``.venv``) and axe-core (``make axe``); skipped, saying which, without.
"""

from __future__ import annotations

import json
import shutil
import time

import pytest
from browsers import launch, pinned_axe_version, require_axe, require_chromium, screenshot, sync_playwright

from community_resolutions import areas, publish
from community_resolutions.assemble import assemble_page

pytestmark = [pytest.mark.browser, pytest.mark.notebook]  # builds pages: notebooks run

#: Rules that must have run on every page (not switched off, not silently skipped).
REQUIRED_RULES = {"color-contrast", "image-alt", "html-has-lang", "document-title", "link-name"}
BLOCKING = {"serious", "critical"}
#: Moderate rules these pages once broke (no <main>: content outside any landmark) and must not again.
FIXED = {"landmark-one-main", "region"}


@pytest.fixture(scope="module")
def pages(mirror, tmp_path_factory) -> dict[str, object]:
    """One of each kind of page, built for Cleveland, 2017/18, from notebook 1 only (about 15 s).

    Cleveland ranks low, so its page's tables show the "…" row before its own (grey text, checked
    for contrast). A copy of its folder, marked synthetic and re-assembled with an embargo and a
    right of reply, gives the page with every banner."""
    require_chromium()
    reports = tmp_path_factory.mktemp("a11y")
    area = areas.force_area("Cleveland")
    index = publish.build(area, "2017/18", "closed", mirror=str(mirror), reports_dir=reports,
                          notebooks=("1-force-rate",), log=lambda *a, **k: None)
    folder = index.parent
    made = [publish.Page(area, "1-force-rate", folder / "1-force-rate.html", folder / "1-force-rate.findings.json")]
    region = areas.region("north-east-and-north-yorkshire")
    batch = publish.BatchResult(made={"cleveland": made}, failed={"durham": "error in a notebook: example"}, seconds=1.0)
    publish._write_national_indexes(batch, [area, region], reports, "2017/18", "closed")
    banners = reports / "banners"
    shutil.copytree(folder, banners)
    findings = banners / "1-force-rate.findings.json"
    findings.write_text(findings.read_text(encoding="utf-8").replace('"synthetic": false', '"synthetic": true', 1),
                        encoding="utf-8")
    assemble_page(banners, area, embargo="00:01 Monday 30 November", right_of_reply="We take this seriously.",
                  mirror=str(mirror))
    return {
        "finding": folder / "1-force-rate.html",
        "page-to-publish": folder / "cleveland.html",
        "page-with-banners": banners / "cleveland.html",
        "index": index,
        "national-index": reports / "index.html",
        "region-index": reports / region.slug / "index.html",
    }


@pytest.fixture(scope="module")
def browser():
    axe = require_axe()
    with sync_playwright()() as playwright:
        chromium = launch(playwright)
        try:
            yield chromium, axe
        finally:
            chromium.close()


def run_axe(browser, path, name: str) -> dict:
    chromium, axe = browser
    page = chromium.new_page(viewport={"width": 1100, "height": 900})
    try:
        page.goto(path.as_uri(), wait_until="load", timeout=60_000)
        page.add_script_tag(content=axe)
        started = time.perf_counter()
        results = page.evaluate("async () => await axe.run(document)")
        print(f"axe on {name}: {time.perf_counter() - started:.1f}s")
        screenshot(page, f"a11y-{name}")
        return results
    finally:
        page.close()


def describe(violations: list[dict]) -> str:
    return "\n".join(f"{v['impact']}: {v['id']} ({v['help']}) on {len(v['nodes'])} element(s), e.g. "
                     f"{v['nodes'][0]['html'][:160]}" for v in violations)


@pytest.mark.parametrize("kind", ["finding", "page-to-publish", "page-with-banners", "index", "national-index", "region-index"])
def test_no_serious_or_critical_violations(kind, browser, pages):  # browser first: skip before building
    results = run_axe(browser, pages[kind], kind)
    ran = {rule["id"] for group in ("violations", "passes", "incomplete", "inapplicable") for rule in results[group]}
    assert REQUIRED_RULES <= ran, f"rules not run: {REQUIRED_RULES - ran}"
    blocking = [v for v in results["violations"] if v["impact"] in BLOCKING]
    assert not blocking, f"{kind} ({pages[kind].name}):\n{describe(blocking)}"
    again = [v for v in results["violations"] if v["id"] in FIXED]
    assert not again, f"{kind} ({pages[kind].name}):\n{describe(again)}"
    minor = [v for v in results["violations"] if v["impact"] not in BLOCKING]
    if minor:
        print(f"{kind}: minor/moderate, not failing:\n{describe(minor)}")


def test_charts_have_alt_text_axe_can_check(browser, pages):
    """The image-alt rule looked at the charts (it passed on them, not merely found nothing to check)."""
    results = run_axe(browser, pages["page-to-publish"], "page-to-publish-alt")
    image_alt = [rule for rule in results["passes"] if rule["id"] == "image-alt"]
    assert image_alt and len(image_alt[0]["nodes"]) >= 2  # at least the ranked bars and the map


def test_the_installed_axe_is_the_pinned_version():
    require_axe()
    from browsers import AXE

    installed = json.loads((AXE.parent / "package.json").read_text())["version"]
    assert installed == pinned_axe_version()

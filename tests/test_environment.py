"""One list of pins: requirements.txt and environment.yml must agree."""

import re

from community_resolutions.paths import PROJECT_ROOT


def _pins(text: str) -> dict[str, str]:
    return {name.lower(): version for name, version in re.findall(r"^\s*(?:-\s*)?([A-Za-z0-9_.-]+)==([^\s#]+)", text, re.M)}


def test_environment_yml_repeats_requirements_pins():
    requirements = _pins((PROJECT_ROOT / "requirements.txt").read_text())
    environment = _pins((PROJECT_ROOT / "environment.yml").read_text())
    assert requirements, "no pins found in requirements.txt"
    assert requirements == environment


def test_design_card_packages_are_pinned():
    pins = _pins((PROJECT_ROOT / "requirements.txt").read_text())
    # seaborn, also on the design card, is not used: every chart is a single panel drawn with
    # matplotlib in the house style (charts.py); nothing calls for small multiples or heatmaps (README).
    for package in ["jupyterlab", "pandas", "matplotlib", "nbconvert", "papermill"]:
        assert package in pins, package


def test_pin_parser_sees_a_disagreement():
    assert _pins("pandas==2.3.3\n") != _pins("  - pandas==2.3.2\n")

"""One errors module, one base class: every exception the package defines derives from
``errors.CommunityResolutionsError`` (which the command line catches), keeps its built-in base, and
is still importable from the module that raises it."""

from __future__ import annotations

import importlib
import inspect
import pkgutil

import pytest

import community_resolutions
from community_resolutions import areas, errors, explorer, outcomes, params, policeuk_local, sources


def _package_modules():
    for info in pkgutil.walk_packages(community_resolutions.__path__, "community_resolutions."):
        if info.name.endswith("__main__"):
            continue
        yield importlib.import_module(info.name)


def test_every_exception_class_in_the_package_derives_from_the_base():
    found = {}
    for module in _package_modules():
        for value in vars(module).values():
            ours = inspect.isclass(value) and value.__module__.startswith("community_resolutions")
            if ours and issubclass(value, BaseException):
                found[f"{value.__module__}.{value.__qualname__}"] = value
    assert "community_resolutions.errors.BadInput" in found  # the walk saw the package
    strays = sorted(name for name, cls in found.items() if not issubclass(cls, errors.CommunityResolutionsError))
    assert not strays, f"exception classes outside the one base class: {strays}"
    assert all(cls.__module__ == "community_resolutions.errors" for cls in found.values()), sorted(found)


@pytest.mark.parametrize("home, name, builtin", [
    (outcomes, "BadInput", ValueError), (areas, "UnknownArea", ValueError), (params, "EmptySelection", ValueError),
    (sources, "DataUnavailable", RuntimeError), (sources, "ChecksumMismatch", RuntimeError),
    (explorer, "UnknownOffence", ValueError), (policeuk_local, "UnknownLocalArea", ValueError),
])
def test_each_error_keeps_its_old_home_and_its_builtin_base(home, name, builtin):
    cls = getattr(home, name)
    assert cls is getattr(errors, name)
    assert issubclass(cls, builtin) and issubclass(cls, errors.CommunityResolutionsError)


def test_page_too_large_keeps_its_old_home():
    from community_resolutions import assemble

    assert assemble.PageTooLarge is errors.PageTooLarge


def test_the_command_line_reports_any_of_our_errors_in_one_line(capsys):
    from community_resolutions import cli

    assert cli._report(errors.UnknownOffence("no offence is called 'x'"), debug=False) == 2
    err = capsys.readouterr().err
    assert err.splitlines()[0] == "error: no offence is called 'x'"

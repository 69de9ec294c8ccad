"""The package version, as ``git describe`` reports it, for pages and manifests."""

from __future__ import annotations


def package_version() -> str:
    """The package version as ``git describe`` gives it (falls back to the package's version).

    >>> isinstance(package_version(), str)
    True
    """
    import subprocess

    from . import __version__
    from .paths import PROJECT_ROOT

    try:
        described = subprocess.run(["git", "describe", "--always", "--dirty", "--tags"], cwd=PROJECT_ROOT,
                                   capture_output=True, text=True, timeout=10, check=True).stdout.strip()
        return f"{__version__}+{described}" if described else __version__
    except (OSError, subprocess.SubprocessError):
        return __version__

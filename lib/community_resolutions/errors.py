"""Every error the package raises on purpose, under one base class.

The command line catches :class:`CommunityResolutionsError` and prints its message in one or two
lines (``--debug`` adds the traceback); anything else is reported as unexpected. Each class keeps
the built-in base it has always had (``ValueError``, ``RuntimeError``), so ``except ValueError``
still catches it, and each stays importable from the module that raises it
(``outcomes.BadInput``, ``areas.UnknownArea``, ...).

>>> issubclass(BadInput, CommunityResolutionsError), issubclass(BadInput, ValueError)
(True, True)
"""

from __future__ import annotations


class CommunityResolutionsError(Exception):
    """A refusal the package explains: a bad file, an unknown name, data that cannot be had."""


# --------------------------------------------------------------------------- files and data


class BadInput(CommunityResolutionsError, ValueError):
    """A data file that does not have the shape its reader expects."""


class DataUnavailable(CommunityResolutionsError, RuntimeError):
    """No copy of a dataset could be found or downloaded."""


class ChecksumMismatch(CommunityResolutionsError, RuntimeError):
    """A file exists but is not the file the registry expects."""


# --------------------------------------------------------------------------- names a person typed


class UnknownArea(CommunityResolutionsError, ValueError):
    """A force or region name that no reference file knows."""


class UnknownOffence(CommunityResolutionsError, ValueError):
    """A name that matches no offence code, subgroup, group, category or list in the data."""


class UnknownLocalArea(CommunityResolutionsError, ValueError):
    """A local area that is not a council area in the police.uk files read."""


class EmptySelection(CommunityResolutionsError, ValueError):
    """The forces and years asked for have no rows in a table (say, a user's workbook that covers
    other forces): a clear message instead of an IndexError further down."""


# --------------------------------------------------------------------------- pages


class PageTooLarge(CommunityResolutionsError, ValueError):
    """The assembled page would exceed its size limit."""

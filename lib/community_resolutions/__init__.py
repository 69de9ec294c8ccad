"""Community resolutions: check, localise and publish the 2019 investigation.

The package is a one-way pipeline (see README "How it fits together"):

    sources  -> readers/outcomes -> areas, gaps -> metrics -> words, charts -> findings -> publish

Notebooks and tests use this Python API; ``python -m community_resolutions`` (behind
``make reports``) drives the same functions from the command line.
"""

__version__ = "0.1.0"

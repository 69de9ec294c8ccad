"""Community resolutions: check, localise and publish the 2019 investigation.

The package is a one-way pipeline (see README "How it fits together"):

    sources  -> readers/outcomes -> areas, gaps -> metrics -> words, charts -> findings -> publish

Notebooks and tests use this Python API; ``python -m community_resolutions`` (behind
``make reports``) drives the same functions from the command line.
"""

import pandas as _pandas

__version__ = "0.1.0"

# Copy-on-Write (the default from pandas 3.0): a frame taken from another never changes it, however
# it is changed later. The loaders keep each table once per process and hand every caller a
# shallow copy of it (``outcomes.load_offence_level_all``: a million rows, copied five times per
# area in a batch before this). Without Copy-on-Write, writing into such a copy in place would
# change the kept table for every later caller; with it, the write copies just the column it
# changes. It also means chained assignment (``df["a"][rows] = x``) never writes, as in pandas 3.
_pandas.set_option("mode.copy_on_write", True)

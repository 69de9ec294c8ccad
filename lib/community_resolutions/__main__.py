"""``python -m community_resolutions``: see :mod:`community_resolutions.cli`."""

import sys

from .cli import main

sys.exit(main())

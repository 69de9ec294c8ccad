"""Work that does not depend on the area, done once per process rather than once per area.

A national batch runs every notebook for 56 areas in a few warm kernels (:mod:`.kernel`). Some of
what a notebook works out is the same for every area: the reconciliation of the article's 22
figures, the coverage checks over all 44 forces, which publication each offence-level year came
from. Worked out again for every area, that was a third of a batch's time (issue 16, item 2).

:func:`once` keeps such a result for the rest of the process under a key that names everything
it was made from: what the loaders read (:func:`outcomes.data_key`: the mirror, the user's
files and the reviewed lists in ``data/reference/`` with their size and modification time, the
official workbooks in the cache) and the parameters (years, basis). A caller gets a deep copy
every time, so changing what it got never changes what the next caller gets (a frame is copied
as ``DataFrame.copy`` copies it: Python objects inside a cell, such as a list of reasons, are
shared, and are never changed in place). A call without a key (``None``: the tables did not
come straight from the loaders, as in a test that builds its own) is simply worked out.

>>> calls = []
>>> def work():
...     calls.append(1)
...     return {"figure": 35212}
>>> clear()
>>> once("example", ("mirror", "closed"), work)["figure"], once("example", ("mirror", "closed"), work)["figure"]
(35212, 35212)
>>> len(calls)
1
>>> got = once("example", ("mirror", "closed"), work)
>>> got["figure"] = 0  # the caller's copy, not the kept one
>>> once("example", ("mirror", "closed"), work)["figure"], len(calls)
(35212, 1)
>>> once("example", None, work)["figure"], len(calls)  # no key: worked out every time
(35212, 2)
"""

from __future__ import annotations

import copy
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import TypeVar

T = TypeVar("T")

#: Results kept per process, the least recently used dropped first. A batch asks for a handful
#: (one per national computation, per basis and years); 64 is ample and bounds the memory.
LIMIT = 64

_kept: OrderedDict[tuple[str, Hashable], object] = OrderedDict()
_lock = threading.Lock()


def once(name: str, key: Hashable | None, compute: Callable[[], T]) -> T:
    """``compute()`` the first time ``(name, key)`` is asked for in this process; a deep copy of
    that result every time. ``key=None`` computes every time and keeps nothing."""
    if key is None:
        return compute()
    entry = (name, key)
    with _lock:
        if entry in _kept:
            _kept.move_to_end(entry)
            return copy.deepcopy(_kept[entry])  # type: ignore[return-value]
    result = compute()
    with _lock:
        _kept[entry] = copy.deepcopy(result)
        while len(_kept) > LIMIT:
            _kept.popitem(last=False)
    return result


def clear() -> None:
    """Forget every kept result (tests; a long-lived kernel after the data changed on disk in place)."""
    with _lock:
        _kept.clear()

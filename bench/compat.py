"""A compatibility shim for Natasha, applied only inside the benchmark.

Natasha 1.6 depends on pymorphy2 0.9, which calls `inspect.getargspec`; Python 3.11 removed
it, so `pymorphy2.MorphAnalyzer()` (Natasha's `MorphVocab`) can fail with AttributeError.
Before importing Natasha the benchmark puts back a `getargspec` built on `getfullargspec`.
svodka itself uses pymorphy3 and never imports this module.
"""

from __future__ import annotations

import inspect
from collections import namedtuple

ArgSpec = namedtuple("ArgSpec", "args varargs keywords defaults")


def _getargspec(func):
    spec = inspect.getfullargspec(func)
    return ArgSpec(spec.args, spec.varargs, spec.varkw, spec.defaults)


def patch_pymorphy2() -> bool:
    """Install the shim when Python lacks getargspec; True when it was installed."""
    if hasattr(inspect, "getargspec"):
        return False
    inspect.getargspec = _getargspec
    return True

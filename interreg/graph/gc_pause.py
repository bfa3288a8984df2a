"""Pausing Python's cyclic garbage collector around bursts of allocation.

Loading a batch or a whole graph makes many plain, acyclic objects at once: reference
counting frees them, but their sheer number triggers collections that walk every
long-lived object of the process again and again (measured: a quarter of the client's CPU
per Neo4j batch; five times the CPU to read a large embedded graph).

>>> with collector_paused():
...     rows = [{"id": n} for n in range(100_000)]
"""

from __future__ import annotations

import gc
from contextlib import contextmanager


@contextmanager
def collector_paused():
    """Switch the cyclic collector off inside the block, back on (if it was on) after it."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()

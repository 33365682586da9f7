"""Launching parallel kernels safely from several Python threads.

Numba's ``omp`` and ``tbb`` threading layers accept concurrent launches; ``workqueue`` (the
fallback when neither OpenMP nor TBB is available) aborts the process instead. The first
launch is serialised, because it is the one that picks the layer; afterwards launches are
serialised only if that layer turned out to be ``workqueue``.
"""

import threading

import numba

_launch_lock = threading.Lock()
_serialise = True


def launch(kernel, *args):
    """Call a ``parallel=True`` kernel, serialising only where the threading layer needs it."""
    global _serialise
    if not _serialise:
        kernel(*args)
        return
    with _launch_lock:
        kernel(*args)
        _serialise = numba.threading_layer() == "workqueue"


def threads():
    """The number of threads a parallel kernel launched now would use."""
    return numba.get_num_threads()

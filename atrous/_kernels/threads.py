"""Launching parallel kernels safely from several Python threads, and politely.

Numba's ``omp`` and ``tbb`` threading layers accept concurrent launches; ``workqueue`` (the
fallback when neither OpenMP nor TBB is available) aborts the process instead. The first
launch is serialised, because it is the one that picks the layer; afterwards launches are
serialised only if that layer turned out to be ``workqueue``.

GNU OpenMP's threads spin while they wait for work. On a machine where another process
keeps a core busy, a spinning thread takes that core's time from the thread doing the work,
and a launch on two threads took 2 to 4 times as long as on one (``bench_contention.py``).
Passive waiting costs nothing measurable on an idle machine, so atrous asks for it, unless
the user chose a policy: ``OMP_WAIT_POLICY`` is set to ``PASSIVE`` when this module is
imported, before the OpenMP runtime starts (Numba loads it at the first parallel launch).
The variable is process-wide: OpenMP libraries loaded later, and child processes, see it
too. Set ``OMP_WAIT_POLICY=ACTIVE`` before importing atrous to keep spinning threads.
"""

import os
import threading

import numba

os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")

_launch_lock = threading.Lock()
_serialise = True


def launch(kernel, *args, alone=False):
    """Call a ``parallel=True`` kernel, serialising only where the threading layer needs it;
    ``alone=True`` runs it on the calling thread only (for small work)."""
    global _serialise
    if alone:
        threads_before = numba.get_num_threads()
        numba.set_num_threads(1)
        try:
            launch(kernel, *args)
        finally:
            numba.set_num_threads(threads_before)
        return
    if not _serialise:
        kernel(*args)
        return
    with _launch_lock:
        kernel(*args)
        _serialise = numba.threading_layer() == "workqueue"


def threads():
    """The number of threads a parallel kernel launched now would use."""
    return numba.get_num_threads()

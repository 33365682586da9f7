"""Running a kernel's tasks on several threads: dynamically shared, waiting without spinning.

A kernel call is cut into chunks (ranges of its tasks). The calling thread and up to
``numba.get_num_threads() - 1`` helper threads take chunks one at a time from a shared
counter until none is left; the kernels release the GIL, so the chunks run in parallel.

Why not ``numba.prange``: its OpenMP threads spin while they wait for work. On a machine
where another process keeps a core busy, a spinning thread takes that core's time from the
thread doing the work, and a launch on two threads took 2 to 4 times as long as on one
(``benchmarks/bench_contention.py``). Here a thread that waits blocks on a lock, and
because chunks are taken dynamically, a thread that the operating system runs less often
simply takes fewer of them: a busy machine costs the work of the lost core, never more.
Compiling a ``prange`` loop also cost several seconds per signature (see
:mod:`atrous._kernels.filter_bank`).

Properties the rest of atrous relies on:

- Results do not depend on how chunks fall to threads: each task writes its own outputs,
  and every output sample is summed in a fixed order.
- Several Python threads may call at once: each call is its own job; idle helpers join
  whichever jobs are offered, and a caller never waits for a helper that has not started
  one of its chunks (so a call completes even if every helper is busy elsewhere).
- Ctrl-C: the calling thread checks for signals between its chunks; on an exception the
  job is cancelled (no helper starts another chunk of it) and re-raised.
- The thread count is numba's: ``numba.set_num_threads`` (per calling thread) and
  ``NUMBA_NUM_THREADS`` apply. After ``os.fork`` the child starts with no helpers.
"""

import contextlib
import itertools
import os
import queue
import threading

import numba


class _Job:
    """One kernel call: ``kernel(*args, first, last)`` for each ``(first, last)`` chunk."""

    def __init__(self, kernel, args, chunks, holding):
        self.kernel, self.args, self.chunks = kernel, args, chunks
        self.holding = holding  # what the kernel reads by address, alive while helpers run
        self.next_chunk = itertools.count()  # next() is atomic under the GIL
        self.cancelled = False
        self.error = None
        self.lock = threading.Lock()
        self.working = 0  # threads inside work()
        self.closed = False  # no thread may join any more
        self.waiting = False  # the caller waits for `done`
        self.done = threading.Lock()  # released by the last thread leaving, once waited for
        self.done.acquire()

    def work(self):
        """Run chunks until none is left; record the first exception and cancel."""
        with self.lock:
            if self.closed:
                return
            self.working += 1
        try:
            for index in self.next_chunk:
                if index >= len(self.chunks) or self.cancelled:
                    break
                self.kernel(*self.args, *self.chunks[index])
        except BaseException as error:
            self.cancelled = True  # nobody starts another chunk
            if self.error is None:
                self.error = error
            raise
        finally:
            with self.lock:
                self.working -= 1
                if self.waiting and not self.working:
                    self.done.release()

    def close(self):
        """Stop threads from joining and wait for those inside :meth:`work`."""
        with self.lock:
            self.closed = True
            if not self.working:
                return
            self.waiting = True
        self.done.acquire()


class _Helpers:
    """Daemon threads that run offered jobs; created on demand, never more than needed."""

    def __init__(self):
        self.offers = queue.SimpleQueue()
        self.count = 0
        self.lock = threading.Lock()

    def offer(self, job, helpers):
        with self.lock:
            while self.count < helpers:
                threading.Thread(target=self._serve, name=f"atrous-{self.count}",
                                 daemon=True).start()
                self.count += 1
        for _ in range(helpers):
            self.offers.put(job)

    def _serve(self):
        while True:
            job = self.offers.get()
            try:
                job.work()
            except BaseException:  # noqa: BLE001 (the caller re-raises it)
                pass
            del job  # do not keep the job's arrays alive while waiting


_helpers = _Helpers()


def _reset_after_fork():
    global _helpers
    _helpers = _Helpers()


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_reset_after_fork)


def run_chunks(kernel, args, chunks, threads, holding=()):
    """Call ``kernel(*args, first, last)`` for every chunk, on up to ``threads`` threads.

    The calling thread works too; it returns when every chunk is done, or raises the first
    exception of any thread. ``holding`` (the arrays a kernel reaches by address) is kept
    alive by the job itself, so a helper still finishing a chunk after the caller was
    interrupted (a second Ctrl-C while it waited) never touches freed memory.
    """
    if threads <= 1 or len(chunks) <= 1:
        for first, last in chunks:
            kernel(*args, first, last)
        return
    job = _Job(kernel, args, chunks, holding)
    _helpers.offer(job, min(threads, len(chunks)) - 1)
    try:
        job.work()
    finally:
        job.close()
    if job.error is not None:
        raise job.error


def threads():
    """The number of threads a kernel call made now would use (numba's setting)."""
    return numba.get_num_threads()


@contextlib.contextmanager
def one_thread(active=True):
    """Kernel calls of the current thread inside the block use that thread only (numba's
    thread count is per thread), e.g. while Dask's own threads share the cores."""
    if not active:
        yield
        return
    before = numba.get_num_threads()
    numba.set_num_threads(1)
    try:
        yield
    finally:
        numba.set_num_threads(before)

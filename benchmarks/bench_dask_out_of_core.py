"""Out-of-core MRA with Dask: a signal many times a worker's memory, zarr in, zarr out.

Run ``python benchmarks/bench_dask_out_of_core.py`` (about three minutes on this project's
2-core machine; 32 GiB on disk at the defaults, 30 once compressed, checked before it
starts); ``--gib 0.25`` for a smoke run. Needs ``dask[distributed]`` and ``zarr`` (v3).

What happens, on a ``distributed.LocalCluster`` of ``--workers`` processes with one thread
and ``--memory-limit`` each (default 2 workers, 1 GiB):

1. input: a float32 signal of ``--gib`` GiB (default 4 GiB, 2**30 samples) is generated
   on the workers chunk by chunk (``--chunk`` samples, default 2**21 = 8 MiB), a
   deterministic function of the position (three sines, a slow ramp and noise seeded by
   the chunk's index), and written to the zarr (v3) array ``input`` under ``--store``.
   It never exists whole in any process;
2. ``atrous.mra(x, wavelet, level, mode='periodization')`` of ``da.from_zarr(input)``: a
   list of ``level + 1`` lazy components, stacked lazily into one ``(level + 1, N)`` array
   chunked ``(1, chunk)`` and written by one ``da.store`` to the zarr array ``mra``
   (zarr's default zstd codec). One graph: each block's transform runs once, its
   components go straight from the worker to disk, and nothing but task states reaches
   the client.

Why 8 MiB chunks: one block's task holds its ``level + 1`` components (7 x 32 MiB for a
32 MiB chunk at level 6) until the 7 store tasks have written them, and a worker starts its
next queued transform before the scheduler has handed it those stores, so two or three
blocks' components often sit in a worker at once. With 32 MiB chunks that reaches 70-90% of
a 1 GiB limit: the workers pause, spill components to disk and read them back (17.5 GiB
spilled for 7 GiB of output with ``--gib 1``). At 8 MiB the peak is about half the limit.

What is measured:

- wall time of step 2, from the ``atrous.mra`` call to the last block on disk (reading
  the input and compressing the output included; each worker has loaded numba's cache
  beforehand), and the throughput in MB/s (1e6 bytes) of input; the output's bytes, in
  memory and on disk, are printed too;
- each worker's peak resident memory (RSS) during step 2, sampled every 20 ms by a thread
  inside each worker process (a ``WorkerPlugin``), against the memory limit, and what Dask's
  memory manager did: whether a worker paused (80% of the limit by default), how many
  bytes it spilled to disk (from 60-70%) and whether the nanny restarted one (95%);
- correctness, on random windows read back from zarr: the components sum to the input
  (float32 rounding), a window of every component equals the in-memory ``atrous.mra`` of
  the input window padded by far more than the transform's reach, and so do the first and
  last windows, whose padding wraps around the signal's ends (the periodic halos).

The script exits 1 if a worker was restarted, a worker's peak RSS exceeded its limit or
a check failed; the figures end as a Markdown table.
"""

import argparse
import math
import os
import shutil
import sys
import tempfile
import threading
import time

import dask
import dask.array as da
import numpy as np
import psutil
import pywt
import zarr
from dask.utils import format_bytes, parse_bytes
from distributed import Client, LocalCluster, WorkerPlugin, progress

import atrous

SEED = 20261126


# -- the synthetic signal ----------------------------------------------------------------------

def signal_block(n, seed, block_info=None):
    """One chunk of the signal, from the chunk's position alone (``da.map_blocks``)."""
    info = block_info[None]
    start, stop = info["array-location"][0]
    t = np.arange(start, stop, dtype=np.float64)
    x = np.sin(t * (2 * np.pi / 1000.0))
    x += 0.5 * np.sin(t * (2 * np.pi / 37.3))
    x += 0.25 * np.sin(t * (2 * np.pi / 2**20))
    x += 2.0 * t / n - 1.0
    x += 0.1 * np.random.default_rng([seed, info["chunk-location"][0]]).standard_normal(t.size)
    return x.astype(np.float32)


def synthetic(n, chunk, seed=SEED):
    chunks = (chunk,) * (n // chunk) + ((n % chunk,) if n % chunk else ())
    return da.map_blocks(signal_block, n, seed, chunks=(chunks,), dtype=np.float32,
                         meta=np.empty(0, np.float32), name="signal")


# -- what the workers measure ------------------------------------------------------------------

class PeakMemory(WorkerPlugin):
    """A thread in each worker: peak RSS, pauses and spilled bytes since the last reset."""

    name = "peak-memory"

    def __init__(self, interval=0.02):
        self.interval = interval

    def setup(self, worker):
        self.worker = worker
        self.process = psutil.Process()
        self.reset()
        self.stopped = threading.Event()
        self.thread = threading.Thread(target=self.sample_forever, daemon=True,
                                       name="peak-memory")
        self.thread.start()

    def teardown(self, worker):
        self.stopped.set()

    def reset(self):
        self.peak = self.start = self.process.memory_info().rss
        self.paused = False
        self.spilled = 0
        self.spilled_before = self.disk_writes()

    def disk_writes(self):
        """Bytes this worker has spilled to disk so far (Dask's own metric)."""
        return sum(value for key, value in self.worker.digests_total.items()
                   if isinstance(key, tuple) and "disk-write" in key and key[-1] == "bytes")

    def sample(self):
        self.peak = max(self.peak, self.process.memory_info().rss)
        self.paused |= self.worker.status.name == "paused"
        data = self.worker.data
        if hasattr(data, "spilled_total"):
            self.spilled = max(self.spilled, data.spilled_total.disk)

    def sample_forever(self):
        while not self.stopped.wait(self.interval):
            try:
                self.sample()
            except Exception:  # a worker shutting down; the next sample will tell
                pass

    def report(self):
        self.sample()
        return {"start": self.start, "peak": self.peak, "paused": self.paused,
                "spilled": max(self.spilled, self.disk_writes() - self.spilled_before),
                "pid": self.process.pid}


def reset_peaks(dask_worker):
    dask_worker.plugins[PeakMemory.name].reset()


def peak_report(dask_worker):
    return dask_worker.plugins[PeakMemory.name].report()


def warm_up(wavelet, level):
    """numba compiles atrous' kernels, or loads them from its cache, in each worker."""
    start = time.perf_counter()
    atrous.mra(np.ones(4096, np.float32), wavelet, level=level, mode="periodization")
    return time.perf_counter() - start


# -- steps ------------------------------------------------------------------------------------

def run(client, futures_of, label):
    """Compute on the cluster with a progress bar; returns the wall seconds."""
    start = time.perf_counter()
    future = client.compute(futures_of)
    progress(future, interval="0.5s")
    future.result()
    seconds = time.perf_counter() - start
    print(f"{label}: done in {seconds:.1f} s", flush=True)
    return seconds


def disk_bytes(path):
    return sum(os.path.getsize(os.path.join(root, name))
               for root, _, names in os.walk(path) for name in names)


def check_windows(path, wavelet, level, n, chunk, count, rng):
    """Max errors of the components read back from zarr, over random windows."""
    x = zarr.open_array(path, path="input", mode="r")
    mra = zarr.open_array(path, path="mra", mode="r")
    width = min(2**16, n // 4)
    pad = 4 * pywt.Wavelet(wavelet).dec_len * 2**level  # far beyond the reach
    scale = float(np.max(np.abs(x[:min(n, chunk)])))

    def compare(padded, lo, hi):
        expected = atrous.mra(padded, wavelet, level=level, mode="periodization")
        expected = np.stack(expected)[:, pad:pad + hi - lo]
        return float(np.max(np.abs(mra[:, lo:hi] - expected))) / scale

    additivity, interior = 0.0, 0.0
    for _ in range(count):
        lo = int(rng.integers(pad, n - width - pad + 1))
        hi = lo + width
        window = x[lo:hi]
        total = mra[:, lo:hi].astype(np.float64).sum(axis=0)
        additivity = max(additivity, float(np.max(np.abs(total - window))) / scale)
        interior = max(interior, compare(x[lo - pad:hi + pad], lo, hi))
    head = np.concatenate([x[n - pad:], x[:width + pad]])
    tail = np.concatenate([x[n - width - pad:], x[:pad]])
    wrap = max(compare(head, 0, width), compare(tail, n - width, n))
    return additivity, interior, wrap, width, pad


def markdown(rows):
    lines = ["| figure | value |", "|---|---|"]
    return "\n".join(lines + [f"| {name} | {value} |" for name, value in rows])


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--gib", type=float, default=4.0,
                        help="input size in GiB of float32 (default 4: 2**30 samples)")
    parser.add_argument("--chunk", type=int, default=2**21,
                        help="samples per chunk (default 2**21, 8 MiB)")
    parser.add_argument("--level", type=int, default=6, help="MRA levels (default 6)")
    parser.add_argument("--wavelet", default="db4", help="wavelet (default db4)")
    parser.add_argument("--workers", type=int, default=2, help="worker processes (default 2)")
    parser.add_argument("--memory-limit", default="1GiB",
                        help="memory limit per worker (default 1GiB)")
    parser.add_argument("--store", default=None,
                        help="directory of the zarr store (default: a temporary directory "
                             "under /tmp, deleted at the end unless --keep)")
    parser.add_argument("--keep", action="store_true", help="keep the zarr store")
    parser.add_argument("--checks", type=int, default=6,
                        help="random windows checked (default 6)")
    args = parser.parse_args()

    n = int(round(args.gib * 2**30 / 4))
    limit = parse_bytes(args.memory_limit)
    components = args.level + 1
    in_bytes, out_bytes = 4 * n, 4 * n * components
    if args.store is None:
        parent = tempfile.mkdtemp(prefix="atrous-out-of-core-", dir="/tmp")
        path = os.path.join(parent, "signal.zarr")
    else:
        parent = None
        path = os.path.abspath(args.store)
        os.makedirs(path, exist_ok=True)
    free = shutil.disk_usage(path if parent is None else parent).free
    needed = int(1.05 * (in_bytes + out_bytes))  # uncompressed; zstd saves about a tenth
    print(f"store {path}: input {format_bytes(in_bytes)} + output {format_bytes(out_bytes)} "
          f"({components} components), {format_bytes(free)} free on disk")
    if needed > free:
        sys.exit(f"not enough disk space ({format_bytes(needed)} needed): lower --gib or "
                 "--level, or give --store on another disk")

    ok = True
    try:
        ok = benchmark(args, n, limit, path, in_bytes, out_bytes)
    finally:
        if args.keep or parent is None:
            print(f"store kept: {path}")
        else:
            shutil.rmtree(parent, ignore_errors=True)
    sys.exit(0 if ok else 1)


def benchmark(args, n, limit, path, in_bytes, out_bytes):
    components = args.level + 1
    cluster = LocalCluster(n_workers=args.workers, threads_per_worker=1,
                           memory_limit=args.memory_limit, processes=True,
                           dashboard_address=None)
    client = Client(cluster)
    error = None
    input_seconds = mra_seconds = load_before = load_after = math.nan
    with cluster, client:
        client.register_plugin(PeakMemory())
        workers = sorted(client.scheduler_info()["workers"])
        print(f"dask {dask.__version__}, zarr {zarr.__version__}, atrous {atrous.__version__}; "
              f"{os.cpu_count()} CPUs; {len(workers)} workers x 1 thread, memory limit "
              f"{format_bytes(limit)} each")
        try:
            # 1. the input, generated and written chunk by chunk on the workers
            x = synthetic(n, args.chunk)
            target = zarr.create_array(path, name="input", shape=(n,), chunks=(args.chunk,),
                                       dtype="float32", overwrite=True)
            input_seconds = run(client, da.store(x, target, lock=False, compute=False),
                                f"input, {x.numblocks[0]} chunks of {args.chunk} samples")

            # 2. the MRA of the zarr-backed array, written back to zarr
            warm = client.run(warm_up, args.wavelet, args.level)
            print("numba warm-up in the workers: "
                  + ", ".join(f"{s:.2f} s" for s in warm.values()))
            client.run(reset_peaks)
            load_before = os.getloadavg()[0]
            start = time.perf_counter()
            x = da.from_zarr(path, component="input")
            stacked = da.stack(atrous.mra(x, args.wavelet, level=args.level,
                                          mode="periodization"))
            out = zarr.create_array(path, name="mra", shape=stacked.shape,
                                    chunks=(1, args.chunk), dtype="float32", overwrite=True)
            out.attrs.update(wavelet=args.wavelet, level=args.level, mode="periodization",
                             components=[f"A{args.level}"]
                             + [f"D{j}" for j in range(args.level, 0, -1)])
            run(client, da.store(stacked, out, lock=False, compute=False),
                f"mra, {components} components")
            mra_seconds = time.perf_counter() - start
            load_after = os.getloadavg()[0]
        except Exception as exc:  # KilledWorker, say: report what the workers went through
            error = f"{type(exc).__name__}: {exc}"
            print(f"\nthe computation failed: {error}")
        peaks = client.run(peak_report)
        after = sorted(client.scheduler_info()["workers"])
        restarts = client.get_events("worker-restart-memory")
        logs = client.get_worker_logs(nanny=True)
        logs.update(client.get_worker_logs())

    messages = [msg for lines in logs.values() for level, msg in lines
                if level in ("WARNING", "ERROR", "CRITICAL")]
    pauses = sum("Pausing worker" in msg for msg in messages)
    restarted = bool(restarts) or after != workers or any(
        "memory budget" in msg for msg in messages)
    print(f"{len(after)} workers at the end, {'the same' if after == workers else 'NOT the same'}"
          f" as at the start; {len(restarts)} restarted for memory; the workers logged "
          f"{len(messages)} warnings, {pauses} of them pauses")

    if error is None:
        print("checking windows ...", flush=True)
        start = time.perf_counter()
        additivity, interior, wrap, width, pad = check_windows(
            path, args.wavelet, args.level, n, args.chunk, args.checks,
            np.random.default_rng(SEED))
        print(f"checks done in {time.perf_counter() - start:.1f} s")
    else:
        additivity = interior = wrap = math.inf
        width = pad = 0
    checks_ok = additivity <= 1e-4 and interior <= 1e-5 and wrap <= 1e-5

    on_disk = disk_bytes(os.path.join(path, "mra"))
    rows = [
        ("input", f"{format_bytes(in_bytes)} float32 ({n} samples"
                  + (f" = 2**{int(math.log2(n))}" if n & (n - 1) == 0 else "")
                  + f"), {math.ceil(n / args.chunk)} chunks of {args.chunk} samples"
                  f" ({format_bytes(4 * args.chunk)})"),
        ("transform", f"mra, {args.wavelet}, level {args.level}, 'periodization'"),
        ("output", f"{components} components, {format_bytes(out_bytes)} float32 "
                   f"({format_bytes(on_disk)} on disk, zstd)"),
        ("cluster", f"{args.workers} workers x 1 thread, {format_bytes(limit)} limit each"),
        ("input generated and written", f"{input_seconds:.1f} s"),
        ("mra + write, wall time", f"{mra_seconds:.1f} s"),
        ("throughput", f"{in_bytes / mra_seconds / 1e6:.0f} MB/s of input "
                       f"({out_bytes / mra_seconds / 1e6:.0f} MB/s written)"),
        ("load average (1 min), before / after the mra",
         f"{load_before:.1f} / {load_after:.1f} on {os.cpu_count()} CPUs"),
    ]
    over = False
    for k, (_, report) in enumerate(sorted(peaks.items())):
        over |= report["peak"] > limit
        rows.append((f"peak RSS, worker {k}",
                     f"{format_bytes(report['peak'])} = {report['peak'] / limit:.0%} of the "
                     f"limit (at start {format_bytes(report['start'])}); "
                     f"{'paused' if report['paused'] else 'never paused'}, spilled "
                     f"{format_bytes(report['spilled'])}"))
    rows += [
        ("workers restarted, pauses logged", f"{'yes' if restarted else 'none'}, {pauses}"),
        ("components sum to the input", f"max error {additivity:.1e} of max abs(x) over "
                                        f"{args.checks} windows of {width}"),
        ("components = in-memory mra of the padded window",
         f"max error {interior:.1e} (pad {pad} samples)"),
        ("same at the wrapped ends", f"max error {wrap:.1e}"),
    ]
    print()
    print(markdown(rows))
    failures = [message for failed, message in [
        (error is not None, error), (restarted, "a worker was restarted"),
        (over, "a worker exceeded its memory limit"), (not checks_ok, "a check failed")]
        if failed]
    print("\n" + ("all good" if not failures else "FAILED: " + "; ".join(failures)))
    return not failures


if __name__ == "__main__":
    main()

"""swt and iswt on an idle machine and while another process keeps one core busy.

Run ``python benchmarks/bench_contention.py``. ``--quick`` shrinks the sizes for a smoke run;
``--rounds N`` runs every configuration N times, interleaved, and keeps each cell's best.

Each configuration (threading environment) runs in its own fresh interpreter, so
``NUMBA_NUM_THREADS`` takes effect. In that child, ``swt`` and ``iswt`` (2**20 float64,
db4, level 8) are warmed up and timed (best of 7, ``atrous.demo.best_ms``, after
``_common.warm_memory(1)``) on the idle machine; the child then waits while this script
starts a busy-loop process (``python -c "while True: pass"``) and times both again under
that contention ("1 busy": one of the two cores taken), then with a second busy loop ("2
busy": both cores oversubscribed); the busy loops are killed (always, in a ``finally``).

Configurations: the default (the engine's threads, ``numba.get_num_threads()`` of them)
and ``NUMBA_NUM_THREADS=1``. (Until issue 13 the engine ran on numba's OpenMP threads,
which spin while they wait; the tables of that time, with ``OMP_WAIT_POLICY`` and
``GOMP_SPINCOUNT`` configurations, are in ``benchmarks/README.md``.)

Prints a Markdown table and the issue's target check: under contention the default is
never slower than one thread, and idle it keeps today's speed. Always exits 0: a report,
not a test.
"""

import argparse
import json
import os
import subprocess
import sys
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))

# Idle figures of bench_swt.py on this project's 2-core machine (README, 2026-11-24 / -25).
TODAY_IDLE_MS = {"swt": (12.65, 19.16), "iswt": (5.74, 12.20)}

CONFIGS = [
    ("default", {}),
    ("NUMBA_NUM_THREADS=1", {"NUMBA_NUM_THREADS": "1"}),
]
PHASES = ("idle", "1 busy", "2 busy")
# Inherited values of these would blur the configurations.
CLEARED = ("OMP_WAIT_POLICY", "GOMP_SPINCOUNT", "OMP_NUM_THREADS", "NUMBA_NUM_THREADS",
           "NUMBA_THREADING_LAYER")


def child(quick):
    """Runs in the fresh interpreter: idle timings, then a handshake and timings per busy
    phase."""
    import numba
    import numpy as np

    import atrous
    from atrous.demo import best_ms

    sys.path.insert(0, HERE)
    from _common import warm_memory

    warm_memory(1)  # the VM's first touch of fresh pages would be timed otherwise

    n = 2**16 if quick else 2**20
    repeats = 3 if quick else 7
    x = np.random.default_rng(0).standard_normal(n)
    coeffs = atrous.swt(x, "db4", level=8)
    cases = {"swt": lambda: atrous.swt(x, "db4", level=8),
             "iswt": lambda: atrous.iswt(coeffs, "db4")}
    result = {"threads": numba.get_num_threads(),
              "omp_wait_policy": os.environ.get("OMP_WAIT_POLICY")}
    for phase in PHASES:
        if phase != "idle":
            print("READY", flush=True)
            sys.stdin.readline()  # the parent has started the busy loop
            time.sleep(0.5)  # let the scheduler see it
        for name, function in cases.items():
            result[f"{name} {phase}"] = best_ms(function, repeats)
    print("RESULT " + json.dumps(result), flush=True)


def run_config(label, extra_env, quick, timeout):
    env = {k: v for k, v in os.environ.items() if k not in CLEARED}
    env.update(extra_env)
    command = [sys.executable, os.path.abspath(__file__), "--child"]
    if quick:
        command.append("--quick")
    busy = []
    proc = subprocess.Popen(command, env=env, cwd=HERE, stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    watchdog = threading.Timer(timeout, proc.kill)  # a hung child cannot hang the report
    watchdog.start()
    try:
        result = None
        for line in proc.stdout:
            if line.startswith("READY"):
                busy.append(subprocess.Popen([sys.executable, "-c", "while True: pass"],
                                             stdin=subprocess.DEVNULL))
                proc.stdin.write("go\n")
                proc.stdin.flush()
            elif line.startswith("RESULT "):
                result = json.loads(line[len("RESULT "):])
        proc.wait()
        if result is None:
            stderr = proc.stderr.read().strip().splitlines()
            return {"error": f"exit {proc.returncode}: " + (stderr[-1] if stderr else "")}
        return result
    except Exception as exc:  # a report, not a test
        return {"error": repr(exc)}
    finally:
        watchdog.cancel()
        for loop in busy:
            loop.kill()
            loop.wait()
        if proc.poll() is None:
            proc.kill()
            proc.wait()


def fmt(ms):
    return "n/a" if ms is None else f"{ms:.1f} ms"


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="small sizes, few repeats")
    parser.add_argument("--rounds", type=int, default=1,
                        help="run every configuration this many times, keep the best")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.quick)
        return

    print(f"{os.cpu_count()} CPUs; load average before: "
          f"{' '.join(f'{v:.2f}' for v in os.getloadavg())}")
    size = "2**16" if args.quick else "2**20"
    results = {label: {"error": "not run"} for label, _ in CONFIGS}
    for _ in range(args.rounds):  # rounds interleave the configurations; cells keep the best
        for label, extra_env in CONFIGS:
            r = run_config(label, extra_env, args.quick,
                           timeout=120 if args.quick else 600)
            if "error" in results[label]:
                results[label] = r
            elif "error" not in r:
                results[label] = {k: min(v, r[k]) if isinstance(v, float) else v
                                  for k, v in results[label].items()}
    print(f"load average after: {' '.join(f'{v:.2f}' for v in os.getloadavg())}\n")

    print(f"swt / iswt, N = {size}, float64, db4, level 8; best of "
          f"{3 if args.quick else 7} after warm-up, {args.rounds} round(s); "
          "1 busy / 2 busy = that many busy-loop processes\n")
    columns = [f"{name} {phase}" for name in ("swt", "iswt") for phase in PHASES]
    print("| configuration | threads | " + " | ".join(columns) + " |")
    print("|---|---|" + "---|" * len(columns))
    for label, _ in CONFIGS:
        r = results[label]
        if "error" in r:
            print(f"| {label} | failed: {r['error'][:80]} |" + " |" * len(columns))
            continue
        print(f"| {label} | {r['threads']} | "
              + " | ".join(fmt(r[column]) for column in columns) + " |")

    default, single = results["default"], results["NUMBA_NUM_THREADS=1"]
    missed = []
    print()
    if "error" in default or "error" in single:
        print("target check: not possible, a configuration failed")
        missed.append("no check")
    else:
        for name in ("swt", "iswt"):
            for phase in PHASES[1:]:
                # 5 % for timing noise: two runs of one configuration differ by that much.
                cell = f"{name} {phase}"
                ok = default[cell] <= 1.05 * single[cell]
                print(f"target: {cell}, default {fmt(default[cell])} <= one thread "
                      f"{fmt(single[cell])} (+5 % noise): {'met' if ok else 'MISSED'}")
                if not ok:
                    missed.append(cell)
            if not args.quick:
                low, high = TODAY_IDLE_MS[name]
                ok = default[f"{name} idle"] <= 1.1 * high
                print(f"target: {name} idle, default {fmt(default[f'{name} idle'])} keeps "
                      f"today's speed ({low}-{high} ms in README): {'met' if ok else 'MISSED'}")
                if not ok:
                    missed.append(f"{name} idle")
    print("targets missed: " + (", ".join(missed) if missed else "none"))


if __name__ == "__main__":
    try:
        main()
    except Exception as exc:  # a report, not a test: always exit 0
        print(f"bench_contention failed: {exc!r}")
    sys.exit(0)

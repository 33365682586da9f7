"""Running hostile calls in a subprocess under a memory limit and a per-call alarm.

A call that hangs or asks for terabytes must fail its test, not take the machine down:
each call (a Python expression) runs in one child process whose address space is capped
(``RLIMIT_AS``), under ``SIGALRM``. The outcome of every call comes back as
``(kind, message, seconds)``: ``("returned", "" or "not finite", s)`` or the exception's
type name and text.
"""

import json
import subprocess
import sys
import textwrap

import pytest

_RUNNER = textwrap.dedent("""
    import json, resource, signal, sys, time
    limit, setup, calls = json.loads(sys.argv[1])
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    exec(setup)

    def alarm(signum, frame):
        raise TimeoutError("still running after the time allowed")

    def finite(value):
        try:
            return bool(np.all(np.isfinite(np.asarray(value, dtype=complex))))
        except (TypeError, ValueError):
            return True

    signal.signal(signal.SIGALRM, alarm)
    results = {}
    for name, (call, seconds) in calls.items():
        start = time.perf_counter()
        signal.alarm(int(seconds) + 1)
        try:
            value = eval(call)
            outcome = ("returned", "" if finite(value) else "not finite")
        except BaseException as error:
            outcome = (type(error).__name__, str(error))
        finally:
            signal.alarm(0)
        results[name] = outcome + (time.perf_counter() - start,)
    print(json.dumps(results))
""")


def run_bounded(calls, setup, limit_bytes, timeout=300):
    """Outcomes of ``calls`` (name -> (expression, seconds allowed)) after ``setup``."""
    argument = json.dumps([int(limit_bytes), textwrap.dedent(setup), calls])
    try:
        done = subprocess.run([sys.executable, "-c", _RUNNER, argument],
                              capture_output=True, text=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        pytest.fail(f"the bounded calls did not finish in {timeout} s")
    if done.returncode != 0:
        pytest.fail(f"the bounded-call subprocess failed:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.splitlines()[-1])

"""How much memory a call may take: what the OS says is available now, read cheaply enough
for a guard that runs on every call.

:func:`available_memory` reads it (Linux's ``MemAvailable`` within the cgroups' limits),
which costs about half a millisecond where a cgroup (v1) is walked; :func:`budget` reuses
one reading for :data:`READING_LIFETIME` seconds, so that the packet transforms can check
every call and the simulators every draw. :func:`check` is the guard itself.
"""

import os
import time

from . import _validation as validate

# Where Linux says how much memory is available (the kernel's estimate of what can be
# allocated without swapping, page cache included), and the cgroups that may cap it.
_MEMINFO = "/proc/meminfo"
_CGROUP_MEMORY = "/sys/fs/cgroup"
_CGROUP_SELF = "/proc/self/cgroup"

# How long a reading of the memory available is reused: long enough that a loop of small
# calls reads it a few times a second, short enough to see what the last big allocation took.
READING_LIFETIME = 0.1

_now = time.monotonic


def _read(path):
    try:
        with open(path) as file:
            return file.read()
    except OSError:
        return None


def available_memory():
    """The bytes of memory this process can allocate now without swapping, or None where
    the OS does not say: Linux's ``MemAvailable`` (``/proc/meminfo``), within what its
    cgroups' limits leave (:func:`_cgroup_room`); elsewhere the free pages
    (``os.sysconf('SC_AVPHYS_PAGES')``), which leave out reclaimable caches."""
    available = None
    for line in (_read(_MEMINFO) or "").splitlines():
        if line.startswith("MemAvailable:"):
            available = int(line.split()[1]) * 1024  # in kB
    if available is None:
        try:
            available = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_AVPHYS_PAGES")
        except (AttributeError, OSError, ValueError):
            available = None
    room = _cgroup_room()
    if room is not None:
        available = room if available is None else min(available, room)
    return available


# The files of a cgroup's memory controller: (the controller's line in /proc/self/cgroup,
# its folder below /sys/fs/cgroup, the limit, the usage, the inactive page cache in
# memory.stat), cgroup v2 first, then v1.
_CGROUP_FILES = (("0::", "", "memory.max", "memory.current", "inactive_file"),
                 (":memory:", "memory", "memory.limit_in_bytes", "memory.usage_in_bytes",
                  "total_inactive_file"))


def _cgroup_room():
    """What the memory limits of this process's cgroup and of its parents leave (v2's
    ``memory.max``, v1's ``memory.limit_in_bytes``): each limit less the memory its group
    holds and cannot reclaim (its usage less the inactive page cache); None without a
    limit."""
    lines = (_read(_CGROUP_SELF) or "").splitlines()
    rooms = []
    for marker, controller, limit_file, usage_file, cache_key in _CGROUP_FILES:
        # "0::/a/b" (v2) or "4:memory:/a/b" (v1): the group's path below the controller
        paths = [line.partition(marker)[2] for line in lines
                 if (line.startswith(marker) if marker == "0::" else marker in line)]
        parts = [part for part in (paths[0] if paths else "").split("/") if part]
        for depth in range(len(parts), -1, -1):
            folder = os.path.join(_CGROUP_MEMORY, controller, *parts[:depth])
            limit = (_read(os.path.join(folder, limit_file)) or "").strip()
            used = (_read(os.path.join(folder, usage_file)) or "").strip()
            if not (limit.isdigit() and used.isdigit()):
                continue
            cache = 0
            for line in (_read(os.path.join(folder, "memory.stat")) or "").splitlines():
                if line.startswith(cache_key + " "):
                    cache = int(line.split()[1])
            rooms.append(max(int(limit) - max(int(used) - cache, 0), 0))
    return min(rooms, default=None)


# The last reading: (the readers that made it, when, (available, physical)).
_last = (None, float("-inf"), (None, None))


def _limits():
    """``(available, physical)``: :func:`available_memory` and the machine's physical
    memory, as read at most :data:`READING_LIFETIME` seconds ago by the same readers (a
    reader replaced since, by a test, reads afresh)."""
    global _last
    readers = (available_memory, validate.physical_memory)
    made_by, when, limits = _last
    now = _now()
    if made_by != readers or not 0 <= now - when <= READING_LIFETIME:
        limits = (available_memory(), validate.physical_memory())
        _last = (readers, now, limits)
    return limits


def budget(fraction=1.0):
    """The bytes a call may take, or None where the OS says nothing: ``fraction`` of the
    memory available now, and never more than the machine's physical memory."""
    available, physical = _limits()
    if available is None:
        return physical or None
    return min(fraction * available, physical or float("inf"))


def describe(fraction=1.0):
    """:func:`budget` in words, for a message: ``"50% of the 7.5 GiB of memory available
    now"`` or ``"this machine's 24 GiB of memory"``."""
    available, physical = _limits()
    if available is not None and not (physical and physical < fraction * available):
        share = "" if fraction == 1 else f"{fraction:.0%} of "
        return f"{share}the {available / 2**30:.3g} GiB of memory available now"
    return f"this machine's {physical / 2**30:.3g} GiB of memory"


def check(need, what, advice, fraction=1.0):
    """A ``ValueError`` if ``need`` bytes (for ``what``, a phrase naming the arguments)
    exceed :func:`budget`, saying ``advice``: a request that large would otherwise end in
    a MemoryError deep inside NumPy, in swapping, or in the OOM killer."""
    limit = budget(fraction)
    if limit is not None and need > limit:
        raise refusal(need, what, advice, fraction)


def refusal(need, what, advice, fraction=1.0):
    """The ``ValueError`` of :func:`check`, for a guard that compares with :func:`budget`
    itself (to phrase ``advice`` from it, or to build no message on a hot path)."""
    return ValueError(f"{what} would need {need / 2**30:.3g} GiB, more than "
                      f"{describe(fraction)}; {advice}")

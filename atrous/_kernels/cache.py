"""Numba's on-disk cache for the kernels, made so that it never breaks atrous.

:func:`njit` is ``numba.njit``; with ``cache=True`` the kernel gets the cache below in place
of numba's own, which keeps numba's directories and file format (a cache written by one is
read by the other) but differs where numba's would fail:

- Where entries live: numba's directories, in numba's order (``$NUMBA_CACHE_DIR`` when set,
  the package's own ``__pycache__``, the per-user ``~/.cache/numba``). Entries are saved in,
  and loaded from, the first one that is writable, as numba does.
- A package ``__pycache__`` that the process may not write to (an installation's cache, made
  by ``python -m atrous.precompile`` in a Docker image or a system install) is loaded from
  too, when the writable directory misses. Numba's own cache ignores it and recompiles.
- No writable directory at all (a read-only installation without a writable home:
  containers, serverless): the kernels are compiled in each process, and the first compile
  that cannot be saved gives one warning that says how to enable a cache
  (``NUMBA_CACHE_DIR``). Numba's own cache fails at import ("no locator available").
- An entry that cannot be read (a truncated or garbage ``.nbi`` or ``.nbc`` file, machine
  code that LLVM refuses): a warning names the file and how to clear it, the kernel is
  compiled again and, where the directory is writable, its entry rewritten. Numba's own
  cache raises from every call of every process, naming neither the file nor the cache.
- ``NUMBA_DISABLE_JIT=1``: :func:`njit` returns the Python function, as numba does.

Warnings point at the user's line: the first frame outside atrous and numba.
"""

import os
import sys
import threading
import warnings

import numba
from numba.core import caching, config

__all__ = ["CacheWarning", "njit", "nothing_left_uncached"]


class CacheWarning(UserWarning):
    """A kernel that cannot be cached, or a cache file that cannot be read."""


def njit(*, cache=False, **options):
    """``numba.njit(**options)``; with ``cache=True``, on the cache of this module."""

    def decorate(function):
        if cache and not _NUMBA_CACHE_KNOWN:
            return _numba_own_cache(function, options)
        dispatcher = numba.njit(**options)(function)
        # No `_cache` under NUMBA_DISABLE_JIT=1: the function itself came back.
        if cache and hasattr(dispatcher, "_cache"):
            dispatcher._cache = _cache_for(function)
        return dispatcher

    return decorate


def _cache_for(function):
    try:
        return _KernelCache(function)
    except Exception:  # noqa: BLE001  (a source file that is not a file, a numba we do not
        # know: whatever the cause, importing atrous must not fail)
        return _Uncached()


# The numba classes the cache below builds on (private ones among them, present from numba
# 0.59 to 0.68 at least). A numba without them gets its own cache where it works, none where
# it fails: never a failed import.
_NUMBA_CACHE_CLASSES = ("_SourceFileBackedLocatorMixin", "_CacheLocator", "InTreeCacheLocator",
                        "UserWideCacheLocator", "UserProvidedCacheLocator", "IndexDataCacheFile",
                        "CompileResultCacheImpl", "FunctionCache", "NullCache")
_NUMBA_CACHE_KNOWN = all(hasattr(caching, name) for name in _NUMBA_CACHE_CLASSES)


def _base(name):
    """``numba.core.caching.<name>``, or a stand-in class where this numba has none (the
    classes below are then defined but never used)."""
    return getattr(caching, name, None) or type(name, (), {})


def _numba_own_cache(function, options):
    try:
        return numba.njit(cache=True, **options)(function)
    except Exception:  # noqa: BLE001  ("no locator available", or any other refusal)
        _warn_once("unknown numba", (
            f"atrous: Numba {numba.__version__} has no cache atrous can use here, so its "
            "kernels are compiled in every process (seconds each). Set NUMBA_CACHE_DIR to a "
            "writable directory to cache them."))
        return numba.njit(**options)(function)


# -- Warnings, each given once per process ----------------------------------------------------

_given = set()
_given_lock = threading.Lock()


def _warn_once(key, message):
    with _given_lock:
        if key in _given:
            return
        _given.add(key)
    frame, level = sys._getframe(1), 2  # level 1 is this function
    while frame is not None and (frame.f_globals.get("__name__", "").partition(".")[0]
                                 in ("atrous", "numba")):
        frame, level = frame.f_back, level + 1
    warnings.warn(message, CacheWarning, stacklevel=level)


def nothing_left_uncached():
    """Whether every kernel compiled in this process so far could be saved to a cache (no
    warning that kernels are compiled in every process was given)."""
    with _given_lock:
        return not {"uncached", "unknown numba"} & _given


def _warn_uncached(error=None):
    reason = ("no writable directory for Numba's cache (the package's __pycache__, "
              "NUMBA_CACHE_DIR and ~/.cache/numba)" if error is None
              else f"Numba's cache could not be saved ({error})")
    _warn_once("uncached", (
        f"atrous: {reason}, so its kernels are compiled in every process "
        "(seconds each). Set NUMBA_CACHE_DIR to a writable directory to cache them, or run "
        "`python -m atrous.precompile` where the package is writable."))


def _warn_unreadable(path, error):
    _warn_once(("unreadable", path), (
        f"atrous: the Numba cache file {path} cannot be read ({type(error).__name__}: "
        f"{error}); it is ignored and the kernel compiled again. Delete it (or the whole "
        f"directory {os.path.dirname(path)}) to clear the cache."))


# -- Where entries live -----------------------------------------------------------------------

class _Locator(_base("_SourceFileBackedLocatorMixin"), _base("_CacheLocator")):
    """Numba's directories for a kernel's source file: ``writable``, the first writable one
    (or None), and ``read_only``, a package ``__pycache__`` the process may not write to."""

    def __init__(self, py_func, py_file):
        self._py_file = py_file
        self._lineno = py_func.__code__.co_firstlineno
        in_tree = caching.InTreeCacheLocator(py_func, py_file)
        candidates = [in_tree, caching.UserWideCacheLocator(py_func, py_file)]
        if config.CACHE_DIR:
            candidates.insert(0, caching.UserProvidedCacheLocator(py_func, py_file))
        self.writable = None
        for candidate in candidates:
            try:
                candidate.ensure_cache_path()
            except OSError:
                continue
            self.writable = candidate.get_cache_path()
            break
        path = in_tree.get_cache_path()
        self.read_only = []
        if (path != self.writable and os.path.isdir(path) and os.access(path, os.R_OK | os.X_OK)
                and not os.access(path, os.W_OK)):
            self.read_only.append(path)

    def ensure_cache_path(self):
        if self.writable is None:
            raise OSError("no writable directory for the cache")
        os.makedirs(self.writable, exist_ok=True)

    def get_cache_path(self):
        return self.writable or (self.read_only[0] if self.read_only else None)

    @classmethod
    def from_function(cls, py_func, py_file):
        if not os.path.isfile(py_file):
            return None
        return cls(py_func, py_file)


class _Unreadable(Exception):
    def __init__(self, path, error):
        super().__init__(path, error)
        self.path, self.error = path, error


class _Entries(_base("IndexDataCacheFile")):
    """One directory's index (``.nbi``) and data (``.nbc``) files of a kernel; a file that
    cannot be read raises :class:`_Unreadable` with its path."""

    def _load_index(self):
        try:
            return super()._load_index()
        except Exception as error:  # noqa: BLE001  (truncated, garbage, unreadable)
            raise _Unreadable(self._index_path, error) from error

    def load_with_path(self, key):
        """``(data, path of its file)``, or None where the index has no entry for ``key``."""
        name = self._load_index().get(key)
        if name is None:
            return None
        path = self._data_path(name)
        try:
            return self._load_data(name), path
        except FileNotFoundError:  # removed by another process since the index was read
            return None
        except Exception as error:  # noqa: BLE001
            raise _Unreadable(path, error) from error

    def save(self, key, data):
        try:
            super().save(key, data)
        except _Unreadable:
            self._save_index({})  # replace the unreadable index (warned about at loading)
            super().save(key, data)


class _Impl(_base("CompileResultCacheImpl")):
    _locator_classes = [_Locator]


class _KernelCache(_base("FunctionCache")):
    """Numba's per-function cache, loading from every directory of :class:`_Locator` and
    saving in its writable one, where an unreadable file means a recompilation."""

    _impl_class = _Impl

    def __init__(self, py_func):
        super().__init__(py_func)
        locator = self._impl.locator
        stamp, base = locator.get_source_stamp(), self._impl.filename_base
        # (A locator of NUMBA_CACHE_LOCATOR_CLASSES has one directory, its cache path.)
        writable = getattr(locator, "writable", locator.get_cache_path())
        self._cache_file = None if writable is None else _Entries(writable, base, stamp)
        self._sources = [entries for entries in [self._cache_file] if entries is not None]
        self._sources += [_Entries(path, base, stamp)
                          for path in getattr(locator, "read_only", [])]

    def flush(self):
        if self._cache_file is not None:
            self._cache_file.flush()

    def _load_overload(self, sig, target_context):
        if not self._enabled:
            return None
        key = self._index_key(sig, target_context.codegen())
        for entries in self._sources:
            try:
                found = entries.load_with_path(key)
                if found is None:
                    continue
                data, path = found
                try:
                    return self._impl.rebuild(target_context, data)
                except Exception as error:  # noqa: BLE001  (machine code LLVM refuses)
                    raise _Unreadable(path, error) from error
            except _Unreadable as unreadable:
                _warn_unreadable(unreadable.path, unreadable.error)
        return None

    def _save_overload(self, sig, data):
        if not self._enabled:
            return
        if self._cache_file is None:
            _warn_uncached()
            return
        try:
            super()._save_overload(sig, data)
        except OSError as error:  # the directory became unwritable, a full disk
            _warn_uncached(error)


class _Uncached(_base("NullCache")):
    """No cache at all: the kernel is compiled in every process, with one warning."""

    def save_overload(self, sig, data):
        _warn_uncached()

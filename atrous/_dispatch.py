"""The one place where arrays of other libraries (Dask) reach atrous.

Every public transform is plain NumPy code, decorated with :func:`chunkable`, which names
the argument holding its data. A call whose data is (or, for coefficient lists and dicts,
holds) an array of a registered *kind* goes to the runner registered for that function and
kind; every other call goes straight to the NumPy function. This is the pattern of
xarray's chunk managers and numbagg's decorators: the transforms never mention Dask, and
the layer that does (:mod:`atrous._dask`) sits above them, imports them, and registers
itself here.

A kind is recognised without importing its library: :mod:`atrous._dask` registers
``("dask.array", "Array")`` with its runners, and an argument is of that kind only if
``dask.array`` is already imported (a user holding a Dask array has imported it) and the
argument is an instance of ``dask.array.Array``. So ``import atrous`` (which imports
:mod:`atrous._dask`, itself importing no Dask) imports no optional library.

A runner is called as ``runner(numpy_function, arguments)``: the undecorated function and
a dict of every parameter by name, defaults filled in (so runners never depend on the
order of positional parameters).
"""

import functools
import inspect
import sys


class ChunkWarning(UserWarning):
    """A chunked (Dask) array was rechunked: a transform reaches farther than its chunks."""


# (module holding the class, class name, {public name: runner}), in order.
_KINDS = []


def register_kind(module, class_name, runners):
    """Arrays of class ``module.class_name`` go to ``runners[public name]``."""
    _KINDS.append((module, class_name, runners))


def _runners_for(value):
    """The runners for ``value`` (an array, or a list, tuple or dict of them), or None for
    NumPy data and everything else."""
    for module, class_name, runners in _KINDS:
        library = sys.modules.get(module)
        if library is not None and _holds(value, getattr(library, class_name)):
            return runners
    return None


def _holds(value, array_type):
    if isinstance(value, array_type):
        return True
    if isinstance(value, dict):
        return any(_holds(v, array_type) for v in value.values())
    if isinstance(value, (list, tuple)):
        return any(_holds(v, array_type) for v in value)
    return False


def chunkable(name, argument):
    """Decorate the public NumPy function ``name`` whose data is the parameter ``argument``.

    The decorated function runs the NumPy code unless ``argument`` holds an array of a
    registered kind; then it returns ``runner(function, arguments)``.
    """
    def decorate(function):
        signature = inspect.signature(function)
        position = list(signature.parameters).index(argument)

        @functools.wraps(function)
        def dispatching(*args, **kwargs):
            if _KINDS:
                value = args[position] if len(args) > position else kwargs.get(argument)
                runners = _runners_for(value)
                if runners is not None:
                    if name not in runners:
                        raise TypeError(f"atrous.{name} does not take {type(value).__name__} "
                                        "input; pass a NumPy array")
                    return runners[name](function, _arguments(signature, args, kwargs))
            return function(*args, **kwargs)

        return dispatching

    return decorate


def _arguments(signature, args, kwargs):
    bound = signature.bind(*args, **kwargs)
    bound.apply_defaults()
    return dict(bound.arguments)


def is_chunked(value):
    """Whether ``value`` (an array or a structure of arrays) is of a registered kind."""
    return _runners_for(value) is not None


__all__ = ["ChunkWarning", "chunkable", "is_chunked", "register_kind"]

"""Docstring text that several public functions share, written once.

As ``scipy.ndimage``'s ``docfiller``: a docstring line that is only ``{name}`` stands for a
fragment, filled in when the module is imported.
"""

import re
import textwrap

_PLACEHOLDER = re.compile(r"^( *)\{(\w+)\}$", re.MULTILINE)


def fill_docstrings(fragments, *functions):
    """Fill in the docstrings of ``functions`` from ``fragments``, so that functions which
    document the same thing say it in one place.

    A docstring line that is only ``{name}`` becomes the text ``fragments[name]``, dedented
    and indented as that line. A decorated function (``@chunkable``) is filled, and so is
    the function it wraps, whose docstring ``functools.wraps`` copied. Under ``python -OO``
    there are no docstrings, and nothing changes.
    """
    texts = {name: textwrap.dedent(text).strip("\n") for name, text in fragments.items()}
    for function in functions:
        while function is not None:
            if function.__doc__:
                function.__doc__ = _PLACEHOLDER.sub(
                    lambda line: textwrap.indent(texts[line[2]], line[1]), function.__doc__)
            function = getattr(function, "__wrapped__", None)

"""Receptive fields of dilated filters and stacks, and dilation schedules that reach a target.

One layer of ``k`` taps at dilation ``d`` sees ``(k - 1) d + 1`` consecutive samples; a stack
sees ``1 + sum_i (k_i - 1) d_i``. The same sum is the reach of the wavelet transforms: ``J``
SWT levels of an ``L``-tap wavelet (dilations 1, 2, ..., 2**(J-1)) see
``1 + (L - 1)(2**J - 1)`` samples, their halo plus one.
"""

from typing import NamedTuple

from . import _validation as validate
from ._docstrings import REFERENCES, fill_docstrings

__all__ = ["receptive_field", "dilation_schedule", "Schedule"]


def receptive_field(kernel_size, dilation=1):
    """Count the samples that an output of a dilated layer, or of a stack, depends on.

    Parameters
    ----------
    kernel_size : int or sequence of int
        Taps per layer: one value for a layer (or for every layer of a stack), or one per
        layer.
    dilation : int or sequence of int, optional
        Dilation per layer: one value, or one per layer. Default 1.

    Returns
    -------
    field : int
        ``1 + sum_i (kernel_size_i - 1) * dilation_i``: ``(k - 1) * d + 1`` for one layer.

    Raises
    ------
    ValueError
        Sizes or dilations below 1, or sequences of different lengths.

    See Also
    --------
    atrous.dilation_schedule : The dilations that reach a given field.
    atrous.stream.CausalStack : A streaming stack, whose ``receptive_field`` this is.
    atrous.swt : Whose ``J`` levels see ``1 + (L - 1)(2**J - 1)`` samples.

    {references_conv1d}

    Examples
    --------
    >>> import atrous
    >>> atrous.receptive_field(3, 4)
    9
    >>> atrous.receptive_field(3, [1, 2, 4, 8, 16])   # 2**(n+1) - 1 for n doublings
    63
    >>> atrous.receptive_field(8, [2**j for j in range(5)])   # 5 SWT levels of db4
    218
    """
    sizes = validate.positive_integers(kernel_size, "kernel_size")
    dilations = validate.positive_integers(dilation, "dilation")
    if len(sizes) > 1 and len(dilations) > 1 and len(sizes) != len(dilations):
        raise ValueError(f"`kernel_size` has {len(sizes)} layers and `dilation` "
                         f"{len(dilations)}; give one value or one per layer")
    layers = max(len(sizes), len(dilations))
    sizes = sizes * layers if len(sizes) == 1 else sizes
    dilations = dilations * layers if len(dilations) == 1 else dilations
    return 1 + sum((k - 1) * d for k, d in zip(sizes, dilations))


class Schedule(NamedTuple):
    """A dilation schedule: the dilation of each layer and the receptive field it reaches."""

    dilations: list
    receptive_field: int

    @property
    def layers(self):
        """The number of layers."""
        return len(self.dilations)


# The longest schedule dilation_schedule builds. A field that needs more layers (a huge one
# with base 1 or a small max_dilation) would otherwise grow a list until memory ran out.
MAX_LAYERS = 1_000_000


def dilation_schedule(receptive_field, kernel_size=3, base=2, max_dilation=None):
    """The shortest exponential dilation schedule whose receptive field reaches a target.

    Dilations ``1, base, base**2, ...``; with ``max_dilation`` the sequence restarts at 1
    after reaching it (WaveNet's repeated cycles ``1, 2, ..., 512, 1, 2, ...``).

    Parameters
    ----------
    receptive_field : int
        The field to reach, in samples (bins): for 50 kb of genome at 1 kb bins, 50.
    kernel_size : int, optional
        Taps per layer. Default 3.
    base : int, optional
        Ratio of consecutive dilations. Default 2.
    max_dilation : int, optional
        Largest dilation before the cycle restarts. Default: no limit.

    Returns
    -------
    schedule : Schedule
        ``schedule.dilations`` (one per layer), ``schedule.receptive_field`` (the field
        reached, at least the target) and ``schedule.layers``.

    Raises
    ------
    ValueError
        A target below 1, ``kernel_size`` below 2 (a 1-tap layer never grows the field),
        ``base`` below 1, ``max_dilation`` below 1, or a schedule of more than a million
        layers.

    See Also
    --------
    atrous.receptive_field : The field of any sizes and dilations.
    atrous.conv1d : The layers a schedule is for.

    {references_conv1d}

    Examples
    --------
    >>> import atrous
    >>> atrous.dilation_schedule(50)          # 50 kb at 1 kb bins, kernel 3
    Schedule(dilations=[1, 2, 4, 8, 16], receptive_field=63)
    >>> schedule = atrous.dilation_schedule(1000, kernel_size=2)   # WaveNet's 1 ... 512
    >>> schedule.layers, schedule.receptive_field
    (10, 1024)
    >>> atrous.dilation_schedule(1000, kernel_size=2, max_dilation=64).layers
    56
    """
    target = validate.integer(receptive_field, "receptive_field")
    kernel_size = validate.integer(kernel_size, "kernel_size")
    base = validate.integer(base, "base")
    if target < 1:
        raise ValueError(f"`receptive_field`={target} must be at least 1")
    if kernel_size < 2:
        raise ValueError(f"`kernel_size`={kernel_size}: layers need at least 2 taps to "
                         "widen the field")
    if base < 1:
        raise ValueError(f"`base`={base} must be at least 1")
    if max_dilation is not None:
        max_dilation = validate.integer(max_dilation, "max_dilation")
        if max_dilation < 1:
            raise ValueError(f"`max_dilation`={max_dilation} must be at least 1")
    too_long = ValueError(
        f"`receptive_field`={target} needs more than {MAX_LAYERS} layers of {kernel_size} "
        "taps with this schedule; use a larger `base`, `max_dilation` or `kernel_size`")
    if base == 1 or max_dilation is not None:  # the dilations repeat: refuse without looping
        largest = 1
        while base > 1 and largest * base <= max_dilation:
            largest *= base
        if target - 1 > MAX_LAYERS * (kernel_size - 1) * largest:
            raise too_long
    dilations, field, dilation = [], 1, 1
    while field < target:
        if len(dilations) == MAX_LAYERS:
            raise too_long
        dilations.append(dilation)
        field += (kernel_size - 1) * dilation
        dilation *= base
        if max_dilation is not None and dilation > max_dilation:
            dilation = 1
    return Schedule(dilations, field)


fill_docstrings(REFERENCES, receptive_field, dilation_schedule)

"""Durations, period bands and frequencies as a person reads them: the one formatter of the
text that :func:`atrous.level_bands`' labels, the figures (:mod:`atrous.plot`), the labeled
layer (:mod:`atrous.xarray`) and error messages show.

A duration reads in the largest unit of :data:`UNITS` (nanoseconds to years) in which it is
at least 1 once rounded to 3 significant digits: 90 minutes read ``'1.50 h'``, 59.99 s read
``'1.00 min'``, 32 hours ``'1.33 days'``; and where its 3 digits in a unit reach the next
unit, in that one: 59.96 s (``'60.0'`` s, ``'0.999'`` min) reads ``'1.00 min'``, never
``'60.0 s'``. A year is the Julian year,
365.25 days (the mean length of a year of the Gregorian calendar is 365.2425 days; the
difference is below the 3 digits shown). A band of periods reads in the unit of its shortest
period, both edges in that unit (``'16.0–32.0 h'``, ``'1.33–2.67 days'``); an open band as
``'> 64.0 h'``. Durations in a unit that is not one of time (the samples of an axis without
a time, a coordinate's own units) keep that unit: counts of samples exactly (``'2–4
samples'``), other numbers to 3 significant digits. Text only: the numbers themselves
(coordinates, arrays) stay numbers.

No pandas and no xarray here: ``import atrous`` imports this module.
"""

import datetime
import math

import numpy as np

__all__ = ["UNITS", "duration", "period_band", "frequency_band", "seconds_per", "unit_of",
           "significant"]

#: The units of time a duration reads in, shortest first, with their length in seconds.
UNITS = (("ns", 1e-9), ("µs", 1e-6), ("ms", 1e-3), ("s", 1.0), ("min", 60.0),
         ("h", 3600.0), ("days", 86400.0), ("years", 31_557_600.0))

# Other names of the units of time (what a user may pass as ``time_unit`` or a coordinate's
# ``units`` attribute say), and NumPy's codes.
_ALIASES = {
    "ns": "ns", "nanosecond": "ns", "nanoseconds": "ns",
    "µs": "µs", "μs": "µs", "us": "µs", "microsecond": "µs", "microseconds": "µs",
    "ms": "ms", "millisecond": "ms", "milliseconds": "ms",
    "s": "s", "sec": "s", "secs": "s", "second": "s", "seconds": "s",
    "min": "min", "mins": "min", "minute": "min", "minutes": "min",
    "h": "h", "hr": "h", "hrs": "h", "hour": "h", "hours": "h",
    "d": "days", "D": "days", "day": "days", "days": "days",
    "y": "years", "Y": "years", "yr": "years", "yrs": "years", "year": "years",
    "years": "years",
}
_LENGTH = dict(UNITS)
SAMPLES = "samples"


def seconds_per(unit):
    """The length in seconds of a unit of time (``'h'``, ``'hours'``, ``'year'``, NumPy's
    ``'D'``), None for a unit that is not one of time (``'samples'``; ``'m'``, metres as
    often as minutes: minutes are ``'min'``)."""
    if not isinstance(unit, str):
        return None
    name = _ALIASES.get(unit.strip(), _ALIASES.get(unit.strip().lower()))
    return None if name is None else _LENGTH[name]


def significant(value, digits=3):
    """``value`` to ``digits`` significant digits, trailing zeros kept (``'1.00'``,
    ``'60.0'``, ``'0.500'``), without an exponent from 0.001 to below a million
    (``'1230'``), with one beyond (``'1.23e+06'``); ``'0'``, ``'∞'``, ``'NaN'``."""
    value = float(value)
    if math.isnan(value):
        return "NaN"
    if math.isinf(value):
        return "∞" if value > 0 else "-∞"
    if value == 0:
        return "0"
    rounded = float(f"{value:.{digits}g}")
    if 10 ** digits <= abs(rounded) < 1e6:
        return f"{rounded:.0f}"
    if not 1e-3 <= abs(rounded) < 1e6:
        return f"{rounded:.{digits - 1}e}"
    return f"{rounded:#.{digits}g}".rstrip(".")


def unit_of(seconds):
    """``(name, length in seconds)`` of the unit a duration of ``seconds`` (its size) reads
    in: the largest of :data:`UNITS` in which it is at least 1 once rounded to 3 significant
    digits, or, where its 3 digits in a unit reach the next unit (59.96 s reads ``'60.0'``
    seconds, a minute), the next; nanoseconds for shorter ones (and for 0, NaN)."""
    return _reading(seconds)[:2]


def _reading(seconds):
    """``(name, length in seconds, the duration in that unit)``, see :func:`unit_of`: in
    the case of a duration whose 3 digits in a unit reach the next, its rounded value (60.0
    seconds are 1 minute), so that it reads ``'1.00 min'``, never ``'60.0 s'`` (nor
    ``'0.999 min'``)."""
    seconds = abs(float(seconds))
    index = 0
    for candidate in range(len(UNITS) - 1, -1, -1):
        if float(significant(seconds / UNITS[candidate][1])) >= 1:
            index = candidate
            break
    name, length = UNITS[index]
    if index + 1 < len(UNITS):
        shown = float(significant(seconds / length)) * length
        if shown >= UNITS[index + 1][1] * (1 - 1e-12):
            name, length = UNITS[index + 1]
            return name, length, shown / length
    return name, length, seconds / length


def _seconds(value, unit):
    """``(number, seconds per unit or None)``: a timedelta (NumPy's, pandas', Python's) in
    seconds; a number in ``unit``."""
    if isinstance(value, np.timedelta64) or hasattr(value, "to_timedelta64"):
        value = np.timedelta64(value.to_timedelta64() if hasattr(value, "to_timedelta64")
                               else value)
        if np.isnat(value):
            return math.nan, None
        base, count = np.datetime_data(value.dtype)
        if base == "generic":
            raise ValueError(f"a timedelta without a unit: {value!r}")
        return float(value.astype(np.int64)) * count * _NUMPY_SECONDS[base], 1.0
    if isinstance(value, datetime.timedelta):
        return value.total_seconds(), 1.0
    return float(value), seconds_per(unit)


def _is_nat(value):
    """Whether ``value`` is NumPy's (or pandas') not-a-time."""
    if hasattr(value, "to_timedelta64"):
        value = value.to_timedelta64()
    return isinstance(value, np.timedelta64) and bool(np.isnat(value))


_NUMPY_SECONDS = {"Y": 31_556_952.0, "M": 2_629_746.0, "W": 604800.0, "D": 86400.0,
                  "h": 3600.0, "m": 60.0, "s": 1.0, "ms": 1e-3, "us": 1e-6, "ns": 1e-9,
                  "ps": 1e-12, "fs": 1e-15, "as": 1e-18}


def _in_unit(number, unit, named=True):
    """A number in a unit that is not one of time: counts of samples exactly, others to 3
    significant digits; the unit after it if ``named`` (none for ``None`` or ``''``)."""
    if unit == SAMPLES and float(number).is_integer() and abs(number) < 2**53:
        text = f"{int(number)}"
    else:
        text = significant(number)
    return f"{text} {unit}" if unit and named else text


def duration(value, unit="s"):
    """A duration as text in the unit it reads best in (see the module's docstring).

    ``value`` is a timedelta (NumPy's, pandas', Python's; NaT reads ``'NaT'``) or a number in
    ``unit``: a unit of time (``'s'``, ``'h'``, ``'days'``, ``'year'`` ...), converted;
    ``'samples'`` or another unit (a coordinate's ``'m'``), kept; ``None`` for a bare
    number. A negative duration reads as its size with a minus; 0 as ``'0 s'``; infinity
    as ``'∞'``."""
    number, length = _seconds(value, unit)
    if _is_nat(value):
        return "NaT"
    if length is None:
        return _in_unit(number, unit)
    seconds = number * length
    if math.isnan(seconds):
        return "NaN"
    if math.isinf(seconds):
        return significant(seconds)
    if seconds == 0:
        return "0 s"
    name, _, number = _reading(seconds)
    return f"{significant(math.copysign(number, seconds))} {name}"


def period_band(shortest, longest, unit="s"):
    """A band of periods as text: ``'2.00–4.00 h'`` (both edges in the unit the shortest
    reads in), ``'> 64.0 h'`` where ``longest`` is infinite, ``'2–4 samples'``.
    ``shortest`` and ``longest`` as :func:`duration` takes them."""
    low, length = _seconds(shortest, unit)
    high, high_length = _seconds(longest, unit)
    if math.isinf(high) and high > 0:
        return f"> {duration(shortest, unit)}"
    if math.isnan(low) or math.isnan(high):
        return "NaN"
    if length is None:
        return f"{_in_unit(low, unit, named=False)}–{_in_unit(high, unit)}"
    low, high = low * length, high * high_length
    name, size, number = _reading(low if low != 0 else high)
    low_text = significant(number) if low != 0 else "0"
    return f"{low_text}–{significant(high / size)} {name}"


def frequency_band(low, high, unit="Hz"):
    """A band of frequencies as text, to 3 significant digits: ``'22.5–45.0 Hz'``,
    ``'0–11.2 cycles/year'``."""
    return f"{significant(low)}–{significant(high)} {unit}"

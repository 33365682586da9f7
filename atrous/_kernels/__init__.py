"""Numba kernels: the only modules of atrous that import numba.

The kernels take canonical input only (C-contiguous float32/float64 arrays, preallocated
outputs, integer parameters). They never validate or raise for user errors; the layers
above them (``atrous._validation``, ``atrous._engine``) do.
"""

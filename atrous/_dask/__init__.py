"""Dask arrays in, Dask arrays out: every transform run chunk by chunk, exact for any chunking.

This layer sits above the NumPy transforms, which never mention it: it registers one runner
per public function with :mod:`atrous._dispatch` (:mod:`atrous._dask.runners`), and a
public function called with Dask data hands its arguments to that runner. It imports no
Dask until a runner runs (a user holding a Dask array has imported it). The plan is always
the same (:func:`~atrous._dask.blocks.blockwise`):

1. Resolve what depends on the whole array (default levels, axes) and find, per transformed
   axis, the *depth*: how far an output sample's value can depend on input samples, for the
   whole computation (all levels, forward and inverse), from the transform's own module
   (each defines its ``reach`` next to its maths).
2. Where a chunk along a transformed axis is shorter than the depth, rechunk that axis with a
   :class:`~atrous.ChunkWarning` (and rechunk the result back to the input's chunks).
3. Give every chunk ``depth`` samples of its neighbours (``dask.array.overlap``): wrapped
   around at a periodic axis, none at the array's own edges otherwise.
4. Run the NumPy function on each padded block and keep the block's own samples.

Step 4 is exact. At a periodic axis the padded block holds every sample the kept outputs
read. At a non-periodic mode a block that touches an array edge holds the true edge, so the
NumPy function applies the mode there exactly as on the whole array (every level extends
its own input, as in memory); what the block's other, cut side gets wrong reaches at most
the depth into the block and is cut away.

Multi-output functions return one Dask array per output; the outputs of one block come from
one task (a tuple, split by cheap ``getitem`` tasks), so a transform is never run twice.
Kernels release the GIL, and a task runs the engine on one thread so that Dask's threads
(or processes) and the engine's do not oversubscribe the cores.

Statistics over the whole array (the noise level's median, BayesShrink's subband variances)
are computed when :func:`atrous.denoise` or :func:`atrous.starlet_denoise` is called,
exactly, in passes over the data (:mod:`atrous._dask.statistics`); the denoised result
itself is lazy.
"""

from .._dispatch import ChunkWarning, register_kind
from .blocks import blockwise, is_dask_array
from .runners import RUNNERS
from .statistics import finite_median, median

register_kind("dask.array", "Array", RUNNERS)

__all__ = ["ChunkWarning", "blockwise", "finite_median", "is_dask_array", "median"]

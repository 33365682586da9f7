"""The install page, checked as a newcomer would follow it: ``make install-check``.

A wheel built from a clean checkout of the committed tree (``git archive HEAD``) is installed
with its extras into a new virtual environment, and the README's examples, the labeled layer
and a figure run there from a directory outside the checkout: what ``docs/install.md``
promises. It needs the package index (the dependencies are downloaded), so it is a CI step of
its own rather than a test of ``make test``.
"""

import pathlib
import subprocess
import sys
import tempfile
import venv

ROOT = pathlib.Path(__file__).resolve().parent.parent
EXTRAS = "plot,xarray,dask"

CHECK = """
import pathlib, re, sys
import atrous
site = pathlib.Path(atrous.__file__).resolve()
assert pathlib.Path(sys.prefix).resolve() in site.parents, f"atrous imported from {site}"
for block in re.findall(r"```python\\n(.*?)```", pathlib.Path(sys.argv[1]).read_text(), re.S):
    exec(compile(block, "README.md", "exec"), {})
import numpy as np, pandas as pd
import matplotlib
matplotlib.use("Agg")
from atrous import xarray as ax
from atrous.plot import plot_mra
series = pd.Series(np.sin(np.arange(256) / 8), index=pd.date_range("2000", periods=256, freq="D"))
plot_mra(ax.mra(series, "db2", level=3))
print("installed atrous", atrous.__version__, "from", site.parent)
"""


def run(*command, **kwargs):
    shown = [("'<the check>'" if "\n" in str(part) else str(part)) for part in command]
    print("$", " ".join(shown), flush=True)
    subprocess.run(command, check=True, **kwargs)


def main():
    with tempfile.TemporaryDirectory(prefix="atrous-install-") as scratch:
        scratch = pathlib.Path(scratch)
        checkout, dist, env = scratch / "checkout", scratch / "dist", scratch / "env"
        checkout.mkdir()
        archive = subprocess.run(["git", "-C", str(ROOT), "archive", "HEAD"], check=True,
                                 capture_output=True).stdout
        run("tar", "-x", "-C", str(checkout), input=archive)
        # `pip wheel` builds as `python -m build` does (an isolated build environment with
        # the build-system requirements of pyproject.toml).
        run(sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "-w", str(dist),
            str(checkout))
        wheel = next(dist.glob("atrous-*.whl"))
        venv.create(env, with_pip=True)
        python = env / "bin" / "python"
        run(python, "-m", "pip", "install", "--quiet", "--disable-pip-version-check",
            f"{wheel}[{EXTRAS}]")
        run(python, "-c", CHECK, str(ROOT / "README.md"), cwd=scratch)


if __name__ == "__main__":
    main()

"""``atrous.xarray`` and ``atrous.plot`` are reachable after ``import atrous`` alone, imported
on first use: ``import atrous`` itself imports neither xarray, pandas nor matplotlib."""

import subprocess
import sys


def _run(code):
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          timeout=300)
    assert done.returncode == 0, done.stderr
    return done.stdout.split()


def test_the_optional_layers_load_on_first_use_and_not_before():
    printed = _run(
        "import sys, atrous\n"
        "print(*(m in sys.modules for m in ('xarray', 'pandas', 'matplotlib', 'atrous.xarray')))\n"
        "import numpy as np, pandas as pd\n"
        "s = atrous.xarray.mra(pd.Series(np.arange(64.0)), 'haar', level=2)\n"
        "print(type(s).__module__.split('.')[0], 'atrous.xarray' in sys.modules,\n"
        "      callable(atrous.plot.plot_mra), 'xarray' in dir(atrous))\n")
    assert printed == ["False", "False", "False", "False", "pandas", "True", "True", "True"]


def test_an_unknown_attribute_is_still_an_attribute_error():
    printed = _run("import atrous\n"
                   "print(hasattr(atrous, 'no_such_thing'), hasattr(atrous, '_repr_html_'))")
    assert printed == ["False", "False"]

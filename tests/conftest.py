import numpy as np
import pytest
from hypothesis import HealthCheck, settings

# numba compiles on first use; a deadline would count that against one example.
settings.register_profile(
    "atrous", deadline=None, max_examples=40, suppress_health_check=[HealthCheck.too_slow]
)
settings.load_profile("atrous")


@pytest.fixture
def rng():
    return np.random.default_rng(12345)


@pytest.fixture(autouse=True)
def _close_pyplot_figures():
    """atrous.plot makes its figures through pyplot, which keeps them until closed: close
    what a test opened (pyplot warns past 20 open figures, and warnings are errors here)."""
    yield
    import sys

    pyplot = sys.modules.get("matplotlib.pyplot")
    if pyplot is not None:
        pyplot.close("all")

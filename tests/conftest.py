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

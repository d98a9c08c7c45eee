import pytest

from tests.issues.bridges import registered


@pytest.fixture
def feedback_bridge():
    with registered(feedback=True):
        yield


@pytest.fixture
def performance_bridge():
    with registered(performance=True):
        yield

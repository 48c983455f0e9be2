import pytest

from shop.rates import discount, shipping


@pytest.fixture
def big_discount():
    return discount(200)


@pytest.fixture
def checked_shipping():
    yield 5
    assert shipping(1, False) == 5

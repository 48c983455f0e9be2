import pytest

from shop.rates import discount, shipping


def test_free_shipping():
    assert shipping(50, True) == 0


def test_paid_shipping():
    assert shipping(10, True) == 5


@pytest.mark.parametrize("total,expected", [(100, 10), (99, 0)])
def test_discount(total, expected):
    assert discount(total) == expected


def test_fixture(big_discount):
    assert big_discount == 20


class TestMembers:
    def test_member_over_minimum(self, checked_shipping):
        assert shipping(80, True) == 0

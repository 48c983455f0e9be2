import pytest

from calc.ops import Acc, add, div, outer


@pytest.mark.fast
def test_add():
    assert add(1, 2) == 3


@pytest.mark.fast
def test_add_wrong():
    assert add(1, 2) == 4


def test_div():
    assert div(4, 2) == 2


def test_div_zero():
    div(1, 0)


@pytest.mark.parametrize("x,expected", [(1, 2), (20, 42)])
def test_outer(x, expected):
    assert outer(x) == expected


class TestAcc:
    def test_total(self):
        assert Acc().total == 0

    @pytest.mark.skip(reason="not yet")
    def test_skip(self):
        pass

    def test_doubled(self):
        assert Acc().doubled == 1


@pytest.fixture
def broken():
    raise RuntimeError("fixture broke")


def test_uses_broken(broken):
    pass


@pytest.mark.xfail(reason="known")
def test_xfail():
    assert False

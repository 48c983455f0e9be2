"""Ops."""
import functools


def add(a, b):
    """Add."""
    return a + b


def div(a, b):
    if b == 0:
        raise ZeroDivisionError("b is zero")
    return a / b


@functools.lru_cache
def outer(x):
    def inner(y):
        if y > 10:
            return y * 2
        return y

    return inner(x) + 1


class Acc:
    """Accumulator."""

    rate = 2

    def __init__(self):
        self.total = 0

    @property
    def doubled(self):
        return self.total * self.rate

    async def later(self):
        return 1

    class Inner:
        def meth(self):
            return 3

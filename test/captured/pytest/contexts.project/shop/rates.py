FREE_SHIPPING_MIN = 50


def shipping(total, member):
    if total > FREE_SHIPPING_MIN and member:
        return 0
    return 5


def discount(total):
    rate = 0.1 if total >= 100 else 0
    return total * rate

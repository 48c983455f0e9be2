/** Sum of line totals in cents. */
export function total(lines) {
  let sum = 0;
  for (const line of lines) {
    sum += line.price * line.quantity;
  }
  return sum;
}

/** Applies a percentage discount, rounding down. */
export function discount(amount, percent) {
  if (percent < 0 || percent > 100) {
    throw new RangeError(`bad percent ${percent}`);
  }
  return Math.floor(amount * (100 - percent) / 100);
}

export class Cart {
  constructor() {
    this.lines = [];
  }

  add(line) {
    this.lines.push(line);
    return this;
  }

  clear() {
    this.lines = [];
  }
}

export const describeCart = (cart) =>
  cart.lines.length === 0
    ? 'empty'
    : `${cart.lines.length} lines`;

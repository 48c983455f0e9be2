export interface Line {
  price: number;
  quantity: number;
}

/** Sum of line totals in cents. */
export function total(lines: Line[]): number {
  let sum = 0;
  for (const line of lines) {
    sum += line.price * line.quantity;
  }
  return sum;
}

/** Applies a percentage discount, rounding down. */
export function discount(amount: number, percent: number): number {
  if (percent < 0 || percent > 100) {
    throw new RangeError(`bad percent ${percent}`);
  }
  return Math.floor((amount * (100 - percent)) / 100);
}

export class Cart {
  lines: Line[] = [];

  add(line: Line): this {
    this.lines.push(line);
    return this;
  }

  clear(): void {
    this.lines = [];
  }

  describe(): string {
    if (this.lines.length === 0) {
      return "empty";
    }
    return `${this.lines.length} lines`;
  }
}

export const isFree = (line: Line): boolean =>
  line.price === 0 ||
  line.quantity === 0;

import { describe, expect, it } from 'vitest';
import { nameFunction } from '../../../../src/toolchains/node/function-names.js';

const source = `export const isFree = (line) => line.price === 0;
export class Cart {
  add(line) {
    return this;
  }
  static of(lines) {
    const helper = function () {};
    return helper;
  }
}
function total(lines) {
  return 0;
}
const handlers = {
  onSave: async () => {},
};`.split('\n');

describe('nameFunction', () => {
  it('names anonymous functions after what they are assigned to', () => {
    expect(nameFunction(source, 1, '(anonymous_0)')).toBe('isFree');
    expect(nameFunction(source, 7, 'anonymous_3')).toBe('helper');
    expect(nameFunction(source, 15, '(anonymous_5)')).toBe('onSave');
  });

  it('prefixes methods with their class, and leaves top-level functions alone', () => {
    expect(nameFunction(source, 3, 'add')).toBe('Cart.add');
    expect(nameFunction(source, 6, 'of')).toBe('Cart.of');
    expect(nameFunction(source, 11, 'total')).toBe('total');
  });

  it('keeps the tool name when nothing better is found', () => {
    expect(nameFunction(source, 99, '(anonymous_9)')).toBe('(anonymous_9)');
  });
});

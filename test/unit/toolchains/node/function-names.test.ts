import { describe, expect, it } from 'vitest';
import { functionEndLine, nameFunction } from '../../../../src/toolchains/node/function-names.js';

const source = `export const isFree = (line) => line.price === 0;
export class Cart {
  constructor(lines) {
    this.lines = lines;
  }
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
    expect(nameFunction(source, 10, 'anonymous_3')).toBe('helper');
    expect(nameFunction(source, 18, '(anonymous_5)')).toBe('onSave');
  });

  it('prefixes methods with their class, and leaves top-level functions alone', () => {
    expect(nameFunction(source, 3, 'Cart')).toBe('Cart.constructor');
    expect(nameFunction(source, 6, 'add')).toBe('Cart.add');
    expect(nameFunction(source, 9, 'of')).toBe('Cart.of');
    expect(nameFunction(source, 14, 'total')).toBe('total');
  });

  it('finds end lines by indentation, and gives up when braces do not balance', () => {
    expect(functionEndLine(source, 1)).toBe(1);
    expect(functionEndLine(source, 2)).toBe(13);
    expect(functionEndLine(source, 6)).toBe(8);
    expect(functionEndLine(source, 14)).toBe(16);
    expect(functionEndLine(['function f() {', "  return '}';", '}'], 1)).toBeNull();
  });

  it('keeps the tool name when nothing better is found', () => {
    expect(nameFunction(source, 99, '(anonymous_9)')).toBe('(anonymous_9)');
  });
});

import { describe, expect, it } from 'vitest';
import { isPublicApi } from '../../../../src/pipeline/plan-tests/public-api.js';

describe('isPublicApi', () => {
  const ts = [
    'export function add(a: number, b: number) { return a + b; }',
    'function helper() { return 1; }',
    'const shared = () => 2;',
    'export { shared as renamed };',
    'export class Cart {',
    '  add(item: string) {}',
    '  private drop() {}',
    '  #secret() {}',
    '  _internal() {}',
    '}',
    'function exportedLater() {}',
    'export default exportedLater;',
  ].join('\n');

  it('treats exported functions, export lists and default exports as public', () => {
    expect(isPublicApi('src/a.ts', ts, 'add', 1)).toBe(true);
    expect(isPublicApi('src/a.ts', ts, 'shared', 3)).toBe(true);
    expect(isPublicApi('src/a.ts', ts, 'exportedLater', 11)).toBe(true);
  });

  it('does not rank module-private helpers or private members as public', () => {
    expect(isPublicApi('src/a.ts', ts, 'helper', 2)).toBe(false);
    expect(isPublicApi('src/a.ts', ts, 'Cart.drop', 7)).toBe(false);
    expect(isPublicApi('src/a.ts', ts, 'Cart.#secret', 8)).toBe(false);
    expect(isPublicApi('src/a.ts', ts, 'Cart._internal', 9)).toBe(false);
    expect(isPublicApi('src/a.ts', ts, 'Cart.add', 6)).toBe(true);
  });

  it('reads CommonJS exports', () => {
    const cjs = 'function total(xs) {}\nfunction inner() {}\nmodule.exports = { total };\n';
    expect(isPublicApi('lib/x.js', cjs, 'total', 1)).toBe(true);
    expect(isPublicApi('lib/x.js', cjs, 'inner', 2)).toBe(false);
    expect(isPublicApi('lib/y.js', 'exports.run = function run() {}\n', 'run', 1)).toBe(true);
  });

  it('follows Python naming and __all__', () => {
    const module = 'def quote():\n    pass\n\ndef _round_up():\n    pass\n';
    expect(isPublicApi('shipping/rates.py', module, 'quote', 1)).toBe(true);
    expect(isPublicApi('shipping/rates.py', module, '_round_up', 4)).toBe(false);
    expect(isPublicApi('shipping/_impl.py', module, 'quote', 1)).toBe(false);
    expect(isPublicApi('shipping/rates.py', module, 'Stock.__len__', 1)).toBe(true);
    expect(isPublicApi('shipping/rates.py', module, 'Stock._check', 1)).toBe(false);
    const declared = '__all__ = ["quote"]\n\ndef quote():\n    pass\n\ndef other():\n    pass\n';
    expect(isPublicApi('shipping/rates.py', declared, 'quote', 3)).toBe(true);
    expect(isPublicApi('shipping/rates.py', declared, 'other', 6)).toBe(false);
    expect(isPublicApi('tests/test_rates.py', module, 'quote', 1)).toBe(false);
  });
});

import { describe, expect, it } from 'vitest';
import { isLibrarySource, listPythonFunctions, unmeasuredCoverage } from '../../../../src/pipeline/plan-tests/unmeasured-files.js';

describe('unmeasured files', () => {
  it('knows library code from tests, configs and scripts', () => {
    expect(isLibrarySource('src/tax.js', 'node')).toBe(true);
    expect(isLibrarySource('src/tax.test.ts', 'node')).toBe(false);
    expect(isLibrarySource('vitest.config.ts', 'node')).toBe(false);
    expect(isLibrarySource('src/types.d.ts', 'node')).toBe(false);
    expect(isLibrarySource('shop/tax.py', 'python')).toBe(true);
    expect(isLibrarySource('tests/test_tax.py', 'python')).toBe(false);
    expect(isLibrarySource('shop/tax.py', 'node')).toBe(false);
  });

  it('finds Python functions and methods by indentation', () => {
    const text = ['class Stock:', '    def ship(self, n):', '        return n', '', '', 'def total(xs):', '    # sum', '    return sum(xs)', ''].join('\n');
    expect(listPythonFunctions(text)).toEqual([
      { name: 'Stock', start: 1, end: 3 },
      { name: 'Stock.ship', start: 2, end: 3 },
      { name: 'total', start: 6, end: 8 },
    ]);
    const coverage = unmeasuredCoverage('shop/stock.py', text, listPythonFunctions(text));
    expect(coverage.missed_lines).toEqual([[2, 3], [8, 8]]);
    expect(coverage.functions.find((fn) => fn.name === 'total')?.lines).toEqual({ covered: 0, total: 1 });
  });
});

import { describe, expect, it } from 'vitest';
import { istanbulPercent } from '../../../../src/toolchains/node/istanbul.js';
import { parseLcovText, toFileCoverage } from '../../../../src/toolchains/node/lcov.js';
import { isTestOrDependency, missedRanges } from '../../../../src/toolchains/node/line-coverage.js';
import { findFunction, readSourceFunctions } from '../../../../src/toolchains/node/source-functions.js';
import { captured } from './facts.js';

describe('missedRanges', () => {
  it('joins missed lines across non-executable lines, as istanbul and node print them', () => {
    const hits = new Map([
      [20, 0],
      [24, 1],
      [32, 0],
      [36, 0],
      [37, 0],
      [39, 0],
      [43, 1],
      [44, 0],
    ]);
    expect(missedRanges(hits)).toEqual([
      [20, 20],
      [32, 39],
      [44, 44],
    ]);
  });
});

describe('istanbulPercent', () => {
  it('floors to two decimals like istanbul', () => {
    expect(istanbulPercent({ covered: 9, total: 11 })).toBe(81.81);
    expect(istanbulPercent({ covered: 0, total: 0 })).toBe(100);
  });
});

describe('isTestOrDependency', () => {
  it.each([
    ['test/cart.test.js', true],
    ['src/__tests__/x.ts', true],
    ['src/cart.spec.mts', true],
    ['node_modules/lib/index.js', true],
    ['src/cart.js', false],
    ['src/testing.js', false],
  ])('%s → %s', (file, expected) => expect(isTestOrDependency(file)).toBe(expected));
});

describe('readSourceFunctions', () => {
  const source = [
    'export class Shop {',
    '  constructor() {',
    '    this.items = [];',
    '  }',
    '  get size() {',
    '    return this.items.length;',
    '  }',
    '  onAdd = (item) => {',
    '    this.items.push(item);',
    '  };',
    '}',
    'const api = {',
    '  load() {',
    '    return [1, 2].map((x) => x * 2);',
    '  },',
    '};',
  ].join('\n');

  it('qualifies methods, accessors, class fields and object methods', async () => {
    const functions = await readSourceFunctions('src/shop.js', source);
    expect(functions.map((fn) => [fn.name, fn.startLine, fn.endLine])).toEqual([
      ['Shop.constructor', 2, 4],
      ['Shop.size', 5, 7],
      ['Shop.onAdd', 8, 10],
      ['api.load', 13, 15],
      [null, 14, 14],
    ]);
    expect(findFunction(functions, 14, 'anonymous_3')).toMatchObject({ name: null, startLine: 14 });
    expect(findFunction(functions, 13, 'load')?.name).toBe('api.load');
    expect(findFunction(functions, 8, 'onAdd')?.name).toBe('Shop.onAdd');
  });
});

describe('lcov from the capture script (node --test, zero-deps fixture)', () => {
  it('agrees with the LF/LH and BRF/BRH totals node wrote per file', () => {
    const text = captured('node-test/zero-deps.lcov.info');
    const totals = [...text.matchAll(/^SF:(.+)$[\s\S]*?^BRF:(\d+)$\n^BRH:(\d+)$[\s\S]*?^LH:(\d+)$\n^LF:(\d+)$/gm)].map((m) => ({
      file: m[1],
      branches: { covered: Number(m[3]), total: Number(m[2]) },
      lines: { covered: Number(m[4]), total: Number(m[5]) },
    }));
    const parsed = parseLcovText(text).map((record) => {
      const file = toFileCoverage(record.path, record, []);
      return { file: file.file, branches: file.branches, lines: file.lines };
    });
    expect(parsed).toEqual(totals);
    expect(parsed.length).toBeGreaterThan(0);
  });
});

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  readCoverageContexts,
  readIstanbulLines,
  SpectraFormatError,
  toTestId,
} from '../../../../src/pipeline/fix/localise/read-spectra.js';

const captured = (path: string): string => readFileSync(new URL(`../../../captured/${path}`, import.meta.url), 'utf8');

function toPlain(map: Map<string, Set<number>>): Record<string, number[]> {
  return Object.fromEntries([...map].map(([file, lines]) => [file, [...lines]]));
}

describe('readIstanbulLines', () => {
  const vitestDir = '/tmp/heal-capture/ts-vitest-failing-test-type-lint';

  it('reads vitest v8 coverage: start lines of the statements that ran, sorted', () => {
    const lines = readIstanbulLines(captured('vitest/failing.coverage-final.json'), vitestDir, vitestDir);
    expect(toPlain(lines)).toEqual({
      'src/slug.ts': [3, 13, 14, 16, 21, 22, 23, 24, 25, 27],
      'src/words.ts': [1, 5, 6, 11, 12, 14, 21],
    });
  });

  it('marks only the start line of a multi-line statement (slug.ts 3–8 is one statement)', () => {
    const slug = readIstanbulLines(captured('vitest/failing.coverage-final.json'), vitestDir, vitestDir).get('src/slug.ts');
    expect([4, 5, 6, 7, 8].filter((line) => slug?.has(line))).toEqual([]);
  });

  it('reads jest coverage and leaves out statements that never ran', () => {
    const dir = '/tmp/heal-capture/js-jest-partial-coverage';
    const lines = readIstanbulLines(captured('jest/green.coverage-final.json'), dir, dir);
    expect(toPlain(lines)['src/sku.js']).toEqual([3, 7, 19]);
    expect(lines.get('src/inventory.js')?.has(21)).toBe(false);
    expect(lines.get('src/inventory.js')?.has(20)).toBe(true);
  });

  it('reads c8 coverage (one statement per line) relative to a repo root above the project', () => {
    const lines = readIstanbulLines(captured('node-test/failing.coverage-final.json'), '/tmp/heal-capture/js-node-test-c8', '/tmp/heal-capture');
    expect(toPlain(lines)['js-node-test-c8/src/plural.js']).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 11, 12, 13, 14, 15]);
    expect([...lines.keys()]).toEqual(['js-node-test-c8/src/duration.js', 'js-node-test-c8/src/plural.js']);
  });

  it('resolves file URLs and relative paths, skips node_modules, other roots, and entries of another shape', () => {
    const file = (path: string, hits: number[]) => ({
      path,
      statementMap: Object.fromEntries(hits.map((_, id) => [String(id), { start: { line: id + 1, column: null }, end: { line: id + 1 } }])),
      s: Object.fromEntries(hits.map((count, id) => [String(id), count])),
    });
    const json = JSON.stringify({
      a: file('file:///repo/app/src/a.js', [1, 0, 2]),
      b: file('lib/b.js', [0, 3]),
      c: file('/repo/app/node_modules/dep/index.js', [1]),
      d: file('/elsewhere/c.js', [1]),
      e: { data: file('/repo/app/src/wrapped.js', [1]) },
      f: { path: '/repo/app/src/odd.js' },
    });
    expect(toPlain(readIstanbulLines(json, '/repo/app', '/repo'))).toEqual({
      'app/src/a.js': [1, 3],
      'app/lib/b.js': [2],
      'app/src/wrapped.js': [1],
    });
  });

  it('throws SpectraFormatError on text that is not an istanbul map', () => {
    expect(() => readIstanbulLines('not json', '/p', '/p')).toThrow(SpectraFormatError);
    expect(() => readIstanbulLines('[1, 2]', '/p', '/p')).toThrow(SpectraFormatError);
  });
});

describe('readCoverageContexts', () => {
  const dir = '/tmp/heal-capture-python/contexts';
  const json = captured('pytest/contexts.coverage.json');

  it('maps pytest-cov test contexts to node ids, merging setup, run and teardown', () => {
    const byTest = readCoverageContexts(json, dir, dir);
    expect(Object.fromEntries([...byTest].map(([id, files]) => [id, toPlain(files)]))).toEqual({
      'tests/test_rates.py::TestMembers::test_member_over_minimum': { 'shop/rates.py': [5, 6, 7] },
      'tests/test_rates.py::test_discount[100-10]': { 'shop/rates.py': [11, 12] },
      'tests/test_rates.py::test_discount[99-0]': { 'shop/rates.py': [11, 12] },
      'tests/test_rates.py::test_fixture': { 'shop/rates.py': [11, 12] },
      'tests/test_rates.py::test_free_shipping': { 'shop/rates.py': [5, 7] },
      'tests/test_rates.py::test_paid_shipping': { 'shop/rates.py': [5, 7] },
    });
  });

  it('keys files relative to the repo root', () => {
    const byTest = readCoverageContexts(json, '/repo/service', '/repo');
    expect([...(byTest.get('tests/test_rates.py::test_free_shipping')?.keys() ?? [])]).toEqual(['service/shop/rates.py']);
  });

  it('yields nothing for a report written without --show-contexts', () => {
    expect(readCoverageContexts(captured('pytest/failing.coverage.json'), dir, dir).size).toBe(0);
  });

  it('throws SpectraFormatError on text that is not coverage.py JSON', () => {
    expect(() => readCoverageContexts('{"files": 3}', dir, dir)).toThrow(SpectraFormatError);
    expect(() => readCoverageContexts('', dir, dir)).toThrow(SpectraFormatError);
  });
});

describe('toTestId', () => {
  it.each([
    ['tests/test_x.py::test_a|run', 'tests/test_x.py::test_a'],
    ['tests/test_x.py::test_a|setup', 'tests/test_x.py::test_a'],
    ['tests/test_x.py::TestC::test_b|teardown', 'tests/test_x.py::TestC::test_b'],
    ['tests/test_x.py::test_p[a|b]|run', 'tests/test_x.py::test_p[a|b]'],
    ['test_rates.test_free_shipping', 'test_rates.test_free_shipping'],
    ['', null],
  ])('%s → %s', (context, expected) => {
    expect(toTestId(context)).toBe(expected);
  });
});

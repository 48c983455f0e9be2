import { describe, expect, it } from 'vitest';
import { rankSuspiciousLines, type TestSpectrum } from '../../../../src/pipeline/fix/localise/ochiai.js';
import { isTestFile } from '../../../../src/pipeline/fix/test-files.js';

function spectrum(id: string, failed: boolean, lines: Record<string, number[]>): TestSpectrum {
  return { id, failed, lines: new Map(Object.entries(lines).map(([file, list]) => [file, new Set(list)])) };
}

// Two failing and two passing tests; per line: ef, ep → Ochiai = ef / sqrt(2 × (ef + ep)).
const tests = [
  spectrum('t1', true, { 'src/a.ts': [1, 2, 3], 'src/b.ts': [5], 'test/a.test.ts': [1] }),
  spectrum('t2', true, { 'src/a.ts': [1, 2], 'test/a.test.ts': [1] }),
  spectrum('t3', false, { 'src/a.ts': [1, 3, 4] }),
  spectrum('t4', false, { 'src/a.ts': [1, 4] }),
];

describe('rankSuspiciousLines', () => {
  it('scores lines with the Ochiai coefficient and ranks them', () => {
    const ranked = rankSuspiciousLines({ tests });
    expect(ranked.map(({ file, line, failedCovering, passedCovering }) => [file, line, failedCovering, passedCovering])).toEqual([
      ['src/a.ts', 2, 2, 0],
      ['src/a.ts', 1, 2, 2],
      ['src/b.ts', 5, 1, 0],
      ['src/a.ts', 3, 1, 1],
    ]);
    expect(ranked.map((line) => line.score)).toEqual([1, 2 / Math.sqrt(8), 1 / Math.sqrt(2), 0.5]);
    expect(ranked[1]?.score).toBeCloseTo(0.70711, 5);
  });

  it('breaks equal scores by failing tests, then passing tests, then file and line', () => {
    // a.ts:1 (ef 2, ep 2) and b.ts:5 (ef 1, ep 0) both score 1/√2; more failing tests first.
    const ranked = rankSuspiciousLines({ tests });
    expect(ranked[1]?.score).toBe(ranked[2]?.score);
    const tied = rankSuspiciousLines({
      tests: [spectrum('f', true, { 'src/c.ts': [9], 'src/b.ts': [7, 3] }), spectrum('p', false, {})],
    });
    expect(tied.map(({ file, line }) => `${file}:${line}`)).toEqual(['src/b.ts:3', 'src/b.ts:7', 'src/c.ts:9']);
  });

  it('drops lines no failing test ran, and test files unless told otherwise', () => {
    const ranked = rankSuspiciousLines({ tests });
    expect(ranked.some((line) => line.line === 4 && line.file === 'src/a.ts')).toBe(false);
    expect(ranked.some((line) => line.file.startsWith('test/'))).toBe(false);
    const all = rankSuspiciousLines({ tests }, { files: () => true });
    expect(all.find((line) => line.file === 'test/a.test.ts')).toEqual({
      file: 'test/a.test.ts',
      line: 1,
      score: 1,
      failedCovering: 2,
      passedCovering: 0,
    });
  });

  it('keeps the top `limit` lines and returns nothing without a failing test', () => {
    expect(rankSuspiciousLines({ tests }, { limit: 2 }).map((line) => line.line)).toEqual([2, 1]);
    expect(rankSuspiciousLines({ tests: tests.filter((test) => !test.failed) })).toEqual([]);
    expect(rankSuspiciousLines({ tests: [] })).toEqual([]);
  });
});

describe('isTestFile', () => {
  it.each([
    ['test/unit/x.ts', true],
    ['packages/a/tests/helpers.py', true],
    ['src/__tests__/cart.js', true],
    ['src/cart.test.ts', true],
    ['src/cart.spec.tsx', true],
    ['pkg/test_rates.py', true],
    ['pkg/rates_test.py', true],
    ['conftest.py', true],
    ['src/cart.ts', false],
    ['src/testing.ts', false],
    ['pkg/contest.py', false],
    ['src/latest/rates.py', false],
  ])('%s → %s', (path, expected) => {
    expect(isTestFile(path)).toBe(expected);
  });
});

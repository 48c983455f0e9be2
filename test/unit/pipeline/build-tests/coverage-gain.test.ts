import { describe, expect, it } from 'vitest';
import { claimLines, gainedLines, openLinesOf, readExecutedLines } from '../../../../src/pipeline/build-tests/coverage-gain.js';

describe('coverage gain', () => {
  const targets = [
    { path: 'src/money.ts', uncovered_lines: [12, 13, 14] },
    { path: 'src/price.ts', uncovered_lines: [8] },
  ];

  it('counts only open lines of the test’s own target, and claiming them leaves nothing for a duplicate', () => {
    const open = openLinesOf(targets);
    const covered = new Map([
      ['src/money.ts', new Set([11, 12, 13])],
      ['src/price.ts', new Set([8])],
    ]);
    const gained = gainedLines(covered, open, { path: 'src/money.ts', lineRange: [11, 18] });
    expect(Object.fromEntries(gained)).toEqual({ 'src/money.ts': [12, 13] });
    claimLines(open, gained);
    expect(gainedLines(covered, open, { path: 'src/money.ts', lineRange: [11, 18] }).size).toBe(0);
    expect(Object.fromEntries(gainedLines(covered, open, null))).toEqual({ 'src/price.ts': [8] });
  });

  it('reads coverage.py JSON (paths relative to the project) and istanbul JSON', () => {
    const python = JSON.stringify({ files: { 'shipping/rates.py': { executed_lines: [1, 3], missing_lines: [5], summary: { covered_lines: 2, num_statements: 3 } } } });
    expect(readExecutedLines(python, '/repo/app', '/repo')).toEqual(new Map([['app/shipping/rates.py', new Set([1, 3])]]));
    const istanbul = JSON.stringify({ '/repo/src/a.ts': { path: '/repo/src/a.ts', statementMap: { 0: { start: { line: 2 } }, 1: { start: { line: 4 } } }, s: { 0: 1, 1: 0 } } });
    expect(readExecutedLines(istanbul, '/repo', '/repo')).toEqual(new Map([['src/a.ts', new Set([2])]]));
    expect(readExecutedLines('not json', '/repo', '/repo')).toBeNull();
    const lcov = ['TN:', 'SF:/repo/src/cart.js', 'DA:1,1', 'DA:2,0', 'DA:5,3', 'end_of_record', 'SF:/elsewhere/x.js', 'DA:1,1', 'end_of_record'].join('\n');
    expect(readExecutedLines(lcov, '/repo', '/repo')).toEqual(new Map([['src/cart.js', new Set([1, 5])]]));
  });
});

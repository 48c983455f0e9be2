import { describe, expect, it } from 'vitest';
import { CoverageJsonError, readCoveragePy } from '../../../../src/toolchains/python/coverage-py.js';
import { measureRegions, readFunctionsReport } from '../../../../src/toolchains/python/functions-script.js';
import type { Coverage } from '../../../../src/artefacts/build-report.js';
import { readCaptured } from './python-facts.js';

/** The TOTAL row of `coverage report` (with branches): statements, missed, branches, partial, cover %. */
function reportTotals(report: string): { stmts: number; miss: number; branch: number; cover: number } {
  const match = /^TOTAL\s+(\d+)\s+(\d+)\s+(\d+)\s+\d+\s+(\d+)%/m.exec(report);
  if (!match) throw new Error('no TOTAL row');
  return { stmts: Number(match[1]), miss: Number(match[2]), branch: Number(match[3]), cover: Number(match[4]) };
}

function read(name: string, projectDir: string): Coverage {
  const functions = readFunctionsReport(readCaptured(`pytest/${name}.functions.json`));
  return readCoveragePy(readCaptured(`pytest/${name}.coverage.json`), projectDir, functions);
}

const functionFigures = (coverage: Coverage, file: string) =>
  Object.fromEntries(
    (coverage.files.find((entry) => entry.file === file)?.functions ?? []).map((fn) => [
      fn.name,
      [fn.start_line, fn.end_line, fn.lines.covered, fn.lines.total],
    ]),
  );

describe('readCoveragePy: figures equal coverage.py 6.5 own totals', () => {
  it('pytest-cov run (mixed outcomes): 24/26 lines, 8/8 branches, as `coverage report` printed', () => {
    const coverage = read('mixed-outcomes', '/tmp/heal-capture-python/mixed-outcomes');
    const totals = reportTotals(readCaptured('pytest/mixed-outcomes.coverage-report.txt'));
    expect(coverage.lines).toEqual({ covered: totals.stmts - totals.miss, total: totals.stmts });
    expect(coverage.lines).toEqual({ covered: 24, total: 26 });
    expect(coverage.branches).toEqual({ covered: 8, total: totals.branch });
    expect(coverage.line_pct).toBe(92.3);
    expect(coverage.branch_pct).toBe(100);
    // coverage.py's "Cover" blends lines and branches: (24 + 8) / (26 + 8) = 94%
    const blended = (coverage.lines.covered + coverage.branches.covered) / (coverage.lines.total + coverage.branches.total);
    expect(Math.round(blended * 100)).toBe(totals.cover);
    expect(coverage.tool).toBe('coverage.py');
    expect(coverage.files.map((file) => [file.file, file.missed_lines])).toEqual([
      ['calc/__init__.py', []],
      ['calc/ops.py', [[39, 39], [43, 43]]],
    ]);
  });

  it('`coverage run` without pytest-cov (fast subset): 14/26 lines, 4/8 branches, missed ranges as reported', () => {
    const coverage = read('coverage-run-fast', '/tmp/heal-capture-python/coverage-run');
    const report = readCaptured('pytest/coverage-run-fast.coverage-report.txt');
    const totals = reportTotals(report);
    expect(coverage.lines).toEqual({ covered: totals.stmts - totals.miss, total: totals.stmts });
    expect(coverage.lines).toEqual({ covered: 14, total: 26 });
    expect(coverage.branches).toEqual({ covered: 4, total: 8 });
    expect(Math.round(((14 + 4) / (26 + 8)) * 100)).toBe(totals.cover);
    // `coverage report -m` printed "11-13, 18-23, 32, 36, 39, 43": it bridges line 22, which is
    // blank; heal's ranges hold consecutive line numbers only.
    expect(report).toContain('11-13, 18-23, 32, 36, 39, 43');
    expect(coverage.files[1]?.missed_lines).toEqual([[11, 13], [18, 21], [23, 23], [32, 32], [36, 36], [39, 39], [43, 43]]);
  });

  it('the fixtures: equal to coverage.json totals', () => {
    for (const [name, covered, total, branchesCovered, branches] of [
      ['failing', 24, 25, 7, 8],
      ['green-fast', 29, 34, 11, 14],
    ] as const) {
      const coverage = read(name, '/tmp/heal-capture');
      expect([coverage.lines.covered, coverage.lines.total, coverage.branches.covered, coverage.branches.total], name).toEqual([
        covered,
        total,
        branchesCovered,
        branches,
      ]);
    }
  });
});

describe('per-function coverage from functions.json', () => {
  it('innermost function owns a line; classes count their whole body (mixed outcomes)', () => {
    expect(functionFigures(read('mixed-outcomes', '/x'), 'calc/ops.py')).toEqual({
      add: [5, 7, 1, 1],
      div: [10, 13, 3, 3],
      outer: [16, 23, 2, 2], // the decorator line starts it; `def inner` and `return` are its lines
      'outer.inner': [18, 21, 3, 3],
      Acc: [26, 43, 10, 12],
      'Acc.__init__': [31, 32, 1, 1],
      'Acc.doubled': [34, 36, 1, 1],
      'Acc.later': [38, 39, 0, 1],
      'Acc.Inner': [41, 43, 1, 2],
      'Acc.Inner.meth': [42, 43, 0, 1],
    });
  });

  it('fast subset: untested functions at 0', () => {
    expect(functionFigures(read('coverage-run-fast', '/x'), 'calc/ops.py')).toMatchObject({
      add: [5, 7, 1, 1],
      div: [10, 13, 0, 3],
      outer: [16, 23, 0, 2],
      'outer.inner': [18, 21, 0, 3],
      Acc: [26, 43, 8, 12],
    });
  });

  it('green-fast fixture', () => {
    const coverage = read('green-fast', '/tmp/heal-capture');
    expect(functionFigures(coverage, 'inventory/reorder.py')).toEqual({
      reorder_quantity: [6, 10, 3, 3],
      reorder_plan: [13, 20, 6, 6],
      days_of_cover: [23, 27, 0, 3],
    });
    expect(functionFigures(coverage, 'inventory/stock.py')).toEqual({
      OutOfStockError: [6, 7, 1, 1],
      Stock: [10, 33, 13, 15],
      'Stock.receive': [16, 21, 4, 4],
      'Stock.ship': [23, 29, 4, 5],
      'Stock.total_units': [31, 33, 0, 1],
    });
    expect(functionFigures(read('failing', '/tmp/heal-capture'), 'billing/invoice.py').find_invoice).toEqual([29, 34, 3, 4]);
  });

  it('measureRegions: a method in a class in a function belongs to the method', () => {
    const regions = [
      { name: 'f', kind: 'function' as const, start_line: 1, body_start_line: 2, end_line: 6 },
      { name: 'f.C', kind: 'class' as const, start_line: 2, body_start_line: 3, end_line: 5 },
      { name: 'f.C.m', kind: 'function' as const, start_line: 3, body_start_line: 4, end_line: 5 },
    ];
    expect(measureRegions(regions, [2, 3, 6], [4, 5]).map((fn) => [fn.name, fn.lines])).toEqual([
      ['f', { covered: 3, total: 3 }],
      ['f.C', { covered: 1, total: 3 }],
      ['f.C.m', { covered: 0, total: 2 }],
    ]);
  });

  it('without functions.json there are no function figures; bad input is rejected', () => {
    const coverage = readCoveragePy(readCaptured('pytest/failing.coverage.json'), '/tmp/heal-capture', null);
    expect(coverage.files.every((file) => file.functions.length === 0)).toBe(true);
    expect(readFunctionsReport('{"version": 2}')).toBeNull();
    expect(readFunctionsReport('nope')).toBeNull();
    expect(() => readCoveragePy('{"files": 1}', '/x', null)).toThrow(CoverageJsonError);
    expect(() => readCoveragePy('nope', '/x', null)).toThrow(CoverageJsonError);
  });
});

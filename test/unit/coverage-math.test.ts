import { describe, expect, it } from 'vitest';
import { percent, summarizeCoverage, toProjectPath, toRanges } from '../../src/toolchains/coverage-math.js';

describe('coverage math', () => {
  it('collapses lines into inclusive ranges', () => {
    expect(toRanges([7, 3, 4, 5, 9, 10, 4])).toEqual([[3, 5], [7, 7], [9, 10]]);
    expect(toRanges([])).toEqual([]);
  });

  it('truncates percentages to two decimals as istanbul does, and counts nothing-to-cover as 100', () => {
    expect(percent({ covered: 2, total: 3 })).toBe(66.66);
    expect(percent({ covered: 11, total: 17 })).toBe(64.7);
    expect(percent({ covered: 0, total: 0 })).toBe(100);
  });

  it('sums files and reports no branch percentage when there are no branches', () => {
    const file = (name: string, covered: number, total: number) => ({
      file: name,
      lines: { covered, total },
      branches: { covered: 0, total: 0 },
      line_pct: percent({ covered, total }),
      missed_lines: [],
      functions: [],
    });
    const coverage = summarizeCoverage('istanbul', [file('b.ts', 1, 4), file('a.ts', 3, 4)]);
    expect(coverage.lines).toEqual({ covered: 4, total: 8 });
    expect(coverage.line_pct).toBe(50);
    expect(coverage.branch_pct).toBeNull();
    expect(coverage.files.map((entry) => entry.file)).toEqual(['a.ts', 'b.ts']);
  });

  it('turns absolute and file:// paths into project paths', () => {
    expect(toProjectPath('/repo', '/repo/src/a.ts')).toBe('src/a.ts');
    expect(toProjectPath('/repo', 'file:///repo/src/a%20b.ts')).toBe('src/a b.ts');
    expect(toProjectPath('/repo', './src/a.ts')).toBe('src/a.ts');
  });
});

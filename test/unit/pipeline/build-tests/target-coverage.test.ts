import { describe, expect, it } from 'vitest';
import type { Coverage } from '../../../../src/artefacts/build-report.js';
import type { CoverageTarget } from '../../../../src/artefacts/testspec.js';
import { compareTargets } from '../../../../src/pipeline/build-tests/target-coverage.js';

const target: CoverageTarget = { id: 'src/money.ts::parseCents', path: 'src/money.ts', symbol: 'parseCents', line_range: [11, 18], line_pct: 33.33, uncovered_lines: [12, 13, 14, 15], priority: 'high', risks: [], measured: true };

describe('compareTargets', () => {
  it('reads each target’s coverage after from its function in the precheck build', () => {
    const coverage: Coverage = {
      tool: 'istanbul',
      line_pct: 90,
      branch_pct: null,
      lines: { covered: 9, total: 10 },
      branches: { covered: 0, total: 0 },
      files: [{ file: 'src/money.ts', lines: { covered: 9, total: 10 }, branches: { covered: 0, total: 0 }, line_pct: 90, missed_lines: [[3, 3], [14, 14]], functions: [{ name: 'parseCents', start_line: 11, end_line: 18, lines: { covered: 5, total: 6 } }] }],
    };
    expect(compareTargets([target], coverage)).toEqual([
      { id: target.id, path: 'src/money.ts', symbol: 'parseCents', line_pct_before: 33.33, line_pct_after: 83.33, uncovered_before: [12, 13, 14, 15], uncovered_after: [14] },
    ]);
  });

  it('has no after figures without coverage', () => {
    expect(compareTargets([target], null)[0]).toMatchObject({ line_pct_after: null, uncovered_after: null });
  });
});

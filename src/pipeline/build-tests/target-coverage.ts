import type { Coverage } from '../../artefacts/build-report.js';
import type { TargetCoverage } from '../../artefacts/generated-tests.js';
import type { CoverageTarget } from '../../artefacts/testspec.js';
import { percent } from '../../toolchains/coverage-math.js';

/**
 * Pure: each target's line coverage before (from the testspec) and after (from the precheck build's
 * coverage, null when it measured none or never loaded the file).
 */
export function compareTargets(targets: readonly CoverageTarget[], after: Coverage | null): TargetCoverage[] {
  return targets.map((target) => {
    const [start, end] = target.line_range;
    const file = after?.files.find((candidate) => candidate.file === target.path);
    const fn = file?.functions.find((candidate) => candidate.name === target.symbol && candidate.start_line <= end && candidate.end_line >= start);
    const uncovered = file ? file.missed_lines.flatMap(([from, to]) => Array.from({ length: to - from + 1 }, (_, index) => from + index)).filter((line) => line >= start && line <= end) : null;
    const pct = fn ? percent(fn.lines) : null;
    return {
      id: target.id,
      path: target.path,
      symbol: target.symbol,
      line_pct_before: target.line_pct,
      line_pct_after: pct,
      uncovered_before: target.uncovered_lines,
      uncovered_after: uncovered,
    };
  });
}

import type { CheckFailure } from '../../artefacts/commit-result.js';
import type { BuildReport } from '../../artefacts/build-report.js';

/**
 * Every failure a self-check found, keyed so the same problem on the base commit matches even when
 * a patch moved it to another line: tests by id, diagnostics by file, rule and message.
 */
export function listFailures(report: BuildReport): CheckFailure[] {
  const failures: CheckFailure[] = [
    ...report.failed_tests.map((test) => ({ kind: 'test' as const, id: test.id, message: test.message.split('\n').slice(0, 6).join('\n') })),
    ...report.type_errors.map((d) => ({ kind: 'type' as const, id: `${d.file}:${d.rule}`, message: `${d.file}:${d.line}:${d.column} ${d.rule} ${d.message}` })),
    ...report.lint_errors
      .filter((d) => d.severity === 'error')
      .map((d) => ({ kind: 'lint' as const, id: `${d.file}:${d.rule}`, message: `${d.file}:${d.line}:${d.column} ${d.rule} ${d.message}` })),
  ];
  const diagnosed = new Set(failures.map((failure) => failure.kind));
  for (const step of report.steps) {
    const isExplained = (step.kind === 'test' && diagnosed.has('test')) || (step.kind === 'typecheck' && diagnosed.has('type')) || ((step.kind === 'lint' || step.kind === 'format') && diagnosed.has('lint'));
    if ((step.status === 'FAILED' || step.status === 'ERRORED') && !isExplained) {
      failures.push({ kind: 'step', id: `${step.kind}:${step.tool}`, message: step.message ?? `${step.kind} step ${step.status.toLowerCase()}` });
    }
  }
  return failures;
}

function signature(failure: CheckFailure): string {
  return failure.kind === 'test' || failure.kind === 'step' ? `${failure.kind}|${failure.id}` : `${failure.kind}|${failure.message.replace(/^[^ ]*:\d+:\d+ /, '')}|${failure.id}`;
}

/** Pure: the failures after a patch that the base commit did not already have. */
export function findNewFailures(baseline: BuildReport, after: BuildReport): CheckFailure[] {
  const known = new Map<string, number>();
  for (const failure of listFailures(baseline)) known.set(signature(failure), (known.get(signature(failure)) ?? 0) + 1);
  return listFailures(after).filter((failure) => {
    const left = known.get(signature(failure)) ?? 0;
    if (left > 0) {
      known.set(signature(failure), left - 1);
      return false;
    }
    return true;
  });
}

/** A stable signature of a set of failures, to spot the same failure twice (no progress). */
export function failureSignature(failures: readonly CheckFailure[]): string {
  return failures.map(signature).sort().join('\n');
}

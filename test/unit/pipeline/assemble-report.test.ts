import { describe, expect, it } from 'vitest';
import { BuildReport } from '../../../src/artefacts/build-report.js';
import { assembleReport, judgeStep } from '../../../src/pipeline/build/assemble-report.js';
import type { BuildPlan, PlanEntry } from '../../../src/pipeline/build/plan-build.js';
import type { StepRun } from '../../../src/pipeline/build/run-steps.js';
import type { Findings } from '../../../src/toolchains/types.js';

const entry = (kind: PlanEntry['kind'], tool: PlanEntry['tool']): PlanEntry => ({
  kind, tool, main: { command: { argv: [tool] } }, after: [], missing: null, skip: null,
});

function ran(planEntry: PlanEntry, exitCode: number | null, findings: Findings = {}, outcome: 'exited' | 'timed-out' | 'not-found' = 'exited'): StepRun {
  return {
    entry: planEntry,
    result: { outcome, exitCode, stdout: '', stderr: '', durationMs: 10 },
    notRun: null,
    findings,
    logFile: '/repo/.heal/builds/1/logs/1.log',
    durationMs: 12,
  };
}

const meta = {
  repoRoot: '/repo', commitSha: 'abc123', branchName: 'main', source: 'working-tree' as const, isDirty: false,
  startedAt: new Date('2026-01-01T00:00:00Z'), durationMs: 100, timeoutSec: 900, artefactPath: null,
};
const failedTest = { id: 'a.test.ts::x', file: 'a.test.ts', name: 'x', message: 'boom', stack: '', location: null };
const lintError = { tool: 'eslint', file: 'a.ts', line: 1, column: 1, rule: 'no-var', message: 'm', severity: 'error' as const };

describe('judgeStep', () => {
  it('passes a clean exit and fails on findings even with exit 0', () => {
    expect(judgeStep(ran(entry('lint', 'eslint'), 0), meta).step.status).toBe('PASSED');
    const judged = judgeStep(ran(entry('lint', 'eslint'), 0, { diagnostics: [lintError] }), meta);
    expect(judged.step).toMatchObject({ status: 'FAILED', message: 'lint step (eslint): 1 error(s)', log_file: '.heal/builds/1/logs/1.log' });
  });

  it('does not fail on warnings alone', () => {
    const warning = { ...lintError, severity: 'warning' as const };
    expect(judgeStep(ran(entry('lint', 'eslint'), 0, { diagnostics: [warning] }), meta).step.status).toBe('PASSED');
  });

  it('ERRORS on timeouts, missing commands and parser errors, with a reason each', () => {
    expect(judgeStep(ran(entry('test', 'vitest'), null, {}, 'timed-out'), meta)).toMatchObject({ reason: 'timeout', step: { status: 'ERRORED' } });
    expect(judgeStep(ran(entry('test', 'vitest'), null, {}, 'not-found'), meta)).toMatchObject({ reason: 'tool-missing' });
    expect(judgeStep(ran(entry('test', 'pytest'), 4, { error: 'usage error' }), meta)).toMatchObject({
      reason: 'crash', step: { status: 'ERRORED', message: 'test step (pytest): usage error' },
    });
  });

  it('fails a non-zero exit without findings (custom commands)', () => {
    expect(judgeStep(ran(entry('lint', 'custom'), 2), meta).step.message).toBe('lint step (custom) exited with code 2');
  });
});

describe('assembleReport', () => {
  const plan: BuildPlan = { toolchains: [], steps: [], problem: null };

  it('FAILED beats PASSED; ERRORED beats FAILED; the report validates', () => {
    const failing = assembleReport(plan, [ran(entry('lint', 'eslint'), 1, { diagnostics: [lintError] }), ran(entry('test', 'vitest'), 1, { failedTests: [failedTest], tests: { total: 2, passed: 1, failed: 1, skipped: 0 } })], meta);
    expect(failing).toMatchObject({ status: 'FAILED', fail_reason: 'lint', tests: { total: 2, failed: 1 } });
    expect(BuildReport.safeParse(failing).success).toBe(true);
    const errored = assembleReport(plan, [ran(entry('lint', 'eslint'), 1, { diagnostics: [lintError] }), ran(entry('test', 'vitest'), null, {}, 'timed-out')], meta);
    expect(errored).toMatchObject({ status: 'ERRORED', fail_reason: 'timeout' });
  });

  it('prefixes paths with the project dir when the project is not the repository root', () => {
    const report = assembleReport(plan, [ran(entry('test', 'vitest'), 1, { failedTests: [failedTest] })], meta, 'packages/app');
    expect(report.failed_tests[0]).toMatchObject({ id: 'packages/app/a.test.ts::x', file: 'packages/app/a.test.ts' });
  });

  it('ERRORS with no-project when nothing could be planned', () => {
    const report = assembleReport({ toolchains: [], steps: [], problem: 'no Node or Python project found in .' }, [], meta);
    expect(report).toMatchObject({ status: 'ERRORED', fail_reason: 'no-project', reason: 'no Node or Python project found in .' });
  });
});

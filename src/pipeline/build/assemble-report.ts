import { relative } from 'node:path';
import { formatCommand } from '../../adapters/process-runner.js';
import {
  BUILD_REPORT_VERSION,
  type BuildReport,
  type BuildStep,
  type Coverage,
  type Diagnostic,
  type FailedTest,
  type TestCounts,
} from '../../artefacts/build-report.js';
import { summarizeCoverage } from '../../toolchains/coverage-math.js';
import type { BuildPlan } from './plan-build.js';
import type { StepRun } from './run-steps.js';
import { redactSecretsInText } from '../../patch/secret-scan.js';

type FailReason = BuildReport['fail_reason'];

export interface ReportMeta {
  repoRoot: string;
  commitSha: string;
  branchName: string | null;
  source: BuildReport['source'];
  isDirty: boolean;
  startedAt: Date;
  durationMs: number;
  timeoutSec: number;
  artefactPath: string | null;
}

interface Judged {
  step: BuildStep;
  reason: FailReason;
}

function errorsIn(run: StepRun): number {
  return (run.findings.diagnostics ?? []).filter((diagnostic) => diagnostic.severity === 'error').length;
}

/** Pure: one step's status from its process outcome and what its parser found. */
export function judgeStep(run: StepRun, meta: Pick<ReportMeta, 'repoRoot' | 'timeoutSec'>): Judged {
  const { entry, result } = run;
  const base = {
    kind: entry.kind,
    tool: entry.tool,
    command: formatCommand(entry.main.command),
    exit_code: result?.exitCode ?? null,
    duration_ms: run.durationMs,
    log_file: run.logFile ? relative(meta.repoRoot, run.logFile) : null,
  };
  const as = (status: BuildStep['status'], message: string | null, reason: FailReason): Judged => ({
    step: { ...base, status, message },
    reason,
  });
  if (run.notRun) {
    return as(run.notRun.status, run.notRun.message, run.notRun.status === 'ERRORED' ? 'tool-missing' : 'none');
  }
  if (!result) return as('SKIPPED', 'not run', 'none');
  const name = `${entry.kind} step (${entry.tool})`;
  if (result.outcome === 'timed-out') {
    return as('ERRORED', `${name} timed out after the build's ${meta.timeoutSec} s limit`, 'timeout');
  }
  if (result.outcome === 'not-found') {
    return as('ERRORED', `${name}: command not found: ${base.command.split(' ')[0]} (install it)`, 'tool-missing');
  }
  if (run.findings.error) return as('ERRORED', `${name}: ${run.findings.error}`, entry.kind === 'install' ? 'install' : 'crash');
  const failedTests = run.findings.failedTests?.length ?? 0;
  const problems = failedTests + errorsIn(run);
  const cleanExit = result.exitCode === 0 || (result.exitCode !== null && (entry.passExitCodes ?? []).includes(result.exitCode));
  if (cleanExit && problems === 0) return as('PASSED', null, 'none');
  const reason: FailReason = entry.kind === 'test' ? 'tests' : entry.kind;
  if (problems > 0) {
    const what = failedTests > 0 ? `${failedTests} failing test(s)` : `${errorsIn(run)} error(s)`;
    return as('FAILED', `${name}: ${what}`, reason);
  }
  return as('FAILED', `${name} exited with code ${String(result.exitCode)}`, reason);
}

function sumTests(runs: readonly StepRun[]): TestCounts {
  return runs.reduce<TestCounts>(
    (acc, run) => {
      const tests = run.findings.tests;
      if (!tests) return acc;
      return {
        total: acc.total + tests.total,
        passed: acc.passed + tests.passed,
        failed: acc.failed + tests.failed,
        skipped: acc.skipped + tests.skipped,
      };
    },
    { total: 0, passed: 0, failed: 0, skipped: 0 },
  );
}

/** Prefixes project-relative paths with the project's dir when it is not the repository root. */
function inRepo(projectDir: string, path: string): string {
  return projectDir === '.' ? path : `${projectDir}/${path}`;
}

function mergeCoverage(runs: readonly StepRun[], projectDir: string): Coverage | null {
  const blocks = runs.map((run) => run.findings.coverage).filter((coverage): coverage is Coverage => Boolean(coverage));
  if (blocks.length === 0) return null;
  const files = blocks.flatMap((block) => block.files.map((file) => ({ ...file, file: inRepo(projectDir, file.file) })));
  return summarizeCoverage(blocks.map((block) => block.tool).join('+'), files);
}

/** ERRORED: the step that could not run; FAILED: every failing step's message, in step order. */
function summarizeReasons(judged: readonly Judged[], worst: Judged | null): string | null {
  if (!worst) return null;
  if (worst.step.status === 'ERRORED') return worst.step.message;
  return judged.filter((item) => item.step.status === 'FAILED').map((item) => item.step.message).join('; ');
}

const STATUS_RANK = { PASSED: 0, SKIPPED: 0, FAILED: 1, ERRORED: 2 } as const;

/** Pure: the build report from the plan, the step runs and the build's metadata. */
export function assembleReport(plan: BuildPlan, runs: readonly StepRun[], meta: ReportMeta, projectDir = '.'): BuildReport {
  const judged = runs.map((run) => judgeStep(run, meta));
  const worst = judged.reduce<Judged | null>(
    (acc, item) => (STATUS_RANK[item.step.status] > (acc ? STATUS_RANK[acc.step.status] : 0) ? item : acc),
    null,
  );
  const problem = plan.problem;
  const status = problem ? 'ERRORED' : worst ? (worst.step.status === 'ERRORED' ? 'ERRORED' : 'FAILED') : 'PASSED';
  const located = <T extends FailedTest | Diagnostic>(item: T): T => ({ ...item, file: inRepo(projectDir, item.file) });
  const diagnostics = (kinds: readonly string[]) =>
    runs.filter((run) => kinds.includes(run.entry.kind)).flatMap((run) => (run.findings.diagnostics ?? []).map(located));
  return {
    version: BUILD_REPORT_VERSION,
    kind: 'build_report',
    status,
    reason: problem ?? summarizeReasons(judged, worst),
    fail_reason: problem ? 'no-project' : (worst?.reason ?? 'none'),
    commit_sha: meta.commitSha,
    branch_name: meta.branchName,
    source: meta.source,
    is_dirty: meta.isDirty,
    started_at: meta.startedAt.toISOString(),
    duration_ms: meta.durationMs,
    toolchains: plan.toolchains,
    steps: judged.map((item) => item.step),
    tests: sumTests(runs),
    // Test output can print what the code read (an .env, a token): reports keep it redacted.
    failed_tests: runs.flatMap((run) => (run.findings.failedTests ?? []).map((test) => ({
      ...located(test),
      message: redactSecretsInText(test.message),
      stack: redactSecretsInText(test.stack),
      id: inRepo(projectDir, test.id),
      location: test.location ? { ...test.location, file: inRepo(projectDir, test.location.file) } : null,
    }))),
    lint_errors: diagnostics(['lint', 'format']),
    type_errors: diagnostics(['typecheck']),
    coverage: mergeCoverage(runs, projectDir),
    artefact_path: meta.artefactPath,
  };
}

import type { BuildReport } from '../artefacts/build-report.js';
import type { TestSpec } from '../artefacts/testspec.js';
import type { CommitResult } from '../artefacts/commit-result.js';
import type { FixReport } from '../artefacts/fix-report.js';
import type { GeneratedTests } from '../artefacts/generated-tests.js';

function escapeLabel(value: string): string {
  return value.replaceAll('\\', '\\\\').replaceAll('"', '\\"').replaceAll('\n', '\\n');
}

/** Renders a build report as Prometheus text exposition format (the seeds' ci_* metrics). */
export function renderBuildMetrics(report: BuildReport): string {
  const sha = escapeLabel(report.commit_sha);
  const metric = (name: string, type: 'gauge' | 'counter', help: string, samples: string[]) =>
    [`# HELP ${name} ${help}`, `# TYPE ${name} ${type}`, ...samples].join('\n');
  const blocks = [
    metric('ci_build_duration_seconds', 'gauge', 'Wall time of the build.', [
      `ci_build_duration_seconds{commit="${sha}",status="${report.status}"} ${report.duration_ms / 1000}`,
    ]),
    metric('ci_tests_passed_total', 'counter', 'Tests that passed.', [`ci_tests_passed_total{commit="${sha}"} ${report.tests.passed}`]),
    metric('ci_tests_failed_total', 'counter', 'Tests that failed.', [`ci_tests_failed_total{commit="${sha}"} ${report.tests.failed}`]),
    metric('ci_coverage_line_pct', 'gauge', 'Line coverage of the fast test suite, in percent.', [
      `ci_coverage_line_pct{commit="${sha}"} ${report.coverage ? report.coverage.line_pct : 'NaN'}`,
    ]),
    metric('ci_fail_reason', 'gauge', 'Why the build did not pass (1 for the reason, none when it passed).', [
      `ci_fail_reason{commit="${sha}",reason="${report.fail_reason}"} 1`,
    ]),
  ];
  return `${blocks.join('\n')}\n`;
}

/** Renders a test plan's metrics (the seeds' tp_* and testplanner_* names). */
export function renderPlanTestsMetrics(spec: TestSpec, durationMs: number): string {
  const sha = escapeLabel(spec.parent_commit_sha);
  return [
    '# HELP tp_specs_total Test specs written.',
    '# TYPE tp_specs_total counter',
    `tp_specs_total{commit="${sha}",engine="${spec.engine}"} 1`,
    '# HELP testplanner_cases_total Test cases planned.',
    '# TYPE testplanner_cases_total counter',
    `testplanner_cases_total{commit="${sha}"} ${spec.cases.length}`,
    '# HELP tp_latency_ms Time to plan, in milliseconds.',
    '# TYPE tp_latency_ms gauge',
    `tp_latency_ms{commit="${sha}"} ${durationMs}`,
    '',
  ].join('\n');
}

/** Renders a code run's metrics (the seeds' ca_* names): one ca_patches_total sample per attempt result. */
export function renderCodeMetrics(result: CommitResult): string {
  const counts = new Map<string, number>();
  for (const attempt of result.attempts) counts.set(attempt.result, (counts.get(attempt.result) ?? 0) + 1);
  const task = escapeLabel(result.task_id);
  return [
    '# HELP ca_patches_total Patches the coding agent tried, by how they ended.',
    '# TYPE ca_patches_total counter',
    ...[...counts].map(([outcome, count]) => `ca_patches_total{task="${task}",result="${outcome}"} ${count}`),
    '# HELP ca_well_formed_patch_ratio Share of replies that held a well-formed patch.',
    '# TYPE ca_well_formed_patch_ratio gauge',
    `ca_well_formed_patch_ratio{task="${task}"} ${result.well_formed_rate}`,
    '',
  ].join('\n');
}

/** Renders a fix run's metrics (af_*): candidates by rung and result, failures before and after. */
export function renderFixMetrics(report: FixReport): string {
  const counts = new Map<string, number>();
  for (const attempt of report.iterations.flatMap((iteration) => iteration.fixes)) {
    const key = `strategy="${attempt.strategy}",result="${attempt.result}"`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  const sha = escapeLabel(report.base_commit_sha);
  return [
    '# HELP af_fixes_total Candidate fixes the auto-fixer tried, by rung and outcome.',
    '# TYPE af_fixes_total counter',
    ...[...counts].map(([labels, count]) => `af_fixes_total{${labels}} ${count}`),
    '# HELP af_failures Failures before and after the fix run.',
    '# TYPE af_failures gauge',
    `af_failures{commit="${sha}",when="before"} ${report.failures_before.length}`,
    `af_failures{commit="${sha}",when="after"} ${report.failures_after.length}`,
    '# HELP af_iterations Repair rounds the run took.',
    '# TYPE af_iterations gauge',
    `af_iterations{commit="${sha}",status="${report.status}",stop_reason="${report.stop_reason}"} ${report.iterations.length}`,
    '',
  ].join('\n');
}

/** build-tests metrics: tests by status, tests committed, and the size of the commit. */
export function renderBuildTestsMetrics(report: GeneratedTests): string {
  const spec = escapeLabel(report.spec_id);
  return [
    '# HELP tb_tests_total Tests the test builder proposed, by outcome.',
    '# TYPE tb_tests_total counter',
    ...Object.entries(report.counts).map(([status, count]) => `tb_tests_total{result="${status}",engine="${report.engine}"} ${count}`),
    '# HELP testbuilder_new_tests Tests committed by the test builder.',
    '# TYPE testbuilder_new_tests gauge',
    `testbuilder_new_tests{spec="${spec}",precheck="${report.precheck}"} ${report.commit_sha === null ? 0 : (report.counts.kept ?? 0)}`,
    '# HELP tb_patch_size_loc Lines the test builder\'s commit adds.',
    '# TYPE tb_patch_size_loc gauge',
    `tb_patch_size_loc{spec="${spec}"} ${report.patch_loc}`,
    '',
  ].join('\n');
}

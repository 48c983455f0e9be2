import { describe, expect, it } from 'vitest';
import { BuildReport } from '../../../../src/artefacts/build-report.js';
import type { CheckFailure } from '../../../../src/artefacts/commit-result.js';
import { FixReport, type FixAttempt } from '../../../../src/artefacts/fix-report.js';
import { countByStatus, GeneratedTests, type GeneratedTestRecord } from '../../../../src/artefacts/generated-tests.js';
import { LoopReport } from '../../../../src/artefacts/loop-report.js';
import { LoopState, type LoopLimits, type StageRun } from '../../../../src/artefacts/loop-state.js';
import type { Usage } from '../../../../src/model/usage.js';
import { assembleLoopReport, type RunArtefacts } from '../../../../src/pipeline/loop/assemble-loop-report.js';
import { attemptOf, currentCycle, nextStep } from '../../../../src/pipeline/loop/next-step.js';
import { beginStage, createLoopState, finishStage } from '../../../../src/pipeline/loop/run-state.js';
import { stageResult, type StageResult } from '../../../../src/pipeline/loop/stage-result.js';

const BASE = 'a'.repeat(40);
const [C1, C2, C3, C4] = ['1', '2', '3', '4'].map((digit) => digit.repeat(40)) as [string, string, string, string];
const T0 = Date.parse('2026-03-02T10:00:00.000Z');
const USAGE: Usage = { calls: 5, prompt_tokens: 5000, completion_tokens: 600, total_tokens: 5600, cost_usd: 0.03, cost_known: true };
const LIMITS: LoopLimits = {
  backoff_sec: [0, 5], timeout_sec: 3600, max_tokens_total: null, max_cost_usd: null,
  max_coverage_drop: 1, max_self_check_failures: 5, max_fix_rounds: 3, max_code_cycles: 2,
};

function buildReport(status: 'PASSED' | 'FAILED', commit: string, files: Record<string, number>): BuildReport {
  const entries = Object.entries(files);
  const linePct = entries.reduce((sum, [, pct]) => sum + pct, 0) / entries.length;
  const counts = (pct: number) => ({ covered: Math.round(pct), total: 100 });
  return BuildReport.parse({
    version: 1, kind: 'build_report', status, reason: status === 'PASSED' ? null : 'tests failed', fail_reason: status === 'PASSED' ? 'none' : 'tests',
    commit_sha: commit, branch_name: null, source: 'commit', is_dirty: false, started_at: new Date(T0).toISOString(), duration_ms: 900,
    toolchains: [], steps: [], tests: { total: 5, passed: status === 'PASSED' ? 5 : 4, failed: status === 'PASSED' ? 0 : 1, skipped: 0 },
    failed_tests: [], lint_errors: [], type_errors: [],
    coverage: {
      tool: 'istanbul', line_pct: linePct, branch_pct: null, lines: counts(linePct), branches: { covered: 0, total: 0 },
      files: entries.map(([file, pct]) => ({ file, lines: counts(pct), branches: { covered: 0, total: 0 }, line_pct: pct, missed_lines: [], functions: [] })),
    },
    artefact_path: null,
  });
}

type Candidate = Pick<FixAttempt, 'strategy' | 'description' | 'result' | 'fixed'>;
const failure = (id: string, message: string): CheckFailure => ({ kind: id.includes(':') ? 'lint' : 'test', id, message });

/** A schema-valid fix report: one iteration per list of candidates. */
function fixReport(commit: string | null, before: CheckFailure[], after: CheckFailure[], iterations: Candidate[][]): FixReport {
  return FixReport.parse({
    version: 1, kind: 'fix_report', status: after.length === 0 ? 'FIXED' : commit ? 'PARTIAL' : 'UNFIXED', stop_reason: after.length === 0 ? 'green' : 'max-iterations',
    engine: 'model', model: 'gpt-test', source_report: null, base_commit_sha: BASE, commit_sha: commit, branch_name: commit ? `agt/fix/${commit.slice(0, 4)}` : null,
    applied_to_worktree: false, notes: [], failures_before: before, failures_after: after,
    iterations: iterations.map((fixes, index) => ({
      number: index + 1, failures_before: before, analyses: [], candidates_tried: fixes.length, failures_after: after, duration_ms: 10,
      fixes: fixes.map((candidate) => ({
        engine: 'builtin', rule: 'r', targets: before.map((each) => each.id), diff: '', risk: 'low', validation: { ok: true, rule: null, message: null },
        new_failures: [], check_report: null, duration_ms: 5, ...candidate,
      })),
    })),
    coverage_before: null, coverage_after: null, diff: '', usage: USAGE, duration_ms: 100,
  });
}

function generatedTests(commit: string | null, tests: Array<Pick<GeneratedTestRecord, 'name' | 'status' | 'reason' | 'failure' | 'target'>>): GeneratedTests {
  const records = tests.map((test): GeneratedTestRecord => ({
    ...test, id: `test/slug.gen.test.js::${test.name}`, file: 'test/slug.gen.test.js', case: null, engine: 'model', attempt: 1,
    runs: ['passed', 'passed', 'passed'], coverage_gain: 2, new_lines: {}, code: 'it()',
  }));
  return GeneratedTests.parse({
    version: 1, kind: 'generated_tests', spec_id: 'spec-1', engine: 'model', model: 'gpt-test', parent_commit_sha: C3, commit_sha: commit,
    branch_name: commit ? 'agt/testbuilder/spec-1' : null, precheck: 'PASSED', notes: [], tests: records, targets: [], counts: countByStatus(records),
    files: ['test/slug.gen.test.js'], patch_loc: 20, attempts: 1, model_error: null, usage: USAGE, duration_ms: 400,
  });
}

/** Plays the results through the loop's own bookkeeping; each stage's artefact is NN-<stage>.json. */
function play(results: StageResult[]): LoopState {
  let state = createLoopState({ runId: 'run-1', goal: 'Add slugify', engine: 'model', model: 'gpt-test', project: '.', baseSha: BASE, baseRef: 'main', limits: LIMITS, now: new Date(T0) });
  for (const result of results) {
    const step = state.next;
    const running = beginStage(state, step, attemptOf(state, step.kind), step.kind === 'code' ? step.cycle : currentCycle(state), new Date(Date.parse(state.updated_at) + 1000));
    const run = running.stages.at(-1) as StageRun;
    const recorded = { ...result, artefact: `${String(run.number).padStart(2, '0')}-${run.stage}.json` };
    state = LoopState.parse(finishStage(running, recorded, nextStep(running, step, recorded, true), USAGE, new Date(Date.parse(running.updated_at) + 10_000)));
  }
  return state;
}

const B1_RED = buildReport('FAILED', C1, { 'src/a.js': 50, 'src/b.js': 50 });
const B1_STILL_RED = buildReport('FAILED', C2, { 'src/a.js': 55, 'src/b.js': 50 });
const B1_GREEN = buildReport('PASSED', C3, { 'src/a.js': 70, 'src/b.js': 50 });
const B2_GREEN = buildReport('PASSED', C4, { 'src/a.js': 90, 'src/c.js': 100 });
const FIX_1 = fixReport(C2, [failure('slug > empty', 'expected "" to be "-"\n\n  at slug.test.js:4\n  at a\n  at b\n  at c'), failure('slug > accents', 'x'.repeat(600)), failure('src/a.js:prefer-const', 'use const')], [failure('slug > accents', 'x')], [
  [{ strategy: 'fault-localised', description: 'wrong guard', result: 'still-failing', fixed: [] }, { strategy: 'fault-localised', description: 'off-by-one in src/a.js', result: 'applied', fixed: ['slug > empty'] }],
  [{ strategy: 'pattern', description: 'tried accents', result: 'rejected', fixed: ['slug > accents'] }, { strategy: 'lint-autofix', description: 'eslint --fix', result: 'applied', fixed: ['src/a.js:prefer-const'] }],
]);
const FIX_2 = fixReport(C3, [failure('slug > accents', 'x'.repeat(600))], [], [[{ strategy: 'model', description: 'normalise to NFD first', result: 'applied', fixed: ['slug > accents'] }]]);
const TESTS = generatedTests(C4, [
  { name: 'lowercases', status: 'kept', reason: 'covers 3 new lines', failure: null, target: 'src/a.js::slugify' },
  { name: 'trims', status: 'kept', reason: 'covers 1 new line', failure: null, target: 'src/a.js::slugify' },
  { name: 'dates', status: 'dropped-flaky', reason: 'passed 1 of 3 runs', failure: 'timeout', target: null },
]);

const build = (phase: 1 | 2, report: BuildReport) =>
  stageResult({ stage: phase === 1 ? 'build-1' : 'build-2', status: report.status === 'PASSED' ? 'succeeded' : 'failed', outcome: report.status, summary: 'built', build: report });
const RESULTS: StageResult[] = [
  stageResult({ stage: 'code', status: 'succeeded', summary: 'SUCCESS', commitSha: C1 }),
  build(1, B1_RED),
  stageResult({ stage: 'fix', status: 'succeeded', summary: 'PARTIAL', commitSha: C2 }),
  build(1, B1_STILL_RED),
  stageResult({ stage: 'fix', status: 'succeeded', summary: 'FIXED', commitSha: C3 }),
  build(1, B1_GREEN),
  stageResult({ stage: 'plan-tests', status: 'succeeded', summary: '1 target(s)', targets: 1 }),
  stageResult({ stage: 'build-tests', status: 'succeeded', summary: '2 kept', commitSha: C4 }),
  build(2, B2_GREEN),
];
const ARTEFACTS: RunArtefacts = {
  builds: new Map([['02-build-1.json', B1_RED], ['04-build-1.json', B1_STILL_RED], ['06-build-1.json', B1_GREEN], ['09-build-2.json', B2_GREEN]]),
  fixes: new Map([['03-fix.json', FIX_1], ['05-fix.json', FIX_2]]),
  tests: new Map([['08-build-tests.json', TESTS]]),
  codes: new Map(),
};

describe('assembleLoopReport', () => {
  const state = play(RESULTS);
  const report = assembleLoopReport(state, ARTEFACTS, 'kept');

  it('writes a schema-valid report of the run as it ended', () => {
    expect(LoopReport.parse(report)).toEqual(report);
    expect(state).toMatchObject({ status: 'DONE', stop_reason: 'green' });
    expect(report).toMatchObject({ run_id: 'run-1', status: 'DONE', stop_reason: 'green', goal: 'Add slugify', base_sha: BASE, final_commit_sha: C4, usage: USAGE });
    expect(report.stages).toEqual(state.stages);
    expect(report.duration_ms).toBe(Date.parse(state.updated_at) - T0);
  });

  it('maps every failure a fix met to the applied fix that fixed it, across fix stages', () => {
    expect(report.failures).toEqual([
      { id: 'slug > empty', message: 'expected "" to be "-"\n  at slug.test.js:4\n  at a\n  at b', fixed_by: 'fault-localised: off-by-one in src/a.js' },
      { id: 'slug > accents', message: 'x'.repeat(500), fixed_by: 'model: normalise to NFD first' },
      { id: 'src/a.js:prefer-const', message: 'use const', fixed_by: 'lint-autofix: eslint --fix' },
    ]);
    expect(report.fixes_applied).toBe(3);
  });

  it('leaves fixed_by null for a failure no applied fix fixed', () => {
    const unfixed = play(RESULTS.slice(0, 4));
    const failures = assembleLoopReport(unfixed, ARTEFACTS, 'kept').failures;
    expect(failures.find((each) => each.id === 'slug > accents')).toEqual({ id: 'slug > accents', message: 'x'.repeat(500), fixed_by: null });
  });

  it('flattens every test build-tests tried, and counts the committed ones as added', () => {
    expect(report.tests).toEqual([
      { file: 'test/slug.gen.test.js', name: 'lowercases', target: 'src/a.js::slugify', status: 'kept', reason: 'covers 3 new lines', failure: null },
      { file: 'test/slug.gen.test.js', name: 'trims', target: 'src/a.js::slugify', status: 'kept', reason: 'covers 1 new line', failure: null },
      { file: 'test/slug.gen.test.js', name: 'dates', target: null, status: 'dropped-flaky', reason: 'passed 1 of 3 runs', failure: 'timeout' },
    ]);
    expect(report.tests_added).toBe(2);
  });

  it('compares per-file coverage of the first green build 1 with the last green build', () => {
    expect(report.coverage).toEqual({
      before: 60, after: 95,
      files: [{ file: 'src/a.js', before: 70, after: 90 }, { file: 'src/b.js', before: 50, after: null }, { file: 'src/c.js', before: null, after: 100 }],
    });
    expect(report.guards.find((guard) => guard.name === 'coverage-drop')).toMatchObject({ tripped: false });
  });

  it('judges coverage-drop on build 2 and takes "after" from the last green build when build 2 is red', () => {
    const B2_RED = buildReport('FAILED', C4, { 'src/a.js': 40, 'src/c.js': 40 });
    const red = play([...RESULTS.slice(0, -1), build(2, B2_RED)]);
    const builds = new Map([...ARTEFACTS.builds, ['09-build-2.json', B2_RED]]);
    const redReport = assembleLoopReport(red, { ...ARTEFACTS, builds }, 'kept');
    expect(redReport.coverage.after).toBe(60);
    expect(redReport.guards.find((guard) => guard.name === 'coverage-drop')).toMatchObject({ tripped: true });
  });

  it('names the branch only when the run left one (merged or kept)', () => {
    expect(assembleLoopReport(state, ARTEFACTS, 'merged').branch_name).toBe('agt/loop/run-1');
    expect(report.branch_name).toBe('agt/loop/run-1');
    expect(assembleLoopReport(state, ARTEFACTS, 'none')).toMatchObject({ branch_name: null, merge: 'none' });
    expect(LoopReport.parse(assembleLoopReport(state, ARTEFACTS, 'discarded'))).toMatchObject({ branch_name: null, merge: 'discarded' });
  });

  it('leaves out stage artefacts it could not read', () => {
    const partial = assembleLoopReport(state, { builds: new Map(), fixes: new Map(), tests: new Map(), codes: new Map() }, 'kept');
    expect(LoopReport.parse(partial)).toMatchObject({ failures: [], tests: [], tests_added: 0, fixes_applied: 0, coverage: { before: 60, after: null } });
  });
});

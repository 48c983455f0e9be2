import { describe, expect, it } from 'vitest';
import { BuildReport } from '../../../../src/artefacts/build-report.js';
import { LoopState, type LoopLimits, type LoopStep } from '../../../../src/artefacts/loop-state.js';
import type { Usage } from '../../../../src/model/usage.js';
import type { Transition } from '../../../../src/pipeline/loop/next-step.js';
import { addUsage, beginStage, createLoopState, endRun, finishStage, interruptRun, resumeRun, stageNameOf } from '../../../../src/pipeline/loop/run-state.js';
import { stageResult, type StageResult } from '../../../../src/pipeline/loop/stage-result.js';

const BASE = 'a'.repeat(40);
const C1 = '1'.repeat(40);
const C2 = '2'.repeat(40);
const T0 = Date.parse('2026-03-02T10:00:00.000Z');
const at = (seconds: number): Date => new Date(T0 + seconds * 1000);
const LIMITS: LoopLimits = {
  backoff_sec: [0, 5, 30], timeout_sec: 600, max_tokens_total: null, max_cost_usd: null,
  max_coverage_drop: 1, max_self_check_failures: 3, max_fix_rounds: 2, max_code_cycles: 2,
};
const USAGE: Usage = { calls: 2, prompt_tokens: 300, completion_tokens: 50, total_tokens: 350, cost_usd: 0.01, cost_known: true };

function start(goal: string | null = null): LoopState {
  return LoopState.parse(createLoopState({ runId: 'run-1', goal, engine: 'model', model: 'gpt-test', project: '.', baseSha: BASE, baseRef: 'main', limits: LIMITS, now: at(0) }));
}

/** A schema-valid build report of `commit` with the given line coverage per file (null: not measured). */
function buildReport(status: 'PASSED' | 'FAILED', commit: string, files: Record<string, number> | null): BuildReport {
  const entries = Object.entries(files ?? {});
  const linePct = entries.length === 0 ? 0 : entries.reduce((sum, [, pct]) => sum + pct, 0) / entries.length;
  const counts = (pct: number) => ({ covered: Math.round(pct), total: 100 });
  return BuildReport.parse({
    version: 1, kind: 'build_report', status, reason: status === 'PASSED' ? null : '1 test(s) failed', fail_reason: status === 'PASSED' ? 'none' : 'tests',
    commit_sha: commit, branch_name: null, source: 'commit', is_dirty: false, started_at: at(0).toISOString(), duration_ms: 900,
    toolchains: [], steps: [], tests: { total: 4, passed: status === 'PASSED' ? 4 : 3, failed: status === 'PASSED' ? 0 : 1, skipped: 0 },
    failed_tests: [], lint_errors: [], type_errors: [],
    coverage: files === null ? null : {
      tool: 'istanbul', line_pct: linePct, branch_pct: null, lines: counts(linePct), branches: { covered: 0, total: 0 },
      files: entries.map(([file, pct]) => ({ file, lines: counts(pct), branches: { covered: 0, total: 0 }, line_pct: pct, missed_lines: [], functions: [] })),
    },
    artefact_path: null,
  });
}

const build = (phase: 1 | 2, report: BuildReport): StageResult =>
  stageResult({ stage: phase === 1 ? 'build-1' : 'build-2', status: report.status === 'PASSED' ? 'succeeded' : 'failed', outcome: report.status, summary: 'built', build: report, artefact: `build-${phase}.json` });
const go = (step: LoopStep): Transition => ({ kind: 'step', step });

/** Runs one stage from `seconds` to `seconds + 1` and checks the state against its schema before and after. */
function stage(state: LoopState, step: LoopStep, result: StageResult, transition: Transition, seconds: number, attempt = 1, cycle = 1): LoopState {
  const running = LoopState.parse(beginStage(state, step, attempt, cycle, at(seconds)));
  return LoopState.parse(finishStage(running, result, transition, USAGE, at(seconds + 1)));
}

describe('createLoopState', () => {
  it('starts running, with a deadline timeout_sec away, its branch named after the run, and a valid schema', () => {
    const state = start();
    expect(state).toMatchObject({ status: 'running', stop_reason: null, head_sha: BASE, branch_name: 'agt/loop/run-1', stages: [], branches: [], coverage_baseline: null, self_check_failures: 0 });
    expect(state.deadline_at).toBe(at(600).toISOString());
    expect(start('Add slugify').next).toEqual({ kind: 'code', goal: 'Add slugify', base_sha: BASE, cycle: 1 });
  });
});

describe('beginStage and finishStage', () => {
  it('appends a running stage numbered in order, working on the commit its step names', () => {
    const state = beginStage(start('Add slugify'), { kind: 'code', goal: 'g', base_sha: BASE, cycle: 1 }, 1, 1, at(5));
    expect(LoopState.parse(state).stages).toEqual([expect.objectContaining({ number: 1, stage: 'code', attempt: 1, cycle: 1, status: 'running', input_commit_sha: BASE, started_at: at(5).toISOString(), duration_ms: null })]);
    const second = beginStage(state, { kind: 'build', phase: 2, commit_sha: C1 }, 3, 2, at(6));
    expect(second.stages[1]).toMatchObject({ number: 2, stage: 'build-2', attempt: 3, cycle: 2, input_commit_sha: C1 });
    expect(beginStage(start(), { kind: 'fix', phase: 1, report: 'r.json' }, 1, 1, at(7)).stages[0]).toMatchObject({ stage: 'fix', input_commit_sha: BASE });
    expect(() => stageNameOf({ kind: 'finish' })).toThrow();
  });

  it('records the result, moves the head to its commit, adds self-check failures and takes the usage', () => {
    const result = stageResult({ stage: 'code', status: 'succeeded', outcome: 'SUCCESS', summary: 'committed', commitSha: C1, artefact: '01-code.json', selfCheckFailures: 2 });
    const state = stage(start('g'), { kind: 'code', goal: 'g', base_sha: BASE, cycle: 1 }, result, go({ kind: 'build', phase: 1, commit_sha: C1 }), 10);
    expect(state.stages[0]).toMatchObject({ status: 'succeeded', outcome: 'SUCCESS', summary: 'committed', commit_sha: C1, artefact: '01-code.json', duration_ms: 1000, error: null });
    expect(state).toMatchObject({ head_sha: C1, self_check_failures: 2, usage: USAGE, next: { kind: 'build', phase: 1, commit_sha: C1 }, updated_at: at(11).toISOString() });
    const failed = stageResult({ stage: 'build-1', status: 'failed', summary: 'red', selfCheckFailures: 1 });
    const after = stage(state, state.next, failed, go({ kind: 'fix', phase: 1, report: 'x' }), 20);
    expect(after).toMatchObject({ head_sha: C1, self_check_failures: 3 });
  });

  it('ends the run when the transition is an ending', () => {
    const result = stageResult({ stage: 'code', status: 'failed', summary: 'no commit' });
    const state = stage(start('g'), { kind: 'code', goal: 'g', base_sha: BASE, cycle: 1 }, result, { kind: 'end', ending: { status: 'FAILED', reason: 'code-failed', summary: 'nothing' } }, 10);
    expect(state).toMatchObject({ status: 'FAILED', stop_reason: 'code-failed', summary: 'nothing', next: { kind: 'finish' } });
    expect(LoopState.parse(endRun(start(), { status: 'DONE', reason: 'green', summary: 'ok' }, at(3)))).toMatchObject({ status: 'DONE', next: { kind: 'finish' }, updated_at: at(3).toISOString() });
  });

  it('lists each branch once, in the order the stages made them', () => {
    const fix = (branches: string[]) => stageResult({ stage: 'fix', status: 'succeeded', summary: 'fixed', commitSha: C2, branches });
    const step: LoopStep = { kind: 'fix', phase: 1, report: 'r' };
    let state = stage(start(), step, fix(['agt/fix/run-1-2']), go(step), 1);
    state = stage(state, step, fix(['agt/fix/run-1-2', 'agt/testbuilder/s1']), go(step), 3);
    state = stage(state, step, fix(['agt/testbuilder/s1']), go(step), 5);
    expect(state.branches).toEqual(['agt/fix/run-1-2', 'agt/testbuilder/s1']);
  });
});

describe('coverage baseline', () => {
  const b1: LoopStep = { kind: 'build', phase: 1, commit_sha: BASE };
  const toPlan = go({ kind: 'plan-tests', report: 'build-1.json' });

  it('is taken from the first green build 1 only, per file', () => {
    let state = stage(start(), b1, build(1, buildReport('FAILED', BASE, { 'src/a.js': 10 })), go({ kind: 'fix', phase: 1, report: 'x' }), 1);
    expect(state.coverage_baseline).toBeNull();
    state = stage(state, b1, build(1, buildReport('PASSED', C1, { 'src/a.js': 60, 'src/b.js': 80 })), toPlan, 3);
    expect(state.coverage_baseline).toEqual({ line_pct: 70, files: [{ file: 'src/a.js', line_pct: 60 }, { file: 'src/b.js', line_pct: 80 }] });
    state = stage(state, { kind: 'build', phase: 2, commit_sha: C2 }, build(2, buildReport('PASSED', C2, { 'src/a.js': 90 })), toPlan, 5);
    state = stage(state, b1, build(1, buildReport('PASSED', C2, { 'src/a.js': 95 })), toPlan, 7, 1, 2);
    expect(state.coverage_baseline).toEqual({ line_pct: 70, files: [{ file: 'src/a.js', line_pct: 60 }, { file: 'src/b.js', line_pct: 80 }] });
  });

  it('is not taken from a build 2, even the first green build', () => {
    const state = stage(start(), { kind: 'build', phase: 2, commit_sha: C2 }, build(2, buildReport('PASSED', C2, { 'src/a.js': 90 })), toPlan, 1);
    expect(state.coverage_baseline).toBeNull();
  });
});

describe('interruptRun and resumeRun', () => {
  const b1: LoopStep = { kind: 'build', phase: 1, commit_sha: BASE };

  it('Ctrl-C marks the running stage interrupted, keeps next, and says how to resume', () => {
    const running = beginStage(start(), b1, 1, 1, at(10));
    const state = LoopState.parse(interruptRun(running, at(14)));
    expect(state.stages[0]).toMatchObject({ status: 'interrupted', summary: 'interrupted', duration_ms: 4000 });
    expect(state).toMatchObject({ status: 'INTERRUPTED', stop_reason: 'interrupted', next: b1, updated_at: at(14).toISOString() });
    expect(state.summary).toContain('--resume');
  });

  it('a resume after a crash marks the cut-off stage interrupted, renews the deadline and keeps next', () => {
    const crashed = beginStage(start(), b1, 1, 1, at(10));
    const state = LoopState.parse(resumeRun(crashed, at(1000)));
    expect(state.stages[0]).toMatchObject({ status: 'interrupted', duration_ms: 990_000 });
    expect(state).toMatchObject({ status: 'running', stop_reason: null, summary: null, next: b1, deadline_at: at(1600).toISOString() });
    expect(state.notes.at(-1)).toContain('build-1');
  });

  it('a resume after Ctrl-C goes on running with a fresh deadline, the stages as they were', () => {
    const interrupted = interruptRun(beginStage(start(), b1, 1, 1, at(10)), at(14));
    const state = LoopState.parse(resumeRun(interrupted, at(2000)));
    expect(state.stages).toEqual(interrupted.stages);
    expect(state).toMatchObject({ status: 'running', stop_reason: null, summary: null, next: b1, deadline_at: at(2600).toISOString() });
  });

  it('leaves finished stages alone', () => {
    const finished = stage(start(), b1, build(1, buildReport('PASSED', BASE, { 'src/a.js': 50 })), go({ kind: 'plan-tests', report: 'r' }), 1);
    const state = LoopState.parse(resumeRun(finished, at(50)));
    expect(state.stages).toEqual(finished.stages);
    expect(state.next).toEqual({ kind: 'plan-tests', report: 'r' });
  });
});

describe('addUsage', () => {
  it('sums counts and cost, and the cost is known only when both are', () => {
    const a: Usage = { calls: 1, prompt_tokens: 10, completion_tokens: 5, total_tokens: 15, cost_usd: 0.1, cost_known: true };
    const b: Usage = { calls: 2, prompt_tokens: 20, completion_tokens: 7, total_tokens: 27, cost_usd: 0.2, cost_known: false };
    expect(addUsage(a, b)).toEqual({ calls: 3, prompt_tokens: 30, completion_tokens: 12, total_tokens: 42, cost_usd: 0.3, cost_known: false });
    expect(addUsage(a, a).cost_known).toBe(true);
  });
});

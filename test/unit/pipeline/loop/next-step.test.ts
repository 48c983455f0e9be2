import { describe, expect, it } from 'vitest';
import { BuildReport, type StepKind } from '../../../../src/artefacts/build-report.js';
import { LoopState, type LoopLimits, type StageRun } from '../../../../src/artefacts/loop-state.js';
import { attemptOf, currentCycle, nextStep, type Transition } from '../../../../src/pipeline/loop/next-step.js';
import { beginStage, createLoopState, finishStage, interruptRun, resumeRun } from '../../../../src/pipeline/loop/run-state.js';
import { isFixableBuild, stageResult, type StageResult } from '../../../../src/pipeline/loop/stage-result.js';
import type { Usage } from '../../../../src/model/usage.js';

const BASE = 'b0'.repeat(20);
const sha = (n: number): string => String(n).repeat(40).slice(0, 40);
const USAGE: Usage = { calls: 0, prompt_tokens: 0, completion_tokens: 0, total_tokens: 0, cost_usd: 0, cost_known: true };
const LIMITS: LoopLimits = {
  backoff_sec: [0, 5, 30], timeout_sec: 3600, max_tokens_total: null, max_cost_usd: null,
  max_coverage_drop: 1, max_self_check_failures: 10, max_fix_rounds: 2, max_code_cycles: 2,
};

interface BuildShape {
  status: BuildReport['status'];
  commit: string;
  linePct?: number | null;
  failing?: string[];
  erroredIn?: StepKind;
  failReason?: BuildReport['fail_reason'];
}

/** A schema-valid build report: install, typecheck and test steps, the failing tests in test/a.test.js. */
function buildReport(shape: BuildShape): BuildReport {
  const failing = shape.failing ?? (shape.status === 'FAILED' ? ['adds'] : []);
  const kinds: StepKind[] = ['install', 'typecheck', 'test'];
  const erroredAt = shape.erroredIn ? kinds.indexOf(shape.erroredIn) : -1;
  const stepStatus = (index: number) =>
    shape.status === 'ERRORED' ? (index < erroredAt ? 'PASSED' : index === erroredAt ? 'ERRORED' : 'SKIPPED')
    : shape.status === 'FAILED' && kinds[index] === 'test' ? 'FAILED' : 'PASSED';
  const failReason = shape.failReason ?? (shape.status === 'PASSED' ? 'none' : shape.status === 'FAILED' ? 'tests' : shape.erroredIn === 'test' ? 'crash' : 'install');
  const linePct = shape.linePct ?? null;
  const ran = shape.status === 'ERRORED' ? 0 : 10;
  return BuildReport.parse({
    version: 1, kind: 'build_report', status: shape.status,
    reason: shape.status === 'PASSED' ? null : shape.status === 'FAILED' ? `${failing.length} test(s) failed` : `the ${shape.erroredIn} step could not run`,
    fail_reason: failReason, commit_sha: shape.commit, branch_name: null, source: 'commit', is_dirty: false,
    started_at: '2026-03-02T10:00:00.000Z', duration_ms: 1200,
    toolchains: [{ id: 'node', root: '.', package_manager: 'npm', test_runner: 'vitest', interpreter: null }],
    steps: kinds.map((kind, index) => ({
      kind, tool: kind === 'install' ? 'npm' : kind === 'typecheck' ? 'tsc' : 'vitest', command: `${kind} --run`,
      exit_code: stepStatus(index) === 'ERRORED' || stepStatus(index) === 'SKIPPED' ? null : stepStatus(index) === 'FAILED' ? 1 : 0,
      duration_ms: 400, status: stepStatus(index), log_file: `.heal/builds/1/logs/${index + 1}.log`,
      message: stepStatus(index) === 'PASSED' ? null : `${kind} step: ${stepStatus(index)}`,
    })),
    tests: { total: ran, passed: ran - failing.length, failed: failing.length, skipped: 0 },
    failed_tests: failing.map((name) => ({
      id: `test/a.test.js > ${name}`, file: 'test/a.test.js', name, message: `expected 1 to be 2 in ${name}\n  at test/a.test.js:3:5`, stack: '', location: null,
    })),
    lint_errors: [], type_errors: [],
    coverage: linePct === null ? null : {
      tool: 'istanbul', line_pct: linePct, branch_pct: null, lines: { covered: Math.round(linePct * 10), total: 1000 }, branches: { covered: 0, total: 0 },
      files: [{ file: 'src/a.js', lines: { covered: Math.round(linePct * 10), total: 1000 }, branches: { covered: 0, total: 0 }, line_pct: linePct, missed_lines: [], functions: [] }],
    },
    artefact_path: null,
  });
}

/** What run-stage makes of a build: PASSED succeeded, fixable failed, anything else errored. */
function built(phase: 1 | 2, report: BuildReport): StageResult {
  const status = report.status === 'PASSED' ? 'succeeded' : isFixableBuild(report) ? 'failed' : 'errored';
  return stageResult({
    stage: phase === 1 ? 'build-1' : 'build-2', status, outcome: report.status, summary: report.reason ?? 'green', build: report,
    error: status === 'errored' ? (report.reason ?? report.fail_reason) : null,
  });
}
const green = (phase: 1 | 2, commit: string, linePct: number | null = 80) => built(phase, buildReport({ status: 'PASSED', commit, linePct }));
const red = (phase: 1 | 2, commit: string, failing = ['adds']) => built(phase, buildReport({ status: 'FAILED', commit, failing, linePct: 70 }));
const coded = (commit: string | null) =>
  stageResult({ stage: 'code', status: commit ? 'succeeded' : 'failed', outcome: commit ? 'SUCCESS' : 'SOFT_FAIL', summary: commit ? 'SUCCESS after 1 attempt(s)' : 'SOFT_FAIL after 3 attempt(s) (max-attempts)', commitSha: commit });
const fixed = (commit: string | null, openFailures: string[] = []) =>
  stageResult({ stage: 'fix', status: commit ? 'succeeded' : 'failed', outcome: commit ? 'FIXED' : 'UNFIXED', summary: 'fix ran', commitSha: commit, selfCheckFailures: commit ? 0 : 1, openFailures });
const errored = (stage: StageResult['stage'], error: string) => stageResult({ stage, status: 'errored', summary: `could not run: ${error}`, error });
const planned = (targets: number) => stageResult({ stage: 'plan-tests', status: 'succeeded', outcome: `${targets} target(s)`, summary: `${targets} target(s)`, targets });
const testsBuilt = (commit: string | null) =>
  stageResult({ stage: 'build-tests', status: commit ? 'succeeded' : 'failed', outcome: 'precheck PASSED', summary: commit ? '2 of 3 test(s) kept' : '0 of 3 test(s) kept', commitSha: commit });

function start(goal: string | null = null, limits: Partial<LoopLimits> = {}): LoopState {
  return createLoopState({ runId: 'run-1', goal, engine: 'builtin', model: null, project: '.', baseSha: BASE, baseRef: 'main', limits: { ...LIMITS, ...limits }, now: new Date('2026-03-02T10:00:00.000Z') });
}

const later = (state: LoopState): Date => new Date(Date.parse(state.updated_at) + 1000);

/** One turn of the loop, as commands/loop.ts takes it: begin the next step, judge its result, record both. */
function advance(state: LoopState, result: StageResult, hasModel = false): { state: LoopState; transition: Transition } {
  const step = state.next;
  const cycle = step.kind === 'code' ? step.cycle : currentCycle(state);
  const running = beginStage(state, step, attemptOf(state, step.kind), cycle, later(state));
  const run = running.stages.at(-1) as StageRun;
  expect(run.stage).toBe(result.stage);
  const recorded = result.stop === 'no-coverage' ? result : { ...result, artefact: `${String(run.number).padStart(2, '0')}-${run.stage}.json` };
  const transition = nextStep(running, step, recorded, hasModel);
  const next = LoopState.parse(finishStage(running, recorded, transition, USAGE, later(running)));
  return { state: next, transition };
}

/** Plays results in order and returns the last transition with the state after it. */
function play(state: LoopState, results: StageResult[], hasModel = false): { state: LoopState; transition: Transition } {
  let turn: { state: LoopState; transition: Transition } = { state, transition: { kind: 'step', step: state.next } };
  for (const result of results) turn = advance(turn.state, result, hasModel);
  return turn;
}

const ended = (status: string, reason: string) => expect.objectContaining({ kind: 'end', ending: expect.objectContaining({ status, reason }) });
const toGreenBuild2 = (linePct1: number | null, linePct2: number | null) => [green(1, BASE, linePct1), planned(2), testsBuilt(sha(3)), green(2, sha(3), linePct2)];

describe('the first step', () => {
  it('is build 1 on the base commit without a goal, and code on it with one', () => {
    expect(start().next).toEqual({ kind: 'build', phase: 1, commit_sha: BASE });
    expect(start('Add slugify').next).toEqual({ kind: 'code', goal: 'Add slugify', base_sha: BASE, cycle: 1 });
  });
});

describe('nextStep after code', () => {
  it('builds the commit the coding agent made (build 1)', () => {
    expect(play(start('Add slugify'), [coded(sha(1))]).transition).toEqual({ kind: 'step', step: { kind: 'build', phase: 1, commit_sha: sha(1) } });
  });

  it('ends FAILED code-failed when the agent made no commit, quoting its summary', () => {
    const { transition } = play(start('Add slugify'), [coded(null)]);
    expect(transition).toEqual(ended('FAILED', 'code-failed'));
    expect(JSON.stringify(transition)).toContain('SOFT_FAIL after 3 attempt(s)');
  });
});

describe('nextStep after build 1', () => {
  it('plans tests from a PASSED build, naming its report', () => {
    expect(play(start(), [green(1, BASE)]).transition).toEqual({ kind: 'step', step: { kind: 'plan-tests', report: '01-build-1.json' } });
  });

  it('fixes a FAILED build (phase 1), and one that ERRORED in its test step', () => {
    expect(play(start(), [red(1, BASE)]).transition).toEqual({ kind: 'step', step: { kind: 'fix', phase: 1, report: '01-build-1.json' } });
    const crashed = built(1, buildReport({ status: 'ERRORED', commit: BASE, erroredIn: 'test' }));
    expect(crashed.status).toBe('failed');
    expect(play(start(), [crashed]).transition).toEqual({ kind: 'step', step: { kind: 'fix', phase: 1, report: '01-build-1.json' } });
  });

  it('runs a build that ERRORED in install again on the same commit, then ends ERRORED stage-errored', () => {
    const install = () => built(1, buildReport({ status: 'ERRORED', commit: BASE, erroredIn: 'install' }));
    expect(play(start(), [install()]).transition).toEqual({ kind: 'step', step: { kind: 'build', phase: 1, commit_sha: BASE } });
    const { state, transition } = play(start(), [install(), install(), install()]);
    expect(transition).toEqual(ended('ERRORED', 'stage-errored'));
    expect(JSON.stringify(transition)).toContain('after 3 attempt(s): the install step could not run');
    expect(state.stages.map((run) => run.attempt)).toEqual([1, 2, 3]);
  });

  it('ends ERRORED at once on a non-fixable report even when the stage did not error, and on a missing report', () => {
    const install = buildReport({ status: 'ERRORED', commit: BASE, erroredIn: 'install' });
    expect(play(start(), [stageResult({ stage: 'build-1', status: 'failed', summary: 'x', build: install })]).transition).toEqual(ended('ERRORED', 'stage-errored'));
    expect(play(start(), [stageResult({ stage: 'build-1', status: 'failed', summary: 'x' })]).transition).toEqual(ended('ERRORED', 'stage-errored'));
  });
});

describe('nextStep after fix', () => {
  it('builds the fix commit again in the same phase', () => {
    expect(play(start(), [red(1, BASE), fixed(sha(2))]).transition).toEqual({ kind: 'step', step: { kind: 'build', phase: 1, commit_sha: sha(2) } });
    const phase2 = [green(1, BASE), planned(2), testsBuilt(sha(3)), red(2, sha(3)), fixed(sha(4))];
    expect(play(start(), phase2).transition).toEqual({ kind: 'step', step: { kind: 'build', phase: 2, commit_sha: sha(4) } });
  });

  it('ends FAILED unfixed (phase 1) or regression (phase 2) with the builtin engine', () => {
    expect(play(start(), [red(1, BASE), fixed(null)]).transition).toEqual(ended('FAILED', 'unfixed'));
    expect(play(start(), [green(1, BASE), planned(2), testsBuilt(sha(3)), red(2, sha(3)), fixed(null)]).transition).toEqual(ended('FAILED', 'regression'));
  });

  it('with a model and cycles left, starts a code cycle on the head whose goal names the failures still open', () => {
    const open = ['test/a.test.js > adds: expected 1 to be 2', 'test/b.test.js > subs: boom'];
    const { transition } = play(start(), [green(1, BASE), planned(2), testsBuilt(sha(3)), red(2, sha(3)), fixed(null, open)], true);
    expect(transition).toMatchObject({ kind: 'step', step: { kind: 'code', base_sha: sha(3), cycle: 2 } });
    const goal = transition.kind === 'step' && transition.step.kind === 'code' ? transition.step.goal : '';
    expect(goal).toContain('new tests fails the build');
    for (const line of open) expect(goal).toContain(`- ${line}`);
  });

  it('names at most ten failures in the goal', () => {
    const open = Array.from({ length: 12 }, (_, index) => `t${index}: boom`);
    const { transition } = play(start('Add slugify'), [coded(sha(1)), red(1, sha(1)), fixed(null, open)], true);
    expect(transition).toMatchObject({ kind: 'step', step: { kind: 'code', base_sha: sha(1), cycle: 2 } });
    const goal = transition.kind === 'step' && transition.step.kind === 'code' ? transition.step.goal : '';
    expect(goal).toContain('- t9: boom');
    expect(goal).not.toContain('- t10: boom');
  });

  it('ends FAILED when the last code cycle could not fix it, even with a model', () => {
    const cycle = [red(1, sha(1)), fixed(null, ['t: boom'])];
    expect(play(start('Add slugify', { max_code_cycles: 1 }), [coded(sha(1)), ...cycle], true).transition).toEqual(ended('FAILED', 'unfixed'));
    const { state, transition } = play(start('Add slugify'), [coded(sha(1)), ...cycle, coded(sha(1)), ...cycle], true);
    expect(transition).toEqual(ended('FAILED', 'unfixed'));
    expect(JSON.stringify(transition)).toContain('in 2 code cycle(s)');
    expect(state.stages.map((run) => run.cycle)).toEqual([1, 1, 1, 2, 2, 2]);
  });
});

describe('nextStep after plan-tests and build-tests', () => {
  it('ends DONE no-tests-needed with no targets, DONE no-coverage without coverage, else builds tests from the spec', () => {
    expect(play(start(), [green(1, BASE), planned(0)]).transition).toEqual(ended('DONE', 'no-tests-needed'));
    const noCoverage = stageResult({ stage: 'plan-tests', status: 'failed', outcome: 'no coverage', summary: 'no coverage', stop: 'no-coverage' });
    expect(play(start(), [green(1, BASE, null), noCoverage]).transition).toEqual(ended('DONE', 'no-coverage'));
    expect(play(start(), [green(1, BASE), planned(3)]).transition).toEqual({ kind: 'step', step: { kind: 'build-tests', spec: '02-plan-tests.json' } });
  });

  it('builds the tests commit (build 2), or ends DONE no-tests-kept without one', () => {
    expect(play(start(), [green(1, BASE), planned(2), testsBuilt(sha(3))]).transition).toEqual({ kind: 'step', step: { kind: 'build', phase: 2, commit_sha: sha(3) } });
    expect(play(start(), [green(1, BASE), planned(2), testsBuilt(null)]).transition).toEqual(ended('DONE', 'no-tests-kept'));
  });
});

describe('nextStep after build 2', () => {
  it('ends DONE green when it passes, with or without coverage', () => {
    expect(play(start(), toGreenBuild2(80, 85)).transition).toEqual(ended('DONE', 'green'));
    expect(play(start(), toGreenBuild2(80, null)).transition).toEqual(ended('DONE', 'green'));
  });

  it('ends FAILED coverage-drop when line coverage fell by more than allowed', () => {
    const { transition } = play(start(), toGreenBuild2(80, 78.9));
    expect(transition).toEqual(ended('FAILED', 'coverage-drop'));
    expect(JSON.stringify(transition)).toContain('from 80% to 78.9%');
  });

  it('ends DONE green when coverage fell by exactly the limit', () => {
    expect(play(start(), toGreenBuild2(80, 79)).transition).toEqual(ended('DONE', 'green'));
  });

  it('ends DONE green when two-decimal percentages fell by exactly the limit (64.01% → 63.01%, 1 point allowed)', () => {
    expect(play(start(), toGreenBuild2(64.01, 63.01)).transition).toEqual(ended('DONE', 'green'));
  });

  it('fixes a FAILED build 2 (phase 2)', () => {
    expect(play(start(), [green(1, BASE), planned(2), testsBuilt(sha(3)), red(2, sha(3))]).transition).toEqual({ kind: 'step', step: { kind: 'fix', phase: 2, report: '04-build-2.json' } });
  });
});

describe('fix rounds', () => {
  const twoRounds = [red(1, BASE), fixed(sha(1)), red(1, sha(1)), fixed(sha(2)), red(1, sha(2), ['adds', 'subs'])];

  it('gives up after max_fix_rounds fixes in a phase: FAILED unfixed, or a code cycle naming the build failures with a model', () => {
    expect(play(start(), twoRounds.slice(0, 3)).transition).toMatchObject({ kind: 'step', step: { kind: 'fix', phase: 1 } });
    expect(play(start(), twoRounds).transition).toEqual(ended('FAILED', 'unfixed'));
    const { transition } = play(start(), twoRounds, true);
    expect(transition).toMatchObject({ kind: 'step', step: { kind: 'code', base_sha: sha(2), cycle: 2 } });
    const goal = transition.kind === 'step' && transition.step.kind === 'code' ? transition.step.goal : '';
    expect(goal).toContain('- test/a.test.js > adds: expected 1 to be 2 in adds');
    expect(goal).toContain('- test/a.test.js > subs: expected 1 to be 2 in subs');
    expect(goal).not.toContain('at test/a.test.js:3:5');
  });

  it('counts phase 2 fixes apart from phase 1 fixes', () => {
    const results = [red(1, BASE), fixed(sha(1)), green(1, sha(1)), planned(1), testsBuilt(sha(2)), red(2, sha(2)), fixed(sha(3)), red(2, sha(3))];
    expect(play(start(), results).transition).toMatchObject({ kind: 'step', step: { kind: 'fix', phase: 2 } });
    expect(play(start(), [...results, fixed(sha(4)), red(2, sha(4))]).transition).toEqual(ended('FAILED', 'regression'));
  });

  it('does not count errored fix runs as rounds', () => {
    const results = [red(1, BASE), fixed(sha(1)), red(1, sha(1)), errored('fix', 'model timed out'), fixed(sha(2)), red(1, sha(2))];
    expect(play(start(), results.slice(0, 4)).transition).toMatchObject({ kind: 'step', step: { kind: 'fix', phase: 1 } });
    expect(play(start(), results).transition).toEqual(ended('FAILED', 'unfixed'));
  });

  it('gives a new code cycle its own rounds', () => {
    const { transition } = play(start(), [...twoRounds, coded(sha(5)), red(1, sha(5))], true);
    expect(transition).toMatchObject({ kind: 'step', step: { kind: 'fix', phase: 1 } });
  });
});

describe('errored stages', () => {
  it('run the same step again while attempts remain, then end ERRORED stage-errored', () => {
    const timedOut = () => errored('code', 'model timed out');
    expect(play(start('Add slugify'), [timedOut()]).transition).toEqual({ kind: 'step', step: { kind: 'code', goal: 'Add slugify', base_sha: BASE, cycle: 1 } });
    expect(play(start('Add slugify'), [timedOut(), timedOut()]).transition).toMatchObject({ kind: 'step', step: { kind: 'code' } });
    const { transition } = play(start('Add slugify'), [timedOut(), timedOut(), timedOut()]);
    expect(transition).toEqual(ended('ERRORED', 'stage-errored'));
    expect(JSON.stringify(transition)).toContain('code could not run after 3 attempt(s): model timed out');
    expect(play(start('Add slugify', { backoff_sec: [0] }), [timedOut()]).transition).toEqual(ended('ERRORED', 'stage-errored'));
  });

  it('a retry that succeeds goes on as usual', () => {
    expect(play(start('Add slugify'), [errored('code', 'x'), coded(sha(1))]).transition).toEqual({ kind: 'step', step: { kind: 'build', phase: 1, commit_sha: sha(1) } });
  });
});

describe('attemptOf and currentCycle', () => {
  it('counts the errored runs of the step just before, and only those', () => {
    expect(attemptOf(start(), 'build')).toBe(1);
    const twice = play(start('Add slugify'), [errored('code', 'x'), errored('code', 'x')]).state;
    expect(attemptOf(twice, 'code')).toBe(3);
    expect(attemptOf(twice, 'fix')).toBe(1);
    const thenFixed = play(start(), [red(1, BASE), errored('fix', 'x'), fixed(sha(1))]).state;
    expect(attemptOf(thenFixed, 'build')).toBe(1);
    expect(attemptOf(play(start(), [red(1, BASE), errored('fix', 'x')]).state, 'build')).toBe(1);
  });

  it('does not count interrupted runs, so a resumed stage keeps its attempt', () => {
    const afterError = play(start('Add slugify', { backoff_sec: [0, 5] }), [errored('code', 'x')]).state;
    const running = beginStage(afterError, afterError.next, attemptOf(afterError, 'code'), 1, later(afterError));
    const resumed = resumeRun(interruptRun(running, later(running)), new Date(Date.parse(running.updated_at) + 60_000));
    expect(resumed.stages.map((run) => run.status)).toEqual(['errored', 'interrupted']);
    expect(attemptOf(resumed, 'code')).toBe(2);
    const { state, transition } = advance(resumed, errored('code', 'x'));
    expect(state.stages.map((run) => run.attempt)).toEqual([1, 2, 2]);
    expect(transition).toEqual(ended('ERRORED', 'stage-errored'));
    const fresh = beginStage(start(), start().next, 1, 1, later(start()));
    expect(attemptOf(resumeRun(fresh, later(fresh)), 'build')).toBe(1);
  });

  it('is the highest cycle begun', () => {
    expect(currentCycle(start())).toBe(1);
    const { state } = play(start(), [red(1, BASE), fixed(null, ['t: boom']), coded(sha(1))], true);
    expect(currentCycle(state)).toBe(2);
  });
});

describe('isFixableBuild', () => {
  it('takes FAILED builds and test steps that could not load, not install errors, timeouts or missing tools', () => {
    expect(isFixableBuild(buildReport({ status: 'FAILED', commit: BASE }))).toBe(true);
    expect(isFixableBuild(buildReport({ status: 'ERRORED', commit: BASE, erroredIn: 'test' }))).toBe(true);
    expect(isFixableBuild(buildReport({ status: 'PASSED', commit: BASE }))).toBe(false);
    expect(isFixableBuild(buildReport({ status: 'ERRORED', commit: BASE, erroredIn: 'install' }))).toBe(false);
    expect(isFixableBuild(buildReport({ status: 'ERRORED', commit: BASE, erroredIn: 'test', failReason: 'timeout' }))).toBe(false);
    expect(isFixableBuild(buildReport({ status: 'ERRORED', commit: BASE, erroredIn: 'test', failReason: 'tool-missing' }))).toBe(false);
  });
});

import type { LoopState, LoopStatus, LoopStep, LoopStopReason } from '../../artefacts/loop-state.js';
import { coverageDrop } from './guards.js';
import { isFixableBuild, type StageResult } from './stage-result.js';

/** How a run ends. */
export interface Ending {
  status: Exclude<LoopStatus, 'running'>;
  reason: LoopStopReason;
  summary: string;
}

/** What the loop does after a stage: another step (perhaps the same one again, after a delay), or the end. */
export type Transition = { kind: 'step'; step: LoopStep } | { kind: 'end'; ending: Ending };

/** The code cycle the run is in (a regression starts a new one). */
export function currentCycle(state: LoopState): number {
  return state.stages.reduce((cycle, stage) => Math.max(cycle, stage.cycle), 1);
}

/** The attempt the next run of `step` is: 1, or one more than the errored runs of it just before. */
export function attemptOf(state: LoopState, stage: LoopStep['kind']): number {
  let attempt = 1;
  for (let index = state.stages.length - 1; index >= 0; index--) {
    const run = state.stages[index];
    if (!run || run.status === 'interrupted') continue;
    if (run.status !== 'errored' || stageKind(run.stage) !== stage) break;
    attempt += 1;
  }
  return attempt;
}

function stageKind(stage: string): LoopStep['kind'] {
  return stage === 'build-1' || stage === 'build-2' ? 'build' : (stage as LoopStep['kind']);
}

/** Fix runs in this cycle for this phase (phase 2 fixes come after the cycle's build-tests). */
function fixRounds(state: LoopState, cycle: number, phase: 1 | 2): number {
  let afterTests = false;
  let rounds = 0;
  for (const run of state.stages) {
    if (run.cycle !== cycle) continue;
    if (run.stage === 'build-2') afterTests = true;
    if (run.stage === 'fix' && run.status !== 'errored' && run.status !== 'interrupted' && afterTests === (phase === 2)) rounds += 1;
  }
  return rounds;
}

const step = (next: LoopStep): Transition => ({ kind: 'step', step: next });
const end = (status: Ending['status'], reason: LoopStopReason, summary: string): Transition => ({ kind: 'end', ending: { status, reason, summary } });

function regressionGoal(result: StageResult, phase: 1 | 2): string {
  const what = phase === 2 ? 'The change with its new tests fails the build' : 'The build fails';
  return [`${what}; make it green without weakening any test. Still failing:`, ...result.openFailures.slice(0, 10).map((line) => `- ${line}`)].join('\n');
}

/** A red build the fixer could not turn green: a new code cycle when a model can take it, else the end. */
function afterUnfixed(state: LoopState, result: StageResult, phase: 1 | 2, hasModel: boolean): Transition {
  const cycle = currentCycle(state);
  if (hasModel && cycle < state.limits.max_code_cycles) return step({ kind: 'code', goal: regressionGoal(result, phase), base_sha: state.head_sha, cycle: cycle + 1 });
  const reason = phase === 2 ? 'regression' : 'unfixed';
  const what = phase === 2 ? 'build 2 (with the new tests) is red' : 'the build is red';
  return end('FAILED', reason, `${what} and heal could not fix it${hasModel ? ` in ${cycle} code cycle(s)` : ' with the builtin engine (a model can take it further)'}`);
}

function afterBuild(state: LoopState, result: StageResult, phase: 1 | 2, hasModel: boolean): Transition {
  const report = result.build;
  const cycle = currentCycle(state);
  if (!report) return end('ERRORED', 'stage-errored', `build ${phase} wrote no report`);
  if (report.status === 'PASSED') {
    if (phase === 1) return step({ kind: 'plan-tests', report: result.artefact ?? '' });
    const after = report.coverage?.line_pct ?? null;
    const drop = coverageDrop(state, after);
    if (drop !== null && drop > state.limits.max_coverage_drop) {
      return end('FAILED', 'coverage-drop', `line coverage fell from ${state.coverage_baseline?.line_pct}% to ${after}%, more than the ${state.limits.max_coverage_drop} points allowed`);
    }
    return end('DONE', 'green', 'green with new tests');
  }
  if (!isFixableBuild(report)) return end('ERRORED', 'stage-errored', `build ${phase} ${report.status}: ${report.reason ?? report.fail_reason}`);
  if (fixRounds(state, cycle, phase) < state.limits.max_fix_rounds) return step({ kind: 'fix', phase, report: result.artefact ?? '' });
  return afterUnfixed(state, { ...result, openFailures: report.failed_tests.map((test) => `${test.id}: ${test.message.split('\n')[0] ?? ''}`) }, phase, hasModel);
}

/**
 * Pure: the orchestration table. Given the state before a stage's result is recorded, where the loop
 * goes next. An errored stage runs again (after its back-off delay) until the attempts run out.
 */
export function nextStep(state: LoopState, current: LoopStep, result: StageResult, hasModel: boolean): Transition {
  if (result.stop === 'budget') return end('FAILED', 'budget', `the model budget ran out during ${result.stage}: ${result.summary}`);
  if (result.status === 'errored') {
    const attempt = state.stages.at(-1)?.attempt ?? 1;
    const delays = state.limits.backoff_sec;
    if (attempt < delays.length) return step(current);
    return end('ERRORED', 'stage-errored', `${result.stage} could not run after ${attempt} attempt(s): ${result.error ?? result.summary}`);
  }
  switch (current.kind) {
    case 'code':
      if (result.commitSha) return step({ kind: 'build', phase: 1, commit_sha: result.commitSha });
      return end('FAILED', 'code-failed', `the coding agent made no passing commit: ${result.summary}`);
    case 'build':
      return afterBuild(state, result, current.phase, hasModel);
    case 'fix':
      if (result.commitSha) return step({ kind: 'build', phase: current.phase, commit_sha: result.commitSha });
      return afterUnfixed(state, result, current.phase, hasModel);
    case 'plan-tests':
      if (result.stop === 'no-coverage') return end('DONE', 'no-coverage', 'green, but the build measured no coverage, so no tests were planned');
      if (result.targets === 0) return end('DONE', 'no-tests-needed', 'green, and every changed function is covered: no tests needed');
      return step({ kind: 'build-tests', spec: result.artefact ?? '' });
    case 'build-tests':
      if (result.commitSha) return step({ kind: 'build', phase: 2, commit_sha: result.commitSha });
      return end('DONE', 'no-tests-kept', `green, but no new test survived validation (${result.summary})`);
    case 'finish':
      return end('DONE', 'green', 'finished');
  }
}

import { LOOP_STATE_VERSION, type CoverageSnapshot, type LoopLimits, type LoopState, type LoopStep, type StageRun } from '../../artefacts/loop-state.js';
import type { BuildReport } from '../../artefacts/build-report.js';
import type { Usage } from '../../model/usage.js';
import type { Ending, Transition } from './next-step.js';
import type { StageResult } from './stage-result.js';

export interface NewRun {
  runId: string;
  goal: string | null;
  engine: 'builtin' | 'model';
  model: string | null;
  project: string;
  baseSha: string;
  baseRef: string | null;
  limits: LoopLimits;
  now: Date;
}

const ZERO_USAGE: Usage = { calls: 0, prompt_tokens: 0, completion_tokens: 0, total_tokens: 0, cost_usd: 0, cost_known: true };

/** Pure: a run's first state: code when there is a goal, else build 1 on the base commit. */
export function createLoopState(run: NewRun): LoopState {
  const stamp = run.now.toISOString();
  return {
    version: LOOP_STATE_VERSION,
    kind: 'loop_state',
    run_id: run.runId,
    goal: run.goal,
    engine: run.engine,
    model: run.model,
    project: run.project,
    base_sha: run.baseSha,
    base_ref: run.baseRef,
    head_sha: run.baseSha,
    branch_name: `agt/loop/${run.runId}`,
    limits: run.limits,
    started_at: stamp,
    updated_at: stamp,
    deadline_at: new Date(run.now.getTime() + run.limits.timeout_sec * 1000).toISOString(),
    status: 'running',
    stop_reason: null,
    summary: null,
    next: run.goal === null ? { kind: 'build', phase: 1, commit_sha: run.baseSha } : { kind: 'code', goal: run.goal, base_sha: run.baseSha, cycle: 1 },
    self_check_failures: 0,
    coverage_baseline: null,
    stages: [],
    branches: [],
    usage: ZERO_USAGE,
    notes: [],
  };
}

/** The stage name a step runs as. */
export function stageNameOf(step: LoopStep): StageRun['stage'] {
  if (step.kind === 'build') return step.phase === 1 ? 'build-1' : 'build-2';
  if (step.kind === 'finish') throw new Error('finish is not a stage');
  return step.kind;
}

/** The commit a step works on. */
function inputCommit(state: LoopState, step: LoopStep): string {
  if (step.kind === 'build') return step.commit_sha;
  if (step.kind === 'code') return step.base_sha;
  return state.head_sha;
}

/** Pure: the state with a running stage appended. */
export function beginStage(state: LoopState, step: LoopStep, attempt: number, cycle: number, now: Date): LoopState {
  const run: StageRun = {
    number: state.stages.length + 1,
    stage: stageNameOf(step),
    attempt,
    cycle,
    status: 'running',
    outcome: null,
    summary: 'running',
    input_commit_sha: inputCommit(state, step),
    commit_sha: null,
    artefact: null,
    started_at: now.toISOString(),
    duration_ms: null,
    error: null,
  };
  return { ...state, stages: [...state.stages, run], updated_at: now.toISOString() };
}

function snapshotOf(report: BuildReport): CoverageSnapshot | null {
  if (!report.coverage) return null;
  return { line_pct: report.coverage.line_pct, files: report.coverage.files.map((file) => ({ file: file.file, line_pct: file.line_pct })) };
}

function replaceLast(stages: readonly StageRun[], update: (run: StageRun) => StageRun): StageRun[] {
  const last = stages[stages.length - 1];
  return last ? [...stages.slice(0, -1), update(last)] : [...stages];
}

/** Pure: the state after the running stage ended with `result`, moving on as `transition` says. */
export function finishStage(state: LoopState, result: StageResult, transition: Transition, usage: Usage, now: Date): LoopState {
  const stages = replaceLast(state.stages, (run) => ({
    ...run,
    status: result.status,
    outcome: result.outcome,
    summary: result.summary,
    commit_sha: result.commitSha,
    artefact: result.artefact,
    duration_ms: Math.max(0, now.getTime() - Date.parse(run.started_at)),
    error: result.error,
  }));
  const isFirstGreenBuild1 = result.stage === 'build-1' && result.build?.status === 'PASSED' && state.coverage_baseline === null;
  const next: LoopState = {
    ...state,
    stages,
    head_sha: result.commitSha ?? state.head_sha,
    self_check_failures: state.self_check_failures + result.selfCheckFailures,
    coverage_baseline: isFirstGreenBuild1 && result.build ? snapshotOf(result.build) : state.coverage_baseline,
    branches: [...state.branches, ...result.branches.filter((branch) => !state.branches.includes(branch))],
    usage,
    updated_at: now.toISOString(),
  };
  return transition.kind === 'step' ? { ...next, next: transition.step } : endRun(next, transition.ending, now);
}

/** Pure: the state of a run that ended. */
export function endRun(state: LoopState, ending: Ending, now: Date): LoopState {
  return { ...state, status: ending.status, stop_reason: ending.reason, summary: ending.summary, next: { kind: 'finish' }, updated_at: now.toISOString() };
}

/** Pure: the state after Ctrl-C: the running stage is marked interrupted and `next` still names it, so --resume runs it again. */
export function interruptRun(state: LoopState, now: Date): LoopState {
  const stages = replaceLast(state.stages, (run) =>
    run.status === 'running' ? { ...run, status: 'interrupted', summary: 'interrupted', duration_ms: Math.max(0, now.getTime() - Date.parse(run.started_at)) } : run,
  );
  return { ...state, stages, status: 'INTERRUPTED', stop_reason: 'interrupted', summary: 'interrupted: resume with heal loop --resume', updated_at: now.toISOString() };
}

/** Pure: the state a resumed run continues from: a fresh deadline, the stage that was cut off marked interrupted. */
export function resumeRun(state: LoopState, now: Date): LoopState {
  const interrupted = interruptRun(state, now);
  return {
    ...interrupted,
    status: 'running',
    stop_reason: null,
    summary: null,
    deadline_at: new Date(now.getTime() + state.limits.timeout_sec * 1000).toISOString(),
    notes: [...state.notes, `resumed at ${now.toISOString()}${state.stages.at(-1)?.status === 'running' ? ` (the ${state.stages.at(-1)?.stage} stage that was cut off runs again)` : ''}`],
  };
}

/** Sums two usages (a resumed run's earlier usage and this process's). */
export function addUsage(a: Usage, b: Usage): Usage {
  return {
    calls: a.calls + b.calls,
    prompt_tokens: a.prompt_tokens + b.prompt_tokens,
    completion_tokens: a.completion_tokens + b.completion_tokens,
    total_tokens: a.total_tokens + b.total_tokens,
    cost_usd: Math.round((a.cost_usd + b.cost_usd) * 1e6) / 1e6,
    cost_known: a.cost_known && b.cost_known,
  };
}

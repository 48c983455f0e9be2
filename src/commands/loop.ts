import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { refuseBlockedBranch, type Git } from '../adapters/git.js';
import { acquireRunLock } from '../adapters/run-lock.js';
import type { ProcessRunner } from '../adapters/process-runner.js';
import type { SandboxNote } from '../artefacts/sandbox-note.js';
import type { LoopReport } from '../artefacts/loop-report.js';
import type { LoopLimits, LoopState, StageRun } from '../artefacts/loop-state.js';
import { UsageError } from '../errors.js';
import type { ModelClient } from '../model/model-client.js';
import type { UsageMeter } from '../model/usage.js';
import type { StepEvents } from '../pipeline/build/run-steps.js';
import { stopGuard } from '../pipeline/loop/guards.js';
import { finishBranch, recoverCutOffStage, type MergeChoice } from '../pipeline/loop/finish-branch.js';
import { attemptOf, currentCycle, nextStep } from '../pipeline/loop/next-step.js';
import { addUsage, beginStage, createLoopState, endRun, finishStage, interruptRun, resumeRun } from '../pipeline/loop/run-state.js';
import { runStage, type StageContext, type StageSettings } from '../pipeline/loop/run-stage.js';
import { loadState, runDirOf, saveState } from '../pipeline/loop/state-file.js';
import { stageResult } from '../pipeline/loop/stage-result.js';
import { writeLoopReports, type LoopReportFiles } from '../pipeline/loop/write-loop-reports.js';

/** Normalized options of `heal loop` (src/options/loop-options.ts makes them from flags and config). */
export interface LoopOptions extends StageSettings {
  git: Git;
  /** Start a new run with this goal (null heals HEAD), or resume the run with this id. */
  start: { kind: 'new'; goal: string | null } | { kind: 'resume'; runId: string };
  limits: LoopLimits;
  /** Skip the back-off delays (retries still happen). */
  noWait: boolean;
  /** merge: fast-forward when DONE; ask: the caller's prompt decides; keep: leave the branch. */
  merge: 'merge' | 'ask' | 'keep';
  metrics: string | null;
  /** GITHUB_STEP_SUMMARY, when set: report.md is appended to it. */
  stepSummary: string | null;
}

/** What a loop run reports as it goes (the terminal presenter listens). */
export interface LoopEvents {
  onRunStart?(state: LoopState, runDir: string): void;
  onStageStart?(run: StageRun): void;
  onStageEnd?(run: StageRun): void;
  onPhase?(phase: string): void;
  onWait?(stage: string, seconds: number): void;
  steps?: StepEvents;
}

export interface LoopDeps {
  runner: ProcessRunner;
  client: ModelClient | null;
  meter: UsageMeter;
  signal: AbortSignal;
  events?: LoopEvents;
  /** How the runner sandboxes: saved in the state, shown in every report. */
  sandbox?: SandboxNote;
  /** Asked on a TTY when the run is DONE and options.merge is 'ask'. */
  askMerge?: (state: LoopState) => Promise<MergeChoice>;
}

export interface LoopOutcome {
  state: LoopState;
  report: LoopReport;
  files: LoopReportFiles;
}

function newRunId(now: Date): string {
  return `${now.toISOString().replaceAll(/[-:]/g, '').replace('T', '-').slice(0, 15)}-${randomBytes(2).toString('hex')}`;
}

async function openRun(options: LoopOptions, runId: string, now: Date): Promise<{ state: LoopState; runDir: string }> {
  const { git } = options;
  if (options.start.kind === 'resume') {
    const runDir = runDirOf(git.root, runId);
    const saved = await loadState(runDir);
    if (!saved) throw new UsageError(`no heal loop run '${options.start.runId}' in ${runDirOf(git.root, '')}: check the id (ls .heal/runs)`);
    if (saved.status !== 'running' && saved.status !== 'INTERRUPTED') {
      throw new UsageError(`run ${saved.run_id} already ended ${saved.status} (${saved.stop_reason}): see ${runDir}/report.md, or start a new run`);
    }
    await recoverCutOffStage(git, saved, runDir);
    return { state: resumeRun(saved, now), runDir };
  }
  // Every branch family the run will make, checked before any stage runs rather than at the end.
  for (const name of [`agt/loop/${runId}`, `agt/code-${runId}-1`, `agt/fix/${runId}-1`, `agt/testbuilder/${runId}`]) await refuseBlockedBranch(git, name);
  const [baseSha, baseRef, isDirty] = await Promise.all([git.resolveCommit('HEAD'), git.currentBranch(), git.isDirty()]);
  const state = createLoopState({ runId, goal: options.start.goal, engine: options.model ? 'model' : 'builtin', model: options.model?.model ?? null, project: options.project, baseSha, baseRef, limits: options.limits, now });
  if (isDirty) state.notes.push('the working tree has uncommitted changes: heal works on the HEAD commit, without them');
  return { state, runDir: runDirOf(git.root, runId) };
}

/**
 * The self-healing cycle: code → build 1 → (fix →) plan-tests → build-tests → build 2, each stage
 * in-process on its own worktree and branch. State is saved after every transition, so a crash or
 * Ctrl-C can be resumed; the user's checkout changes only on a merge they asked for.
 */
export async function loop(options: LoopOptions, deps: LoopDeps): Promise<LoopOutcome> {
  const { git } = options;
  const runId = options.start.kind === 'resume' ? options.start.runId : newRunId(new Date());
  const lock = await acquireRunLock(await git.commonDir(), { command: 'loop', run_id: runId });
  try {
    return await runLoop(options, deps, runId);
  } finally {
    await lock.release();
  }
}

async function runLoop(options: LoopOptions, deps: LoopDeps, runId: string): Promise<LoopOutcome> {
  const { git } = options;
  await git.ensureExcluded('/.heal/');
  let { state, runDir } = await openRun(options, runId, new Date());
  if (deps.sandbox) state = { ...state, sandbox: deps.sandbox };
  const priorUsage = state.usage;
  const usage = () => addUsage(priorUsage, deps.meter.snapshot());
  await saveState(runDir, state);
  deps.events?.onRunStart?.(state, runDir);
  const { build, python, policy, minCoverage, maxTargets, model } = options;
  const context: StageContext = {
    git,
    runId: state.run_id,
    runDir,
    project: state.project,
    build,
    python,
    policy,
    minCoverage,
    maxTargets,
    model,
    runner: deps.runner,
    sandbox: deps.sandbox,
    client: deps.client,
    meter: deps.meter,
    deadlineMs: Date.parse(state.deadline_at),
    events: { onPhase: deps.events?.onPhase, steps: deps.events?.steps },
  };
  while (state.next.kind !== 'finish') {
    const guard = stopGuard(state, Date.now(), usage());
    if (guard) {
      state = endRun(state, guard, new Date());
      break;
    }
    const step = state.next;
    const attempt = attemptOf(state, step.kind);
    const delaySec = attempt > 1 && !options.noWait ? (state.limits.backoff_sec[attempt - 1] ?? 0) : 0;
    const cycle = step.kind === 'code' ? step.cycle : currentCycle(state);
    state = beginStage(state, step, attempt, cycle, new Date());
    const run = state.stages.at(-1) as StageRun;
    await saveState(runDir, state);
    deps.events?.onStageStart?.(run);
    let result;
    try {
      if (delaySec > 0) {
        deps.events?.onWait?.(run.stage, delaySec);
        await sleep(delaySec * 1000, undefined, { signal: deps.signal });
      }
      result = await runStage(step, run.number, state, context);
    } catch (error) {
      if (deps.signal.aborted) {
        state = interruptRun(state, new Date());
        deps.events?.onStageEnd?.(state.stages.at(-1) as StageRun);
        break;
      }
      // Whatever stopped the stage (a git error, a missing tool, a refused branch) is recorded, and
      // the table retries it with back-off or ends the run ERRORED: a long run never dies half-saved.
      const message = error instanceof Error ? error.message.split('\n')[0] ?? String(error) : String(error);
      result = stageResult({ stage: run.stage, status: 'errored', summary: `could not run: ${message}`, error: message });
    }
    if (result !== undefined) {
      state = finishStage(state, result, nextStep(state, step, result, deps.client !== null), usage(), new Date());
      await saveState(runDir, state);
      deps.events?.onStageEnd?.(state.stages[run.number - 1] as StageRun);
    }
  }
  state = { ...state, usage: usage() };
  const { merge, note } = state.status === 'INTERRUPTED' ? { merge: 'none' as const, note: null } : await finishBranch(git, state, options.merge, deps.askMerge);
  if (note) state = { ...state, notes: [...state.notes, note] };
  await saveState(runDir, state);
  const { report, files } = await writeLoopReports({ git, state, runDir, merge, metrics: options.metrics, stepSummary: options.stepSummary });
  return { state, report, files };
}

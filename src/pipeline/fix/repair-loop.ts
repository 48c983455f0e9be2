import type { BuildReport } from '../../artefacts/build-report.js';
import type { CheckFailure } from '../../artefacts/commit-result.js';
import type { FixAttempt, FixIteration, FixStopReason } from '../../artefacts/fix-report.js';
import { listFailures } from '../code/compare-checks.js';
import { toAnalysisRecord } from './analysis-record.js';
import type { TestRef } from './localise/focus-tests.js';
import { tryCandidate, type FixWorkspace } from './try-candidate.js';
import type { FailureAnalysis, FixCandidate, FixStrategy } from './types.js';

/** What a rung sees when it proposes fixes. */
export interface RungState {
  report: BuildReport;
  analyses: readonly FailureAnalysis[];
  /** Every attempt so far, across iterations (the model rung feeds its own failures back). */
  attempts: readonly FixAttempt[];
}

/** A model call that ended the run: the loop stops with this reason. */
export class StopRepair extends Error {
  constructor(readonly reason: Extract<FixStopReason, 'model-error' | 'budget' | 'cancelled' | 'no-progress'>, message: string) {
    super(message);
  }
}

/** One rung of the repair ladder. */
export interface Rung {
  strategy: FixStrategy;
  engine: 'builtin' | 'model';
  /** Candidates for the current failures, best first; may throw StopRepair. */
  propose(state: RungState): Promise<FixCandidate[]>;
  /** The failing tests to run on their own before a full re-check (fault-localised candidates). */
  focus?(state: RungState): readonly TestRef[] | null;
  /** Most candidates tried per proposal. */
  budget: number;
  /** Proposals per iteration while none of its candidates is kept (the model rung retries with feedback); default 1. */
  calls?: number;
}

export interface RepairLoopOptions {
  maxIterations: number;
  /** Wall-clock deadline (ms since the epoch); candidates stop being tried after it. */
  deadline: number;
  analyse(report: BuildReport): Promise<FailureAnalysis[]>;
  events?: { onIteration?(number: number, failures: number): void; onAttempt?(attempt: FixAttempt): void };
}

export interface RepairOutcome {
  iterations: FixIteration[];
  stopReason: FixStopReason;
  final: BuildReport;
  notes: string[];
}

const isOpen = (failures: readonly CheckFailure[], targets: readonly string[]) => targets.length === 0 || targets.some((id) => failures.some((failure) => failure.id === id));

/**
 * The repair ladder, iterated: each iteration analyses what is still red and climbs the rungs,
 * cheapest first, keeping every candidate that fixes something and breaks nothing. It stops when
 * the build is green, an iteration fixes nothing, or the iterations run out.
 */
export async function runRepairLoop(initial: BuildReport, rungs: readonly Rung[], workspace: FixWorkspace, options: RepairLoopOptions): Promise<RepairOutcome> {
  const iterations: FixIteration[] = [];
  const attempts: FixAttempt[] = [];
  const notes: string[] = [];
  let current = initial;
  let stopReason: FixStopReason = 'max-iterations';
  for (let number = 1; number <= options.maxIterations; number++) {
    const before = listFailures(current);
    if (before.length === 0) {
      stopReason = 'green';
      break;
    }
    options.events?.onIteration?.(number, before.length);
    const started = Date.now();
    let analyses = await options.analyse(current);
    const iteration: FixIteration = { number, failures_before: before, analyses: analyses.map(toAnalysisRecord), candidates_tried: 0, fixes: [], failures_after: before, duration_ms: 0 };
    iterations.push(iteration);
    let stop: StopRepair | null = null;
    for (const rung of rungs) {
      for (let call = 0; call < (rung.calls ?? 1) && stop === null; call++) {
        if (listFailures(current).length === 0 || Date.now() > options.deadline) break;
        const state = (): RungState => ({ report: current, analyses, attempts });
        let candidates: FixCandidate[];
        try {
          candidates = await rung.propose(state());
        } catch (error) {
          if (!(error instanceof StopRepair)) throw error;
          stop = error;
          break;
        }
        let isFixed = false;
        for (const candidate of candidates.slice(0, rung.budget)) {
          const open = listFailures(current);
          if (open.length === 0 || Date.now() > options.deadline) break;
          if (!isOpen(open, candidate.targets)) continue;
          iteration.candidates_tried += 1;
          const outcome = await tryCandidate(candidate, { current, analyses, engine: rung.engine, focus: rung.focus?.(state()) ?? null }, workspace);
          iteration.fixes.push(outcome.attempt);
          attempts.push(outcome.attempt);
          options.events?.onAttempt?.(outcome.attempt);
          if (outcome.after) {
            current = outcome.after;
            analyses = await options.analyse(current);
            isFixed = true;
          }
        }
        if (isFixed || candidates.length === 0) break;
      }
      if (stop) break;
    }
    iteration.failures_after = listFailures(current);
    iteration.duration_ms = Date.now() - started;
    if (stop) {
      notes.push(stop.message);
      stopReason = listFailures(current).length === 0 ? 'green' : stop.reason;
      break;
    }
    if (iteration.failures_after.length === 0) {
      stopReason = 'green';
      break;
    }
    if (!iteration.fixes.some((fix) => fix.result === 'applied')) {
      stopReason = iteration.candidates_tried === 0 ? 'no-candidates' : 'no-progress';
      break;
    }
    if (Date.now() > options.deadline) {
      notes.push('the time limit ran out');
      stopReason = 'budget';
      break;
    }
  }
  return { iterations, stopReason, final: current, notes };
}

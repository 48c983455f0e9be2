import type { BuildReport } from '../../artefacts/build-report.js';
import type { LoopStageName, StageRunStatus } from '../../artefacts/loop-state.js';

/** What the loop needs to know of a finished stage, whatever the stage. */
export interface StageResult {
  stage: LoopStageName;
  /** succeeded, failed, or errored (retried with back-off); never running or interrupted. */
  status: Exclude<StageRunStatus, 'running' | 'interrupted'>;
  /** The stage's own status word: PASSED, FIXED, SUCCESS, "3 target(s)"… */
  outcome: string | null;
  summary: string;
  /** The commit the stage made, if any. */
  commitSha: string | null;
  /** Its artefact, relative to the run folder. */
  artefact: string | null;
  error: string | null;
  /** Self-checks of this stage that stayed red (code attempts, a fix that ended red, a red precheck). */
  selfCheckFailures: number;
  /** A build's report (build 1 and build 2 only). */
  build: BuildReport | null;
  /** plan-tests: how many targets the spec holds. */
  targets: number;
  /** One line per failure still open after the stage (for a regression goal). */
  openFailures: string[];
  /** Branches the stage created. */
  branches: string[];
  /** Set when the stage stopped for a reason the loop ends on: no coverage to plan from, or the model budget spent. */
  stop: 'no-coverage' | 'budget' | null;
}

/** A result with the defaults filled in. */
export function stageResult(fields: Pick<StageResult, 'stage' | 'status' | 'summary'> & Partial<StageResult>): StageResult {
  return {
    outcome: null,
    commitSha: null,
    artefact: null,
    error: null,
    selfCheckFailures: 0,
    build: null,
    targets: 0,
    openFailures: [],
    branches: [],
    stop: null,
    ...fields,
  };
}

/**
 * A build the auto-fixer can work on: FAILED, or ERRORED in its test step (a test file that cannot
 * load), not in its install or set-up.
 */
export function isFixableBuild(report: BuildReport): boolean {
  if (report.status === 'FAILED') return true;
  if (report.status !== 'ERRORED') return false;
  const errored = report.steps.filter((step) => step.status === 'ERRORED');
  return errored.length > 0 && errored.every((step) => step.kind === 'test') && report.fail_reason !== 'timeout' && report.fail_reason !== 'tool-missing';
}

import { z } from 'zod';
import { SandboxNote } from './sandbox-note.js';
import { Usage } from '../model/usage.js';

/** Current version of the state.json format heal loop keeps per run. Bump on any breaking change. */
export const LOOP_STATE_VERSION = 1;

/** The stages of the cycle; build 1 checks the change, build 2 checks the change with its new tests. */
export const LoopStageName = z.enum(['code', 'build-1', 'fix', 'plan-tests', 'build-tests', 'build-2']);
export type LoopStageName = z.infer<typeof LoopStageName>;

/**
 * How one run of a stage ended. succeeded: it did its job (a build PASSED, a fix committed). failed:
 * it ran and did not (a build FAILED, nothing fixed). errored: it could not run (a crash, a model
 * error, a build that could not install); errored stages are retried with back-off.
 */
export const StageRunStatus = z.enum(['running', 'succeeded', 'failed', 'errored', 'interrupted']);
export type StageRunStatus = z.infer<typeof StageRunStatus>;

export const StageRun = z.object({
  number: z.number().int().min(1).describe('Position in the run, from 1'),
  stage: LoopStageName,
  attempt: z.number().int().min(1).describe('1 for the first try; later ones are back-off retries'),
  cycle: z.number().int().min(1).describe('The code cycle it belongs to (a regression starts a new one)'),
  status: StageRunStatus,
  outcome: z.string().nullable().describe("The stage's own status: PASSED, FIXED, SUCCESS, 3 target(s)…"),
  summary: z.string().describe('One line on what it did'),
  input_commit_sha: z.string().nullable().describe('The commit it worked on'),
  commit_sha: z.string().nullable().describe('The commit it made, if any'),
  artefact: z.string().nullable().describe("Its artefact, relative to the run folder"),
  started_at: z.string(),
  duration_ms: z.number().int().min(0).nullable(),
  error: z.string().nullable(),
});
export type StageRun = z.infer<typeof StageRun>;

/** What the loop does next; `finish` ends the run. Stored in state.json so --resume knows where to go on. */
export const LoopStep = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('code'), goal: z.string(), base_sha: z.string(), cycle: z.number().int().min(1).describe('The code cycle this starts') }),
  z.object({ kind: z.literal('build'), phase: z.union([z.literal(1), z.literal(2)]), commit_sha: z.string() }),
  z.object({ kind: z.literal('fix'), phase: z.union([z.literal(1), z.literal(2)]), report: z.string().describe('The failing build report, relative to the run folder') }),
  z.object({ kind: z.literal('plan-tests'), report: z.string() }),
  z.object({ kind: z.literal('build-tests'), spec: z.string() }),
  z.object({ kind: z.literal('finish') }),
]);
export type LoopStep = z.infer<typeof LoopStep>;

/** DONE: the branch holds green work. FAILED: the loop ran and could not get there. ERRORED: a stage could not run. */
export const LoopStatus = z.enum(['running', 'DONE', 'FAILED', 'ERRORED', 'INTERRUPTED']);
export type LoopStatus = z.infer<typeof LoopStatus>;

/** Why the run ended. */
export const LoopStopReason = z.enum([
  'green',
  'no-tests-needed',
  'no-tests-kept',
  'no-coverage',
  'code-failed',
  'unfixed',
  'regression',
  'coverage-drop',
  'self-check-failures',
  'deadline',
  'budget',
  'stage-errored',
  'interrupted',
]);
export type LoopStopReason = z.infer<typeof LoopStopReason>;

export const LoopLimits = z.object({
  backoff_sec: z.array(z.number().min(0)).min(1).describe('Delay before each attempt of a stage that errored; its length is the attempts'),
  timeout_sec: z.number().positive().describe('Deadline of the whole run'),
  max_tokens_total: z.number().int().positive().nullable(),
  max_cost_usd: z.number().positive().nullable(),
  max_coverage_drop: z.number().min(0).describe('Line-coverage points build 2 may lose against build 1'),
  max_self_check_failures: z.number().int().min(0),
  max_fix_rounds: z.number().int().min(1).describe('heal fix runs per build phase before giving up'),
  max_code_cycles: z.number().int().min(1).describe('code cycles, the first included (a regression starts another)'),
});
export type LoopLimits = z.infer<typeof LoopLimits>;

export const CoverageSnapshot = z.object({
  line_pct: z.number().min(0).max(100),
  files: z.array(z.object({ file: z.string(), line_pct: z.number().min(0).max(100) })),
});
export type CoverageSnapshot = z.infer<typeof CoverageSnapshot>;

/** `.heal/runs/<run-id>/state.json`: written atomically after every transition. */
export const LoopState = z.object({
  version: z.literal(LOOP_STATE_VERSION),
  kind: z.literal('loop_state'),
  run_id: z.string(),
  goal: z.string().nullable(),
  engine: z.enum(['builtin', 'model']),
  model: z.string().nullable(),
  project: z.string(),
  base_sha: z.string().describe('The commit the run started from'),
  base_ref: z.string().nullable().describe('The branch checked out when the run started'),
  head_sha: z.string().describe('The newest commit of the run (base_sha until a stage commits)'),
  branch_name: z.string().describe('agt/loop/<run-id>: where the work is left'),
  limits: LoopLimits,
  started_at: z.string(),
  updated_at: z.string(),
  deadline_at: z.string(),
  status: LoopStatus,
  stop_reason: LoopStopReason.nullable(),
  summary: z.string().nullable().describe('One line on how the run ended'),
  next: LoopStep,
  /** Stage runs that failed their own self-check (code attempts, fixes that ended red, red prechecks). */
  self_check_failures: z.number().int().min(0),
  coverage_baseline: CoverageSnapshot.nullable().describe('From the first green build 1'),
  stages: z.array(StageRun),
  branches: z.array(z.string()).describe('Stage branches the run made (agt/fix/…, agt/testbuilder/…)'),
  usage: Usage,
  sandbox: SandboxNote.optional().describe('How the latest session of the run sandboxed its commands'),
  notes: z.array(z.string()),
});
export type LoopState = z.infer<typeof LoopState>;

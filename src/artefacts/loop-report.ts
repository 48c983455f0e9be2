import { z } from 'zod';
import { SandboxNote } from './sandbox-note.js';
import { Usage } from '../model/usage.js';
import { TestStatus } from './generated-tests.js';
import { LoopStatus, LoopStopReason, StageRun } from './loop-state.js';

/** Current version of the loop_report.json format. Bump on any breaking change. */
export const LOOP_REPORT_VERSION = 1;

/** What became of the run's branch: merged into the user's branch, kept, discarded, or none (no commits). */
export const MergeOutcome = z.enum(['merged', 'kept', 'discarded', 'none']);
export type MergeOutcome = z.infer<typeof MergeOutcome>;

export const FileCoverageChange = z.object({
  file: z.string(),
  before: z.number().min(0).max(100).nullable().describe('Line % in the first green build 1; null when not measured'),
  after: z.number().min(0).max(100).nullable().describe('Line % in the last green build; null when not measured'),
});
export type FileCoverageChange = z.infer<typeof FileCoverageChange>;

export const LoopFailure = z.object({
  id: z.string().describe('Test id, "file:rule", or the step kind'),
  message: z.string(),
  fixed_by: z.string().nullable().describe('The fix that made it pass ("fault-localised: off-by-one in src/a.js"); null when it was not fixed'),
});
export type LoopFailure = z.infer<typeof LoopFailure>;

export const LoopTest = z.object({
  file: z.string(),
  name: z.string(),
  target: z.string().nullable(),
  status: TestStatus,
  reason: z.string(),
  failure: z.string().nullable(),
});
export type LoopTest = z.infer<typeof LoopTest>;

export const GuardName = z.enum(['coverage-drop', 'self-check-failures', 'deadline', 'budget']);
export type GuardName = z.infer<typeof GuardName>;

export const Guard = z.object({ name: GuardName, tripped: z.boolean(), detail: z.string() });
export type Guard = z.infer<typeof Guard>;

export const LoopReport = z.object({
  version: z.literal(LOOP_REPORT_VERSION),
  kind: z.literal('loop_report'),
  run_id: z.string(),
  status: LoopStatus,
  stop_reason: LoopStopReason.nullable(),
  summary: z.string(),
  goal: z.string().nullable(),
  engine: z.enum(['builtin', 'model']),
  model: z.string().nullable(),
  base_sha: z.string(),
  final_commit_sha: z.string().describe('The newest commit of the run (base_sha when nothing was committed)'),
  branch_name: z.string().nullable().describe('agt/loop/<run-id>; null when the run committed nothing'),
  merge: MergeOutcome,
  stages: z.array(StageRun),
  coverage: z.object({
    before: z.number().min(0).max(100).nullable(),
    after: z.number().min(0).max(100).nullable(),
    files: z.array(FileCoverageChange),
  }),
  failures: z.array(LoopFailure).describe('Every failure a fix stage met, and what fixed it'),
  tests: z.array(LoopTest).describe('Every test build-tests tried, with its status'),
  tests_added: z.number().int().min(0),
  fixes_applied: z.number().int().min(0),
  guards: z.array(Guard),
  usage: Usage,
  notes: z.array(z.string()),
  started_at: z.string(),
  duration_ms: z.number().int().min(0),
  sandbox: SandboxNote.optional(),
});
export type LoopReport = z.infer<typeof LoopReport>;

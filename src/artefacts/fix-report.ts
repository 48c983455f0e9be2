import { z } from 'zod';
import { SandboxNote } from './sandbox-note.js';
import { Usage } from '../model/usage.js';
import { CheckFailure } from './commit-result.js';

/** Current version of the fix_report.json format. Bump on any breaking change. */
export const FIX_REPORT_VERSION = 1;

/** FIXED: the build is green. PARTIAL: some failures were fixed, some remain. UNFIXED: none were. */
export const FixStatus = z.enum(['FIXED', 'PARTIAL', 'UNFIXED']);
export type FixStatus = z.infer<typeof FixStatus>;

/** Why the repair loop stopped. */
export const FixStopReason = z.enum(['green', 'max-iterations', 'no-progress', 'no-candidates', 'budget', 'model-error', 'cancelled']);
export type FixStopReason = z.infer<typeof FixStopReason>;

const Location = z.object({ file: z.string(), line: z.number().int().min(0), column: z.number().int().min(0) });

/** One failure understood: category, where to fix it, why it broke, how to fix it. */
export const FailureAnalysisRecord = z.object({
  failure_id: z.string().describe('Test id or "file:rule", as in failures_before'),
  source: z.enum(['test', 'type', 'lint']),
  error_type: z.string().nullable().describe('e.g. AssertionError, NameError, TS2304, prefer-const'),
  message: z.string(),
  category: z.enum(['assertion', 'import', 'type', 'syntax', 'reference', 'attribute', 'async', 'timeout', 'database', 'api', 'logic', 'lint']),
  location: Location.nullable().describe('The source line to change (stack frames mapped through source maps, framework and dependency frames skipped)'),
  test_location: Location.nullable().describe('Where the failing test stands'),
  symbol: z.string().nullable().describe('The identifier the failure is about'),
  root_cause: z.string(),
  suggested_fix: z.string(),
  confidence: z.number().min(0).max(1),
});
export type FailureAnalysisRecord = z.infer<typeof FailureAnalysisRecord>;

/**
 * What became of one candidate fix. applied: kept. rejected: the validator refused it. still-failing:
 * the failing tests it targeted still fail. regressed: it broke something that passed. no-effect: it
 * fixed nothing.
 */
export const FixResult = z.enum(['applied', 'rejected', 'still-failing', 'regressed', 'no-effect']);
export type FixResult = z.infer<typeof FixResult>;

export const FixAttempt = z.object({
  engine: z.enum(['builtin', 'model']),
  strategy: z.enum(['ts-code-fix', 'lint-autofix', 'pattern', 'fault-localised', 'model']).describe('The rung of the repair ladder'),
  rule: z.string().describe('The specific fix: a TypeScript fix name, a tool, a pattern or a mutation'),
  description: z.string(),
  targets: z.array(z.string()).describe('Failure ids the fix meant to repair'),
  diff: z.string().describe('Unified diff of the candidate'),
  risk: z.enum(['low', 'medium', 'high']).nullable().describe('Null when the validator rejected it'),
  validation: z.object({ ok: z.boolean(), rule: z.string().nullable(), message: z.string().nullable() }),
  result: FixResult,
  fixed: z.array(z.string()).describe('Failure ids gone after the fix'),
  new_failures: z.array(CheckFailure).describe('Failures the fix introduced'),
  check_report: z.string().nullable().describe('The re-check build report, relative to the repository'),
  duration_ms: z.number().int().min(0),
});
export type FixAttempt = z.infer<typeof FixAttempt>;

export const FixIteration = z.object({
  number: z.number().int().min(1),
  failures_before: z.array(CheckFailure),
  analyses: z.array(FailureAnalysisRecord),
  /** Candidates per rung, including those only counted (not every rejected candidate is listed). */
  candidates_tried: z.number().int().min(0),
  fixes: z.array(FixAttempt).describe('Every candidate that was validated or run, in order'),
  failures_after: z.array(CheckFailure),
  duration_ms: z.number().int().min(0),
});
export type FixIteration = z.infer<typeof FixIteration>;

const CoverageSummary = z.object({ line_pct: z.number(), branch_pct: z.number().nullable() }).nullable();

export const FixReport = z.object({
  version: z.literal(FIX_REPORT_VERSION),
  kind: z.literal('fix_report'),
  status: FixStatus,
  stop_reason: FixStopReason,
  engine: z.enum(['builtin', 'model']).describe('model: the model rung was on (the builtin rungs always run first)'),
  model: z.string().nullable(),
  source_report: z.string().nullable().describe('The build report that was fixed, relative to the repository'),
  base_commit_sha: z.string(),
  commit_sha: z.string().nullable().describe('The fix commit on branch_name; null when nothing was fixed'),
  branch_name: z.string().nullable().describe('agt/fix/<id>; null when nothing was committed'),
  applied_to_worktree: z.boolean().describe('--apply put the diff into the user\'s (clean) working tree'),
  notes: z.array(z.string()),
  failures_before: z.array(CheckFailure),
  failures_after: z.array(CheckFailure),
  iterations: z.array(FixIteration),
  coverage_before: CoverageSummary,
  coverage_after: CoverageSummary,
  diff: z.string().describe('The whole fix as a unified diff against base_commit_sha'),
  usage: Usage,
  duration_ms: z.number().int().min(0),
  sandbox: SandboxNote.optional(),
});
export type FixReport = z.infer<typeof FixReport>;

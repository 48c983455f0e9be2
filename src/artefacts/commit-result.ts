import { z } from 'zod';
import { SandboxNote } from './sandbox-note.js';
import { Usage } from '../model/usage.js';

/** Current version of the commit_result.json format. Bump on any breaking change. */
export const COMMIT_RESULT_VERSION = 1;

/**
 * SUCCESS: committed on the branch. SOFT_FAIL: a patch applied but the self-check never passed.
 * HARD_FAIL: no valid patch (unparseable, rejected, unappliable) or a model error.
 */
export const CommitStatus = z.enum(['SUCCESS', 'SOFT_FAIL', 'HARD_FAIL']);
export type CommitStatus = z.infer<typeof CommitStatus>;

/** How one attempt ended. */
export const AttemptResult = z.enum(['committed', 'check-failed', 'rejected', 'not-applied', 'malformed', 'model-error', 'no-progress']);
export type AttemptResult = z.infer<typeof AttemptResult>;

export const Rejection = z.object({
  path: z.string().nullable().describe('The path the rule refused; null for whole-patch rules (size)'),
  rule: z.string().describe('e.g. outside-repo, git-dir, symlink, binary, too-large, protected'),
  message: z.string(),
});
export type Rejection = z.infer<typeof Rejection>;

export const CheckFailure = z.object({
  kind: z.enum(['test', 'type', 'lint', 'step']).describe('A failing test, a type or lint error, or a step that could not run'),
  id: z.string().describe('Test id, "file:rule", or the step kind'),
  message: z.string(),
});
export type CheckFailure = z.infer<typeof CheckFailure>;

export const Attempt = z.object({
  number: z.number().int().min(1),
  result: AttemptResult,
  is_well_formed: z.boolean().describe('The reply held a patch that parsed without problems'),
  reasoning: z.string().nullable().describe("The model's own explanation; null for --patch"),
  patch: z.string().nullable().describe('The canonical diff that was (or would have been) applied'),
  stats: z.object({ files: z.number().int(), added: z.number().int(), removed: z.number().int() }).nullable(),
  rejections: z.array(Rejection).describe('Why validation refused the patch'),
  hunk_failures: z.array(z.string()).describe('Hunks that could not be located, with the nearest real lines'),
  new_failures: z.array(CheckFailure).describe('Self-check failures the base commit does not have'),
  check_report: z.string().nullable().describe('The self-check build report, relative to the repository'),
  duration_ms: z.number().int().min(0),
});
export type Attempt = z.infer<typeof Attempt>;

export const CommitResult = z.object({
  version: z.literal(COMMIT_RESULT_VERSION),
  kind: z.literal('commit_result'),
  task_id: z.string(),
  goal: z.string(),
  status: CommitStatus,
  stop_reason: z.enum(['committed', 'max-attempts', 'no-progress', 'model-error', 'budget', 'invalid-patch', 'cancelled']),
  base_commit_sha: z.string(),
  commit_sha: z.string().nullable().describe('The commit on branch_name; null unless SUCCESS'),
  branch_name: z.string().nullable().describe('agt/<task_id>; null when nothing was committed (the branch is removed)'),
  pushed_to: z.string().nullable().describe('Remote the branch was pushed to, if --push'),
  engine: z.enum(['model', 'patch-file']),
  model: z.string().nullable(),
  notes: z.array(z.string()),
  baseline: z
    .object({
      status: z.enum(['PASSED', 'FAILED', 'ERRORED']),
      failures: z.number().int().describe('Failures on the base commit; they do not count against a patch'),
    })
    .nullable()
    .describe("The base commit's self-check; null when no patch got far enough to need it"),
  attempts: z.array(Attempt),
  well_formed_rate: z.number().min(0).max(1).describe('Share of attempts whose reply held a well-formed patch'),
  usage: Usage,
  duration_ms: z.number().int().min(0),
  sandbox: SandboxNote.optional(),
});
export type CommitResult = z.infer<typeof CommitResult>;
